// What other domains may use of mail (the architecture lint's door): queue
// account mail, hook notifications and comments, ask a stranger's address to
// confirm (and count mail to it), and the context to compose with.
export { processMailContext, type MailContext } from './context.ts';
export { NOTIFICATION_MAIL } from './kinds.ts';
export { mailNotifications } from './notification-mail.ts';
export { mailVisitorReplies, requestReplyMail } from './visitors.ts';
export { askToConfirmAddress, isAddressConfirmed } from './address-opt-in.ts';
export { limitStrangerMail, mayMailStranger } from './stranger-limit.ts';
export { accountExistsMail, moderatorInviteMail, newSignInMail, resetMail, verificationMail } from './account-mail.ts';
export { enqueueMail, findQueuedLinkEmail } from './outbox-repo.ts';
export { LINK_SLOT, SITE_NAME_SLOT } from './compose.ts';
export { hashLinkToken, newLinkToken } from './tokens.ts';
