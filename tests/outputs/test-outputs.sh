#!/bin/bash
# Issue 5 behaviour through the command line: --fix round trips and their
# safety (atomic rewrite, read-only folder, symbolic and hard links),
# --diff with git apply, baselines, --max-findings, folders and globs,
# standard input, --jobs determinism, and escaping in the formats.
# Each case says what it expects; the script counts and fails if any fail.
set -u
bin=$1
top=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*" >&2; fail=$((fail + 1)); }
expect() { # name expected actual
    if [ "$2" = "$3" ]; then ok; else bad "$1: exit status $3, expected $2"; fi
}
expect_grep() { # name pattern file
    if grep -q -- "$2" "$3"; then ok; else bad "$1: '$2' not in:"; cat "$3" >&2; fi
}
fixture=$top/tests/golden/formats/fixture.txt
seed=$top/seeds/000_c6492637f5053c95.txt
py=/usr/bin/python3

# ---- --fix round trips -------------------------------------------------
for mode in safe all; do
    for src in "$fixture" "$seed"; do
        name=$(basename "$src" .txt)-$mode
        mkdir -p "$tmp/fix"
        cp "$src" "$tmp/fix/$name.txt"
        cp "$src" "$tmp/fix/$name.orig"
        chmod 640 "$tmp/fix/$name.txt"
        "$bin" -f json --fail-on never "$tmp/fix/$name.txt" > "$tmp/fix/$name.before.json"
        "$bin" --fix="$mode" --fail-on never -q "$tmp/fix/$name.txt" >/dev/null 2>"$tmp/err"
        expect "fix-$name" 0 $?
        "$bin" -f json --fail-on never "$tmp/fix/$name.txt" > "$tmp/fix/$name.after.json"
        if $py "$here/fixcheck.py" "$tmp/fix/$name.orig" "$tmp/fix/$name.before.json" \
            "$tmp/fix/$name.txt" "$tmp/fix/$name.after.json" "$mode" >"$tmp/out" 2>&1; then
            ok; else bad "fix round trip $name:"; cat "$tmp/out" >&2; fi
        [ "$(stat -c %a "$tmp/fix/$name.txt")" = 640 ] && ok || bad "fix-$name: mode not kept"
        # Nothing left behind in the folder.
        ls -A "$tmp/fix" | grep -q copylint- && bad "fix-$name: temporary file left" || ok
    done
done
# Safe fixes never apply suggestions: the seed's garble.title stays.
cp "$seed" "$tmp/fix/seed2.txt"
"$bin" --fix --fail-on never "$tmp/fix/seed2.txt" >/dev/null 2>&1
grep -q "May-find\." "$tmp/fix/seed2.txt" && ok || bad "--fix applied a suggestion"
"$bin" --fix=all --fail-on never "$tmp/fix/seed2.txt" >/dev/null 2>&1
grep -q "Maj\.-Gen\." "$tmp/fix/seed2.txt" && ok || bad "--fix=all did not apply the suggestion"
# A second --fix of a fixed file changes nothing that was fixed before.
cp "$tmp/fix/fixture-safe.txt" "$tmp/fix/again.txt"
"$bin" --fix --fail-on never "$tmp/fix/again.txt" 2>"$tmp/err" >/dev/null
expect_grep fix-summary "fixed" "$tmp/err"
# Standard input cannot be rewritten.
echo "the the" | "$bin" --fix - >/dev/null 2>"$tmp/err"; expect fix-stdin 2 $?
# --diff --fix=all shows the suggestions too, and writes nothing.
cp "$seed" "$tmp/fix/seed3.txt"
"$bin" --diff --fix=all "$tmp/fix/seed3.txt" > "$tmp/out" 2>&1; expect diff-all 1 $?
expect_grep diff-all-title "^+.*Maj\.-Gen\." "$tmp/out"
cmp -s "$seed" "$tmp/fix/seed3.txt" && ok || bad "--diff --fix=all wrote the file"
"$bin" --diff "$tmp/fix/seed3.txt" > "$tmp/out" 2>&1
grep -q "Maj\.-Gen\." "$tmp/out" && bad "--diff showed a suggestion" || ok

# ---- atomicity: a read-only folder, links ------------------------------
mkdir -p "$tmp/ro"
cp "$fixture" "$tmp/ro/a.txt"
chmod 644 "$tmp/ro/a.txt"
chmod 555 "$tmp/ro"
if [ "$(id -u)" -eq 0 ]; then
    # root ignores permissions: drop to nobody for this case.
    run_ro() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
else
    run_ro() { "$@"; }
fi
run_ro "$bin" --fix "$tmp/ro/a.txt" >/dev/null 2>"$tmp/err"; expect readonly 2 $?
expect_grep readonly-msg "cannot write '$tmp/ro/a.txt'" "$tmp/err"
cmp -s "$fixture" "$tmp/ro/a.txt" && ok || bad "readonly: the original changed"
[ "$(ls -A "$tmp/ro")" = a.txt ] && ok || bad "readonly: files left: $(ls -A "$tmp/ro")"
chmod 755 "$tmp/ro"
mkdir -p "$tmp/links"
cp "$fixture" "$tmp/links/target.txt"
ln -s target.txt "$tmp/links/link.txt"
"$bin" --fix "$tmp/links/link.txt" >/dev/null 2>"$tmp/err"; expect symlink 2 $?
expect_grep symlink-msg "symbolic link" "$tmp/err"
cmp -s "$fixture" "$tmp/links/target.txt" && ok || bad "symlink: target changed"
[ -L "$tmp/links/link.txt" ] && ok || bad "symlink: link replaced"
ln "$tmp/links/target.txt" "$tmp/links/hard.txt"
"$bin" --fix "$tmp/links/hard.txt" >/dev/null 2>"$tmp/err"; expect hardlink 2 $?
expect_grep hardlink-msg "hard links" "$tmp/err"
cmp -s "$fixture" "$tmp/links/target.txt" && ok || bad "hardlink: file changed"

# ---- --diff: writes nothing, applies with git apply ---------------------
mkdir -p "$tmp/repo/wire"
cp "$fixture" "$tmp/repo/wire/a.txt"
cp "$seed" "$tmp/repo/wire/b.txt"
printf 'No newline at the end the the' > "$tmp/repo/wire/c.txt"
(cd "$tmp/repo" && git init -q && git add . && git -c user.email=t@t -c user.name=t commit -qm init)
before=$(cd "$tmp/repo" && sha1sum wire/*)
(cd "$tmp/repo" && "$bin" --diff wire > "$tmp/fix.diff" 2>"$tmp/err"); expect diff-status 1 $?
[ "$before" = "$(cd "$tmp/repo" && sha1sum wire/*)" ] && ok || bad "--diff wrote files"
grep -q '^--- a/wire/a.txt' "$tmp/fix.diff" && ok || bad "--diff header"
grep -q '^\\ No newline at end of file' "$tmp/fix.diff" && ok || bad "--diff: no-newline marker"
(cd "$tmp/repo" && git apply --check "$tmp/fix.diff" 2>"$tmp/err" && git apply "$tmp/fix.diff") \
    && ok || { bad "git apply refused the diff:"; cat "$tmp/err" "$tmp/fix.diff" >&2; }
mkdir -p "$tmp/viafix"
cp "$fixture" "$tmp/viafix/a.txt"; cp "$seed" "$tmp/viafix/b.txt"
printf 'No newline at the end the the' > "$tmp/viafix/c.txt"
"$bin" --fix -q --fail-on never "$tmp/viafix" >/dev/null 2>&1
for f in a b c; do
    cmp -s "$tmp/repo/wire/$f.txt" "$tmp/viafix/$f.txt" && ok || bad "--diff + git apply != --fix for $f.txt"
done
(cd "$tmp/repo" && "$bin" --diff wire > "$tmp/fix2.diff" 2>/dev/null); expect diff-clean 0 $?
[ ! -s "$tmp/fix2.diff" ] && ok || bad "--diff after the fixes is not empty"
echo "the the end" | "$bin" --diff --stdin-filename=in.txt - > "$tmp/out" 2>&1
expect_grep diff-stdin "+++ b/in.txt" "$tmp/out"

# ---- baselines ----------------------------------------------------------
mkdir -p "$tmp/base"
cd "$tmp/base"
cp "$fixture" story.txt
printf 'The the first.\n\nSecond line the the same.\n\nSecond line the the same.\n' > dup.txt
"$bin" --write-baseline=b.json story.txt dup.txt >/dev/null 2>&1; expect write-baseline 0 $?
"$bin" --write-baseline=b2.json story.txt dup.txt >/dev/null 2>&1
cmp -s b.json b2.json && ok || bad "baseline not reproducible"
$py -c 'import json,sys; d=json.load(open("b.json")); assert d["findings"] and all(set(e)>={"file","rule","fingerprint","count"} for e in d["findings"])' \
    && ok || bad "baseline file fields"
"$bin" --baseline=b.json story.txt dup.txt >"$tmp/out" 2>"$tmp/err"; expect baseline-clean 0 $?
[ ! -s "$tmp/out" ] && ok || bad "baselined findings were shown"
expect_grep baseline-summary "in the baseline" "$tmp/err"
# Unrelated edits: a paragraph added on top moves every line.
{ printf 'A new first paragraph, written later.\n\n'; cat "$fixture"; } > story.txt
"$bin" --baseline=b.json story.txt dup.txt >"$tmp/out" 2>&1; expect baseline-moved 0 $?
# A new finding fails, and only it is shown.
printf '\nA new new error.\n' >> story.txt
"$bin" --plain --baseline=b.json story.txt dup.txt >"$tmp/out" 2>&1; expect baseline-new 1 $?
[ "$(grep -c 'repeat.word' "$tmp/out")" = 1 ] && ok || { bad "baseline-new: expected one finding:"; cat "$tmp/out" >&2; }
# Counts: two identical findings recorded, a third one is new.
printf '\nSecond line the the same.\n' >> dup.txt
"$bin" --plain --baseline=b.json dup.txt >"$tmp/out" 2>&1; expect baseline-count 1 $?
[ "$(grep -c 'repeat.word' "$tmp/out")" = 1 ] && ok || bad "baseline-count: expected one finding"
echo '{"findings": 3}' > broken.json
"$bin" --baseline=broken.json dup.txt >/dev/null 2>"$tmp/err"; expect baseline-broken 2 $?
"$bin" --baseline=missing.json dup.txt >/dev/null 2>"$tmp/err"; expect baseline-missing 2 $?
cd "$top"

# ---- --max-findings -----------------------------------------------------
n=$("$bin" -f line "$fixture" 2>/dev/null | grep -c ':\(warning\|error\):')
"$bin" --max-findings=$n "$fixture" >/dev/null 2>&1; expect max-findings-equal 0 $?
"$bin" --max-findings=$((n - 1)) "$fixture" >/dev/null 2>&1; expect max-findings-over 1 $?
"$bin" --max-findings=x "$fixture" >/dev/null 2>&1; expect max-findings-bad 2 $?

# ---- paths --------------------------------------------------------------
mkdir -p "$tmp/tree/b/deep" "$tmp/tree/a" "$tmp/tree/.hidden" "$tmp/tree/skipme"
for f in a/one.txt b/two.md b/deep/three.txt .hidden/h.txt skipme/s.txt c.text; do
    printf 'Words the the end.\n' > "$tmp/tree/$f"
done
printf 'x\n' > "$tmp/tree/code.c"
ln -s .. "$tmp/tree/b/deep/up"
timeout 20 "$bin" -f line "$tmp/tree" >"$tmp/out" 2>"$tmp/err"; expect walk 1 $?
cut -d: -f1 "$tmp/out" | sed "s|$tmp/tree/||" | tr '\n' ' ' > "$tmp/files"
[ "$(cat "$tmp/files")" = "a/one.txt b/deep/three.txt b/two.md skipme/s.txt " ] && ok \
    || bad "walk order/filter: $(cat "$tmp/files")"
expect_grep walk-loop "symbolic link loop" "$tmp/err"
"$bin" -f line --exclude='skip*' --include='*.text' --include='*.md' "$tmp/tree" 2>/dev/null \
    | cut -d: -f1 | sed "s|$tmp/tree/||" | tr '\n' ' ' > "$tmp/files"
[ "$(cat "$tmp/files")" = "b/two.md c.text " ] && ok || bad "include/exclude: $(cat "$tmp/files")"
"$bin" -f line --exclude='b/deep*' "$tmp/tree" 2>/dev/null | grep -q three && bad "path glob exclude" || ok
"$bin" -f line "$tmp/tree/code.c" >/dev/null 2>&1; expect explicit-file 0 $?
echo 'It was the the end.' | "$bin" -f line --stdin-filename=wire/in.txt - > "$tmp/out" 2>&1
expect_grep stdin-name "^wire/in.txt:1:8:warning:repeat.word" "$tmp/out"

# ---- --jobs: same bytes as --jobs 1, every format ----------------------
for fmt in text json jsonl sarif github checkstyle rdjsonl line html; do
    "$bin" -f "$fmt" --color=never -j1 "$top/tests/golden" "$top/seeds" >"$tmp/j1" 2>"$tmp/j1e"; s1=$?
    for j in 2 5; do
        "$bin" -f "$fmt" --color=never -j$j "$top/tests/golden" "$top/seeds" >"$tmp/jn" 2>"$tmp/jne"; sn=$?
        if cmp -s "$tmp/j1" "$tmp/jn" && [ "$s1" = "$sn" ]; then ok; else bad "--jobs $j differs from --jobs 1 ($fmt)"; fi
    done
done
"$bin" -j0 "$fixture" >/dev/null 2>&1; expect jobs-zero 2 $?

# ---- escaping ------------------------------------------------------------
odd="$tmp/odd, name: 100%.txt"
printf 'It was the the end & <b>more</b> \001 here.\n' > "$odd"
"$bin" -f github "$odd" > "$tmp/out" 2>/dev/null
expect_grep github-path "file=$tmp/odd%2C name%3A 100%25.txt,line=1,col=8,endLine=1,endColumn=15,title=repeat.word::" "$tmp/out"
"$bin" -f checkstyle "$odd" "$fixture" > "$tmp/cs.xml" 2>/dev/null
$py -c 'import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); assert r.tag=="checkstyle" and len(r.findall("file"))==2 and r.findall("file/error")' "$tmp/cs.xml" \
    && ok || bad "checkstyle is not well-formed XML with findings"
"$bin" -f html "$odd" > "$tmp/r.html" 2>/dev/null
grep -q '<b>more' "$tmp/r.html" && bad "html: markup from the article not escaped" || ok
grep -q '&lt;b&gt;' "$tmp/r.html" && ok || bad "html: escaped text missing"
"$bin" -f rdjsonl "$fixture" > "$tmp/rd" 2>/dev/null
"$bin" -f jsonl "$fixture" > "$tmp/jl" 2>/dev/null
"$bin" -f json "$fixture" > "$tmp/j" 2>/dev/null
$py - "$fixture" "$tmp/rd" "$tmp/jl" "$tmp/j" <<'PY' && ok || bad "rdjsonl/jsonl content"
import json, sys
raw = open(sys.argv[1], "rb").read()
rd = [json.loads(l) for l in open(sys.argv[2])]
jl = [json.loads(l) for l in open(sys.argv[3])]
js = json.load(open(sys.argv[4]))["diagnostics"]
assert jl == js, "jsonl lines are not the json diagnostics"
assert len(rd) == len(js)
lines = raw.split(b"\n")
starts = [0]
for l in lines[:-1]:
    starts.append(starts[-1] + len(l) + 1)
for r, d in zip(rd, js):
    assert r["code"]["value"] == d["rule"] and r["message"] == d["message"]
    if d["line"] is None:
        continue
    s = r["location"]["range"]["start"]
    # reviewdog columns are UTF-8 bytes
    assert starts[s["line"] - 1] + s["column"] - 1 == d["offset"], (r, d)
    assert r["severity"] == d["severity"].upper()
    for sug, fx in zip(r.get("suggestions", []), d["fixes"]):
        st = sug["range"]["start"]
        assert starts[st["line"] - 1] + st["column"] - 1 == fx["offset"]
        assert sug["text"] == fx["text"]
PY

# ---- files under another configuration with a rule of its own ----------
mkdir -p "$tmp/cfg/desk/styles/Desk"
cat > "$tmp/cfg/desk/styles/Desk/Zebra.yml" <<'YML'
extends: existence
message: "no zebras: '%s'"
level: error
tokens:
  - zebra
YML
printf 'styles_path: styles\nstyle: [Desk]\n' > "$tmp/cfg/desk/.copylint.yml"
printf 'A zebra crossed the the road.\n' > "$tmp/cfg/desk/a.txt"
printf 'It was the the end.\n' > "$tmp/cfg/b.txt"
"$bin" -f sarif --fail-on never "$tmp/cfg" > "$tmp/cfg.sarif" 2>"$tmp/err"
$py - "$tmp/cfg.sarif" <<'PY' && ok || bad "sarif with a configuration's own rule"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
res = run["results"]
assert any(r["ruleId"] == "Desk.Zebra" for r in res), [r["ruleId"] for r in res]
for r in res:
    if "ruleIndex" in r:
        assert ids[r["ruleIndex"]] == r["ruleId"], r
    else:
        assert r["ruleId"] not in ids, r
PY
"$bin" -f html --fail-on never "$tmp/cfg" > "$tmp/cfg.html" 2>/dev/null
grep -q '<code>Desk.Zebra</code></td><td>error</td><td class="n">1<' "$tmp/cfg.html" && ok \
    || bad "html counts of a configuration's own rule"

# ---- the text format's first lines ------------------------------------------
# --plain writes each finding's first line straight into its buffer; it
# must say what the JSON says, field for field; and the coloured text
# (written field by field), stripped of its colours, must be the plain
# text, excerpts and all.
for src in "$fixture" "$seed"; do
    "$bin" --plain --fail-on never "$src" > "$tmp/first.plain" 2>/dev/null
    "$bin" -f json --fail-on never "$src" > "$tmp/first.json" 2>/dev/null
    $py - "$tmp/first.json" "$tmp/first.plain" <<'PY' && ok || bad "plain first lines of $src differ from the JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
want = "".join("%s:%d:%d: %s: %s [%s]\n" % (d["file"], d["line"], d["column"],
               d["severity"], d["message"], d["rule"]) for d in doc["diagnostics"])
got = open(sys.argv[2], encoding="utf-8", errors="surrogateescape").read()
assert want and got == want, (got, want)
PY
    "$bin" --color=never --fail-on never "$src" > "$tmp/first.never" 2>/dev/null
    "$bin" --color=always --fail-on never "$src" 2>/dev/null |
        sed 's/\x1b\[[0-9;]*m//g' > "$tmp/first.always"
    cmp -s "$tmp/first.never" "$tmp/first.always" && ok \
        || bad "coloured text of $src, colours stripped, differs from the plain text"
done

echo "outputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
