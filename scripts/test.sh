#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine with Rust it first installs what the tests use:
# a C compiler for the bundled SQLite, and poppler-utils + qpdf to read back and check PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install-missing.sh ca-certificates gcc libc6-dev poppler-utils qpdf
export CARGO_TERM_COLOR=never
cargo test --locked
