#!/usr/bin/env bash
# bench/rules.sh: speed of the rule engine (issue 4): every Vale style in
# ../shared/vale-styles (proselint, write-good, Microsoft) plus the built-in
# packs (residue, wire, and cp or ap by the article's house style), over the
# whole corpus, in one process on one core.
#
#   bench/rules.sh            # prints the report and writes bench/results/rules.txt
#   RUNS=1 bench/rules.sh     # one run of each (default 3, the fastest counts)
#
# It builds copylint (Release) into build-bench/, counts the rules loaded
# (copylint --list-rules with the same options), then times three things as
# whole processes with /usr/bin/time, each RUNS times, keeping the fastest:
#   load   all styles loaded, one empty document linted (start-up cost);
#   on     copylint --jobs 1 --disable=<every family that is not a rule
#          pack> over reuters/ bbc/ guardian/ (one process, 21,292 files);
#   off    the same with the rule packs disabled too.
# Rule matching speed is corpus bytes / (on - off), given for user CPU time
# and for wall time. The machine is shared with other jobs: user CPU time is
# the steadier number, wall time is what a user waits; both are printed,
# with the load average. Findings go to a file (their count is reported),
# so writing them is part of "on".
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
shared=${COPYLINT_SHARED:-$top/../shared}
[ -n "${COPYLINT_SHARED:-}" ] || [ -d "$shared" ] || shared=$top/../../shared
corpus=$shared/corpus
styles=$shared/vale-styles
tmp=${COPYLINT_BENCH_TMP:-${TMPDIR:-/tmp}/copylint-bench}
out=${OUT:-$here/results/rules.txt}
runs=${RUNS:-3}
for d in "$corpus/reuters" "$corpus/bbc" "$corpus/guardian" \
    "$styles/proselint/proselint" "$styles/write-good/write-good" \
    "$styles/Microsoft/Microsoft"; do
    [ -d "$d" ] || { echo "rules.sh: no folder $d (set COPYLINT_SHARED)" >&2; exit 2; }
done
mkdir -p "$tmp" "$(dirname "$out")"

cmake -S "$top" -B "$top/build-bench" -DCMAKE_BUILD_TYPE=Release \
    -DCOPYLINT_TESTS=OFF > /dev/null
cmake --build "$top/build-bench" -j 2 > /dev/null
cl=$top/build-bench/copylint

# Each upstream style repository keeps its rules in <repo>/<Style>/.
# shellcheck disable=SC2054 # the comma-separated list is one --style value
style_opts=(--no-config
    --styles-path "$styles/proselint" --styles-path "$styles/write-good"
    --styles-path "$styles/Microsoft" --style=proselint,write-good,Microsoft)
packs=residue,wire,cp,ap,proselint,write-good,Microsoft
pack_pat=()
for p in ${packs//,/ }; do pack_pat+=(-e "$p"); done
"$cl" "${style_opts[@]}" --list-rules > "$tmp/rules.list" 2> "$tmp/rules.load-err"
# Families that are not rule packs (config stays on: it reports rules that
# hit a match limit).
others=$(awk '{ split($1, a, "."); print a[1] }' "$tmp/rules.list" |
    grep -v -x -F -e config "${pack_pat[@]}" | sort -u | paste -sd, -)
nrules=$(awk '{ split($1, a, "."); print a[1] }' "$tmp/rules.list" |
    grep -c -x -F "${pack_pat[@]}" || true)
nvale=$(awk '{ split($1, a, "."); print a[1] }' "$tmp/rules.list" |
    grep -c -x -F -e proselint -e write-good -e Microsoft || true)
nwarn=$(grep -c 'config.rule-unsupported' "$tmp/rules.load-err" || true)
dirs=("$corpus/reuters" "$corpus/bbc" "$corpus/guardian")
bytes=$(find "${dirs[@]}" \( -name '*.txt' -o -name '*.md' \) -type f -printf '%s\n' |
    awk '{ s += $1 } END { print s }')
files=$(find "${dirs[@]}" \( -name '*.txt' -o -name '*.md' \) -type f | wc -l)
common=(--plain --fail-on never -q --jobs 1)

# best NAME CMD...: runs CMD $runs times; sets best_user, best_wall (s).
best() {
    local name=$1 u w i
    shift
    best_user=
    best_wall=
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%U %e' -o "$tmp/rules.$name.time" "$@" \
            > "$tmp/rules.$name.out" 2> "$tmp/rules.$name.err" || true
        read -r u w < "$tmp/rules.$name.time"
        if [ -z "$best_user" ] || awk -v a="$u" -v b="$best_user" 'BEGIN { exit !(a < b) }'; then
            best_user=$u
        fi
        if [ -z "$best_wall" ] || awk -v a="$w" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall=$w
        fi
    done
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Officials said." > "$tmp/rules.one.txt"
best load "$cl" "${style_opts[@]}" "${common[@]}" --disable="$others" "$tmp/rules.one.txt"
load_user=$best_user load_wall=$best_wall
best on "$cl" "${style_opts[@]}" "${common[@]}" --disable="$others" "${dirs[@]}"
on_user=$best_user on_wall=$best_wall
findings=$(wc -l < "$tmp/rules.on.out")
best off "$cl" "${style_opts[@]}" "${common[@]}" --disable="$others,$packs" "${dirs[@]}"
off_user=$best_user off_wall=$best_wall
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

mbs() { # BYTES SECONDS
    awk -v b="$1" -v s="$2" 'BEGIN { if (s <= 0) print "n/a"; else printf "%.1f", b / s / 1e6 }'
}
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
{
    echo "# bench/rules.sh: rule engine speed (issue 4)"
    echo "# commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores shared with other jobs"
    echo "# load average before: $load_before, after: $load_after; fastest of $runs runs"
    echo
    printf 'rules loaded:                 %s (%s from the Vale styles; %s unsupported-feature warnings)\n' \
        "$nrules" "$nvale" "$nwarn"
    printf 'corpus:                       %s files, %s bytes (reuters, bbc, guardian)\n' "$files" "$bytes"
    printf 'families disabled:            %s\n' "$others"
    printf 'findings (rules on):          %s\n' "$findings"
    echo
    echo "                              user CPU s   wall s"
    printf 'load all styles, one doc:     %10s %8s\n' "$load_user" "$load_wall"
    printf 'corpus, rules on:             %10s %8s\n' "$on_user" "$on_wall"
    printf 'corpus, rules off:            %10s %8s\n' "$off_user" "$off_wall"
    printf 'rule matching (on - off):     %10s %8s\n' "$(sub "$on_user" "$off_user")" "$(sub "$on_wall" "$off_wall")"
    echo
    printf 'rule matching, MB/s (user CPU): %s\n' "$(mbs "$bytes" "$(sub "$on_user" "$off_user")")"
    printf 'rule matching, MB/s (wall):     %s\n' "$(mbs "$bytes" "$(sub "$on_wall" "$off_wall")")"
    printf 'whole process with rules, MB/s (user CPU): %s\n' "$(mbs "$bytes" "$on_user")"
} > "$out"
cat "$out"
