// retext.mjs: retext (unified) with English parsing and the plugins that
// check what copylint checks: spelling (nspell with dictionary-en, en-US),
// repeated words, quotes (smart style), contractions (apostrophes), sentence
// spacing, indefinite articles. One processor for the whole run.
import { readFileSync } from 'node:fs';
import { retext } from 'retext';
import retextEnglish from 'retext-english';
import retextSpell from 'retext-spell';
import dictionaryEn from 'dictionary-en';
import retextRepeatedWords from 'retext-repeated-words';
import retextQuotes from 'retext-quotes';
import retextContractions from 'retext-contractions';
import retextSentenceSpacing from 'retext-sentence-spacing';
import retextIndefiniteArticle from 'retext-indefinite-article';
import { VFile } from 'vfile';
import { inputPaths, Out } from './common.mjs';

const processor = retext()
  .use(retextEnglish)
  .use(retextSpell, { dictionary: dictionaryEn })
  .use(retextRepeatedWords)
  .use(retextQuotes)
  .use(retextContractions)
  .use(retextSentenceSpacing)
  .use(retextIndefiniteArticle)
  .freeze();

const out = new Out();
for (const path of inputPaths()) {
  const file = new VFile({ path, value: readFileSync(path, 'utf8') });
  await processor.process(file);
  for (const m of file.messages)
    out.add(path, m.line ?? 0, m.column ?? 0, m.source ?? m.ruleId ?? 'retext', m.reason);
}
out.done('retext');
