#!/usr/bin/python3
"""Checks one --fix round trip, independently of copylint's C code.

fixcheck.py BEFORE_BYTES BEFORE_JSON AFTER_BYTES AFTER_JSON MODE

BEFORE_JSON is `copylint --format=json` of the original, AFTER_JSON of the
file after `copylint --fix[=all]` (MODE safe or all). The script chooses
the edits by the documented rule (copylint.h: first qualifying fix of each
finding; by start, longer first, then finding order; skip overlaps and
shared starts; identical edits merge), applies them itself and requires:
  1. the fixed file equals that, byte for byte (nothing else changed);
  2. no fixed finding is reported again at its new place;
  3. every finding that was not fixed is still reported, at its new place.
"""
import json
import sys

before, bjson, after, ajson, mode = sys.argv[1:6]
old = open(before, "rb").read()
new = open(after, "rb").read()
bd = json.load(open(bjson))["diagnostics"]
ad = json.load(open(ajson))["diagnostics"]

cands = []
for i, d in enumerate(bd):
    for f in d["fixes"]:
        if f["safe"] or mode == "all":
            cands.append((f["offset"], f["length"], f["text"].encode(), i))
            break
cands.sort(key=lambda c: (c[0], -c[1], c[3]))
taken, fixed = [], set()
for c in cands:
    if taken:
        p = taken[-1]
        if c[:3] == p[:3]:
            fixed.add(c[3])
            continue
        if c[0] < p[0] + p[1] or c[0] == p[0]:
            continue
    taken.append(c)
    fixed.add(c[3])

out, pos = bytearray(), 0
for off, ln, text, _ in taken:
    out += old[pos:off] + text
    pos = off + ln
out += old[pos:]
errors = []
if bytes(out) != new:
    errors.append("the fixed file is not the original with exactly the "
                  "chosen edits applied")


def moved(off):
    """Where byte `off` of the original is after the edits (None inside
    an edit)."""
    delta = 0
    for e_off, e_len, text, _ in taken:
        if off >= e_off + e_len and not (e_len == 0 and off == e_off):
            delta += len(text) - e_len
        elif off >= e_off and off < e_off + e_len:
            return None
    return off + delta


after_keys = {(d["rule"], d["offset"]) for d in ad}
for i, d in enumerate(bd):
    m = moved(d["offset"])
    if i in fixed:
        if m is not None and (d["rule"], m) in after_keys and d["length"] > 0:
            errors.append("fixed %s at %d is reported again at %d"
                          % (d["rule"], d["offset"], m))
    elif m is not None and (d["rule"], m) not in after_keys:
        errors.append("unfixed %s at %d is gone (expected at %d)"
                      % (d["rule"], d["offset"], m))
for e in errors:
    print("FAIL:", e, file=sys.stderr)
print("fixcheck: %d findings, %d fixed by %d edits, %d left"
      % (len(bd), len(fixed), len(taken), len(ad)))
if not fixed:
    print("FAIL: nothing was fixed: the case proves nothing", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if errors else 0)
