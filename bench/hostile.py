#!/usr/bin/env python3
"""bench/hostile.py: single big files for the linearity check (issue 6:
10x the input must take at most 11x the time). Deterministic: the same
arguments always write the same bytes. Python 3 standard library only.

usage: hostile.py OUTDIR LIST_1M LIST_10M

Writes, for SIZE in 1m and 10m:
  concat-SIZE.txt   the articles of subset-SIZE.list in one file, one blank
                    line between them: a single very long "article"
  oneline-SIZE.txt  the same with every line break turned into a space:
                    one paragraph on one line
  quotes-SIZE.txt   sentences full of unbalanced, reversed and spaced quotes
                    and apostrophes, in paragraphs that continue quotations
  names-SIZE.txt    paragraphs of capitalised names, many near-variants of
                    each other (name clustering, title and month checks)
"""
import random
import sys


def concat(paths):
    parts = []
    for p in paths:
        with open(p, "rb") as f:
            parts.append(f.read().rstrip(b"\n"))
    return b"\n\n".join(parts) + b"\n"


def quotes(size, rng):
    pieces = ["\u201c", "\u201d", "\u2018", "\u2019", '"', "'", " \u201d", "\u201c "]
    words = ["said", "the", "minister", "May-find.", "dialogue.", "with",
             "rock", "n", "roll", "it", "it", "80s", "o", "clock", "Jan-Gen."]
    out, n = [], 0
    while n < size:
        para = []
        for _ in range(rng.randint(20, 80)):
            w = rng.choice(words)
            if rng.random() < 0.3:
                w = rng.choice(pieces) + w
            if rng.random() < 0.3:
                w = w + rng.choice(pieces)
            para.append(w)
        s = " ".join(para) + "."
        out.append(s)
        n += len(s.encode()) + 2
    return ("\n\n".join(out) + "\n").encode()


def names(size, rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    stems = ["".join(rng.choice(letters) for _ in range(rng.randint(4, 9))).capitalize()
             for _ in range(400)]
    out, n = [], 0
    while n < size:
        sent = []
        for _ in range(rng.randint(8, 30)):
            s = rng.choice(stems)
            if rng.random() < 0.4:  # a near variant: swap, drop or double a letter
                i = rng.randrange(1, len(s))
                k = rng.random()
                if k < 0.33 and i + 1 < len(s):
                    s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
                elif k < 0.66:
                    s = s[:i] + s[i + 1:]
                else:
                    s = s[:i] + s[i] + s[i:]
            sent.append(s)
        text = " ".join(sent) + " said on Tuesday."
        out.append(text)
        n += len(text.encode()) + 2
    return ("\n\n".join(out) + "\n").encode()


def main():
    outdir, l1, l10 = sys.argv[1:4]
    for tag, lst, size in (("1m", l1, 1_000_000), ("10m", l10, 10_000_000)):
        with open(lst) as f:
            paths = [l.strip() for l in f if l.strip()]
        data = concat(paths)
        files = {
            "concat": data,
            "oneline": data.replace(b"\r", b" ").replace(b"\n", b" ").rstrip() + b"\n",
            "quotes": quotes(size, random.Random(6)),
            "names": names(size, random.Random(6)),
        }
        for kind, b in files.items():
            with open(f"{outdir}/{kind}-{tag}.txt", "wb") as f:
                f.write(b)


if __name__ == "__main__":
    main()
