# Sourced by run.sh, deploy/build.sh and .ci/run: finds the Python the project is pinned to
# (.python-version, requires-python in pyproject.toml) and exports UV_PYTHON so that every
# `uv sync` / `uv run` uses it. uv itself cannot fetch a Python here (no access to its download
# host), and its own search stops at the first broken pyenv shim on PATH ("pyenv: python3.12:
# command not found" outside a pinned folder), so the places are looked at one by one:
#   $KIOSK_PYTHON                      set by hand: used as it is
#   python3.12 on PATH                 Debian/Ubuntu package, a pyenv shim that resolves, …
#   $(pyenv root)/versions/3.12.*      pyenv installs (this machine image: 3.12.1)
#   /usr/bin, /usr/local/bin           distribution or `make altinstall` builds
#   uv-managed                         `uv python install 3.12` where that can download
# Each candidate is run once to prove it really is 3.12.
# shellcheck shell=bash

KIOSK_PYTHON_VERSION="$(tr -d '[:space:]' < "$(dirname "${BASH_SOURCE[0]}")/../.python-version")"

kiosk_python_ok() {  # $1: an interpreter; true if it runs and is the pinned minor version
  [ -n "$1" ] && "$1" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$KIOSK_PYTHON_VERSION'.split('.'))))" 2>/dev/null
}

kiosk_find_python() {  # prints the interpreter's path, or nothing
  local candidate root
  if [ -n "${KIOSK_PYTHON:-}" ]; then
    kiosk_python_ok "$KIOSK_PYTHON" && printf '%s\n' "$KIOSK_PYTHON"
    return
  fi
  candidate="$(command -v "python$KIOSK_PYTHON_VERSION" 2>/dev/null || true)"
  if kiosk_python_ok "$candidate"; then
    # a pyenv shim works only in a pinned folder: hand uv the real file behind it
    "$candidate" -c 'import sys; print(sys.executable)'; return
  fi
  root="$(pyenv root 2>/dev/null || printf '%s' "${PYENV_ROOT:-$HOME/.pyenv}")"
  for candidate in $(ls -d "$root"/versions/"$KIOSK_PYTHON_VERSION".*/bin/python"$KIOSK_PYTHON_VERSION" 2>/dev/null | sort -rV) \
                   /usr/bin/python"$KIOSK_PYTHON_VERSION" /usr/local/bin/python"$KIOSK_PYTHON_VERSION" \
                   "$(uv python find --no-python-downloads --managed-python "$KIOSK_PYTHON_VERSION" 2>/dev/null || true)"; do
    if kiosk_python_ok "$candidate"; then printf '%s\n' "$candidate"; return; fi
  done
}

kiosk_use_python() {  # exports UV_PYTHON or stops with what to do
  local found
  found="$(kiosk_find_python)"
  if [ -z "$found" ]; then
    printf '%s\n' "Python $KIOSK_PYTHON_VERSION is needed (pinned in .python-version) and none was found${KIOSK_PYTHON:+ (KIOSK_PYTHON=$KIOSK_PYTHON is not $KIOSK_PYTHON_VERSION)}." \
      "Install one of: 'sudo apt-get install python$KIOSK_PYTHON_VERSION python$KIOSK_PYTHON_VERSION-venv' (Ubuntu 24.04, Debian 13)," \
      "'pyenv install $KIOSK_PYTHON_VERSION', 'uv python install $KIOSK_PYTHON_VERSION' — or point KIOSK_PYTHON at a python$KIOSK_PYTHON_VERSION." >&2
    return 1
  fi
  export UV_PYTHON="$found"
}
