# Shared by scripts/run.sh and scripts/test.sh: install what is missing, nothing by hand.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Qt's xcb platform plugin needs these on a bare Debian/Ubuntu (dev-environment.md §2).
QT_RUNTIME_PKGS="libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3
  fonts-dejavu-core"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install PKG...: installs only the packages that are missing (one apt-get update at most).
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> apt-get install ${missing[*]}"
  as_root apt-get -o DPkg::Lock::Timeout=600 -y -q update >/dev/null
  as_root apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  local c
  for c in python3.11 python3.12 python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$c"; return 0
    fi
  done
  return 1
}

# ensure_venv EXTRAS: a local virtual environment with the project installed (editable).
ensure_venv() {
  local extras=${1:-}
  local py
  if ! py=$(pick_python); then
    apt_install python3 python3-venv
    py=$(pick_python) || { echo "Cần Python ≥ 3.11 (Debian 12 / Ubuntu 24.04 có sẵn)." >&2; exit 1; }
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$py" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv "$(basename "$py")-venv" || true; "$py" -m venv "$VENV"; }
  fi
  echo "==> pip install -e .${extras:+[$extras]}"
  "$VENV/bin/python" -m pip install -q -e "$ROOT${extras:+[$extras]}" 2>&1 | grep -v "is ignored: it is neither" || true
  "$VENV/bin/python" -c "import app, db, ui" || { echo "Cài đặt không thành công" >&2; exit 1; }
}
