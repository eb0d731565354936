#!/usr/bin/env bash
# bench/run.sh: the speed benchmark of issue 6, in one command.
#
#   bench/install-peers.sh     # once: the peers (Debian + npm)
#   bench/run.sh               # build, measure, write bench/results/latest.md
#   bench/run.sh --quick       # 0.2 MB and 1 MB subsets only, fewer runs (a trial)
#
# It builds copylint (Release) into build-bench/, picks the corpus subsets
# (bench/corpus-subsets.sh: ~1 MB, ~5 MB, ~10 MB and the whole 22 MB corpus
# of ../shared/corpus, or $COPYLINT_SHARED/corpus), writes the hostile
# single-file inputs (bench/hostile.py), then times copylint and each peer
# as whole processes: wall time with hyperfine (mean of several runs for
# the fast tools, one run for the slow ones), peak RSS and the findings
# count from one more run under /usr/bin/time. Slow peers run only on the
# smaller subsets; the table says which. Scratch files go to
# $COPYLINT_BENCH_TMP (default ${TMPDIR:-/tmp}/copylint-bench), never into
# the repository; the report goes to bench/results/latest.md (or $OUT).
#
# Peers that are not installed are skipped (and listed as such).
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tmp=${COPYLINT_BENCH_TMP:-${TMPDIR:-/tmp}/copylint-bench}
out=${OUT:-$here/results/latest.md}
quick=false
[ "${1:-}" = "--quick" ] && quick=true
runs_fast=${RUNS:-3}
$quick && runs_fast=${RUNS:-2}
mkdir -p "$tmp" "$(dirname "$out")"
rows=$tmp/rows.tsv
targets=$tmp/targets.tsv
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
# REPORT_ONLY=1 writes the report again from the last run's measurements.
if [ -n "${REPORT_ONLY:-}" ]; then
    rows=$tmp/rows.tsv
else
: > "$rows"
# ---- build -----------------------------------------------------------------
echo "run: building copylint (Release) in build-bench/" >&2
cmake -S "$top" -B "$top/build-bench" -DCMAKE_BUILD_TYPE=Release \
    -DCOPYLINT_TESTS=OFF > /dev/null
cmake --build "$top/build-bench" -j 2 > /dev/null
cl=$top/build-bench/copylint

# ---- inputs ----------------------------------------------------------------
"$here/corpus-subsets.sh" "$tmp" > /dev/null
if [ ! -f "$tmp/names-10m.txt" ] || [ "$here/hostile.py" -nt "$tmp/names-10m.txt" ]; then
    /usr/bin/python3 "$here/hostile.py" "$tmp" "$tmp/subset-1m.list" \
        "$tmp/subset-10m.list"
fi
nm=$here/node_modules/.bin
peers=$here/peers
# One invocation for the whole list (the whole corpus's paths fit in
# ARG_MAX; xargs would otherwise split at 128 KiB and start the tool again).
X="xargs -d '\\n' -s 2000000 -a"

# ---- measuring -------------------------------------------------------------
# measure TOOL SUBSET RUNS COUNT CMD: wall time (hyperfine mean over RUNS,
# or the single /usr/bin/time run when RUNS is 1), peak RSS and findings
# from one run under /usr/bin/time. COUNT: loc (lines "path:line..."),
# lines (every non-empty line), none. A row goes to $rows.
measure() {
    local tool=$1 subset=$2 runs=$3 count=$4 cmd=$5
    local tag=${tool//[^A-Za-z0-9]/_}-$subset
    local mean="" sd=""
    echo "run: $tool on $subset ($runs run(s))" >&2
    if [ "$runs" -gt 1 ]; then
        hyperfine --style none --runs "$runs" --warmup 1 -i \
            --export-json "$tmp/hf-$tag.json" "$cmd" > /dev/null 2>&1 || true
        read -r mean sd < <(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r["stddev"] or 0)' "$tmp/hf-$tag.json" 2>/dev/null || echo "")
    fi
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time-$tag" bash -c "$cmd" \
        > "$tmp/out-$tag" 2> "$tmp/err-$tag" || true
    local wall rss user sys
    read -r wall rss user sys < <(tail -n 1 "$tmp/time-$tag")
    [ -n "$mean" ] || { mean=$wall; sd=""; }
    local n
    case $count in
        loc) n=$(grep -cE '^[^ ]+:[0-9]+' "$tmp/out-$tag" || true) ;;
        lines) n=$(grep -c . "$tmp/out-$tag" || true) ;;
        *) n="" ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$subset" "$runs" "$mean" \
        "$sd" "$rss" "$n" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >> "$rows"
}

have() { command -v "$1" > /dev/null 2>&1; }
have_npm() { [ -x "$nm/$1" ] || [ -d "$here/node_modules/$1" ]; }
skipped=()

cl_plain="--plain --fail-on never --no-config"
"$cl" --no-config --version > /dev/null 2>&1 || cl_plain="--plain --fail-on never"
spelling=false
"$cl" --list-rules | grep -q '^spelling\.' && spelling=true

run_subset() { # SUBSET FAST_RUNS SLOW_RUNS WHICH...
    local s=$1 rf=$2 rs=$3
    shift 3
    local L=$tmp/subset-$s.list
    for w in "$@"; do
        case $w in
        copylint) measure "copylint --jobs 1" "$s" "$rf" loc "$X $L $cl $cl_plain --jobs 1" ;;
        copylint2) measure "copylint --jobs 2" "$s" "$rf" loc "$X $L $cl $cl_plain --jobs 2" ;;
        copylint-nospell)
            $spelling && measure "copylint --jobs 1, no spelling/names" "$s" "$rf" loc \
                "$X $L $cl $cl_plain --jobs 1 --disable spelling,names" ;;
        wc) measure "wc -w (floor)" "$s" "$rf" none "$X $L wc -w" ;;
        codespell) have codespell && measure "codespell" "$s" "$rf" loc "$X $L codespell" ;;
        hunspell) have hunspell && measure "hunspell -d en_CA -l" "$s" "$rs" lines "$X $L hunspell -d en_CA -l" ;;
        proselint) have proselint && measure "proselint" "$s" "$rs" loc "$X $L proselint" ;;
        cspell) have_npm cspell && measure "cspell 9.8" "$s" "$rs" loc \
            "$nm/cspell lint --no-progress --no-summary --no-color --root / --file-list $L" ;;
        write-good) have_npm write-good && measure "write-good" "$s" "$rs" loc "node $peers/writegood.mjs @$L" ;;
        retext) have_npm retext && measure "retext (7 plugins)" "$s" "$rs" loc "node $peers/retext.mjs @$L" ;;
        textlint) have_npm textlint && measure "textlint (7 rules)" "$s" "$rs" loc \
            "$X $L $nm/textlint --config $peers/textlintrc.json -f unix" ;;
        harper) have_npm harper.js && measure "Harper (harper.js)" "$s" "$rs" loc "node $peers/harper.mjs @$L" ;;
        esac
    done
}

for t in codespell hunspell proselint; do have $t || skipped+=("$t"); done
for t in cspell write-good retext textlint harper.js; do have_npm $t || skipped+=("$t"); done

# The slowest peers (Harper ~0.02 MB/s, proselint slower still here) run
# on the 0.2 MB subset only, beside copylint and the fast ones; the other
# peers on 1 MB (and 5 MB unless --quick); the whole corpus only for the
# tools the targets compare against.
# The large inputs are timed once per tool (copylint takes seconds there,
# and the shared machine makes more runs costly); set RUNS_LARGE to repeat.
fast=(copylint copylint2 copylint-nospell wc codespell)
runs_large=${RUNS_LARGE:-1}
if [ -n "${LEAN:-}" ]; then
    # LEAN=1: what a loaded machine allows in ~15 minutes: 1 and 5 MB, one
    # run each, no whole corpus (its rows and targets are then missing).
    run_subset 1m 1 1 "${fast[@]}" hunspell
    run_subset 5m 1 1 "${fast[@]}" hunspell
else
# SLOW_200K and SLOW_1M choose the slow peers (when time is short).
run_subset 200k "$runs_fast" 1 "${fast[@]}" ${SLOW_200K-proselint harper}
run_subset 1m "$runs_fast" 1 "${fast[@]}" hunspell ${SLOW_1M-cspell write-good retext textlint}
if ! $quick; then
    run_subset 5m "$runs_large" 1 "${fast[@]}" ${SLOW_5M:-}
    run_subset 10m "$runs_large" 1 copylint
    run_subset all "$runs_large" 1 copylint copylint2 wc codespell hunspell
fi
fi # LEAN

# ---- copylint's own targets ------------------------------------------------
: > "$targets"
# One article, cold start (a new process; dictionaries and rules loaded).
seed=$(ls "$top"/seeds/*.txt | head -n 1)
echo "run: cold start on $(basename "$seed")" >&2
hyperfine --style none --runs "${COLD_RUNS:-$($quick && echo 10 || echo 40)}" --warmup 3 -i \
    --export-json "$tmp/hf-cold.json" "$cl $cl_plain $seed" > /dev/null 2>&1 || true
printf 'cold\t%s\n' "$(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r["stddev"] or 0, r["min"])' "$tmp/hf-cold.json")" >> "$targets"

# Linearity: 1 MB against 10 MB, for the subset (many files) and for the
# hostile single files.
if ! $quick; then
    for kind in ${HOSTILE:-concat oneline quotes names}; do
        for s in 1m 10m; do
            measure "copylint hostile $kind" "$s" "$runs_large" loc \
                "$cl $cl_plain --jobs 1 $tmp/$kind-$s.txt"
        done
    done
    # Output identical whatever --jobs (whole corpus): the outputs of the
    # --jobs 1 and --jobs 2 runs above.
    big=all
    [ -f "$tmp/out-copylint___jobs_1-all" ] || big=5m
    a=$tmp/out-copylint___jobs_1-$big b=$tmp/out-copylint___jobs_2-$big
    if [ -f "$a" ] && [ -f "$b" ]; then
        same=yes
        cmp -s "$a" "$b" || same=no
        printf 'jobs-identical\t%s\t%s\n' "$same" "$(wc -l < "$a")" >> "$targets"
    fi
fi

fi # REPORT_ONLY
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# The run's time, loads and commit, kept for REPORT_ONLY.
info=$tmp/run-info
if [ -z "${REPORT_ONLY:-}" ]; then
    printf '%s\n%s\n%s\n%s\n' "$started" "$load_before" "$load_after" \
        "$commit" > "$info"
elif [ -f "$info" ]; then
    { read -r started; read -r load_before; read -r load_after; read -r commit; } < "$info"
fi

# ---- report ----------------------------------------------------------------
export B_QUICK=$quick B_STARTED=$started B_COMMIT=$commit
export B_LOAD_BEFORE=$load_before B_LOAD_AFTER=$load_after B_SKIPPED="${skipped[*]:-}"
/usr/bin/python3 - "$tmp" "$rows" "$targets" "$out" <<'PY'
import sys, os, collections
tmp, rows_path, targets_path, out = sys.argv[1:5]
E = os.environ
quick = E["B_QUICK"] == "true"
meta = {
    "date": E["B_STARTED"], "commit": E["B_COMMIT"],
    "cpu": os.popen("lscpu | sed -n 's/^Model name: *//p' | head -n 1").read().strip() or "unknown",
    "nproc": os.popen("nproc").read().strip(),
    "mem": os.popen("free -m | awk '/^Mem:/ {print $2}'").read().strip(),
    "kernel": os.popen("uname -r").read().strip(),
    "load_before": E["B_LOAD_BEFORE"], "load_after": E["B_LOAD_AFTER"],
    "node": os.popen("node --version 2>/dev/null").read().strip() or "none",
}
skipped = E["B_SKIPPED"].split()
size = {}
for s in ("200k", "1m", "5m", "10m", "all"):
    b = int(open(f"{tmp}/subset-{s}.bytes").read())
    n = sum(1 for l in open(f"{tmp}/subset-{s}.list") if l.strip())
    size[s] = (b, n)
for kind in ("concat", "oneline", "quotes", "names"):
    for s in ("1m", "10m"):
        p = f"{tmp}/{kind}-{s}.txt"
        if os.path.exists(p):
            size[f"{kind}-{s}"] = (os.path.getsize(p), 1)
rows = []
for line in open(rows_path):
    tool, subset, runs, mean, sd, rss, n, cpu = (line.rstrip("\n").split("\t") + [""])[:8]
    rows.append(dict(tool=tool, subset=subset, runs=int(runs), mean=float(mean),
                     sd=float(sd) if sd else None, rss=int(rss), n=n,
                     cpu=float(cpu) if cpu else None))
def find(tool, subset):
    for r in rows:
        if r["tool"] == tool and r["subset"] == subset:
            return r
def fmt_t(r):
    t = r["mean"]
    s = f"{t:.3f} s" if t < 10 else f"{t:.1f} s"
    if r["sd"] is not None and r["runs"] > 1:
        s += f" ± {r['sd']:.3f}" if t < 10 else f" ± {r['sd']:.1f}"
    return s
label = {"200k": "0.2 MB", "1m": "1 MB", "5m": "5 MB", "10m": "10 MB", "all": "whole corpus"}
o = []
o.append("## Speed (bench/run.sh)\n")
o.append(f"Measured {meta['date']} at commit `{meta['commit']}`"
         + (" (quick trial: 0.2 and 1 MB only, fewer runs)" if quick else "") + ".\n")
o.append(f"Machine: {meta['nproc']} cores ({meta['cpu']}), {meta['mem']} MB memory, "
         f"Linux {meta['kernel']}, Node {meta['node']}. Load average (1, 5, 15 min) "
         f"before: {meta['load_before']}; after: {meta['load_after']}. The machine is shared: "
         "wall times include whatever else ran.\n")
o.append("Wall time is the mean of hyperfine runs (± standard deviation) for the fast tools "
         "and one run for the slow ones (runs column); CPU time, peak RSS and findings come "
         "from one more run under /usr/bin/time. On a loaded machine wall time stretches "
         "with the load and CPU time much less, so both are given. MB is 10^6 bytes.\n")
for s in ("200k", "1m", "5m", "10m", "all"):
    rs = [r for r in rows if r["subset"] == s]
    if not rs:
        continue
    b, n = size[s]
    o.append(f"### {label[s]}: {n:,} files, {b/1e6:.2f} MB\n")
    o.append("| tool | runs | wall | MB/s | files/s | CPU (user+sys) | MB per CPU s | peak RSS | findings |")
    o.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in sorted(rs, key=lambda r: r["mean"]):
        t = max(r["mean"], 1e-9)
        cpu = r["cpu"]
        cs = f"{cpu:.2f} s" if cpu is not None else "–"
        cm = f"{b/1e6/cpu:.2f}" if cpu else "–"
        o.append(f"| {r['tool']} | {r['runs']} | {fmt_t(r)} | {b/1e6/t:.2f} | {n/t:,.0f} | {cs} | {cm} | "
                 f"{r['rss']/1024:.1f} MB | {r['n'] or '–'} |")
    o.append("")
notes = ["Harper (about 0.02 MB/s) and proselint run on the 0.2 MB subset only; "
         "cspell, write-good, retext and textlint on 1 MB (and on 5 MB with "
         "SLOW_5M=\"cspell write-good retext textlint\"); hunspell on 1 MB and the "
         "whole corpus, for the target below. The slow peers run once; the inputs "
         "of 5 MB and more run RUNS_LARGE times (default 1; the runs column "
         "gives the count)."]
if skipped:
    notes.append("Not installed, so not measured: " + ", ".join(skipped) + ".")
o.append(" ".join(notes) + "\n")

# Targets.
tg = {}
for line in open(targets_path):
    k, *v = line.rstrip("\n").split("\t")
    tg[k] = v
o.append("### copylint's targets (issue 6)\n")
o.append("| target | measured | met |")
o.append("|---|---|---|")
def row(what, measured, ok):
    o.append(f"| {what} | {measured} | {'yes' if ok else '**no**'} |")
# The whole corpus, or the largest subset measured (LEAN=1).
big = next((s for s in ("all", "5m", "1m") if find("copylint --jobs 1", s)), "all")
allb = size[big][0]
where = "whole corpus" if big == "all" else f"{label[big]} subset (whole corpus not measured)"
c1 = find("copylint --jobs 1", big)
c2 = find("copylint --jobs 2", big)
cs = find("codespell", big)
hs = find("hunspell -d en_CA -l", big)
if c1:
    mbs = allb / 1e6 / c1["mean"]
    cpu_s = f"; {allb/1e6/c1['cpu']:.2f} MB per CPU second" if c1.get("cpu") else ""
    row(f"{where}, --jobs 1, all default checks: ≥ 25 MB/s", f"{mbs:.2f} MB/s ({c1['mean']:.2f} s wall{cpu_s})", mbs >= 25)
    if cs:
        r = cs["mean"] / c1["mean"]
        rc = f"; by CPU time {cs['cpu']/c1['cpu']:.2f}×" if cs.get("cpu") and c1.get("cpu") else ""
        row("≥ 2× codespell (same run)", f"{r:.2f}× (codespell {allb/1e6/cs['mean']:.1f} MB/s{rc})", r >= 2)
    if hs:
        r = hs["mean"] / c1["mean"]
        rc = f"; by CPU time {hs['cpu']/c1['cpu']:.1f}×" if hs.get("cpu") and c1.get("cpu") else ""
        row("≥ 100× hunspell -l (same run)", f"{r:.1f}× (hunspell {allb/1e6/hs['mean']:.2f} MB/s{rc})", r >= 100)
if c1 and c2:
    r = c1["mean"] / c2["mean"]
    row(f"--jobs 2 ≥ 1.7× faster than --jobs 1 ({where})", f"{r:.2f}× ({c2['mean']:.2f} s)", r >= 1.7)
if c1:
    small = find("copylint --jobs 1", "1m")
    rss = max(r["rss"] for r in rows if r["tool"].startswith("copylint --jobs") and r["subset"] == big)
    row(f"peak RSS ≤ 64 MB, {where}", f"{rss/1024:.1f} MB (1 MB subset: {small['rss']/1024:.1f} MB)", rss <= 64 * 1024)
if "cold" in tg:
    mean, sd, mn = (float(x) for x in tg["cold"][0].split())
    row("one article, cold start, all checks: ≤ 60 ms", f"{mean*1000:.1f} ms ± {sd*1000:.1f} (min {mn*1000:.1f})", mean <= 0.060)
lin = []
a, b10 = find("copylint --jobs 1", "1m"), find("copylint --jobs 1", "10m")
if a and b10:
    lin.append(("corpus subset, many files", a, b10, size["10m"][0] / size["1m"][0]))
for kind in ("concat", "oneline", "quotes", "names"):
    a, b10 = find(f"copylint hostile {kind}", "1m"), find(f"copylint hostile {kind}", "10m")
    if a and b10:
        lin.append((f"hostile: {kind}, one file", a, b10, size[f"{kind}-10m"][0] / size[f"{kind}-1m"][0]))
for what, a, b10, k in lin:
    r = b10["mean"] / a["mean"]
    row(f"linear: {k:.1f}× input ≤ {k*1.1:.1f}× time ({what})",
        f"{r:.2f}× ({a['mean']:.3f} s → {b10['mean']:.3f} s; RSS {a['rss']/1024:.0f} → {b10['rss']/1024:.0f} MB)",
        r <= k * 1.1)
if "jobs-identical" in tg:
    same, n = tg["jobs-identical"]
    row(f"--jobs 1 and --jobs 2 print identical output ({where})", f"{same} ({n} lines)", same == "yes")
o.append("")
o.append("Rerun: `bench/install-peers.sh` once, then `bench/run.sh` "
         "(`bench/run.sh --quick` for a 1 MB trial).\n")
open(out, "w").write("\n".join(o))
print(out)
PY
