#!/bin/sh
# Runs one test inside a private desktop session, so that no test touches the
# developer's own files, display, bus or keyring:
#   - fresh HOME and XDG folders in a temporary directory;
#   - an Xvfb display of its own when none is given (SMARTCA_TEST_DISPLAY=keep
#     keeps the caller's DISPLAY, for watching a test run);
#   - a private D-Bus session bus with gnome-keyring-daemon's Secret Service,
#     whose login keyring is created and unlocked with a throwaway password.
set -eu

tmp=$(mktemp -d "${TMPDIR:-/tmp}/smartca-test-XXXXXX")
xvfb_pid=
cleanup () {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

export HOME="$tmp/home"
export XDG_DATA_HOME="$tmp/data"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

if [ "${SMARTCA_TEST_DISPLAY:-}" != keep ]; then
  unset DISPLAY WAYLAND_DISPLAY
  if command -v Xvfb >/dev/null 2>&1; then
    exec 3>"$tmp/display"
    Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp -noreset >"$tmp/xvfb.log" 2>&1 &
    xvfb_pid=$!
    exec 3>&-
    for _ in $(seq 100); do
      [ -s "$tmp/display" ] && break
      sleep 0.05
    done
    [ -s "$tmp/display" ] && export DISPLAY=":$(cat "$tmp/display")"
  fi
fi
export GDK_BACKEND=x11

# The inner shell starts the keyring on the private bus, then runs the test.
# (Not exec: the trap above must still stop Xvfb and remove the folders.)
status=0
dbus-run-session -- sh -c '
  if command -v gnome-keyring-daemon >/dev/null 2>&1; then
    eval "$(printf smartca-test | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
    export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
  fi
  "$@"
  status=$?
  exit $status
' smartca-session "$@" || status=$?
exit $status
