#!/usr/bin/env bash
# False alarms on clean copy: runs copylint over the professionally edited
# articles in ../shared/corpus (not part of this repository; see its README)
# and prints findings per 10,000 words, per folder and per rule, at warning
# or above and in all. Every finding is written to $OUT (default
# build/corpus-findings.txt) for inspection.
#
# Usage: tests/quality/corpus-report.sh [CORPUS_DIR] [extra copylint options]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=${1:-${COPYLINT_SHARED:-$top/../shared}/corpus}
# A git worktree under ../wt/NAME: the shared folder is one level further up.
if [ $# -eq 0 ] && [ -z "${COPYLINT_SHARED:-}" ] && [ ! -d "$corpus" ] &&
    [ -d "$top/../../shared/corpus" ]; then
    corpus=$(cd "$top/../../shared/corpus" && pwd)
fi
shift || true
bin=${COPYLINT:-$top/build/copylint}
out=${OUT:-$top/build/corpus-findings.txt}
if [ ! -d "$corpus" ]; then
    echo "corpus-report: no corpus at '$corpus'" >&2
    exit 2
fi
: > "$out"
for sub in reuters bbc guardian; do
    [ -d "$corpus/$sub" ] || continue
    words=$(find "$corpus/$sub" -name '*.txt' -print0 | xargs -0 cat | wc -w)
    echo "#words $sub $words" >> "$out"
    find "$corpus/$sub" -name '*.txt' -print0 | sort -z |
        xargs -0 "$bin" --plain --fail-on never "$@" >> "$out" 2>/dev/null || true
done
/usr/bin/python3 - "$out" "$corpus" <<'PY'
import re, sys, collections
path, corpus = sys.argv[1], sys.argv[2]
words = {}
per = collections.defaultdict(collections.Counter)  # folder -> rule -> n
sev_of = {}
pat = re.compile(r'^(.*?):(?:\d+:\d+:)? (error|warning|info): .* \[([^\]]+)\]$')
for line in open(path, encoding='utf-8', errors='replace'):
    line = line.rstrip('\n')
    if line.startswith('#words '):
        _, sub, n = line.split()
        words[sub] = int(n)
        continue
    m = pat.match(line)
    if not m:
        continue
    f, sev, rule = m.groups()
    sub = f[len(corpus):].lstrip('/').split('/')[0]
    per[sub][rule] += 1
    sev_of[rule] = sev
total_words = sum(words.values())
def rate(n, w):
    return 10000.0 * n / w if w else 0.0
print(f"| folder | words | findings (all) | per 10k words | warning+ | warning+ per 10k words |")
print(f"|---|---:|---:|---:|---:|---:|")
tot_all = tot_warn = 0
for sub in words:
    a = sum(per[sub].values())
    w = sum(n for r, n in per[sub].items() if sev_of[r] != 'info')
    tot_all += a; tot_warn += w
    print(f"| {sub} | {words[sub]:,} | {a:,} | {rate(a, words[sub]):.2f} | {w:,} | {rate(w, words[sub]):.2f} |")
print(f"| **all** | {total_words:,} | {tot_all:,} | {rate(tot_all, total_words):.2f} | {tot_warn:,} | {rate(tot_warn, total_words):.2f} |")
print()
print("| rule | severity | " + " | ".join(words) + " | total | per 10k words |")
print("|---|---|" + "---:|" * (len(words) + 2))
rules = sorted({r for s in per.values() for r in s})
for r in rules:
    n = sum(per[s][r] for s in words)
    print(f"| `{r}` | {sev_of[r]} | " + " | ".join(str(per[s][r]) for s in words) + f" | {n} | {rate(n, total_words):.3f} |")
PY
echo "(every finding: $out)" >&2
