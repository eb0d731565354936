#!/usr/bin/python3
"""The HTML report in a real browser (Debian's chromium, headless).

Lints the seed and the format fixture into one report, then loads a copy
of it with a small script appended that reads the rendered page: for every
highlight, its position in the article's text (in code points, as the
browser sees it), its text, its size on screen and its colour. The test
checks that every finding in copylint's JSON output is highlighted exactly
where the JSON says (line, column, end), over the same text as the file
holds there, drawn (non-zero size) in its severity's colour, listed beside
the text with a working link, and counted in the table at the top. The
report and a screenshot stay in the build folder (outputs-html/).

Usage: test-html.py COPYLINT TOP OUTDIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

bin_, top, outdir = sys.argv[1:4]
os.makedirs(outdir, exist_ok=True)
chromium = shutil.which("chromium") or "/usr/bin/chromium"
if not os.path.exists(chromium):
    sys.exit("FAIL: chromium is missing (apt-get install chromium; "
             "scripts/setup.sh does)")

inputs = [os.path.join(top, "seeds", "000_c6492637f5053c95.txt"),
          os.path.join(top, "tests", "golden", "formats", "fixture.txt")]
report = os.path.join(outdir, "report.html")
with open(report, "wb") as f:
    subprocess.run([bin_, "--format=html", "--fail-on=never", "-j2"] + inputs,
                   stdout=f, check=True)
js = subprocess.run([bin_, "--format=json", "--fail-on=never"] + inputs,
                    stdout=subprocess.PIPE, check=True).stdout
diags = json.loads(js)["diagnostics"]

PROBE = r"""
<script>
(function () {
  const out = [];
  const cps = s => Array.from(s).length;
  document.querySelectorAll("section.article").forEach(sec => {
    const pre = sec.querySelector("pre.text");
    const art = {file: sec.querySelector("h2").firstChild.textContent.trim(),
                 text: pre.textContent, pieces: [], anchors: {}, list: []};
    let pos = 0;
    const walk = node => {
      for (const ch of node.childNodes) {
        if (ch.nodeType === Node.TEXT_NODE) { pos += cps(ch.data); continue; }
        if (ch.nodeType !== Node.ELEMENT_NODE) continue;
        if (ch.id) art.anchors[ch.id] = pos;
        if (ch.dataset.f !== undefined) {
          const r = ch.getBoundingClientRect();
          const st = getComputedStyle(ch);
          art.pieces.push({f: ch.dataset.f.split(" ").map(Number), start: pos,
                           text: ch.textContent, w: r.width, h: r.height,
                           cls: ch.className,
                           bg: st.backgroundColor,
                           caret: getComputedStyle(ch, "::before").content,
                           title: ch.title});
        }
        walk(ch);
      }
    };
    walk(pre);
    sec.querySelectorAll("ol.findings li[data-f]").forEach(li => {
      const a = li.querySelector("a.pos");
      art.list.push({f: Number(li.dataset.f), href: a ? a.getAttribute("href") : null,
                     target: a ? !!document.getElementById(a.getAttribute("href").slice(1)) : null,
                     text: li.textContent});
    });
    out.push(art);
  });
  const counts = {};
  document.querySelectorAll("table.counts tr").forEach((tr, i) => {
    if (i) counts[tr.cells[0].textContent] = Number(tr.cells[2].textContent);
  });
  const res = document.createElement("pre");
  res.id = "cpl-test-result";
  res.textContent = JSON.stringify({articles: out, counts: counts});
  document.body.appendChild(res);
})();
</script>
"""
page = open(report, encoding="utf-8").read()
assert "</body>" in page
probe_page = os.path.join(outdir, "report-probe.html")
with open(probe_page, "w", encoding="utf-8") as f:
    f.write(page.replace("</body>", PROBE + "</body>"))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1400,1600"]


def chrome(*args):
    with tempfile.TemporaryDirectory() as profile:
        r = subprocess.run([chromium] + FLAGS + ["--user-data-dir=" + profile]
                           + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    return r


r = chrome("--dump-dom", "file://" + os.path.abspath(probe_page))
m = re.search(r'<pre id="cpl-test-result">(.*?)</pre>', r.stdout.decode("utf-8"),
              re.S)
if not m:
    sys.stderr.write(r.stderr.decode("utf-8", "replace")[-2000:])
    sys.exit("FAIL: the probe script produced no result")
import html as htmlmod
page_data = json.loads(htmlmod.unescape(m.group(1)))

shot = os.path.join(outdir, "report.png")
if os.path.exists(shot):
    os.remove(shot)
chrome("--screenshot=" + shot, "file://" + os.path.abspath(report))
if not os.path.exists(shot) or os.path.getsize(shot) < 1000:
    sys.exit("FAIL: no screenshot")

COLOURS = {"error": "rgb(253, 224, 224)", "warning": "rgb(255, 241, 196)",
           "info": "rgb(225, 238, 251)"}
CLS = {"error": "e", "warning": "w", "info": "i"}
failures = []


def fail(msg):
    failures.append(msg)


def page_text(raw):
    """The file's bytes as the page shows them: one U+FFFD per invalid
    byte, control characters as Control Pictures symbols, no BOM."""
    s = raw.decode("utf-8", "surrogateescape")
    out = []
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF or o == 0x1A or 0x80 <= o < 0xA0:
            out.append("\ufffd")
        elif o < 0x20 and ch not in "\t\n\r":
            out.append(chr(0x2400 + o))
        elif o == 0x7F:
            out.append("\u2421")
        else:
            out.append(ch)
    return "".join(out)


def line_col(text, pos):
    before = text[:pos]
    line = before.count("\n") + 1
    col = pos - (before.rfind("\n") + 1) + 1
    return line, col


by_file = {}
for d in diags:
    by_file.setdefault(d["file"], []).append(d)
arts = {a["file"]: a for a in page_data["articles"]}
total_checked = 0
for path in inputs:
    a = arts.get(path)
    if a is None:
        fail("%s: no article section" % path)
        continue
    raw = open(path, "rb").read()
    shown = page_text(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    shown = shown.replace("\r\n", "\n").replace("\r", "\n")
    if a["text"] != shown:
        fail("%s: the page's text is not the file's text" % path)
    for i, d in enumerate(by_file.get(path, [])):
        total_checked += 1
        li = [x for x in a["list"] if x["f"] == i]
        if not li or d["message"] not in li[0]["text"]:
            fail("%s: finding %d (%s) not in the side list" % (path, i, d["rule"]))
        if d["line"] is None:
            continue
        if not li or not li[0]["target"]:
            fail("%s: finding %d: side-list link has no target" % (path, i))
        pieces = sorted((p for p in a["pieces"] if i in p["f"]),
                        key=lambda p: p["start"])
        if not pieces:
            fail("%s:%d:%d: %s not highlighted" % (path, d["line"], d["column"], d["rule"]))
            continue
        start = pieces[0]["start"]
        pos = start
        for p in pieces:
            if p["start"] != pos:
                fail("%s: finding %d: highlight has a gap" % (path, i))
            pos = p["start"] + len(p["text"])
            if p["text"] and (p["w"] <= 0 or p["h"] <= 0):
                fail("%s: finding %d: highlight not drawn" % (path, i))
            if d["message"].replace("\n", " ") not in p["title"].replace("\n", " "):
                fail("%s: finding %d: message not in the hover text" % (path, i))
        if (start, pos) == (start, start):
            # zero-length: a caret, drawn by CSS
            if pieces[0]["caret"] in ("none", "normal", ""):
                fail("%s: finding %d: no caret for an insertion point" % (path, i))
        else:
            # the piece's colour is the highest severity over it
            if len(pieces[0]["f"]) == 1 and pieces[0]["bg"] != COLOURS[d["severity"]]:
                fail("%s: finding %d: colour %s, not %s's" % (path, i, pieces[0]["bg"], d["severity"]))
        if line_col(a["text"], start) != (d["line"], d["column"]):
            fail("%s: %s highlighted at %s, JSON says %d:%d" % (
                path, d["rule"], line_col(a["text"], start), d["line"], d["column"]))
        if line_col(a["text"], pos) != (d["end_line"], d["end_column"]):
            fail("%s: %s ends at %s, JSON says %d:%d" % (
                path, d["rule"], line_col(a["text"], pos), d["end_line"], d["end_column"]))
        want = page_text(raw[d["offset"]:d["offset"] + d["length"]])
        got = "".join(p["text"] for p in pieces)
        if got.replace("\r\n", "\n") != want.replace("\r\n", "\n").replace("\r", "\n"):
            fail("%s: %s highlights %r, the file has %r there" % (path, d["rule"], got, want))
        if a["anchors"].get("a%df%d" % (inputs.index(path), i)) != start:
            fail("%s: finding %d: anchor not at the highlight" % (path, i))

expected_counts = {}
for d in diags:
    expected_counts[d["rule"]] = expected_counts.get(d["rule"], 0) + 1
if page_data["counts"] != expected_counts:
    fail("counts table %s, expected %s" % (page_data["counts"], expected_counts))

for f in failures:
    print("FAIL:", f, file=sys.stderr)
print("html: %d findings checked in %d articles; screenshot %s"
      % (total_checked, len(inputs), shot))
if total_checked == 0:
    sys.exit("FAIL: no findings to check")
sys.exit(1 if failures else 0)
