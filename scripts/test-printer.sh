#!/usr/bin/env bash
# Sourced by scripts/test.sh: the printer the direct-print test sends a receipt to — a CUPS-PDF
# virtual printer (Debian `cups` + `printer-driver-cups-pdf`), whose jobs come out as PDF files
# in ~/PDF. Starts the CUPS scheduler when it is not running (a container has no init to start
# it) and stops it again when the tests end; adds the queue TaizhangPDF once.
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
cups_running() { lpstat -r 2>/dev/null | grep -q "is running"; }
if ! cups_running; then
  $sudo cupsd </dev/null >/dev/null 2>&1
  for _ in $(seq 50); do cups_running && break; sleep 0.2; done
  cups_running || { echo "无法启动打印服务 cupsd（直接打印的测试要用它）" >&2; exit 1; }
  trap '$sudo pkill -x cupsd || true' EXIT
fi
if ! lpstat -p TaizhangPDF >/dev/null 2>&1; then
  $sudo lpadmin -p TaizhangPDF -E -v cups-pdf:/ -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
fi
export TAIZHANG_TEST_PRINTER=TaizhangPDF
export TAIZHANG_TEST_PRINTER_OUT="$HOME/PDF"
