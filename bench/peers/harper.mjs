// harper.mjs: Harper (harper.js, the WebAssembly build) over many files, one
// linter for the whole run, plain-text mode, Canadian English. Every default
// Harper rule is on.
import { readFileSync } from 'node:fs';
import { LocalLinter, Dialect } from 'harper.js';
import { binary } from 'harper.js/binary';
import { inputPaths, lineStarts, lineCol, cpToUnit, Out } from './common.mjs';

const linter = new LocalLinter({ binary, dialect: Dialect.Canadian });
await linter.setup();
const out = new Out();
for (const path of inputPaths()) {
  const text = readFileSync(path, 'utf8');
  const lints = await linter.lint(text, { language: 'plaintext' });
  const starts = lineStarts(text);
  const units = cpToUnit(text);
  for (const l of lints) {
    const [line, col] = lineCol(starts, units[l.span().start] ?? 0);
    out.add(path, line, col, l.lint_kind(), l.message());
  }
}
out.done('harper');
