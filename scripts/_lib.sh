# Shared set-up for the scripts in this folder: sourced, never run.
# Everything a script needs is created here from nothing, idempotently: the virtual
# environment at .venv (from requirements.lock), the project installed editable, and the
# pinned Node tools (from package-lock.json). Stamps skip the work when nothing changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export PATH="$VENV/bin:$ROOT/node_modules/.bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1
# Bytecode caches on, whatever the environment says: with PYTHONDONTWRITEBYTECODE set (some
# machines set it), every Python process compiles the project's modules again and pytest
# rewrites every plugin's modules again (about 1.5 s of CPU per pytest process; the test
# command starts dozens). __pycache__ is ignored by git, the drift check and the copies tests make.
unset PYTHONDONTWRITEBYTECODE

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

find_python() {
  for cand in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$cand" ] || continue
    if command -v "$cand" >/dev/null 2>&1 &&
      "$cand" -c 'import sys; raise SystemExit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$cand"
      return 0
    fi
  done
  echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

ensure_venv() {
  if [ ! -x "$PY" ]; then
    log "creating virtual environment at .venv"
    "$(find_python)" -m venv "$VENV"
  fi
  local stamp="$VENV/.csbs-stamp" want
  want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    log "installing Python packages (requirements.lock)"
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q -r requirements.lock
    "$PY" -m pip install -q --no-deps -e .
    echo "$want" >"$stamp"
  fi
}

ensure_node_tools() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm (Node.js 20+) is needed for the spec lint" >&2
    return 1
  fi
  local stamp="node_modules/.csbs-stamp" want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
    log "installing Node tools (package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" >"$stamp"
  fi
}

# Debian packages some tests need (headless Chromium for the docs test, wrk for the bench).
# Installed only when missing and when we can (root or passwordless sudo).
SYSTEM_PACKAGES=(chromium chromium-driver wrk)
ensure_system_tools() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver)
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "error: missing system packages (${missing[*]}); install them with apt-get" >&2
      return 1
    fi
  fi
  log "installing Debian packages: ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}
