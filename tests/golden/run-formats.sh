#!/bin/sh
# Golden output of one format for one article: runs
#   copylint --format=FMT --color=never --fail-on=never FILE
# in FILE's folder (bare name, as run-golden.sh does) and compares standard
# output with tests/golden/formats/NAME.expected.EXT. COPYLINT_UPDATE_GOLDEN=1
# rewrites the expectation (read what it wrote before committing).
# Usage: run-formats.sh BIN DIR FILE NAME FMT
set -eu
bin=$1 dir=$2 file=$3 name=$4 fmt=$5
here=$(cd "$(dirname "$0")" && pwd)
case $fmt in
    checkstyle) ext=checkstyle.xml ;;
    *) ext=$fmt ;;
esac
expected="$here/formats/$name.expected.$ext"
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
(cd "$dir" && "$bin" --format="$fmt" --color=never --fail-on=never -j2 "$file") >"$actual" 2>/dev/null
if [ "${COPYLINT_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$actual" "$expected"
    exit 0
fi
if [ ! -f "$expected" ]; then
    echo "missing $expected" >&2
    exit 1
fi
if cmp -s "$expected" "$actual"; then exit 0; fi
diff -u "$expected" "$actual" | head -60 >&2
echo "format $fmt of $file differs (COPYLINT_UPDATE_GOLDEN=1 to accept)" >&2
exit 1
