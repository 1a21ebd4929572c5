#!/usr/bin/env bash
# Install the one-folder kiosk build on a Debian 12 kiosk PC as a locked-down, self-restarting
# service. Run as root from the repository (or an unpacked release that has deploy/ and the build):
#
#   sudo bash deploy/install-debian.sh                 # install / upgrade, enable at boot
#   sudo bash deploy/install-debian.sh --start         # … and (re)start now
#   bash deploy/install-debian.sh --dry-run            # print every action, change nothing
#   options: --build DIR (default dist/police-kiosk, from `bash deploy/build.sh`),
#            --no-packages (skip apt-get), --no-selftest
#
# Idempotent: running it again upgrades the program, keeps /etc/police-kiosk/kiosk.toml, the data
# and the key, and leaves everything else as this script sets it.
#
#   /opt/police-kiosk/                   the build (root-owned, read-only for the kiosk)
#   /etc/police-kiosk/kiosk.toml         configuration (from deploy/kiosk.toml.example if absent)
#   /var/lib/police-kiosk/               data (0700), /var/lib/police-kiosk-key/ key (0700)
#   /etc/systemd/system/police-kiosk{,-x}.service, /usr/local/lib/police-kiosk/kiosk-x.sh
#   /etc/X11/xorg.conf.d/10-police-kiosk.conf, /etc/udev/rules.d/99-police-kiosk.rules,
#   /etc/tmpfiles.d/police-kiosk.conf, /etc/logrotate.d/police-kiosk
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"

dry=0 start=0 packages=1 selftest=1
build="$repo/dist/police-kiosk"
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1 ;;
    --start) start=1 ;;
    --no-packages) packages=0 ;;
    --no-selftest) selftest=0 ;;
    --build) build="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "install-debian.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
  shift
done

USER_NAME=police-kiosk
PREFIX=/opt/police-kiosk
LIBEXEC=/usr/local/lib/police-kiosk
CONFIG=/etc/police-kiosk/kiosk.toml

say() { printf '==> %s\n' "$*" >&2; }
run() {  # run a command, or print it under --dry-run
  if [ "$dry" = 1 ]; then printf '+'; printf ' %q' "$@"; printf '\n'; else "$@"; fi
}

if [ "$dry" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "install-debian.sh: run as root (sudo), or with --dry-run to see what it would do" >&2
  exit 1
fi
if [ ! -x "$build/police-kiosk" ]; then
  if [ "$dry" = 1 ]; then
    say "note: no build at $build yet (bash deploy/build.sh makes it)"
  else
    echo "install-debian.sh: no build at $build — run: bash deploy/build.sh" >&2
    exit 1
  fi
fi

# --- system packages ----------------------------------------------------------------------------
if [ "$packages" = 1 ]; then
  say "system packages: X server without a window manager, fonts, Qt's xcb libraries, speech"
  run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    xserver-xorg-core xserver-xorg-input-libinput xserver-xorg-video-all xauth x11-xserver-utils \
    fonts-noto-cjk fonts-wqy-microhei fonts-hanazono libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 \
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 \
    libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libpulse0 libpulse-mainloop-glib0 \
    speech-dispatcher speech-dispatcher-espeak-ng espeak-ng logrotate
fi

# --- the kiosk user --------------------------------------------------------------------------------
say "user $USER_NAME (system account, no login shell, home = data directory)"
if ! id "$USER_NAME" >/dev/null 2>&1; then
  run useradd --system --user-group --home-dir /var/lib/police-kiosk --no-create-home \
      --shell /usr/sbin/nologin --comment "Police service kiosk" "$USER_NAME"
fi
run usermod -a -G dialout,video,audio "$USER_NAME"

# --- directories (tmpfiles.d is the one place their modes are written down) -----------------------
say "directories and permissions (tmpfiles.d)"
run install -D -m 0644 "$here/tmpfiles.d/police-kiosk.conf" /etc/tmpfiles.d/police-kiosk.conf
run systemd-tmpfiles --create /etc/tmpfiles.d/police-kiosk.conf

# --- the program: copied beside the old one, then swapped, so a failed copy leaves the old one ----
say "program → $PREFIX"
run rm -rf "$PREFIX.new"
run cp -a "$build" "$PREFIX.new"
run chown -R root:root "$PREFIX.new"
run chmod -R go-w "$PREFIX.new"
if [ -d "$PREFIX" ]; then  # the previous version stays in $PREFIX.old until the next upgrade
  run rm -rf "$PREFIX.old"
  run mv "$PREFIX" "$PREFIX.old"
fi
run mv "$PREFIX.new" "$PREFIX"

# --- configuration (never overwritten) -------------------------------------------------------------
if [ ! -e "$CONFIG" ]; then
  say "configuration: $CONFIG from the example — edit kiosk_id, devices and [sync] before going live"
  run install -m 0640 -o root -g "$USER_NAME" "$here/kiosk.toml.example" "$CONFIG"
else
  say "configuration: keeping $CONFIG"
fi

# --- session, devices, logs, services -----------------------------------------------------------------
say "X session, udev rules, log rotation, systemd units"
run install -D -m 0755 "$here/x11/kiosk-x.sh" "$LIBEXEC/kiosk-x.sh"
run install -D -m 0755 "$here/x11/xinitrc" "$LIBEXEC/xinitrc"
run install -D -m 0644 "$here/x11/10-police-kiosk.conf" /etc/X11/xorg.conf.d/10-police-kiosk.conf
run install -D -m 0644 "$here/udev/99-police-kiosk.rules" /etc/udev/rules.d/99-police-kiosk.rules
run install -D -m 0644 "$here/logrotate/police-kiosk" /etc/logrotate.d/police-kiosk
run install -D -m 0644 "$here/systemd/police-kiosk.service" /etc/systemd/system/police-kiosk.service
run install -D -m 0644 "$here/systemd/police-kiosk-x.service" /etc/systemd/system/police-kiosk-x.service
run udevadm control --reload
run udevadm trigger --subsystem-match=tty --subsystem-match=usb --subsystem-match=video4linux

# --- prove the installed program works (demo settings, data in a temporary folder, offscreen) -----
if [ "$selftest" = 1 ]; then
  say "self-test of the installed program as $USER_NAME"
  run runuser -u "$USER_NAME" -- env -i PATH=/usr/bin:/bin HOME=/tmp QT_QPA_PLATFORM=offscreen \
      XDG_DATA_HOME=/tmp/police-kiosk-selftest XDG_CONFIG_HOME=/tmp/police-kiosk-selftest \
      "$PREFIX/police-kiosk" selftest
  run rm -rf /tmp/police-kiosk-selftest
fi

run systemctl daemon-reload
# A display manager would fight the kiosk's X server for the screen.
if systemctl is-enabled display-manager.service >/dev/null 2>&1; then
  run systemctl disable display-manager.service
fi
run systemctl set-default graphical.target
run systemctl enable police-kiosk-x.service police-kiosk.service
if [ "$start" = 1 ]; then
  run systemctl restart police-kiosk-x.service police-kiosk.service
fi
say "done. Status: systemctl status police-kiosk; log: /var/lib/police-kiosk/logs/kiosk.log and journalctl -u police-kiosk"
