#!/bin/sh
# smartca-certs FILE.pdf while the app already runs: the second launch hands
# the file to the running instance over D-Bus and exits, and the running
# instance opens the signing window for it (titled with the file's name).
# Runs inside session-wrapper.sh: its own display, bus and data folders.
set -u
app=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
primary=
cleanup () {
  [ -n "$primary" ] && kill "$primary" 2>/dev/null && wait "$primary" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

wait_for_window () {
  for _ in $(seq 200); do
    xdotool search --name "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

printf '%%PDF-1.4\n%%%%EOF\n' > "$tmp/forwarded-document.pdf"

"$app" >"$tmp/primary.log" 2>&1 &
primary=$!
if ! wait_for_window '^SmartCA Certificates$'; then
  echo "the first instance showed no window"; cat "$tmp/primary.log"; exit 1
fi

cd "$tmp"
if ! out=$(timeout 60 "$app" forwarded-document.pdf 2>&1); then
  echo "the second launch failed: $out"; exit 1
fi
if ! wait_for_window '^forwarded-document.pdf$'; then
  echo "the running instance opened no signing window"; cat "$tmp/primary.log"; exit 1
fi
echo "ok: the second launch's file opened in the running instance"
exit 0
