#!/usr/bin/env bash
# Runs the whole test suite under several fixed system clocks (Debian's faketime), to prove that
# no test depends on the day or hour it is run: the last half-minute of a month, the first
# half-minute of a year, a 29 February, a year from today, and today as it is.
#   scripts/test-clocks.sh            all of them
#   scripts/test-clocks.sh "2027-03-31 23:59:30"   only that moment
# The test binaries are built once, normally, and then run under each clock: cargo itself is
# never run under a faked time (its freshness checks compare file times with the clock).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install-missing.sh ca-certificates gcc libc6-dev poppler-utils qpdf faketime
export CARGO_TERM_COLOR=never

if [ "$#" -gt 0 ]; then
    moments=("$@")
else
    moments=(
        "$(date -d "$(date +%Y-%m-01) +1 month -1 day" +%Y-%m-%d) 23:59:30"
        "$(date -d '+1 year' +%Y)-01-01 00:00:30"
        "2028-02-29 12:00:00"
        "$(date -d '+1 year' '+%Y-%m-%d %H:%M:%S')"
    )
fi

mapfile -t binaries < <(cargo test --locked --no-run --message-format=json 2>/dev/null |
    python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])
')
if [ "${#binaries[@]}" -eq 0 ]; then
    echo "no test binaries were built" >&2
    exit 1
fi

failed=0
run_all() {
    local label="$1"
    shift
    for bin in "${binaries[@]}"; do
        if ! "$@" "$bin" --quiet >"/tmp/taizhang-clock-$$.log" 2>&1; then
            echo "FAILED under $label: $(basename "$bin")"
            grep -E "^(test .* FAILED|---- |thread .* panicked)" "/tmp/taizhang-clock-$$.log" | head -40
            failed=1
        else
            echo "ok under $label: $(basename "$bin"): $(grep -E '^test result' "/tmp/taizhang-clock-$$.log" | tail -1)"
        fi
    done
}

run_all "today ($(date '+%Y-%m-%d %H:%M:%S'))" env
for m in "${moments[@]}"; do
    run_all "$m" faketime "$m"
done
rm -f "/tmp/taizhang-clock-$$.log"
if [ "$failed" -ne 0 ]; then
    echo "The suite failed under at least one clock." >&2
    exit 1
fi
echo "The suite passed under every clock."
