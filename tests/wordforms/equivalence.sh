#!/usr/bin/env bash
# tests/wordforms/equivalence.sh COPYLINT SRCDIR WORDFORMS_DIR
# The compiled word-form tables must not change a single finding: lint the
# seed, every golden fixture and (when ../shared is beside the repo) a
# fixed 2,000-article slice of the corpus twice, with the tables and with
# hunspell alone (COPYLINT_WORDFORMS_DIR=""), and compare the outputs.
# Skips (77) when the build made no tables (no unmunch).
set -uo pipefail
cl=$1 src=$2 forms=$3
ls "$forms"/*.cwf >/dev/null 2>&1 || { echo "no word-form tables in $forms: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inputs=("$src"/seeds/*.txt)
while IFS= read -r f; do inputs+=("$f"); done < <(find "$src/tests/golden" -name '*.txt' | LC_ALL=C sort)
shared=${COPYLINT_SHARED_DIR:-$src/../shared}
if [ -d "$shared/corpus/reuters" ]; then
    while IFS= read -r f; do inputs+=("$f"); done < <(find "$shared/corpus" -name '*.txt' -path '*/corpus/*/*' | LC_ALL=C sort | awk 'NR % 10 == 0' | head -2000)
fi
for d in en_CA en_US en_GB; do
    for mode in with without; do
        if [ $mode = with ]; then env_forms=$forms; else env_forms=; fi
        COPYLINT_WORDFORMS_DIR=$env_forms "$cl" --no-config --plain --fail-on never \
            --dialect "$d" --jobs 2 "${inputs[@]}" > "$tmp/$d.$mode" 2>&1
    done
    if ! cmp -s "$tmp/$d.with" "$tmp/$d.without"; then
        echo "FAIL: $d findings differ with the word-form tables:"
        diff "$tmp/$d.without" "$tmp/$d.with" | head -20
        exit 1
    fi
    echo "ok $d: ${#inputs[@]} files, $(wc -l < "$tmp/$d.with") identical lines"
done
