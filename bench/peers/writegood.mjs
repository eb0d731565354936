// writegood.mjs: write-good (passive voice, weasel words, "there is",
// adverbs, clichés, repeated words, …: every default check) over many files.
import { readFileSync } from 'node:fs';
import writeGood from 'write-good';
import { inputPaths, lineStarts, lineCol, Out } from './common.mjs';

const out = new Out();
for (const path of inputPaths()) {
  const text = readFileSync(path, 'utf8');
  const starts = lineStarts(text);
  for (const s of writeGood(text)) {
    const [line, col] = lineCol(starts, s.index);
    out.add(path, line, col, 'write-good', s.reason);
  }
}
out.done('write-good');
