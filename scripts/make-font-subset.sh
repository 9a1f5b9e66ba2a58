#!/usr/bin/env bash
# Rebuilds assets/fonts/NotoSansSC-Taizhang.otf from Debian's fonts-noto-cjk.
# Why a subset: the full collection is ~19 MB and holds four languages; the office needs
# Simplified Chinese glyphs only. We keep ALL CJK Unified Ideographs (U+4E00–9FFF), not just
# GB2312, so rarer name characters (堃 喆 赟 犇 …) still render in names.
# Needs: apt-get install fonts-noto-cjk; pip install fonttools
set -euo pipefail
src=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
out=$(dirname "$0")/../assets/fonts/NotoSansSC-Taizhang.otf
# Face 2 of the collection is Simplified Chinese (0 is Japanese).
pyftsubset "$src" --font-number=2 \
  --unicodes='U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+2103,U+2116,U+2160-216B,U+2190-2193,U+2460-2473,U+25A0-25CF,U+2605-2606,U+3000-303F,U+3400-4DBF,U+4E00-9FFF,U+FF01-FF5E,U+FFE0-FFE5,U+33A1,U+00B2,U+00D7,U+00F7' \
  --layout-features='kern,palt' --name-IDs='*' --name-languages='*' \
  --output-file="$out"
ls -l "$out"
