#!/usr/bin/env bash
# Sets up everything the kiosk needs, then runs it.
#   bash run.sh demo    set up and launch the kiosk in demo mode (simulated devices, local server)
#   bash run.sh test    set up and run the whole test suite
# Works on a fresh Debian/Ubuntu machine with Python 3.12 (.python-version; found by deploy/python.sh,
# pyenv installs included). Installs uv if missing, checks the system packages Qt and the speech
# engine need (installs them when run as root or with sudo, else says how).
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-}"
shift || true
case "$what" in
  demo|test) ;;
  *) echo "usage: bash run.sh demo|test [extra arguments]" >&2; exit 64 ;;
esac

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# --- Python ---------------------------------------------------------------------------------------
# The pinned 3.12 (.python-version): deploy/python.sh finds it and exports UV_PYTHON for uv.
source deploy/python.sh
kiosk_use_python || exit 1
python="$UV_PYTHON"

# --- system packages Qt, fonts, sound and the virtual screen need --------------------------------
packages=(fonts-noto-cjk libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
          libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libpulse0 libpulse-mainloop-glib0 xvfb xauth
          gcc libc6-dev  # gcc: tests build small vendor-style .so files for the ctypes drivers
          cups-ipp-utils dbus-daemon poppler-utils  # a real IPP printer (ippeveprinter) for the document printer tests
          fonts-wqy-microhei fonts-hanazono  # embedded in issued documents (kiosk/documents/pdf.py)
          chromium chromium-driver  # the staff console's browser test (tests/server/test_console_browser.py)
          speech-dispatcher speech-dispatcher-espeak-ng espeak-ng)  # voice guidance: Qt's speechd engine (docs/voice.md)
if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
    if [ "$sudo" = none ]; then
      die "missing system packages. Please run: sudo apt-get update && sudo $apt_cmd"
    fi
    say "installing system packages: ${missing[*]}"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive $apt_cmd >/dev/null
  fi
else
  say "not a Debian/Ubuntu system: make sure a CJK font, Qt's xcb libraries and Xvfb are installed"
fi

# --- uv and the locked environment ----------------------------------------------------------------
export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null 2>&1; then
  say "installing uv"
  "$python" -m pip install --user --quiet uv 2>/dev/null \
    || "$python" -m pip install --user --quiet --break-system-packages uv \
    || die "could not install uv (try: $python -m pip install --user uv)"
fi
say "syncing the environment (uv sync --frozen)"
uv sync --frozen --all-groups --quiet

if [ "$what" = demo ]; then
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    say "no display: running the demo on a virtual screen (screenshots: uv run kiosk screenshots out/screenshots)"
    exec xvfb-run -a -s "-screen 0 1920x1920x24" uv run kiosk demo --windowed "$@"
  fi
  exec uv run kiosk demo --windowed "$@"
fi

# Tests: UI tests run offscreen; the keyboard and screenshot tests use their own Xvfb.
exec uv run pytest "$@"
