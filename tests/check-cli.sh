#!/bin/sh
# The command line: --version, and --service-url refusing what is not safe.
set -u
app=$1
status=0

# A refusal is the app's own (status 1), not a crash or a leak report, which
# the sanitizers make abort.
refused_cleanly () {
  [ "$1" -eq 1 ] && return 0
  echo "status $1 instead of a refusal: $out"
  status=1
  return 1
}

out=$("$app" --version 2>&1) || { echo "--version failed: $out"; status=1; }
case "$out" in
  com.example.SmartCACerts\ *) echo "ok: $out" ;;
  *) echo "unexpected --version output: $out"; status=1 ;;
esac

if out=$(LANGUAGE=en "$app" --service-url http://gwsca.vnpt.vn/sca/sp769 2>&1); then
  echo "plain http to another computer was accepted"; status=1
elif refused_cleanly $?; then
  case "$out" in
    *"not secure"*) echo "ok: refused: $out" ;;
    *) echo "refused, but without saying why: $out"; status=1 ;;
  esac
fi

if out=$(LANGUAGE=en "$app" --service-url 'not a url' 2>&1); then
  echo "a malformed address was accepted"; status=1
elif refused_cleanly $?; then
  echo "ok: refused: $out"
fi
exit $status
