#!/bin/sh
# The built desktop file is valid, offers the app for PDFs ("Open With"), and
# passes the files on as URIs (%U), so that Flatpak forwards them through the
# document portal.
set -eu
file=$1

desktop-file-validate "$file"

mime=$(sed -n 's/^MimeType=//p' "$file")
case ";$mime" in
  *";application/pdf;"*) ;;
  *) echo "FAIL: MimeType does not list application/pdf: '$mime'"; exit 1 ;;
esac

exec_line=$(sed -n 's/^Exec=//p' "$file")
case "$exec_line" in
  "smartca-certs %U") ;;
  *) echo "FAIL: Exec is not 'smartca-certs %U': '$exec_line'"; exit 1 ;;
esac
echo "desktop file OK: $file"
