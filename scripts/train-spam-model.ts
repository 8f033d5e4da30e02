// Writes the spam filter's built-in model (src/lib/moderation/spam/base-model.json)
// from the whole public corpus. Run when the tokeniser changes: npm run spam:model
import { writeFileSync } from 'node:fs';
import { train } from '../src/lib/moderation/spam/classifier.ts';
import { loadCorpus } from '../src/lib/moderation/spam/corpus-split.ts';

const model = train(loadCorpus());
const file = new URL('../src/lib/moderation/spam/base-model.json', import.meta.url);
writeFileSync(file, JSON.stringify(model) + '\n');
console.log(
  `${model.docs.spam} spam and ${model.docs.ham} good mails, ${Object.keys(model.tokens).length} words: ${file.pathname}`,
);
