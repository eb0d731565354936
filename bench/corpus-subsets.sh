#!/usr/bin/env bash
# bench/corpus-subsets.sh: fixed, documented subsets of the shared corpus for
# the benchmarks. Nothing is copied: each subset is a list of absolute paths.
#
# Usage: bench/corpus-subsets.sh [OUTDIR]
#   OUTDIR defaults to $COPYLINT_BENCH_TMP or ${TMPDIR:-/tmp}/copylint-bench.
#   The corpus is $COPYLINT_SHARED/corpus, else ../shared/corpus beside the repo.
#
# Selection (deterministic, no randomness): for a target of T bytes, each of
# the three folders (reuters, bbc, guardian) contributes its share of the
# whole corpus's bytes (about 77 %, 23 % and 0.7 %), taken as the first files
# of that folder in byte-wise sorted order (LC_ALL=C) until the share is
# reached. Written:
#   subset-200k.list   ~0.2 MB  (callgrind)
#   subset-1m.list     ~1 MB    (all peers, including the slow ones)
#   subset-5m.list     ~5 MB    (the size issue 6 quotes)
#   subset-10m.list    ~10 MB   (linearity: 10x the 1 MB subset)
#   subset-all.list    the whole corpus, every *.txt of the three folders
# and for each a .bytes file (total bytes) and a .words file (wc -w).
# Hostile single files (one article stream in one file) for the linearity
# check are made by bench/run.sh from these lists.
set -euo pipefail
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
# A worktree under wt/ sits one level deeper than the main checkout.
shared=${COPYLINT_SHARED:-$top/../shared}
[ -n "${COPYLINT_SHARED:-}" ] || [ -d "$shared" ] || shared=$top/../../shared
corpus=$shared/corpus
out=${1:-${COPYLINT_BENCH_TMP:-${TMPDIR:-/tmp}/copylint-bench}}
if [ ! -d "$corpus/reuters" ]; then
    echo "corpus-subsets: no corpus at $corpus (set COPYLINT_SHARED)" >&2
    exit 2
fi
corpus=$(cd "$corpus" && pwd)
mkdir -p "$out"

folders=(reuters bbc guardian)
# Sizes of every file, per folder, in sorted order: "bytes path".
total=0
for f in "${folders[@]}"; do
    find "$corpus/$f" -maxdepth 1 -type f -name '*.txt' -printf '%s %p\n' |
        sort -k2,2 > "$out/sizes-$f.txt"
    b=$(awk '{s += $1} END {print s + 0}' "$out/sizes-$f.txt")
    eval "bytes_$f=$b"
    total=$((total + b))
done

make_subset() { # name target_bytes
    local name=$1 target=$2 f share
    : > "$out/subset-$name.list"
    for f in "${folders[@]}"; do
        eval "share=\$bytes_$f"
        # this folder's part of the target, in bytes
        awk -v want="$(( target * share / total ))" '
            acc >= want { exit } { acc += $1; print $2 }' \
            "$out/sizes-$f.txt" >> "$out/subset-$name.list"
    done
}

make_subset 200k 200000
make_subset 1m 1000000
make_subset 5m 5000000
make_subset 10m 10000000
for f in "${folders[@]}"; do awk '{print $2}' "$out/sizes-$f.txt"; done \
    > "$out/subset-all.list"

for name in 200k 1m 5m 10m all; do
    l=$out/subset-$name.list
    tr '\n' '\0' < "$l" | xargs -0 cat | wc -c > "${l%.list}.bytes"
    tr '\n' '\0' < "$l" | xargs -0 cat | wc -w > "${l%.list}.words"
    printf 'corpus-subsets: %-4s %6d files %9d bytes %8d words\n' "$name" \
        "$(wc -l < "$l")" "$(cat "${l%.list}.bytes")" \
        "$(cat "${l%.list}.words")" >&2
done
echo "$out"
