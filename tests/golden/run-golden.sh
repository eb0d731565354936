#!/bin/sh
# Runs one golden case: `copylint --plain CASE.txt` in the case's directory
# (bare file names, as mandoc's regress.pl does) and compares standard
# output with CASE.expected. Options for the case, if any, are read from
# CASE.args (one line). COPYLINT_UPDATE_GOLDEN=1 rewrites the expectation.
set -eu
bin=$1
case_txt=$2
dir=$(dirname "$case_txt")
base=$(basename "$case_txt" .txt)
expected="$dir/$base.expected"
args=""
[ -f "$dir/$base.args" ] && args=$(cat "$dir/$base.args")
# @SHARED@ in the args names ../shared (vale-styles, corpus), which is not
# part of the repository: without it the case is skipped (exit 77).
case "$args" in *@SHARED@*)
    shared=${COPYLINT_SHARED_DIR:-}
    if [ -z "$shared" ] || [ ! -d "$shared" ]; then
        echo "skipped: $case_txt needs the shared folder (COPYLINT_SHARED_DIR)" >&2
        exit 77
    fi
    args=$(printf '%s' "$args" | sed "s|@SHARED@|$shared|g");;
esac
cd "$dir"
set +e
# shellcheck disable=SC2086
case "$case_txt" in
*/golden/config/*)
    # Configuration errors are written on standard error.
    actual=$("$bin" --plain $args "$base.txt" 2>&1);;
*)
    actual=$("$bin" --plain $args "$base.txt" 2>/dev/null);;
esac
set -e
if [ "${COPYLINT_UPDATE_GOLDEN:-}" = 1 ]; then
    if [ -n "$actual" ]; then printf '%s\n' "$actual" > "$base.expected"; else : > "$base.expected"; fi
    exit 0
fi
if [ ! -f "$base.expected" ]; then
    echo "missing $expected" >&2
    exit 1
fi
if [ -n "$actual" ]; then
    printf '%s\n' "$actual" | diff -u "$base.expected" - && exit 0
else
    diff -u "$base.expected" /dev/null && exit 0
fi
echo "golden case $case_txt differs (COPYLINT_UPDATE_GOLDEN=1 to accept)" >&2
exit 1
