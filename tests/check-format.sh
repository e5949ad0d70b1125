#!/bin/sh
# Fails when a .c or .h file in src/ or tests/ is not formatted as
# .clang-format says, listing those files and how to fix them. clang-format
# is part of the test command's packages: without it this test fails, it does
# not skip.
#
#   tests/check-format.sh [SOURCE_ROOT]
set -eu
root=${1:-.}
cd "$root"

clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "$clang_format not found: install it (Debian: apt-get install clang-format)" >&2
  exit 1
fi

# The files the repository tracks when this is a checkout (a stray build
# directory or editor file is not ours), every file otherwise (a tarball).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files -- 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h')
else
  files=$(find src tests -name '*.[ch]' -type f | sort)
fi
if [ -z "$files" ]; then
  echo "no .c/.h files found under $(pwd)/src and tests" >&2
  exit 1
fi

status=0
# shellcheck disable=SC2086
unformatted=$(python3 build-aux/clang-format-gnome.py --check $files) || status=$?
if [ "$status" -eq 0 ]; then
  echo "$(echo "$files" | wc -l) files formatted as .clang-format says"
  exit 0
fi
if [ "$status" -ne 1 ] || [ -z "$unformatted" ]; then
  echo "the format check itself failed (status $status)" >&2
  exit 1
fi

echo "Not formatted as .clang-format says:"
for file in $unformatted; do
  echo "  $file"
done
echo
echo "Reformat with: build-aux/smartca-dev format"
echo "(The style is written for clang-format 14, as Debian 12 ships it; this is $("$clang_format" --version).)"
echo "First difference:"
first=$(echo "$unformatted" | head -n 1)
python3 build-aux/clang-format-gnome.py "$first" | diff -u "$first" - | head -n 40 || true
exit 1
