#!/usr/bin/env python3
"""bench/quality/inject.py: known damage in copies of corpus articles, with
the ground truth, for the quality benchmark (bench/quality/run.sh).

usage: inject.py CORPUS OUTDIR [--seed N] [--per-kind K]

Picks articles from CORPUS (reuters/, bbc/, guardian/; 120 to 900 words,
sampled with the seed from the sorted file list) and writes:

  OUTDIR/clean/NAME.txt     the untouched article (false alarms)
  OUTDIR/damaged/NAME.txt   the same article with ONE injected error
  OUTDIR/truth.tsv          NAME, line (1-based, in the damaged copy), kind,
                            family, what was done

K articles per kind (default 25). Every kind copylint checks:

  family    kind                 damage
  garble    month-compound       a capitalised word gets a month glued on ("May-Iranian")
  garble    title                a name gets a mangled title before it ("May-find. Jennie Carignan")
  garble    sentence-break       a period before a preposition mid-clause ("dialogue. with the")
  quote     reversed-close       a closing quotation mark typed as an opening one (“ … “)
  quote     space-inside         a space inside a quotation mark (" a b" / “ a b”)
  quote     unclosed             a quotation that is never closed (the closing mark deleted)
  repeat    repeated-word        a lower-case word typed twice ("the the")
  names     name-variant         a second spelling of a name the article already uses
  spelling  misspelling          two letters of a common word swapped, or one dropped
  residue   residue-line         "Advertisement", "Click here to subscribe", … as a paragraph
  encoding  mojibake             ’ “ ” — é encoded as UTF-8 read as Windows-1252 (â€™)
  markup    html-entity          &amp; for &, &nbsp; for a space, &quot; or &#39;

Deterministic: the same corpus, seed and K give the same bytes. Python 3
standard library only. Misspellings are checked against the en_US hunspell
word list when /usr/share/hunspell/en_US.dic exists, so that a swap never
makes another real word.
"""
import argparse
import os
import random
import re
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
RESIDUE = ["Advertisement", "Story continues below advertisement",
           "Click here to subscribe", "Read more", "Share this article"]
MANGLED_TITLES = ["May-find.", "Lt.-Ben.", "Maj.-Fen.", "Mag.-Gen.", "Brig.-Hen."]
PREPS = ["with", "and", "for", "from", "which", "that", "in", "to", "on", "by"]
WORD = re.compile(r"[A-Za-z]+")
CAP_PAIR = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")
STRAIGHT_PAIR = re.compile(r'"([^"\n]{8,200})"')
CURLY_PAIR = re.compile(r"\u201c([^\u201c\u201d\n]{8,200})\u201d")

KINDS = [
    ("garble", "month-compound"), ("garble", "title"),
    ("garble", "sentence-break"), ("quote", "reversed-close"),
    ("quote", "space-inside"), ("quote", "unclosed"),
    ("repeat", "repeated-word"), ("names", "name-variant"),
    ("spelling", "misspelling"), ("residue", "residue-line"),
    ("encoding", "mojibake"), ("markup", "html-entity"),
]


def load_words():
    words = set()
    path = "/usr/share/hunspell/en_US.dic"
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as f:
            next(f, None)
            for line in f:
                words.add(line.split("/")[0].strip().lower())
    return words


def body_lines(lines):
    """Indices of paragraph lines worth damaging: not the headline, not
    blank, mostly lower-case prose."""
    out = []
    for i, l in enumerate(lines):
        if i == 0 or len(l) < 60:
            continue
        letters = [c for c in l if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) > 0.3 * len(letters):
            continue
        if "  " in l or "\t" in l:  # tables
            continue
        out.append(i)
    return out


def pick(rng, items):
    return items[rng.randrange(len(items))] if items else None


def inner_words(line, rng, minlen):
    """Lower-case words inside the line (not first or last word)."""
    ms = [m for m in WORD.finditer(line)]
    ms = ms[1:-1]
    return [m for m in ms if m.group().islower() and len(m.group()) >= minlen]


def do_month(lines, rng, ctx):
    cands = []
    for i in body_lines(lines):
        for m in CAP_PAIR.finditer(lines[i]):
            if m.group(1) not in MONTHS:
                cands.append((i, m.start(1)))
    c = pick(rng, cands)
    if not c:
        return None
    i, at = c
    month = rng.choice(["May", "March", "June", "October"])
    lines[i] = lines[i][:at] + month + "-" + lines[i][at:]
    return i, f"'{month}-' glued to a word"


def do_title(lines, rng, ctx):
    cands = []
    for i in body_lines(lines):
        for m in CAP_PAIR.finditer(lines[i]):
            cands.append((i, m.start(1)))
    c = pick(rng, cands)
    if not c:
        return None
    i, at = c
    t = rng.choice(MANGLED_TITLES)
    lines[i] = lines[i][:at] + t + " " + lines[i][at:]
    return i, f"'{t}' before a name"


def do_break(lines, rng, ctx):
    cands = []
    for i in body_lines(lines):
        for m in re.finditer(r"(?<=[a-z]) (" + "|".join(PREPS) + r") (?=[a-z])", lines[i]):
            if m.start() > 20:
                cands.append((i, m.start()))
    c = pick(rng, cands)
    if not c:
        return None
    i, at = c
    lines[i] = lines[i][:at] + "." + lines[i][at:]
    return i, "period before a preposition"


def quote_pairs(lines):
    out = []
    for i in body_lines(lines):
        for m in STRAIGHT_PAIR.finditer(lines[i]):
            out.append((i, m, '"', '"'))
        for m in CURLY_PAIR.finditer(lines[i]):
            out.append((i, m, "\u201c", "\u201d"))
    return out


def do_reversed(lines, rng, ctx):
    c = pick(rng, quote_pairs(lines))
    if not c:
        return None
    i, m, o, cl = c
    # The closing mark typed as an opening one: straight copy gets curly
    # marks for this quotation, as an editor's keyboard would.
    lines[i] = lines[i][:m.start()] + "\u201c" + m.group(1) + "\u201c" + lines[i][m.end():]
    return i, "closing mark typed as an opening one"


def do_space(lines, rng, ctx):
    c = pick(rng, quote_pairs(lines))
    if not c:
        return None
    i, m, o, cl = c
    if rng.random() < 0.5:
        new = o + " " + m.group(1) + cl
    else:
        new = o + m.group(1) + " " + cl
    lines[i] = lines[i][:m.start()] + new + lines[i][m.end():]
    return i, "space inside a quotation mark"


def do_unclosed(lines, rng, ctx):
    # A pair followed by more text in the same paragraph, so the wire
    # convention (a quotation continued in the next paragraph) is not it.
    cands = [c for c in quote_pairs(lines) if len(lines[c[0]]) - c[1].end() > 15]
    c = pick(rng, cands)
    if not c:
        return None
    i, m, o, cl = c
    lines[i] = lines[i][:m.start()] + o + m.group(1) + lines[i][m.end():]
    return i, "closing quotation mark deleted"


def do_repeat(lines, rng, ctx):
    cands = []
    for i in body_lines(lines):
        for m in inner_words(lines[i], rng, 2):
            if m.group() not in ("had", "that", "is", "do"):
                cands.append((i, m))
    c = pick(rng, cands)
    if not c:
        return None
    i, m = c
    lines[i] = lines[i][:m.end()] + " " + m.group() + lines[i][m.end():]
    return i, f"'{m.group()}' doubled"


def do_name(lines, rng, ctx):
    words = ctx["words"]
    seen = {}
    for i in body_lines(lines):
        for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{4,}\b", lines[i]):
            seen.setdefault(m.group(), []).append((i, m))
    names = [n for n, occ in seen.items()
             if len(occ) >= 2 and n.lower() not in words and n not in MONTHS]
    n = pick(rng, sorted(names))
    if not n:
        return None
    i, m = seen[n][-1]
    k = rng.randrange(2, len(n) - 1)
    variants = [n[:k] + n[k] + n[k:],            # doubled letter
                n[:k] + n[k + 1:],               # dropped letter
                n[:k] + n[k + 1] + n[k] + n[k + 2:]]  # swapped
    v = rng.choice([x for x in variants if x != n])
    lines[i] = lines[i][:m.start()] + v + lines[i][m.end():]
    return i, f"'{n}' also written '{v}'"


def do_misspell(lines, rng, ctx):
    words = ctx["words"]
    cands = []
    for i in body_lines(lines):
        for m in inner_words(lines[i], rng, 5):
            cands.append((i, m))
    rng.shuffle(cands)
    for i, m in cands:
        w = m.group()
        k = rng.randrange(1, len(w) - 2)
        if rng.random() < 0.5:
            bad = w[:k] + w[k + 1] + w[k] + w[k + 2:]
        else:
            bad = w[:k] + w[k + 1:]
        if bad == w or (words and bad.lower() in words):
            continue
        lines[i] = lines[i][:m.start()] + bad + lines[i][m.end():]
        return i, f"'{w}' misspelt '{bad}'"
    return None


def do_residue(lines, rng, ctx):
    paras = [i for i in range(2, len(lines)) if lines[i] == "" and i + 1 < len(lines)]
    i = pick(rng, paras)
    if i is None:
        return None
    r = rng.choice(RESIDUE)
    lines[i:i] = ["", r]
    return i + 1, f"'{r}' line"


MOJI = {"\u2019": "\u00e2\u20ac\u2122", "\u201c": "\u00e2\u20ac\u0153",
        "\u201d": "\u00e2\u20ac\u009d", "\u2014": "\u00e2\u20ac\u201d",
        "\u00e9": "\u00c3\u00a9", "'": "\u00e2\u20ac\u2122"}


def do_mojibake(lines, rng, ctx):
    cands = []
    for i in body_lines(lines):
        for m in re.finditer(r"(?<=[A-Za-z])['\u2019](?=[a-z])|[\u201c\u201d\u2014\u00e9]", lines[i]):
            cands.append((i, m))
    c = pick(rng, cands)
    if not c:
        return None
    i, m = c
    lines[i] = lines[i][:m.start()] + MOJI[m.group()] + lines[i][m.end():]
    return i, f"'{m.group()}' as mojibake"


def do_entity(lines, rng, ctx):
    cands = []
    for i in body_lines(lines):
        l = lines[i]
        for m in re.finditer(r" & |(?<=[a-z]) (?=[a-z])|(?<=[A-Za-z])'(?=[a-z])|\"", l):
            cands.append((i, m))
    c = pick(rng, cands)
    if not c:
        return None
    i, m = c
    g = m.group()
    rep = {" & ": " &amp; ", " ": "&nbsp;", "'": "&#39;", '"': "&quot;"}[g]
    lines[i] = lines[i][:m.start()] + rep + lines[i][m.end():]
    return i, f"{rep.strip()} in the text"


DO = {"month-compound": do_month, "title": do_title,
      "sentence-break": do_break, "reversed-close": do_reversed,
      "space-inside": do_space, "unclosed": do_unclosed,
      "repeated-word": do_repeat, "name-variant": do_name,
      "misspelling": do_misspell, "residue-line": do_residue,
      "mojibake": do_mojibake, "html-entity": do_entity}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--per-kind", type=int, default=25)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    files = []
    for sub in ("reuters", "bbc", "guardian"):
        d = os.path.join(a.corpus, sub)
        for n in sorted(os.listdir(d)):
            if n.endswith(".txt"):
                files.append((sub, os.path.join(d, n)))
    rng.shuffle(files)
    ctx = {"words": load_words()}
    os.makedirs(os.path.join(a.outdir, "clean"), exist_ok=True)
    os.makedirs(os.path.join(a.outdir, "damaged"), exist_ok=True)
    truth = []
    it = iter(files)
    for family, kind in KINDS:
        done = 0
        tries = 0
        while done < a.per_kind:
            try:
                sub, path = next(it)
            except StopIteration:
                sys.exit(f"inject: ran out of articles for {kind}")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            nwords = len(text.split())
            if not 120 <= nwords <= 900:
                continue
            lines = text.split("\n")
            r = DO[kind](lines, rng, ctx)
            tries += 1
            if not r:
                continue
            i, what = r
            name = f"{kind}-{done:02d}-{sub}-{os.path.basename(path)}"
            with open(os.path.join(a.outdir, "clean", name), "w", encoding="utf-8") as f:
                f.write(text)
            with open(os.path.join(a.outdir, "damaged", name), "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            truth.append((name, i + 1, kind, family, what))
            done += 1
    with open(os.path.join(a.outdir, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("file\tline\tkind\tfamily\twhat\n")
        for t in truth:
            f.write("\t".join(str(x) for x in t) + "\n")
    print(f"inject: {len(truth)} damaged articles in {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
