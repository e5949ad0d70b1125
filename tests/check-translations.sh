#!/bin/sh
# Every translatable string in the sources must have a current, non-fuzzy
# translation in every po/LINGUAS language: extract the strings afresh, merge
# each .po with them, and fail on anything untranslated, fuzzy or invalid.
set -eu
root=${1:-.}
cd "$root"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES.in > "$tmp/files"
xgettext --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from="$tmp/files" --output="$tmp/all.pot" --package-name=smartca-certs

status=0
for lang in $(sed -e 's/#.*//' po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/all.pot" -o "$tmp/$lang.po"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1) || status=1
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
  if [ $status -ne 0 ]; then
    msgattrib --untranslated --only-fuzzy "$tmp/$lang.po" 2>/dev/null | head -40 || true
    msgattrib --untranslated "$tmp/$lang.po" 2>/dev/null | grep '^msgid' | head -40 || true
  fi
done
exit $status
