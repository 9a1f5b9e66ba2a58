#!/usr/bin/env bash
# Checks Chinese input through a real input method: fcitx5 with its pinyin engine, over XIM,
# in a real window under Xvfb. Types "zhangsan", takes the first candidate, screenshots.
#   scripts/ime-check.sh DB OUT-PREFIX     (writes OUT-PREFIX-composing.png and -committed.png)
# Needs: apt-get install xvfb imagemagick xdotool dbus-x11 fcitx5 fcitx5-chinese-addons
set -euo pipefail
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
db=$1; out=$2
bin=${TAIZHANG_BIN:-$(dirname "$0")/../target/debug/taizhang}
cfg=$(mktemp -d)
mkdir -p "$cfg/fcitx5"
cat > "$cfg/fcitx5/profile" <<'PROFILE'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
PROFILE
export XDG_CONFIG_HOME=$cfg XMODIFIERS=@im=fcitx
eval "$(dbus-launch --sh-syntax)"
fcitx5 -d --replace >/dev/null 2>&1
sleep 4
"$bin" --db "$db" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; pkill fcitx5 || true; rm -rf "$cfg"' EXIT
sleep 5
wid=$(xdotool search --class taizhang | head -1)
xdotool windowfocus "$wid"; sleep 0.5
xdotool mousemove 53 113 click 1; sleep 1     # 房屋与业主
xdotool mousemove 400 22 click 1; sleep 1     # 搜索
xdotool key ctrl+space; sleep 1               # switch to pinyin
xdotool type --delay 150 zhangsan; sleep 1
import -window root "$out-composing.png"
xdotool key space; sleep 1.5                  # first candidate: 张三
import -window root "$out-committed.png"
echo "$out-composing.png $out-committed.png"
