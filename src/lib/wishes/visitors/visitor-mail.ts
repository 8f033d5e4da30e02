// The mails a visitor (no account) gets about their wish or offer, as pure
// functions returning {to, subject, text, html}. Every one carries a manage
// link, since that link is how a visitor acts. Names and quoted words are user
// text: escaped with html-escaper in the HTML part, kept to one line in subjects.
import { escape } from 'html-escaper';
import { markdownToText, truncateText } from '../../markdown/markdown.ts';
import { SITE_NAME_SLOT } from '../../mail/door.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface VisitorMailBase {
  to: string;
  /** The visitor's name as they gave it. */
  name: string;
  /** Absolute URL of a fresh manage link. */
  manageUrl: string;
}

/** The site's name is filled in when the mail is queued (src/lib/mail/outbox-repo.ts). */
const signature = () => `${SITE_NAME_SLOT} · this link is private: anyone who has it can manage your wish or offer.`;

/** Subjects are headers: no line breaks, no runaway length. */
function oneLine(text: string, max = 80): string {
  return truncateText(text.replace(/\s+/g, ' ').trim(), max);
}

function compose(base: VisitorMailBase, subject: string, paragraphs: string[], action: string): OutgoingMail {
  const text = [`Hello ${base.name},`, ...paragraphs, `${action}: ${base.manageUrl}`, '', `-- ${signature()}`].join(
    '\n\n',
  );
  const html = [
    `<p>Hello ${escape(base.name)},</p>`,
    ...paragraphs.map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`),
    `<p><a href="${escape(base.manageUrl)}">${escape(action)}</a></p>`,
    `<p style="color:#666">${escape(signature())}</p>`,
  ].join('\n');
  return { to: base.to, subject: oneLine(subject, 120), text, html };
}

function quote(text: string): string {
  return `“${truncateText(text.replace(/\s+/g, ' ').trim(), 200)}”`;
}

/** Right after posting: the link to keep. */
export function manageLinkMail(base: VisitorMailBase, what: 'wish' | 'offer', excerpt: string): OutgoingMail {
  return compose(
    base,
    what === 'wish'
      ? `Your wish on ${SITE_NAME_SLOT}: your private link`
      : `Your offer on ${SITE_NAME_SLOT}: your private link`,
    [
      what === 'wish'
        ? `Thank you for your wish ${quote(excerpt)}. With the link below you can accept offers, talk with the people who offer help, mark your wish granted, edit it (for 15 minutes) or delete it.`
        : `Thank you for your offer ${quote(excerpt)}. With the link below you can talk with the wisher once they accept it, edit it (for 15 minutes) or withdraw it.`,
      'Keep this mail: the link is not shown again on the site. No account is needed.',
    ],
    what === 'wish' ? 'Manage your wish' : 'Manage your offer',
  );
}

/** Asked for on the wish's page ("Lost your private link?"). */
export function lostLinkMail(base: VisitorMailBase, what: 'wish' | 'offer'): OutgoingMail {
  return compose(
    base,
    what === 'wish'
      ? `Your wish on ${SITE_NAME_SLOT}: a new private link`
      : `Your offer on ${SITE_NAME_SLOT}: a new private link`,
    [
      `Someone (we hope you) asked on the wish's page for a new link to your ${what}. Here it is; your earlier links work as before until they expire.`,
      'If this was not you, ignore this mail: the link reached only you.',
    ],
    what === 'wish' ? 'Manage your wish' : 'Manage your offer',
  );
}

export function offerReceivedMail(base: VisitorMailBase, offererName: string, kindLabel: string): OutgoingMail {
  return compose(
    base,
    `${oneLine(offererName, 40)} offered ${kindLabel.toLowerCase()} on your wish`,
    [
      `${offererName} offered ${kindLabel.toLowerCase()} on your wish. If it helps, accept it: the two of you can then talk privately under it.`,
    ],
    'See the offer',
  );
}

export function offerAcceptedMail(base: VisitorMailBase, wisherName: string): OutgoingMail {
  return compose(
    base,
    `${oneLine(wisherName, 40)} accepted your offer`,
    [
      `${wisherName} accepted your offer. You can now talk privately under it; only the two of you (and the site's author) see that thread.`,
    ],
    'Open the conversation',
  );
}

export function messageMail(base: VisitorMailBase, fromName: string, message: string): OutgoingMail {
  return compose(
    base,
    `A message from ${oneLine(fromName, 40)} about a wish`,
    [`${fromName} wrote:`, truncateText(message.trim(), 1500)],
    'Reply',
  );
}

export function contactSharedMail(
  base: VisitorMailBase,
  fromName: string,
  detail: { kind: 'email' | 'website'; value: string },
): OutgoingMail {
  const what = detail.kind === 'email' ? 'email address' : 'website';
  return compose(
    base,
    `${oneLine(fromName, 40)} shared their ${what} with you`,
    [`${fromName} chose to share their ${what} with you: ${detail.value}`],
    'Open the conversation',
  );
}

/** "How did it go?", N weeks after the wish: as warm as the mails before it, never a reminder to do homework. */
export function followUpMail(base: VisitorMailBase, weeks: number, wishExcerpt: string): OutgoingMail {
  return compose(
    base,
    `How did it go? Your wish on ${SITE_NAME_SLOT}`,
    [
      `${weeks} weeks ago you shared a wish on the board: ${quote(wishExcerpt)}. We have been wondering how it went, and hope these weeks have been kind to you.`,
      'If it came true, we would love to hear it: mark it granted and leave a few words of thanks. The people who offered help will be glad to know it mattered.',
      'If not yet, that is all right too. Carry it forward to this week’s board (its offers come with it) and let more people see it, or let it rest until the time is right.',
    ],
    'Tell us how it went',
  );
}

/** To a visitor who offered help: the wish came true. */
export function wishGrantedMail(base: VisitorMailBase, wisherName: string, thankYouMd: string | null): OutgoingMail {
  return compose(
    base,
    `${oneLine(wisherName, 40)}'s wish came true`,
    [
      `Good news: ${wisherName} marked the wish you offered help on as granted. Thank you for being part of it.`,
      ...(thankYouMd ? [`${wisherName} wrote: ${quote(markdownToText(thankYouMd))}`] : []),
    ],
    'See your offer',
  );
}
