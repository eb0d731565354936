#!/usr/bin/env bash
# bench/callgrind.sh: instruction counts of a fixed run, which, unlike wall
# time, do not depend on what else the machine is doing, so a regression
# shows in review as a changed number in bench/results/callgrind.txt.
#
#   bench/callgrind.sh            # prints the report and writes the file
#
# The run: copylint (Release flags plus -g, in build-callgrind/), all
# default checks, --jobs 1, over the fixed ~200 KB subset of the corpus
# (bench/corpus-subsets.sh: subset-200k.list) under valgrind --tool=callgrind.
# A second run over the seed article alone measures start-up (loading the
# rules, the word lists and the dictionaries it needs); the difference is
# the cost of linting, given per byte. Then the top functions, exclusive
# and inclusive. Needs valgrind; takes a minute or two.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tmp=${COPYLINT_BENCH_TMP:-${TMPDIR:-/tmp}/copylint-bench}
out=${OUT:-$here/results/callgrind.txt}
mkdir -p "$tmp" "$(dirname "$out")"

cmake -S "$top" -B "$top/build-callgrind" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE="-O3 -DNDEBUG -g" -DCOPYLINT_TESTS=OFF > /dev/null
cmake --build "$top/build-callgrind" -j 2 > /dev/null
cl=$top/build-callgrind/copylint
"$here/corpus-subsets.sh" "$tmp" > /dev/null 2>&1
list=$tmp/subset-200k.list
bytes=$(cat "$tmp/subset-200k.bytes")
nfiles=$(wc -l < "$list")
seed=$(ls "$top"/seeds/*.txt | head -n 1)
opts=(--plain --fail-on never --no-config --jobs 1)

count() { # OUTFILE ARGS... -> prints total Ir
    local f=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$f" "$cl" "${opts[@]}" "$@" \
        > "$f.stdout" 2> "$f.stderr" || true
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$f.stderr" | tail -n 1
}
mapfile -t files < "$list"
total=$(count "$tmp/cg-subset.out" "${files[@]}")
startup=$(count "$tmp/cg-seed.out" "$seed")
findings=$(grep -c . "$tmp/cg-subset.out.stdout" || true)

{
    echo "# bench/callgrind.sh: instruction counts (valgrind --tool=callgrind)"
    echo "# commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "# run: copylint ${opts[*]} <$nfiles files of subset-200k.list, $bytes bytes>"
    echo
    printf 'instructions, whole run:            %15s\n' "$(printf "%'d" "$total")"
    printf 'instructions, start-up (seed only): %15s\n' "$(printf "%'d" "$startup")"
    printf 'instructions per byte linted:       %15s\n' \
        "$(awk -v t="$total" -v s="$startup" -v b="$bytes" 'BEGIN { printf "%.1f", (t - s) / b }')"
    printf 'findings:                           %15s\n' "$findings"
    echo
    echo "## top functions, exclusive (whole run)"
    callgrind_annotate "$tmp/cg-subset.out" 2>/dev/null |
        grep -E '^ *[0-9,]+ \([ 0-9.]+%\) ' | sed -n '2,21p' |
        sed -E 's| \[[^]]*\]$||; s|\./[^:]*/||'
    echo
    echo "## top functions, inclusive (whole run)"
    callgrind_annotate --inclusive=yes "$tmp/cg-subset.out" 2>/dev/null |
        grep -E '^ *[0-9,]+ \([ 0-9.]+%\) ' | grep -v -E "/work/|\\?\\?\\?:0x|below main|libc-start|ld-linux" |
        sed -n '2,26p' | sed -E 's| \[[^]]*\]$||'
} > "$out"
cat "$out"
