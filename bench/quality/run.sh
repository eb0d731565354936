#!/usr/bin/env bash
# bench/quality/run.sh: "what each tool catches, and at what cost".
#
#   bench/quality/run.sh          # writes bench/results/quality.md
#
# bench/quality/inject.py puts one known error into each of 120 copies of
# corpus articles (10 per kind, $PER_KIND to change it; 12 kinds in 8
# families; seed 6), keeping the untouched originals beside them. copylint and every installed peer
# lint both sets. A damaged article counts as caught when the tool reports
# more findings on the injected line than it does on the same line of the
# untouched original (so a tool that flags every line gets no credit for
# it); the false-alarm rate is every finding on the untouched originals
# per 10,000 words (they are professionally edited copy, so nearly every
# finding there is a false alarm, though a few are real errors of the
# source). Scratch files go to $COPYLINT_BENCH_TMP/quality.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
bench=$(cd "$here/.." && pwd)
top=$(cd "$bench/.." && pwd)
tmp=${COPYLINT_BENCH_TMP:-${TMPDIR:-/tmp}/copylint-bench}/quality
out=${OUT:-$bench/results/quality.md}
shared=${COPYLINT_SHARED:-$top/../shared}
[ -n "${COPYLINT_SHARED:-}" ] || [ -d "$shared" ] || shared=$top/../../shared
corpus=$shared/corpus
[ -d "$corpus/reuters" ] || { echo "quality: no corpus at $corpus" >&2; exit 2; }
mkdir -p "$tmp" "$(dirname "$out")"

if [ ! -x "$top/build-bench/copylint" ]; then
    cmake -S "$top" -B "$top/build-bench" -DCMAKE_BUILD_TYPE=Release \
        -DCOPYLINT_TESTS=OFF > /dev/null
fi
cmake --build "$top/build-bench" -j 2 > /dev/null
cl=$top/build-bench/copylint

rm -rf "$tmp/set"
/usr/bin/python3 "$here/inject.py" "$corpus" "$tmp/set" --seed 6 --per-kind "${PER_KIND:-10}"
for d in clean damaged; do
    find "$tmp/set/$d" -name '*.txt' | sort > "$tmp/$d.list"
done

nm=$bench/node_modules/.bin
peers=$bench/peers
X="xargs -d '\\n' -s 2000000 -a"
tools=()
add() { tools+=("$1"); eval "cmd_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)=\$2"; }
add copylint "$X LIST $cl --plain --fail-on never --no-config --jobs 1"
command -v codespell > /dev/null && add codespell "$X LIST codespell"
# hunspell -u3 gives line numbers but computes suggestions (minutes here);
# -l per file gives the misspelt words, which the scorer finds on the lines.
command -v hunspell > /dev/null && add "hunspell -d en_CA" \
    "while read -r f; do hunspell -d en_CA -l \"\$f\" | sed \"s|^|\$f\t|\"; done < LIST"
[ -x "$nm/cspell" ] && add "cspell 9.8" "$nm/cspell lint --no-progress --no-summary --no-color --root / --file-list LIST"
# proselint is the slowest here (over 30 minutes for 1 MB on the loaded
# benchmark machine): only with QUALITY_SLOW=1.
[ -n "${QUALITY_SLOW:-}" ] && command -v proselint > /dev/null && add proselint "$X LIST proselint"
[ -d "$bench/node_modules/write-good" ] && add write-good "node $peers/writegood.mjs @LIST"
[ -d "$bench/node_modules/retext" ] && add retext "node $peers/retext.mjs @LIST"
[ -x "$nm/textlint" ] && add textlint "$X LIST $nm/textlint --config $peers/textlintrc.json -f unix"
[ -d "$bench/node_modules/harper.js" ] && add Harper "node $peers/harper.mjs @LIST"

: > "$tmp/tools.tsv"
for t in "${tools[@]}"; do
    v=cmd_$(echo "$t" | tr -c 'A-Za-z0-9\n' _)
    key=$(echo "$t" | tr -c 'A-Za-z0-9\n' _)
    for d in clean damaged; do
        # REUSE=1 keeps a tool's output from the last run (same seed, same
        # articles) and runs only the tools that have none.
        if [ -n "${REUSE:-}" ] && [ -s "$tmp/time-$key-$d" ]; then
            continue
        fi
        echo "quality: $t on $d" >&2
        cmd=${!v//LIST/$tmp/$d.list}
        /usr/bin/time -f '%e' -o "$tmp/time-$key-$d" bash -c "$cmd" \
            > "$tmp/out-$key-$d" 2> /dev/null || true
    done
    printf '%s\t%s\n' "$t" "$key" >> "$tmp/tools.tsv"
done

/usr/bin/python3 - "$tmp" "$out" <<'PY'
import collections, os, re, sys
tmp, out = sys.argv[1:3]
truth = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/set/truth.tsv")][1:]
families = ["garble", "quote", "repeat", "names", "spelling", "residue", "encoding", "markup"]
fam_n = collections.Counter(t[3] for t in truth)
words = sum(len(open(os.path.join(tmp, "set", "clean", f)).read().split())
            for f in os.listdir(os.path.join(tmp, "set", "clean")))
loc = re.compile(r"^(.*?\.txt):(\d+)[: ]")
word_re = re.compile(r"[\w'\u2019-]+")
def word_lines(path, word):
    """Lines of `path` holding `word` as a token (for word-only output)."""
    out = []
    for i, l in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
        if word in word_re.findall(l) or word in l.split():
            out.append(i)
    return out or [0]
def parse(path):
    per = collections.Counter()
    total = 0
    rules = collections.defaultdict(list)
    for line in open(path, encoding="utf-8", errors="replace"):
        if "\t" in line:  # "path<TAB>word": hunspell -l
            f, w = line.rstrip("\n").split("\t", 1)
            for ln in word_lines(f, w):
                per[(os.path.basename(f), ln)] += 1
            total += 1
            continue
        m = loc.match(line)
        if not m:
            continue
        name = os.path.basename(m.group(1))
        per[(name, int(m.group(2)))] += 1
        total += 1
        r = re.search(r"\[([a-z]+)\.[a-z0-9-]+\]$", line.strip())
        if r:
            rules[(name, int(m.group(2)))].append(r.group(1))
    return per, total, rules
rows = []
for line in open(f"{tmp}/tools.tsv"):
    tool, key = line.rstrip("\n").split("\t")
    clean, nclean, _ = parse(f"{tmp}/out-{key}-clean")
    dam, _, rules = parse(f"{tmp}/out-{key}-damaged")
    hits = collections.Counter()
    fam_hits = collections.Counter()
    for name, ln, kind, fam, what in truth:
        ln = int(ln)
        base = 0 if kind == "residue-line" else clean[(name, ln)]
        if dam[(name, ln)] > base:
            hits[fam] += 1
            if fam in rules[(name, ln)] or (fam == "markup" and "residue" in rules[(name, ln)]):
                fam_hits[fam] += 1
    t = sum(float(open(f"{tmp}/time-{key}-{d}").read().split()[-1]) for d in ("clean", "damaged"))
    rows.append((tool, hits, fam_hits, nclean, t))
o = ["## Quality (bench/quality/run.sh)\n",
     f"{len(truth)} corpus articles, each with one injected error "
     f"({', '.join(f'{f} {fam_n[f]}' for f in families)}), and the {len(truth)} untouched "
     f"originals ({words:,} words). Caught: the tool reports more findings on the injected "
     "line than on the same line of the original. False alarms: every finding on the "
     "untouched originals, per 10,000 words. Time: both sets, one process each.\n",
     "| tool | " + " | ".join(families) + " | all | false alarms / 10k words | time |",
     "|---|" + "---:|" * (len(families) + 3)]
for tool, hits, fam_hits, nclean, t in rows:
    cells = []
    for f in families:
        cells.append(f"{100 * hits[f] / fam_n[f]:.0f} %" if fam_n[f] else "–")
    allh = sum(hits.values())
    o.append(f"| {tool} | " + " | ".join(cells) +
             f" | {100 * allh / len(truth):.0f} % | {10000 * nclean / words:.1f} | {t:.1f} s |")
cp = next((r for r in rows if r[0] == "copylint"), None)
if cp:
    tool, hits, fam_hits, nclean, t = cp
    o.append("")
    o.append("copylint with the finding in the right family (a `garble.*` finding for a garble, "
             "`spelling.*` for a misspelling, `residue.markup` for an entity): " +
             ", ".join(f"{f} {100 * fam_hits[f] / fam_n[f]:.0f} %" for f in families if fam_n[f]) + ".")
o.append("")
o.append("Rerun: `bench/quality/run.sh` (peers from `bench/install-peers.sh`).\n")
open(out, "w").write("\n".join(o))
print("\n".join(o))
PY
