#!/usr/bin/env bash
# Takes a screenshot of the real window under Xvfb: scripts/screenshot.sh DB OUT.png [ACTION…]
# Each ACTION is an xdotool command line run after the window is up, e.g. "mousemove 53 113 click 1"
# or "type zs". Needs: apt-get install xvfb imagemagick xdotool libxcursor1 libxi6 libxkbcommon-x11-0
set -euo pipefail
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
db=$1; out=$2; shift 2
bin=${TAIZHANG_BIN:-$(dirname "$0")/../target/debug/taizhang}
"$bin" --db "$db" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
sleep 4
wid=$(xdotool search --class taizhang | head -1)
xdotool windowfocus "$wid" 2>/dev/null || true
for action in "$@"; do
  # shellcheck disable=SC2086
  xdotool $action
  sleep 1
done
import -window root "$out"
echo "$out"
