#!/usr/bin/env bash
# Runs each libFuzzer target for a set time, one after the other.
#
#   fuzz/run.sh [-t SECONDS] [TARGET...]     (default: 30 s, every target)
#
# Seed folders named ../shared/... are looked up in $COPYLINT_SHARED_DIR
# when set. Builds build-fuzz/ with clang (-DCOPYLINT_FUZZ=ON) if needed. Each target
# starts from its seeds (fuzz/seeds.txt, fuzz/corpus/<t>, fuzz/regress/<t>)
# and keeps what it learns in build-fuzz/corpus/<t>. A crash leaves its
# input in build-fuzz/crashes/<t>/ and makes the script exit 1: copy that
# file into fuzz/regress/<t>/ once it is fixed, so ctest replays it.
# Every run appends "date target seconds executions result" to
# build-fuzz/fuzz-log.txt (the README's fuzzing record comes from it).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

secs=30
while getopts "t:" o; do
    case $o in
    t) secs=$OPTARG ;;
    *) echo "usage: fuzz/run.sh [-t SECONDS] [TARGET...]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))

bdir=${COPYLINT_FUZZ_BUILD:-build-fuzz}
if ! command -v clang >/dev/null; then
    echo "fuzz: clang is not installed (scripts/setup.sh installs it)" >&2
    exit 2
fi
CC=clang cmake -S . -B "$bdir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCOPYLINT_FUZZ=ON -DCOPYLINT_TESTS=OFF >/dev/null || exit 2
cmake --build "$bdir" -j 2 >/dev/null || { cmake --build "$bdir" -j 1; exit 2; }

if [ $# -eq 0 ]; then
    set -- $(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
fi

export COPYLINT_DATA_DIR="$top"
status=0
for t in "$@"; do
    bin="$bdir/fuzz/$t"
    [ -x "$bin" ] || { echo "fuzz: no target '$t'" >&2; status=2; continue; }
    work="$bdir/corpus/$t"
    crashes="$bdir/crashes/$t"
    mkdir -p "$work" "$crashes"
    seeds=()
    for d in fuzz/corpus/$t fuzz/regress/$t \
        $(sed -n "s/^$t:\(.*\)/\1/p" fuzz/seeds.txt); do
        # ../shared/X: the shared folder beside the clone, or
        # $COPYLINT_SHARED_DIR/X.
        case $d in ../shared/*) d=${COPYLINT_SHARED_DIR:-../shared}/${d#../shared/} ;; esac
        [ -d "$d" ] && seeds+=("$d")
    done
    dict=()
    [ -f "fuzz/$t.dict" ] && dict=("-dict=fuzz/$t.dict")
    log="$bdir/$t.log"
    echo "fuzz: $t for ${secs}s (seeds: ${seeds[*]:-none})" >&2
    "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2560 \
        -max_len=16384 -print_final_stats=1 "${dict[@]}" \
        -artifact_prefix="$crashes/" "$work" "${seeds[@]}" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ $rc -eq 0 ]; then result=ok; else result="CRASH(rc=$rc)"; status=1; fi
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $t ${secs}s ${runs:-0} $result" |
        tee -a "$bdir/fuzz-log.txt"
    if [ $rc -ne 0 ]; then
        grep -E "ERROR|SUMMARY|invariant|Test unit written" "$log" | head -20 >&2
        echo "fuzz: $t failed; full log in $log" >&2
    fi
done
exit $status
