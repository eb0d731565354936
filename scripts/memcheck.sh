#!/usr/bin/env bash
# Valgrind memcheck over the golden fixtures and the fuzz seed corpora:
# fails on any invalid read or write, use of uninitialised memory, bad free,
# or leak (definite, indirect or possible; "still reachable" at exit is not
# a leak and is not reported). scripts/valgrind.supp hides only errors in
# code that PCRE2's JIT generates at run time (see its comment).
#
#   scripts/memcheck.sh [BUILD_DIR]      (default: build; not a sanitizer build)
#
# Valgrind's start-up and dictionary loading dominate, so the golden
# cases are grouped into as few processes as give the same coverage.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bdir=$(cd "${1:-$top/build}" 2>/dev/null && pwd) || { echo "memcheck: no build folder '${1:-$top/build}'" >&2; exit 2; }
bin=$bdir/copylint
if ! command -v valgrind >/dev/null; then
    echo "memcheck: valgrind is not installed (scripts/setup.sh installs it)" >&2
    exit 2
fi
if [ ! -x "$bin" ]; then
    echo "memcheck: no $bin: build first (scripts/setup.sh)" >&2
    exit 2
fi
if ldd "$bin" | grep -qE 'lib(a|ub)san'; then
    echo "memcheck: $bin is a sanitizer build; valgrind needs a plain one" >&2
    exit 2
fi
export COPYLINT_DATA_DIR=$top
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
vg=(valgrind --tool=memcheck --error-exitcode=99 --leak-check=full
    --suppressions="$top/scripts/valgrind.supp"
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible
    --track-origins=yes --num-callers=30 -q)
runs=0 failed=0

check() { # label dir command...: runs the command in dir
    local label=$1 dir=$2
    shift 2
    runs=$((runs + 1))
    (cd "$dir" && "${vg[@]}" --log-file="$logdir/vg.log" "$@" >/dev/null 2>"$logdir/err")
    local st=$?
    if [ $st -eq 99 ] || [ -s "$logdir/vg.log" ] || [ $st -gt 2 ]; then
        failed=$((failed + 1))
        echo "memcheck: FAIL: $label (exit $st)" >&2
        sed 's/^/    /' "$logdir/vg.log" | head -60 >&2
        tail -5 "$logdir/err" | sed 's/^/    /' >&2
    fi
}

# Files without options run in three processes in all (text with fix-its,
# JSON, SARIF) from the top folder: configuration discovery starts at each
# file's own folder, so that is what run-golden.sh sees. Files with a .args
# file run grouped by folder and options, in their folder.
plain=()
declare -A groups=()
while IFS= read -r f; do
    base=${f%.txt}
    if [ -f "$base.args" ]; then
        key="$(dirname "$f")|$(cat "$base.args")"
        groups[$key]+="$(basename "$f")"$'\n'
    else
        plain+=("$f")
    fi
done < <(find "$top/tests/golden" -name '*.txt' | sort)
if [ ${#plain[@]} -gt 0 ]; then
    check "golden (${#plain[@]} files, text)" "$top" "$bin" --plain --fixits=parseable "${plain[@]}"
    check "golden (json)" "$top" "$bin" --format json "${plain[@]}"
    check "golden (sarif)" "$top" "$bin" --format sarif "${plain[@]}"
fi
for key in "${!groups[@]}"; do
    dir=${key%%|*}
    args=${key#*|}
    mapfile -t files <<<"${groups[$key]%$'\n'}"
    # shellcheck disable=SC2086
    check "$dir: $args (${#files[@]} files)" "$dir" "$bin" --plain $args "${files[@]}"
done

check "seeds (text, fix-its)" "$top" "$bin" --fixits=parseable --color=always "$top"/seeds/*.txt

# The fuzz targets' replay drivers over their hand-made seeds and
# regressions (the golden fixtures already ran above).
for r in "$bdir"/fuzz/*_replay; do
    [ -x "$r" ] || continue
    t=$(basename "$r" _replay)
    dirs=()
    for d in fuzz/corpus/$t fuzz/regress/$t; do
        [ -d "$top/$d" ] && dirs+=("$top/$d")
    done
    check "fuzz replay $t" "$top" "$r" "${dirs[@]}"
done

echo "memcheck: $((runs - failed)) passed, $failed failed"
[ $failed -eq 0 ]
