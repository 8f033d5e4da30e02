// Every mutation is an Action behind a plain HTML form, grouped by domain.
import { auth } from './auth.ts';
import { blocks } from './blocks.ts';
import { comments } from './comments.ts';
import { fediverse } from './fediverse.ts';
import { follow } from './follow.ts';
import { imports } from './imports.ts';
import { mail } from './mail.ts';
import { moderators } from './moderators.ts';
import { media } from './media.ts';
import { notifications } from './notifications.ts';
import { passkeys } from './passkeys.ts';
import { people } from './people.ts';
import { pages } from './pages.ts';
import { posts } from './posts.ts';
import { reactions } from './reactions.ts';
import { revisions } from './revisions.ts';
import { reports } from './reports.ts';
import { settings } from './settings.ts';
import { twoStep } from './two-step.ts';
import { wishLoop } from './wish-loop.ts';
import { wishes } from './wishes.ts';

export const server = {
  auth,
  blocks,
  comments,
  fediverse,
  follow,
  media,
  mail,
  moderators,
  notifications,
  passkeys,
  people,
  posts,
  reactions,
  reports,
  settings,
  twoStep,
  wishes,
  wishLoop,
  pages,
  imports,
  revisions,
};
