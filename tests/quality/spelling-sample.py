#!/usr/bin/env python3
"""Precision of the spelling and name checks on the corpus, from a labelled
random sample (issue 3: "at most 1 finding per 5,000 words; inspect what
remains").

Raw findings on ../shared/corpus are not false alarms: the 1987 Reuters copy
kept its real typos. So a seeded random sample of the spelling.* and names.*
findings is labelled by hand, one line each: tests/quality/spelling-sample.tsv
(300, drawn before the false-alarm fixes of issue 3, which were chosen from
it) and tests/quality/spelling-sample-after.tsv (200, drawn after them, so
an unbiased measure of what remains):

    finding <TAB> rule <TAB> word <TAB> label <TAB> class <TAB> excerpt

finding is corpus-relative `folder/file.txt:line:col`; label is `real` (an
error an editor would fix) or `false` (a false alarm); class says why
(`typo`, `jargon`, `lowercase-article`, ...); excerpt is a few words around
the finding, never a whole article.

  draw FINDINGS [N] [SEED]   print an unlabelled sample of N (300) findings
                             drawn with SEED (3) from a copylint --plain output
                             (tests/quality/corpus-report.sh writes one)
  estimate FINDINGS [TSV]    for the labelled sample, which findings still
                             fire in FINDINGS; estimates the false alarms and
                             the real errors per 5,000 words in FINDINGS, and
                             lists labelled real errors that no longer fire
                             (lost recall); TSV defaults to spelling-sample.tsv

The estimate assumes that today's findings are a subset of the ones the
sample was drawn from (fixes remove findings). After a change that adds
findings, draw and label a new sample.
"""
import collections
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, 'spelling-sample.tsv')
TOP = os.path.join(HERE, '..', '..')
# As corpus-report.sh: $COPYLINT_SHARED/corpus, else ../shared/corpus next
# to the checkout (or next to the folder of git worktrees).
CORPUS = next((c for c in (
    os.path.join(os.environ.get('COPYLINT_SHARED', '/nonexistent'), 'corpus'),
    os.path.join(TOP, '..', 'shared', 'corpus'),
    os.path.join(TOP, '..', '..', 'shared', 'corpus')) if os.path.isdir(c)),
    os.path.join(TOP, '..', 'shared', 'corpus'))
FAMILIES = ('spelling.', 'names.')
PAT = re.compile(r'^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): '
                 r'(?:error|warning|info): (?P<msg>.*) \[(?P<rule>[^\]]+)\]$')
WORDS_RE = re.compile(r'^#words (\S+) (\d+)$')


def rel(path):
    m = re.search(r'(?:^|/)((?:reuters|bbc|guardian)/[^/]+)$', path)
    return m.group(1) if m else path


def read_findings(path):
    """Yields (key, rule, word) for each spelling/names finding; returns
    also the word counts that corpus-report.sh writes (if any)."""
    out, words = [], {}
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            w = WORDS_RE.match(line)
            if w:
                words[w.group(1)] = int(w.group(2))
                continue
            m = PAT.match(line)
            if not m or not m.group('rule').startswith(FAMILIES):
                continue
            word = re.match(r"'([^']*)'", m.group('msg'))
            key = '%s:%s:%s' % (rel(m.group('file')), m.group('line'),
                                m.group('col'))
            out.append((key, m.group('rule'), word.group(1) if word else ''))
    return out, words


def excerpt(key, width=30):
    path, line, col = key.rsplit(':', 2)
    try:
        with open(os.path.join(CORPUS, path), encoding='utf-8') as f:
            text = f.read().split('\n')[int(line) - 1]
    except OSError:
        return ''
    c = int(col) - 1
    s = text[max(0, c - width):c + width].replace('\t', ' ')
    return ('...' if c > width else '') + s + '...'


def draw(args):
    findings, _ = read_findings(args[0])
    n = int(args[1]) if len(args) > 1 else 300
    seed = int(args[2]) if len(args) > 2 else 3
    findings.sort()
    sample = random.Random(seed).sample(findings, min(n, len(findings)))
    sample.sort()
    print('# finding\trule\tword\tlabel\tclass\texcerpt')
    for key, rule, word in sample:
        print('\t'.join((key, rule, word, '', '', excerpt(key))))


def load_tsv(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            p = line.rstrip('\n').split('\t')
            rows.append(dict(key=p[0], rule=p[1], word=p[2], label=p[3],
                             cls=p[4]))
    return rows


def estimate(args):
    findings, words = read_findings(args[0])
    rows = load_tsv(args[1] if len(args) > 1 else TSV)
    total_words = sum(words.values()) or 3667330
    now = {(k, r) for k, r, _ in findings}
    by_rule = collections.Counter(r for _, r, _ in findings)
    unlabelled = [r for r in rows if r['label'] not in ('real', 'false')]
    if unlabelled:
        sys.exit('spelling-sample: %d rows without a real/false label'
                 % len(unlabelled))
    firing = [r for r in rows if (r['key'], r['rule']) in now]
    lost = [r for r in rows
            if r['label'] == 'real' and (r['key'], r['rule']) not in now]
    gone_false = [r for r in rows
                  if r['label'] == 'false' and (r['key'], r['rule']) not in now]
    total = len(findings)
    per5k = 5000.0 / total_words
    print('findings (spelling.*, names.*): %d = %.2f per 5,000 words (%d words)'
          % (total, total * per5k, total_words))
    for rule, n in sorted(by_rule.items()):
        print('  %-22s %5d' % (rule, n))
    print('labelled sample: %d findings (%d real, %d false alarms)'
          % (len(rows), sum(r['label'] == 'real' for r in rows),
             sum(r['label'] == 'false' for r in rows)))
    print('  still firing: %d (%d real, %d false alarms); false alarms '
          'silenced: %d; real errors lost: %d'
          % (len(firing), sum(r['label'] == 'real' for r in firing),
             sum(r['label'] == 'false' for r in firing), len(gone_false),
             len(lost)))
    if firing:
        p = sum(r['label'] == 'false' for r in firing) / len(firing)
        # 95 % Wilson interval for the false-alarm share.
        z, n = 1.96, len(firing)
        mid = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = (z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5)
                / (1 + z * z / n))
        fa = p * total
        print('estimated false alarms: %.0f of %d findings (%.1f %%, 95 %% '
              'interval %.1f-%.1f %%) = %.2f per 5,000 words (%.2f-%.2f)'
              % (fa, total, 100 * p, 100 * (mid - half), 100 * (mid + half),
                 fa * per5k, (mid - half) * total * per5k,
                 (mid + half) * total * per5k))
        print('estimated real errors: %.0f = %.2f per 5,000 words'
              % ((1 - p) * total, (1 - p) * total * per5k))
    cls = collections.Counter((r['label'], r['cls']) for r in firing)
    print('still-firing sample by label and class:')
    for (label, c), n in sorted(cls.items(), key=lambda x: -x[1]):
        print('  %-6s %-22s %3d' % (label, c, n))
    if lost:
        print('LOST real errors (labelled real, no longer reported):')
        for r in lost:
            print('  %s %s %s (%s)' % (r['key'], r['rule'], r['word'], r['cls']))
    return 0


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('draw', 'estimate'):
        sys.exit(__doc__)
    return {'draw': draw, 'estimate': estimate}[sys.argv[1]](sys.argv[2:])


if __name__ == '__main__':
    sys.exit(main())
