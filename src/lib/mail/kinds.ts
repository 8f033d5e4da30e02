// The kinds of mail a person can turn on or off, and which in-app notifications
// become mail. Account mail (verification, password reset) is not optional.

export const MAIL_PREFERENCES = [
  'reply',
  'offer',
  'offer-accepted',
  'wish-granted',
  'wish-conversation',
  'moderation',
  'wish-day',
  'digest',
] as const;
export type MailPreference = (typeof MAIL_PREFERENCES)[number];

/** Labels for the account page and the unsubscribe page ("… emails"). */
export const PREFERENCE_LABELS: Record<MailPreference, string> = {
  reply: 'Replies to your comments',
  offer: 'Offers of support on your wishes',
  'offer-accepted': 'When your offer is accepted',
  'wish-granted': 'When a wish you offered on is granted, with the thank-you',
  'wish-conversation':
    'About your wishes and accepted offers: private messages, shared contacts, withdrawn offers, and "how did it go?"',
  moderation: 'Comments and wishes waiting for moderation (authors; at most one mail per 15 minutes)',
  'wish-day': 'The wish-day reminder, on the morning the board opens',
  digest: 'The weekly digest, the day after the wish day',
};

/** Preferences only authors are offered. */
export const AUTHOR_ONLY: readonly MailPreference[] = ['moderation'];

/** Visitors (no account) who ticked "email me replies" unsubscribe from this kind. */
export const VISITOR_REPLY = 'visitor-reply';

/** In-app notification kinds (comments, wishes) that also go out by mail, by preference. */
export const NOTIFICATION_MAIL: Readonly<Record<string, MailPreference>> = {
  comment_reply: 'reply',
  'offer-to-you': 'offer',
  'offer-accepted': 'offer-accepted',
  'wish-granted': 'wish-granted',
  'wish-message': 'wish-conversation',
  'contact-shared': 'wish-conversation',
  'offer-withdrawn': 'wish-conversation',
  'wish-followup': 'wish-conversation',
  comment_held: 'moderation',
  'wish-held': 'moderation',
  'offer-held': 'moderation',
};

export function isMailPreference(value: string): value is MailPreference {
  return (MAIL_PREFERENCES as readonly string[]).includes(value);
}
