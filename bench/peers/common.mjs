// common.mjs: what the peer drivers share. A driver lints many files in one
// process (the peers' own CLIs lint one text at a time or none), writes one
// line per finding, `path:line:col: kind: message`, to standard output and
// the count to standard error, like copylint --plain.
//
// Arguments: paths, or @LIST for a file holding one path a line.
import { readFileSync } from 'node:fs';

export function inputPaths(argv = process.argv.slice(2)) {
  const out = [];
  for (const a of argv) {
    if (a.startsWith('@')) {
      for (const l of readFileSync(a.slice(1), 'utf8').split('\n')) if (l) out.push(l);
    } else {
      out.push(a);
    }
  }
  return out;
}

// Line starts of a text, for offsets in UTF-16 code units.
export function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

// 1-based line and column of a UTF-16 offset.
export function lineCol(starts, off) {
  let lo = 0, hi = starts.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= off) lo = mid; else hi = mid;
  }
  return [lo + 1, off - starts[lo] + 1];
}

// UTF-16 offset of each code-point index (Harper counts code points).
export function cpToUnit(text) {
  const map = [];
  let u = 0;
  for (const ch of text) { map.push(u); u += ch.length; }
  map.push(u);
  return map;
}

export class Out {
  constructor() { this.n = 0; this.buf = []; }
  add(path, line, col, kind, message) {
    this.n++;
    this.buf.push(`${path}:${line}:${col}: ${kind}: ${String(message).replace(/\s+/g, ' ')}`);
    if (this.buf.length >= 4096) this.flush();
  }
  flush() {
    if (this.buf.length) process.stdout.write(this.buf.join('\n') + '\n');
    this.buf = [];
  }
  done(tool) {
    this.flush();
    process.stderr.write(`${tool}: ${this.n} findings\n`);
  }
}
