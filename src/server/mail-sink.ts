// The wish loop's visitor mail (manage links, follow-ups) goes into the outbox,
// in the caller's transaction, like every other mail. These mails are how a
// visitor acts on their wish or offer, so they carry no unsubscribe link; their
// manage link is minted by the mail worker when it sends them.
import type { Config } from '../lib/config.ts';
import { newMessageId } from '../lib/mail/compose.ts';
import { mailContextOf } from '../lib/mail/context.ts';
import { enqueueMail } from '../lib/mail/outbox-repo.ts';
import type { MailSink } from '../lib/wishes/loop/parties.ts';

export function outboxMailSink(config: Pick<Config, 'siteUrl' | 'siteTimezone'>): MailSink {
  const context = mailContextOf(config);
  return async (db, mail) => {
    await enqueueMail(db, {
      to: mail.to,
      kind: 'visitor-wish',
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Auto-Submitted': 'auto-generated' },
      messageId: newMessageId(context),
      link: { type: 'manage', ...mail.manageLink },
    });
  };
}
