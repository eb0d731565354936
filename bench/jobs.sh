#!/usr/bin/env bash
# --jobs on the whole corpus: the output of --jobs N is byte-for-byte the
# output of --jobs 1 (every format given), and how the run scales.
# Usage: bench/jobs.sh [COPYLINT] [CORPUS] [JOBS...]
#   COPYLINT  default build/copylint
#   CORPUS    default ../shared/corpus (skipped with a message if absent)
#   JOBS      default "1 2" and the number of processors
# Writes timings to bench/results/jobs-<date>.txt. CPU-heavy: the corpus is
# 22 MB in 21,000 files, so each run takes seconds to minutes.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/copylint}
corpus=${2:-}
if [ -z "$corpus" ]; then
    for d in "$top/../shared/corpus" "$top/../../shared/corpus"; do
        [ -d "$d" ] && corpus=$d && break
    done
fi
if [ -z "$corpus" ] || [ ! -d "$corpus" ]; then
    echo "jobs.sh: no corpus (give its folder as the second argument)" >&2
    exit 77
fi
shift $(( $# > 2 ? 2 : $# ))
jobs=("$@")
[ ${#jobs[@]} -eq 0 ] && jobs=(1 2 $(nproc)) && jobs=($(printf '%s\n' "${jobs[@]}" | sort -un))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$top/bench/results"
res=$top/bench/results/jobs-$(date +%Y%m%d-%H%M%S).txt
{
    echo "copylint --jobs on $corpus ($(find "$corpus" -name '*.txt' | wc -l) files)"
    echo "binary: $bin ($("$bin" --version | head -1)); $(nproc) processors"
} | tee "$res"
status=0
for fmt in ${FORMATS:-line sarif}; do
    for j in "${jobs[@]}"; do
        # Wall time, CPU time and peak memory: on a shared machine the wall
        # time depends on the load; CPU time shows the work done.
        /usr/bin/time -o "$tmp/time" -f '%e %U %S %M' \
            "$bin" -f "$fmt" --fail-on=never -q -j "$j" "$corpus" > "$tmp/$fmt.$j" 2>"$tmp/$fmt.$j.err" || true
        read -r secs user sys rss < "$tmp/time"
        n=$(wc -l < "$tmp/$fmt.$j")
        same=""
        if [ "$j" != "${jobs[0]}" ]; then
            if cmp -s "$tmp/$fmt.${jobs[0]}" "$tmp/$fmt.$j"; then same="identical to --jobs ${jobs[0]}"
            else same="DIFFERS from --jobs ${jobs[0]}"; status=1; fi
        fi
        printf '%-6s --jobs %-3s %8.2f s wall %8.2f s CPU %7d KiB peak  %8d lines  %s\n' \
            "$fmt" "$j" "$secs" "$(echo "$user + $sys" | bc)" "$rss" "$n" "$same" | tee -a "$res"
    done
done
echo "results in $res"
exit $status
