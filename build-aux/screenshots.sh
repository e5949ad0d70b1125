#!/bin/sh
# Makes the README's screenshots of the signing window and the History page,
# in English and Vietnamese, from the end-to-end signing test (sign-e2e,
# sign-e2e-vi): the test drives the real app against the sandbox and, with
# SMARTCA_E2E_SCREENSHOTS set, saves each window cropped to its frame. They
# are then made small (no metadata, a 256-colour palette) and copied into
# data/screenshots/.
#
#   build-aux/screenshots.sh [BUILD_DIR]      (default: _build)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-_build}
out=$(mktemp -d "${TMPDIR:-/tmp}/smartca-screenshots-XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM

ninja -C "$build" >/dev/null
status=0
SMARTCA_E2E_SCREENSHOTS="$out" meson test -C "$build" --num-processes 1 --timeout-multiplier 3 \
  --print-errorlogs sign-e2e sign-e2e-vi || status=$?

for shot in "$out"/*.png; do
  [ -e "$shot" ] || continue
  name=$(basename "$shot")
  convert "$shot" -strip -dither None -colors 256 "PNG8:$root/data/screenshots/$name"
  echo "data/screenshots/$name: $(wc -c <"$root/data/screenshots/$name") bytes"
done
exit $status
