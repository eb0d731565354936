#!/bin/bash
# Validates copylint's SARIF against the official SARIF 2.1.0 JSON schema
# with Debian's python3-jsonschema (scripts/setup.sh installs it). The
# schema is not in this repository: it is looked for in the shared folder
# beside the checkout ($COPYLINT_SARIF_SCHEMA, <top>/../shared/schemas,
# <top>/../../shared/schemas for a worktree); without it the test is
# skipped (exit 77) with a message. A missing validator is a failure.
set -u
bin=$1
top=$2
schema=${COPYLINT_SARIF_SCHEMA:-}
if [ -z "$schema" ]; then
    for d in "$top/../shared/schemas" "$top/../../shared/schemas"; do
        if [ -f "$d/sarif-schema-2.1.0.json" ]; then
            schema="$d/sarif-schema-2.1.0.json"
            break
        fi
    done
fi
if [ -z "$schema" ] || [ ! -f "$schema" ]; then
    echo "SKIP: SARIF schema not found (set COPYLINT_SARIF_SCHEMA or provide ../shared/schemas/sarif-schema-2.1.0.json)" >&2
    exit 77
fi
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    echo "FAIL: python3-jsonschema is missing (apt-get install python3-jsonschema; scripts/setup.sh does)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Cases: the seed, the fixture (fixes, invalid UTF-8), an empty file
# (whole-file finding, no region), a clean file (no results), an
# absolute path with characters that need percent-encoding.
: > "$tmp/empty.txt"
printf 'A clean sentence.\n' > "$tmp/clean.txt"
mkdir -p "$tmp/odd dir"
cp "$top/tests/golden/formats/fixture.txt" "$tmp/odd dir/ünï cödé#1.txt"
fail=0
run() { # name args...
    local name=$1
    shift
    "$bin" --format=sarif --fail-on=never "$@" > "$tmp/$name.sarif" 2>"$tmp/err"
    if ! /usr/bin/python3 - "$schema" "$tmp/$name.sarif" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
v = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(v.iter_errors(log), key=lambda e: list(e.path))
for e in errors[:10]:
    print("  at /%s: %s" % ("/".join(map(str, e.path)), e.message), file=sys.stderr)
run = log["runs"][0]
assert run["columnKind"] == "unicodeCodePoints", "columnKind"
rules = run["tool"]["driver"]["rules"]
for r in rules:
    for k in ("id", "shortDescription", "defaultConfiguration", "help"):
        assert k in r, "rule %s lacks %s" % (r.get("id"), k)
for res in run["results"]:
    assert rules[res["ruleIndex"]]["id"] == res["ruleId"], "ruleIndex"
    assert res["level"] in ("error", "warning", "note"), res["level"]
sys.exit(1 if errors else 0)
PY
    then
        echo "FAIL: $name: SARIF does not validate" >&2
        fail=$((fail + 1))
    else
        echo "ok: $name ($(grep -o '"ruleId"' "$tmp/$name.sarif" | wc -l) results)"
    fi
}
(cd "$top/seeds" && "$bin" --format=sarif --fail-on=never 000_c6492637f5053c95.txt) > /dev/null
run seed "$top/seeds/000_c6492637f5053c95.txt"
run fixture "$top/tests/golden/formats/fixture.txt"
run empty "$tmp/empty.txt"
run clean "$tmp/clean.txt"
run odd-path "$tmp/odd dir/ünï cödé#1.txt"
run several -j2 "$top/seeds" "$top/tests/golden/formats/fixture.txt" "$tmp/empty.txt"
# A rule file's Vale `link`: the rule's helpUri in SARIF, and a "link"
# field on its findings in JSON.
mkdir -p "$tmp/styles/Linked"
printf 'extends: existence\nmessage: "avoid %%s"\nlink: https://example.org/style#utilize\ntokens: [utilize]\n' \
    > "$tmp/styles/Linked/Utilize.yml"
printf 'They utilize it.\n' > "$tmp/linked.txt"
run linked --no-config --styles-path "$tmp/styles" --style Linked "$tmp/linked.txt"
if ! grep -q '"helpUri": *"https://example.org/style#utilize"' "$tmp/linked.sarif"; then
    echo "FAIL: linked: no helpUri for Linked.Utilize" >&2
    fail=$((fail + 1))
fi
"$bin" --format=json --fail-on=never --no-config --styles-path "$tmp/styles" \
    --style Linked "$tmp/linked.txt" > "$tmp/linked.json" 2>/dev/null
if ! grep -q '"link": *"https://example.org/style#utilize"' "$tmp/linked.json"; then
    echo "FAIL: linked: no link in the JSON finding" >&2
    fail=$((fail + 1))
fi
[ "$fail" -eq 0 ]
