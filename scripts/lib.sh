# Shared helpers for scripts/run and scripts/test (sourced, not executed).
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { printf '\033[1;34m[bitacora]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[bitacora] error:\033[0m %s\n' "$*" >&2; exit 1; }

require() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed. $2"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

# npm packages (Azurite, Agents Playground, templating libs) into <repo>/node_modules, only when missing or when
# package-lock.json changed since the last install (hash kept in node_modules/.bitacora-lock.sha256).
ensure_npm_deps() {
  require node "Install Node.js 20+."
  require npm "Install npm."
  local modules="$ROOT/node_modules" stamp="$ROOT/node_modules/.bitacora-lock.sha256" want have=""
  local bins_ok=0
  [ -x "$modules/.bin/azurite" ] && [ -x "$modules/.bin/azurite-table" ] && [ -x "$modules/.bin/agentsplayground" ] && bins_ok=1
  if [ -L "$modules" ]; then
    # A shared node_modules (e.g. a git worktree's symlink): never reinstall it from here.
    [ "$bins_ok" = 1 ] || die "$modules is a symlink without azurite/agentsplayground; run npm ci where it points"
    return 0
  fi
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ "$bins_ok" = 1 ] && { [ "$have" = "$want" ] || { [ -z "$have" ] && [ -f "$modules/.package-lock.json" ]; }; }; then
    [ -z "$have" ] && echo "$want" > "$stamp"
    return 0
  fi
  log "installing npm packages into $modules (npm ci)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  echo "$want" > "$stamp"
}

# Microsoft 365 Agents Toolkit CLI (`atk`) into tools/m365agentstoolkit/node_modules, for the test that validates the
# Teams manifest with it offline and reads m365agents.yml's JSON schema from it. --ignore-scripts: its only install
# script builds a native keychain module (keytar) that validation does not use and that would download a prebuilt
# binary. Reinstalled when tools/m365agentstoolkit/package-lock.json changes.
ensure_agents_toolkit() {
  require npm "Install npm."
  local dir="$ROOT/tools/m365agentstoolkit" stamp want have=""
  stamp="$dir/node_modules/.bitacora-lock.sha256"
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  [ -f "$stamp" ] && have="$(cat "$stamp")"
  if [ -x "$dir/node_modules/.bin/atk" ] && [ "$have" = "$want" ]; then return 0; fi
  log "installing the Agents Toolkit CLI into $dir (npm ci --ignore-scripts)"
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || die "npm ci of the Agents Toolkit CLI failed"
  echo "$want" > "$stamp"
}

# Debian's chromium for the browser end-to-end tests (Playwright never downloads a browser here).
ensure_chromium() {
  local chromium="${BITACORA_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "no $chromium and no apt-get: install Chromium and set BITACORA_CHROMIUM"
  log "installing Debian chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when they do not know chromium yet.
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq || die "apt-get update failed"
  fi
  as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null || die "apt-get install chromium failed"
  [ -x "$chromium" ] || die "chromium installed but $chromium is missing"
}

# Debian's postgresql server binaries for the scale-out tests (Hangfire's PostgreSQL storage). Only the binaries are
# needed: the test fixture runs initdb + postgres itself, on a free loopback port in a temporary folder, as the
# unprivileged "postgres" user when run as root. The package's own cluster service is not started here.
ensure_postgresql() {
  if [ -n "${BITACORA_TEST_POSTGRES:-}" ] || [ -n "${BITACORA_PG_BIN:-}" ]; then return 0; fi
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server and no apt-get: install it, or set BITACORA_PG_BIN / BITACORA_TEST_POSTGRES"
  log "installing Debian postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache policy postgresql 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq || die "apt-get update failed"
  fi
  as_root apt-get install -y -qq --no-install-recommends postgresql >/dev/null || die "apt-get install postgresql failed"
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || die "postgresql installed but /usr/lib/postgresql/*/bin/initdb is missing"
  # Running as root, the fixture drops to the "postgres" user the package created.
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the test server as"
    command -v runuser >/dev/null 2>&1 || die "runuser (util-linux) is needed to run PostgreSQL as 'postgres'"
  fi
}

# Debian's python3 with openpyxl and python-docx: the tests read the generated .xlsx/.docx with a reader that is not
# our writer (tests/Bitacora.Testing/PythonReader.cs runs /usr/bin/python3, or BITACORA_PYTHON).
ensure_python_readers() {
  local python="${BITACORA_PYTHON:-/usr/bin/python3}"
  [ -x "$python" ] && "$python" -c 'import openpyxl, docx' >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "no $python with openpyxl and docx, and no apt-get: install them and set BITACORA_PYTHON"
  log "installing Debian python3-openpyxl and python3-docx (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache policy python3-openpyxl 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root apt-get update -qq || die "apt-get update failed"
  fi
  as_root apt-get install -y -qq --no-install-recommends python3 python3-openpyxl python3-docx >/dev/null \
    || die "apt-get install python3-openpyxl python3-docx failed"
  "$python" -c 'import openpyxl, docx' || die "openpyxl/docx installed but $python cannot import them"
}

# True once something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no curl needed).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
