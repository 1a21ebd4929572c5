#!/usr/bin/env bash
# Build the one-folder kiosk (PyInstaller, kiosk.spec) and prove the built program works by running
# its self-test (config, catalog, simulated devices, face models, first screen offscreen, virtual
# keyboard with pinyin, QML imports, translations) and checking it holds no server code
# (deploy/build_contents.py). Fails if the build or any check fails.
#   bash deploy/build.sh                  → dist/police-kiosk/
#   KIOSK_DIST=/tmp/d KIOSK_WORK=/tmp/w bash deploy/build.sh     build elsewhere
# Needs what `bash run.sh test` sets up (uv, the locked environment with the `build` group, Qt's
# system libraries); it syncs the environment itself.
set -euo pipefail
cd "$(dirname "$0")/.."

dist="${KIOSK_DIST:-dist}"
work="${KIOSK_WORK:-build}"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

export PATH="$HOME/.local/bin:$PATH"
command -v uv >/dev/null 2>&1 || { echo "build.sh: uv is missing (bash run.sh test installs it)" >&2; exit 1; }
# The build bundles the interpreter it runs on: the pinned 3.12 (deploy/python.sh), never another.
source deploy/python.sh
kiosk_use_python || exit 1
say "syncing the environment (uv sync --frozen --all-groups)"
uv sync --frozen --all-groups --quiet

say "building the one-folder app into $dist/police-kiosk"
started=$(date +%s)
uv run pyinstaller kiosk.spec --noconfirm --log-level WARN --distpath "$dist" --workpath "$work"
built=$(date +%s)
app="$dist/police-kiosk/police-kiosk"
[ -x "$app" ] || { echo "build.sh: $app was not built" >&2; exit 1; }
say "built in $((built - started)) s, $(du -sh "$dist/police-kiosk" | cut -f1)"

say "no server code in the build"
# The kiosk ships neither the central server nor its web/database stack (kiosk.spec's excludes);
# this reads the built folder and the executable's module archive, not the spec.
uv run python deploy/build_contents.py "$dist/police-kiosk"

say "self-test of the built program"
# The frozen program must not lean on the development environment: no venv, no source tree on the
# path, a private HOME (the pinyin engine and Qt write small files there), no display.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
app="$(cd "$(dirname "$app")" && pwd)/police-kiosk"
cd "$scratch"  # not the source tree: nothing may be found there by accident
env -i PATH=/usr/bin:/bin HOME="$scratch" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" \
    timeout 300 "$app" selftest
say "self-test passed ($(($(date +%s) - built)) s)"
