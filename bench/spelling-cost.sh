#!/usr/bin/env bash
# spelling-cost.sh: what the spelling and name checks cost (issue #3).
#
# Lints the shared corpus (or the files/folders given) three ways with one
# copylint binary and one job, and prints wall time, user time and peak
# RSS for each, plus the spelling+names findings per 5,000 words:
#   off   --disable spelling,names   (everything else on)
#   on    all default checks          (spelling and names included)
#   cold  one article, all checks, dictionaries loaded from scratch
# Target (issue #3): "on" costs at most 2x "off"; peak RSS under 100 MB
# (issue #6: 64 MB) whatever the number of files; cold start <= 60 ms.
#
# Usage: bench/spelling-cost.sh [PATH...]
#   The binary is $BUILD_DIR/copylint; BUILD_DIR defaults to build-bench in
#   the repository (configured here, Release, only if it holds no binary
#   yet, and never outside the repository: a path argument is never taken
#   for a build folder).
# Needs /usr/bin/time (GNU time). REPS=N runs each N times (default 3). The numbers go to standard output as a
# Markdown table. Repeat runs: the machine is shared; take the best of 3.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build-bench}
corpus=("$@")
[ ${#corpus[@]} -gt 0 ] || corpus=("$top/../shared/corpus")
for p in "${corpus[@]}"; do
    [ -e "$p" ] || { echo "spelling-cost: '$p' not found (skipped)" >&2; exit 0; }
done
if [ ! -x "$build/copylint" ]; then
    case $(cd "$(dirname "$build")" 2>/dev/null && pwd)/ in
    "$top"/*) ;;
    *) echo "spelling-cost: no copylint in $build, and it is outside the repository: build it first" >&2
       exit 2 ;;
    esac
    cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCOPYLINT_TESTS=OFF >/dev/null
    cmake --build "$build" -j2 >/dev/null
fi
bin=$build/copylint
export COPYLINT_DATA_DIR=$top
list=$(mktemp)
out=$(mktemp)
trap 'rm -f "$list" "$out" "$out.time"' EXIT
# The article folders: the corpus README and index files at its top level
# are not articles. copylint walks the folders itself (one process).
dirs=()
for p in "${corpus[@]}"; do
    if [ -d "$p" ] && ls -d "$p"/*/ >/dev/null 2>&1; then
        for d in "$p"/*/; do dirs+=("${d%/}"); done
    else
        dirs+=("$p")
    fi
done
find "${dirs[@]}" -type f -name '*.txt' | sort > "$list"
nfiles=$(wc -l < "$list")
words=$(xargs cat < "$list" | wc -w)
bytes=$(xargs cat < "$list" | wc -c)

run() { # label, extra options...
    local label=$1; shift
    local best=""
    for _ in $(seq "${REPS:-3}"); do
        /usr/bin/time -f "%e %U %M" -o "$out.time" \
            "$bin" --plain --fail-on never --jobs 1 "$@" "${dirs[@]}" \
            > "$out" 2>/dev/null || true
        read -r wall user rss < "$out.time"
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best%% *})}"; then
            best="$wall $user $rss"
        fi
    done
    read -r wall user rss <<< "$best"
    local found
    found=$(grep -cE '\[(spelling|names)\.[a-z-]+\]$' "$out" || true)
    printf '| %s | %s | %s | %.1f | %s |\n' "$label" "$wall" "$user" \
        "$(awk "BEGIN{print $rss/1024}")" "$found"
    echo "$wall" > "$out.$label"
}

echo "Corpus: $nfiles files, $words words, $bytes bytes; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo
echo "| run | wall s (best) | user s | peak RSS MB | spelling+names findings |"
echo "| --- | --- | --- | --- | --- |"
run off --disable spelling,names
run on
seed=$(head -1 "$list")
/usr/bin/time -f "%e %M" -o "$out.time" "$bin" --plain --fail-on never "$seed" >/dev/null 2>&1 || true
read -r cwall crss < "$out.time"
printf '| cold (1 article) | %s | - | %.1f | - |\n' "$cwall" "$(awk "BEGIN{print $crss/1024}")"
echo
on=$(cat "$out.on"); off=$(cat "$out.off")
found=$(grep -cE '\[(spelling|names)\.[a-z-]+\]$' "$out" || true)
awk -v on="$on" -v off="$off" -v f="$found" -v w="$words" 'BEGIN{
    printf "spelling on/off: %.2fx (target <= 2x)\n", on / (off > 0 ? off : 1);
    printf "spelling+names findings per 5,000 words: %.2f (target <= 1)\n", f * 5000 / w }'
rm -f "$out.on" "$out.off"
