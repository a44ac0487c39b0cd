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

# Scanning: python-sane is built from source against libsane (scan-print.md §3); sane-utils gives
# scanimage for support staff. gcc and the Python headers are what the build needs.
SCAN_PKGS="libsane-dev sane-utils gcc libc6-dev sane-airscan"

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
  # python-sane compiles a C extension: a distribution Python needs its -dev package for Python.h.
  if [ ! -f "$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
    apt_install "$(basename "$py")-dev" || apt_install python3-dev
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$py" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv "$(basename "$py")-venv" || true; "$py" -m venv "$VENV"; }
  fi
  echo "==> pip install -e .${extras:+[$extras]}"
  "$VENV/bin/python" -m pip install -q -e "$ROOT${extras:+[$extras]}" 2>&1 | grep -v "is ignored: it is neither" || true
  "$VENV/bin/python" -c "import app, db, ui" || { echo "Cài đặt không thành công" >&2; exit 1; }
}

# start_postgres: a throwaway PostgreSQL cluster on 127.0.0.1 for the server tests
# (dev-environment.md §7: initdb refuses root, so the cluster runs as the postgres user).
# Exports TEST_PG_DSN; the cluster is stopped and removed when the calling shell exits.
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
  local pgbin port
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PGROOT=$(mktemp -d /tmp/motcua-pg.XXXXXX)
  port=${PGPORT:-55439}
  local run=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGROOT"; run=(runuser -u postgres --); fi
  chmod 700 "$PGROOT"
  "${run[@]}" "$pgbin/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${run[@]}" "$pgbin/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -t 60 -o "-c listen_addresses=127.0.0.1 \
    -p $port -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  PG_STOP=("${run[@]}" "$pgbin/pg_ctl" -D "$PGROOT/data" -m immediate stop)
  trap 'stop_postgres' EXIT
  "${run[@]}" "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres motcua_test
  export TEST_PG_DSN="postgresql+psycopg://postgres@127.0.0.1:$port/motcua_test"
  echo "==> PostgreSQL on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "${PGROOT:-}" ]; then
    "${PG_STOP[@]}" >/dev/null 2>&1 || true
    rm -rf "$PGROOT"
  fi
}
