// Builders for mail tests.
import { composeMail } from '../../src/lib/mail/compose.ts';
import type { MailContext } from '../../src/lib/mail/context.ts';
import type { NewMail } from '../../src/lib/mail/outbox-repo.ts';

export const TEST_MAIL_CONTEXT: MailContext = {
  siteUrl: 'http://wishcast.test',
  siteTimezone: 'UTC',
  moderationBatchMinutes: 15,
};

export const TEST_FROM = 'Wishcast <wishcast@wishcast.test>';

export function testMail(i: number, overrides: Partial<NewMail> = {}): NewMail {
  const composed = composeMail(
    TEST_MAIL_CONTEXT,
    {
      subject: `Test mail ${i}`,
      paragraphs: [`This is test mail number ${i}.`],
      action: { label: 'Open', url: `http://wishcast.test/posts/p#comment-${i}` },
      reason: 'A test.',
    },
    `http://wishcast.test/unsubscribe?token=t${i}`,
  );
  return { ...composed, to: `reader${i}@example.test`, kind: 'reply', ...overrides };
}
