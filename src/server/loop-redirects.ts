// Where a wish-loop form sends the person after a success.
import type { ActionAPIContext } from 'astro:actions';
import { wishLink } from '../lib/wishes/links.ts';
import { manageTokenFromPath } from '../lib/wishes/visitors/manage-links.ts';

/**
 * After a success, where to show the result: on a manage page, that page; elsewhere
 * the wish's own page (undefined = the page the form was posted from).
 */
export function onWishPage(
  context: ActionAPIContext,
  boardDate: string,
  wishId: number,
  anchor: string,
): string | undefined {
  if (manageTokenFromPath(context.url.pathname)) return undefined;
  return `${wishLink(boardDate, wishId)}#${anchor}`;
}
