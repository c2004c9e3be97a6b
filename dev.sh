#!/usr/bin/env bash
# Sets up what this checkout needs (system packages on Debian, a virtual environment,
# compiled forms), then runs the program or the test suite. Safe to run again: each step
# is skipped when already done.
#   ./dev.sh run [wzcommand arguments]   the program (no arguments: the window)
#   ./dev.sh test [pytest arguments]     the whole test suite
#   ./dev.sh bundle [pyinstaller args]   the one-folder program in dist/wzcommand/ (build.spec)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"

# Qt's runtime libraries that minimal Debian images lack, CJK TrueType fonts for reports
# and screens, poppler for the PDF checks in the tests.
DEBIAN_PACKAGES=(libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libnss3 fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei
  fonts-lxgw-wenkai poppler-utils)

say() { printf '[dev.sh] %s\n' "$*" >&2; }

ensure_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: see the README
  local missing=() pkg
  for pkg in "${DEBIAN_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]} — run: sudo apt-get install ${missing[*]}"
    return 0
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  local candidate
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  say "Python 3.11 or newer is needed"; exit 1
}

ensure_venv() {
  # The build extra (PyInstaller) comes in for ./dev.sh bundle, and on CI for the bundle smoke test.
  # The stamp is the hash of pyproject.toml, followed by " build" once that extra is installed.
  local stamp want have extras="test,postgres"
  if [ -n "${CI:-}" ] || [ "${1:-}" = build ]; then extras+=",build"; fi
  want=$(cat pyproject.toml | sha256sum | cut -c1-16)
  stamp="$VENV/.wzcommand-installed"
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating the virtual environment in .venv"
    "$(find_python)" -m venv "$VENV"
  fi
  have=$(cat "$stamp" 2>/dev/null || true)
  if [ "${have%% *}" != "$want" ] || { [[ $extras == *build* ]] && [[ $have != *" build" ]]; }; then
    say "installing the project and its dependencies into .venv"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e ".[$extras]"
    if [[ $extras == *build* ]]; then echo "$want build" > "$stamp"; else echo "$want" > "$stamp"; fi
  fi
  "$VENV/bin/python" forms/build.py >/dev/null
}

# A throwaway PostgreSQL server for the tests (storage and service tests run on both back ends).
# It listens only on a Unix socket in a temporary folder and is stopped when the tests end.
start_test_postgres() {
  [ -n "${WZCOMMAND_TEST_PG_URL:-}" ] && return 0
  [ "${WZCOMMAND_SKIP_PG:-}" = 1 ] && { say "PostgreSQL tests skipped (WZCOMMAND_SKIP_PG=1)"; return 0; }
  ensure_system_packages postgresql
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then say "PostgreSQL is not installed: its tests will be skipped"; return 0; fi
  PG_DIR=$(mktemp -d /tmp/wzcommand-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -A trust -U wz -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-k $PG_DIR -c listen_addresses='' -p 54329 -c fsync=off" start >/dev/null
  trap 'runuser_pg_stop' EXIT
  export WZCOMMAND_TEST_PG_URL="postgresql+psycopg://wz@/postgres?host=$PG_DIR&port=54329"
  PG_BIN=$bin
  say "PostgreSQL test server started ($PG_DIR)"
}

runuser_pg_stop() {
  local run=()
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

cmd=${1:-}
shift || true
case "$cmd" in
  run)
    ensure_system_packages
    ensure_venv
    exec "$VENV/bin/wzcommand" "$@"
    ;;
  test)
    ensure_system_packages
    ensure_venv
    export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
    # The print tests start their own throwaway CUPS server with a cups-pdf queue (tests/cups_support.py).
    ensure_system_packages cups printer-driver-cups-pdf
    start_test_postgres
    "$VENV/bin/python" -m pytest "$@"
    ;;
  bundle)
    ensure_system_packages
    ensure_venv build
    # build.spec compiles the forms too; WZCOMMAND_BUNDLE_FONTS lists font files to ship (see build.spec)
    "$VENV/bin/python" -m PyInstaller --noconfirm --clean --distpath "$ROOT/dist" --workpath "$ROOT/build" \
      build.spec "$@"
    say "bundle ready: dist/wzcommand/wzcommand"
    ;;
  *)
    echo "usage: ./dev.sh run [arguments] | ./dev.sh test [pytest arguments] | ./dev.sh bundle" >&2
    exit 2
    ;;
esac
