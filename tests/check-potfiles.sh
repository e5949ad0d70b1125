#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
set -eu
root=${1:-.}
cd "$root"

listed=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.in | sort -u)
status=0

for file in $listed; do
  if [ ! -f "$file" ]; then
    echo "po/POTFILES.in names $file, which does not exist"
    status=1
  fi
done

found=$( {
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext) ?\(' src --include='*.c' || true
  grep -rlE 'translatable="yes"' src data --include='*.ui' --include='*.xml' || true
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | sort -u)

for file in $found; do
  if ! echo "$listed" | grep -qxF "$file"; then
    echo "$file has translatable strings but is missing from po/POTFILES.in"
    status=1
  fi
done

[ $status -eq 0 ] && echo "POTFILES.in lists all $(echo "$found" | wc -l) translatable files"
exit $status
