#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine with Rust it first installs what the tests use:
# a C compiler for the bundled SQLite, poppler-utils + qpdf to read back and check PDFs, and CUPS
# with its PDF printer for the test that prints straight to a printer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/apt-install-missing.sh ca-certificates gcc libc6-dev poppler-utils qpdf cups printer-driver-cups-pdf
source scripts/test-printer.sh
export CARGO_TERM_COLOR=never
cargo test --locked
