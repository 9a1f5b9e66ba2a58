#!/usr/bin/env bash
# Screenshots of every screen and tab of the demo in the real window at 1280×720, into docs/:
#   scripts/screenshots.sh [OUTDIR]
# Needs a release build (cargo build --release) and: apt-get install xvfb imagemagick xdotool
# The positions are those of the real window at 1280×720 (the navigation column, then each
# screen's row of tabs).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x720x24" "$0" "$@"
fi
out=${1:-docs/screenshots}
mkdir -p "$out"
bin=${TAIZHANG_BIN:-target/release/taizhang}
db=$(mktemp -d)/demo.db
export TAIZHANG_NOW=${TAIZHANG_NOW:-2026-11-24T10:00}
"$bin" --db "$db" demo >/dev/null
"$bin" --db "$db" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 40); do
  wid=$(xdotool search --class taizhang 2>/dev/null | head -1 || true)
  [ -n "$wid" ] && break
  sleep 0.25
done
sleep 2
shot() { sleep 1.2; import -window root "$out/$1.png"; echo "$out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }
# The demo has users: sign in as its manager (陈建国, the first in the list).
shot 00-登录
click 648 150; sleep 0.8; click 648 176; sleep 0.5; click 648 182; sleep 0.5
xdotool windowfocus "$wid"; sleep 0.3
for k in j l 1 2 3 4 5 6; do xdotool key --window "$wid" "$k"; sleep 0.1; done
xdotool key --window "$wid" Return; sleep 4
click 45 82;  shot 01-首页
click 45 113; shot 02-房屋与业主
click 45 144; click 308 21; shot 03-收费台账-收款
for t in "385 欠费与催缴" "498 生成应收与抄表" "605 收费项目" "674 收据" "728 日结" "790 收缴率"; do
  set -- $t; click "$1" 21; shot "03-收费台账-$2"
done
click 45 175; click 196 21; shot 04-客户服务-走访登记
for t in "280 月度目标" "349 投诉" "403 报修"; do
  set -- $t; click "$1" 21; shot "04-客户服务-$2"
done
click 45 206; click 230 534; click 210 625; shot 04-通知公告
click 45 237; click 196 21; shot 05-档案管理-档案目录
for t in "287 查阅与借阅" "379 档案检查"; do
  set -- $t; click "$1" 21; shot "05-档案管理-$2"
done
click 45 268; click 436 21; shot 06-钥匙管理-借还
for t in "505 钥匙清册" "589 借还记录" "680 交接班盘点"; do
  set -- $t; click "$1" 21; shot "06-钥匙管理-$2"
done
click 45 299; click 203 21; shot 07-员工档案-员工花名册
for t in "295 培训记录" "394 人员配置检查" "500 部门与岗位"; do
  set -- $t; click "$1" 21; shot "07-员工档案-$2"
done
click 45 330; click 196 21; shot 08-考核-月度考核
for t in "299 记录建议" "409 季度与年度" "501 考核模板" "585 所辖区域"; do
  set -- $t; click "$1" 21; shot "08-考核-$2"
done
click 45 361; shot 09-设置
click 45 392; shot 10-操作日志
