#!/usr/bin/env bash
# Installs the test prerequisites and runs the whole suite (what CI runs through .ci/run):
# the suite offscreen (ruff, mypy, import contracts included), the Qt tests again on Xvfb,
# and the frozen PyInstaller build with its self-test.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2086
apt_install $QT_RUNTIME_PKGS $SCAN_PKGS xvfb xauth binutils poppler-utils zbar-tools \
  tesseract-ocr tesseract-ocr-vie
ensure_venv "dev"
cd "$ROOT"
start_postgres
export MOTCUA_FROZEN=${MOTCUA_FROZEN:-1}   # the frozen build runs here and in CI; -m "not frozen" skips it
echo "==> pytest (offscreen)"
QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@" tests
echo "==> pytest -m qt (Xvfb)"
xvfb-run -a -s "-screen 0 1280x1024x24" env QT_QPA_PLATFORM=xcb \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider -m qt tests
