#!/bin/sh
# Rewrites the README rule table from `copylint --list-rules=markdown`.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/copylint}
"$bin" --list-rules=markdown > "$top/README.rules.tmp"
awk -v tbl="$top/README.rules.tmp" '
/<!-- rules:begin -->/ { print; while ((getline l < tbl) > 0) print l; skip = 1; next }
/<!-- rules:end -->/ { skip = 0 }
!skip { print }' "$top/README.md" > "$top/README.md.tmp"
mv "$top/README.md.tmp" "$top/README.md"
rm -f "$top/README.rules.tmp"
