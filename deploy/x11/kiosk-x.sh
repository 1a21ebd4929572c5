#!/usr/bin/env bash
# Starts the kiosk's X server on vt7 (run by police-kiosk-x.service as root):
#   -nocursor      no mouse pointer on the touch screen
#   -s 0 -dpms     no screen saver, no display power management (also in 10-police-kiosk.conf)
#   -nolisten tcp  local clients only; -auth: only holders of the cookie (the kiosk user)
#   -novtswitch    with DontVTSwitch/DontZap in the config: no Ctrl+Alt+Fn, no Ctrl+Alt+Backspace
# Only the police-kiosk user can read the cookie; the kiosk unit points XAUTHORITY at it.
set -euo pipefail
user="${KIOSK_USER:-police-kiosk}"
run=/run/police-kiosk-x
auth="$run/xauthority"
install -d -m 0750 -o root -g "$user" "$run"
rm -f "$auth"
touch "$auth"
xauth -q -f "$auth" add :0 . "$(mcookie)"
chown "root:$user" "$auth"
chmod 0640 "$auth"
exec /usr/bin/Xorg :0 vt7 -keeptty -nolisten tcp -nocursor -s 0 -dpms -novtswitch -auth "$auth" \
    -logfile /var/log/police-kiosk/Xorg.0.log
