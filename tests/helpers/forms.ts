// Every form the site has, with a valid set of fields, for the fuzzing and
// cross-site tests. tests/e2e/forms-inventory.test.ts checks that no action
// is missing from this list.
export interface FormTarget {
  /** Action name, as in `actions.<name>`. */
  action: string;
  /** The page that hosts the form. */
  page: string;
  /** Fields that make a plausible submission. */
  fields: Record<string, string>;
  /** Who must be signed in: 'none', 'reader' or 'author'. */
  as: 'none' | 'reader' | 'author';
}

/** A wish's own page (the wish may not exist: the action refuses, the page answers 404). */
const WISH_PAGE = '/wishes/2026-01-07/1';

export const FORMS: FormTarget[] = [
  {
    action: 'auth.signUp',
    page: '/signup',
    fields: { name: 'Fuzz', email: 'fuzz@example.test', password: 'fuzz password' },
    as: 'none',
  },
  {
    action: 'auth.logIn',
    page: '/login',
    fields: { email: 'fuzz@example.test', password: 'fuzz password' },
    as: 'none',
  },
  { action: 'auth.logInWithCode', page: '/login/code', fields: { code: '123456' }, as: 'none' },
  { action: 'auth.logOut', page: '/logout', fields: {}, as: 'reader' },
  { action: 'twoStep.start', page: '/account/two-step', fields: {}, as: 'reader' },
  { action: 'twoStep.confirm', page: '/account/two-step', fields: { code: '123456' }, as: 'reader' },
  { action: 'twoStep.turnOff', page: '/account/two-step', fields: { code: '123456' }, as: 'reader' },
  // The passkey script's calls and forms (src/scripts/passkeys.ts): a made-up answer is refused, never a 500.
  { action: 'passkeys.addOptions', page: '/account/passkeys', fields: {}, as: 'reader' },
  {
    action: 'passkeys.add',
    page: '/account/passkeys',
    fields: { passkey_name: 'Fuzz key', response: '{"id":"x"}' },
    as: 'reader',
  },
  {
    action: 'passkeys.remove',
    page: '/account/passkeys',
    fields: { id: 'not-a-passkey', current_password: 'fuzz password' },
    as: 'reader',
  },
  { action: 'passkeys.signIn', page: '/login', fields: { response: '{"id":"x"}' }, as: 'none' },
  { action: 'passkeys.signInAsSecondStep', page: '/login/code', fields: { response: '{"id":"x"}' }, as: 'none' },
  {
    action: 'auth.setUp',
    page: '/setup',
    fields: { token: 'not-a-token', name: 'Fuzz', email: 'fuzz2@example.test', password: 'fuzz password' },
    as: 'none',
  },
  {
    action: 'auth.changePassword',
    page: '/account/password',
    fields: { current_password: 'fuzz password', new_password: 'fuzz password 2' },
    as: 'reader',
  },
  { action: 'auth.requestReset', page: '/reset', fields: { email: 'fuzz@example.test' }, as: 'none' },
  {
    action: 'auth.resetPassword',
    page: '/reset',
    fields: { token: 'not-a-token', new_password: 'fuzz password 3' },
    as: 'none',
  },
  {
    action: 'auth.changeEmail',
    page: '/account',
    fields: { email: 'fuzz-new@example.test', current_password: 'fuzz password' },
    as: 'reader',
  },
  { action: 'auth.resendVerification', page: '/account', fields: {}, as: 'reader' },
  {
    action: 'follow.request',
    page: '/follow',
    fields: { email: 'fuzz-follow@example.test', choices: 'posts' },
    as: 'none',
  },
  { action: 'follow.forget', page: '/follow/manage?token=x', fields: { token: 'x' }, as: 'none' },
  { action: 'follow.remove', page: '/admin/subscribers', fields: { email: 'fuzz-follow@example.test' }, as: 'author' },
  {
    action: 'fediverse.removeFollower',
    page: '/admin/fediverse',
    fields: { local_actor: 'blog', actor_id: 'https://social.example/users/fuzz' },
    as: 'author',
  },
  { action: 'fediverse.block', page: '/admin/fediverse', fields: { domain: 'fuzz.example' }, as: 'author' },
  { action: 'fediverse.unblock', page: '/admin/fediverse', fields: { domain: 'fuzz.example' }, as: 'author' },
  { action: 'follow.import', page: '/admin/subscribers', fields: { choices: 'posts', agreed: 'yes' }, as: 'author' },
  {
    action: 'follow.saveChoices',
    page: '/follow/manage?token=x',
    fields: { token: 'x', choices: 'posts' },
    as: 'none',
  },
  { action: 'mail.savePreferences', page: '/account', fields: { kinds: 'digest' }, as: 'reader' },
  {
    action: 'moderators.invite',
    page: '/admin/moderators',
    fields: { email: 'fuzz-moderator@example.test' },
    as: 'author',
  },
  {
    action: 'blocks.add',
    page: '/admin/blocks',
    fields: { kind: 'cidr', value: '192.0.2.0/24', note: '' },
    as: 'author',
  },
  { action: 'blocks.remove', page: '/admin/blocks', fields: { id: '1' }, as: 'author' },
  { action: 'blocks.sweep', page: '/admin/blocks', fields: { id: '1' }, as: 'author' },
  {
    action: 'reports.file',
    page: '/report?comment=1',
    fields: { target: 'comment', id: '1', reason: 'spam', note: '' },
    as: 'none',
  },
  { action: 'moderators.cancel', page: '/admin/moderators', fields: { id: '1' }, as: 'author' },
  { action: 'moderators.revoke', page: '/admin/moderators', fields: { user_id: 'nobody' }, as: 'author' },
  { action: 'moderators.accept', page: '/moderator-invite?token=x', fields: { token: 'x' }, as: 'reader' },
  { action: 'notifications.markAllRead', page: '/notifications', fields: {}, as: 'reader' },
  {
    action: 'comments.create',
    page: '/posts/welcome-to-wishcast',
    fields: {
      post_id: '1',
      parent_id: '',
      body: 'A fuzzed comment',
      name: 'Fuzz',
      email: 'v@example.test',
      website: '',
    },
    as: 'none',
  },
  {
    action: 'reactions.toggle',
    page: '/posts/welcome-to-wishcast',
    fields: { subject: 'post', subject_id: '1', kind: 'heart' },
    as: 'reader',
  },
  { action: 'comments.update', page: '/comments/1/edit', fields: { id: '1', body: 'Edited text' }, as: 'reader' },
  { action: 'comments.remove', page: '/comments/1/delete', fields: { id: '1' }, as: 'reader' },
  {
    action: 'comments.moderate',
    page: '/admin/comments',
    fields: { ids: '1', decision: 'approve', next: '/admin/comments' },
    as: 'author',
  },
  {
    action: 'comments.setClosed',
    page: '/admin/comments',
    fields: { post_id: '1', closed: 'true', next: '/admin/comments' },
    as: 'author',
  },
  {
    action: 'posts.save',
    page: '/admin/posts/new',
    fields: {
      title: 'Fuzzed post',
      slug: '',
      body: 'Some **text**',
      excerpt: '',
      tags: 'fuzz, testing',
      comments_closed: '',
      publish_at: '',
      intent: 'draft',
    },
    as: 'author',
  },
  { action: 'posts.delete', page: '/admin/posts/2/delete', fields: { id: '2' }, as: 'author' },
  // The editor's script posts these (live preview, autosave); each is a plain form post too.
  { action: 'posts.preview', page: '/admin/posts/new', fields: { body: 'Some **text**' }, as: 'author' },
  {
    action: 'posts.autosave',
    page: '/admin/posts/2/edit',
    fields: { id: '2', title: 'Autosaved', body: 'Some text', excerpt: '' },
    as: 'author',
  },
  {
    action: 'wishes.post',
    page: '/wishes',
    fields: { board_date: '2026-01-07', body: 'I wish to find a mentor', name: 'Fuzz', email: 'w@example.test' },
    as: 'none',
  },
  {
    action: 'wishes.offer',
    page: '/wishes',
    fields: {
      wish_id: '1',
      board_date: '2026-01-07',
      kind: 'introduction',
      body: 'I know someone',
      name: 'F',
      email: 'o@example.test',
    },
    as: 'none',
  },
  { action: 'wishes.cheer', page: '/wishes', fields: { wish_id: '1', board_date: '2026-01-07' }, as: 'reader' },
  { action: 'wishes.grant', page: '/wishes', fields: { wish_id: '1', thank_you: 'Thank you all' }, as: 'reader' },
  { action: 'wishes.accept', page: '/wishes', fields: { offer_id: '1', wish_id: '1' }, as: 'reader' },
  {
    action: 'wishes.moderate',
    page: '/admin/wishes',
    fields: { target: 'wish', id: '1', status: 'approved' },
    as: 'author',
  },
  {
    action: 'wishes.setPrompt',
    page: '/admin/prompts',
    fields: { wish_date: '2030-01-02', prompt: 'What would help?' },
    as: 'author',
  },
  { action: 'wishes.setReminder', page: '/account', fields: { wish_reminder: 'on' }, as: 'reader' },
  {
    action: 'people.updateProfile',
    page: '/account',
    fields: { name: 'Fuzz Reader', handle: 'fuzz-reader', bio: 'I *fuzz*.', website: 'https://fuzz.example' },
    as: 'reader',
  },
  // Without a file the upload is refused beside the field (the fuzzer sends forms url-encoded).
  { action: 'people.uploadAvatar', page: '/account', fields: {}, as: 'reader' },
  { action: 'people.removeAvatar', page: '/account', fields: {}, as: 'reader' },
  // A wrong password: fuzzing this form must never actually delete the account the other forms use.
  {
    action: 'people.deleteAccount',
    page: '/account/delete',
    fields: { password: 'not the password', comments: 'keep', confirm: 'yes' },
    as: 'reader',
  },
  {
    action: 'settings.updatePrivacy',
    page: '/admin/privacy',
    fields: { retention_days: '90' },
    as: 'author',
  },
  {
    action: 'settings.update',
    page: '/admin/settings',
    fields: {
      moderation_words: 'casino',
      blocked_words: 'pills',
      close_comments_after_days: '',
      thread_depth: '5',
      follow_up_weeks: '2, 6',
      site_name: 'Fuzzcast',
      tagline: 'A fuzzed tagline',
      author_bio: 'Fuzzed *bio*',
      max_upload_mb: '10',
      spam_filter: 'on',
    },
    as: 'author',
  },
  {
    action: 'settings.updateRitual',
    page: '/admin/settings',
    fields: { wish_day: 'wednesday', opening_hour: '0', time_zone: 'UTC' },
    as: 'author',
  },
  // The wish loop: on a wish's own page for accounts; a visitor's manage page posts the same actions.
  {
    action: 'wishLoop.editWish',
    page: WISH_PAGE,
    fields: { wish_id: '1', body: 'I wish to find a mentor, soon', blog_url: 'https://me.example/post' },
    as: 'reader',
  },
  { action: 'wishLoop.removeWish', page: WISH_PAGE, fields: { wish_id: '1' }, as: 'reader' },
  {
    action: 'wishLoop.editOffer',
    page: WISH_PAGE,
    fields: { offer_id: '1', kind: 'skill', body: 'I can teach you' },
    as: 'reader',
  },
  { action: 'wishLoop.removeOffer', page: WISH_PAGE, fields: { offer_id: '1' }, as: 'reader' },
  { action: 'wishLoop.message', page: WISH_PAGE, fields: { offer_id: '1', body: 'Hello there' }, as: 'reader' },
  { action: 'wishLoop.share', page: WISH_PAGE, fields: { offer_id: '1', what: 'email', website: '' }, as: 'reader' },
  { action: 'wishLoop.carryForward', page: WISH_PAGE, fields: { wish_id: '1' }, as: 'reader' },
  { action: 'wishLoop.rest', page: WISH_PAGE, fields: { wish_id: '1' }, as: 'reader' },
  { action: 'wishLoop.replaceLink', page: `/wishes/manage/${'A'.repeat(43)}`, fields: { confirm: 'yes' }, as: 'none' },
  { action: 'wishLoop.lostLink', page: WISH_PAGE, fields: { wish_id: '1', email: 'fuzz@example.test' }, as: 'none' },
  {
    action: 'pages.save',
    page: '/admin/pages/new',
    fields: {
      title: 'Fuzzed page',
      slug: '',
      body: 'Some **text**',
      show_in_menu: 'on',
      menu_order: '1',
      intent: 'publish',
    },
    as: 'author',
  },
  { action: 'pages.delete', page: '/admin/pages', fields: { id: '1' }, as: 'author' },
  {
    action: 'revisions.restore',
    page: '/admin/posts/2/edit',
    fields: { subject: 'post', id: '2', revision: '1' },
    as: 'author',
  },
  // A urlencoded post carries no file: the action answers with the field error.
  { action: 'imports.run', page: '/admin/import', fields: { format: 'wordpress' }, as: 'author' },
  // Uploads are multipart; sent url-encoded (as these tests do) they carry no file and are refused beside the field.
  { action: 'media.upload', page: '/admin/media', fields: { alt: 'A photo' }, as: 'author' },
  {
    action: 'media.insertIntoPost',
    page: '/admin/posts/new',
    fields: { title: 'T', body: 'B', alt: 'A photo' },
    as: 'author',
  },
  { action: 'media.delete', page: '/admin/media', fields: { id: '1' }, as: 'author' },
];
