#!/usr/bin/env bash
# Installs whatever is missing into .venv and starts the desk application with a demo commune.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2086
apt_install $QT_RUNTIME_PKGS $SCAN_PKGS
ensure_venv ""
DATA_DIR=${MOTCUA_DATA_DIR:-$ROOT/demo-data}
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "Không có màn hình (DISPLAY): chạy trên Xvfb :99; xem bằng VNC hoặc đặt DISPLAY." >&2
  apt_install xvfb xauth
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$VENV/bin/motcua-desk" --demo --data-dir "$DATA_DIR" "$@"
fi
exec "$VENV/bin/motcua-desk" --demo --data-dir "$DATA_DIR" "$@"
