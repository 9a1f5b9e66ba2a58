#!/usr/bin/env bash
# Sets up and opens Taizhang on the demo estate (锦绣花园) in one command.
# The demo database is kept apart from the office's real one:
#   ~/.local/share/taizhang/demo.db
set -euo pipefail
cd "$(dirname "$0")/.."
# Build tools, and the X11/GL libraries the window loads at run time (present on a desktop).
scripts/apt-install-missing.sh ca-certificates gcc libc6-dev libxkbcommon-x11-0 libxcursor1 libxi6 libgl1 libgl1-mesa-dri
cargo build --release --locked
db="${XDG_DATA_HOME:-$HOME/.local/share}/taizhang/demo.db"
./target/release/taizhang --db "$db" demo
exec ./target/release/taizhang --db "$db"
