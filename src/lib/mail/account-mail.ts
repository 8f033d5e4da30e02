// The mails of accounts: verification, password reset, "you already have an
// account". Sent whatever the preferences say (they are how one gets in), so
// they carry no unsubscribe link. Their link is LINK_SLOT: the worker mints it
// when the mail is sent (live-links.ts).
import { composeMail, LINK_SLOT, type ComposedMail } from './compose.ts';
import type { MailContext } from './context.ts';

export function verificationMail(context: MailContext, name: string): ComposedMail {
  return composeMail(
    context,
    {
      subject: 'Confirm your email address',
      paragraphs: [
        `Hello ${name},`,
        'Please confirm that this is your address by following the link below. Until you do, the site sends you no other mail.',
        'The link works once, for 48 hours. If you did not ask for this, ignore this mail.',
      ],
      action: { label: 'Confirm my email address', url: LINK_SLOT },
      reason: 'You get this because this address was given for an account.',
    },
    null,
  );
}

export function resetMail(context: MailContext, name: string): ComposedMail {
  return composeMail(
    context,
    {
      subject: 'Reset your password',
      paragraphs: [
        `Hello ${name},`,
        'Someone (we hope you) asked to reset the password of your account. Follow the link to choose a new one.',
        'The link works once, for one hour. If you did not ask for this, ignore this mail: your password stays as it is.',
      ],
      action: { label: 'Choose a new password', url: LINK_SLOT },
      reason: 'You get this because a password reset was asked for this address.',
    },
    null,
  );
}

export function accountExistsMail(context: MailContext, name: string): ComposedMail {
  return composeMail(
    context,
    {
      subject: 'You already have an account',
      paragraphs: [
        `Hello ${name},`,
        'Someone (we hope you) tried to sign up with this address, but it already has an account, so nothing was changed.',
        'To sign in, use your password. If you have forgotten it, the link below lets you choose a new one (it works once, for one hour).',
      ],
      action: { label: 'Choose a new password', url: LINK_SLOT },
      reason: 'You get this because this address was used to sign up.',
    },
    null,
  );
}

/** The author's invitation to help moderate; the link (minted at send time) leads to a page that accepts it with a button. */
export function moderatorInviteMail(context: MailContext, inviterName: string): ComposedMail {
  return composeMail(
    context,
    {
      subject: `${inviterName} invites you to help moderate`,
      paragraphs: [
        'Hello,',
        `${inviterName} invites you to help moderate the comments, wishes and offers readers write on this site.`,
        'Follow the link, sign in or create an account with this address, and accept. The link works for 7 days. If you do not want to, ignore this mail.',
      ],
      action: { label: 'See the invitation', url: LINK_SLOT },
      reason: "You get this because the site's author invited this address.",
    },
    null,
  );
}

/** Told to a person with two-step sign-in on when a browser their account did not know signs in. */
export function newSignInMail(context: MailContext, name: string, when: string): ComposedMail {
  return composeMail(
    context,
    {
      subject: 'New sign-in to your account',
      paragraphs: [
        `Hello ${name},`,
        `Your account was signed in to from a browser it had not seen before, on ${when}.`,
        'If that was you, there is nothing to do. If it was not, change your password at once and tell the site’s author.',
      ],
      reason: 'You get this because your account has two-step sign-in on and a new browser signed in.',
    },
    null,
  );
}
