// The board pages host five forms (wish, offer, cheer, grant, accept). This
// reads whichever one was just posted, so the page can redirect on success or
// show the message beside the right wish with the text kept.
import type { AstroGlobal } from 'astro';
import { readFormState } from './form-state.ts';

type ActionRef = Parameters<AstroGlobal['getActionResult']>[0];

const BOARD_FORMS = ['post', 'offer', 'cheer', 'grant', 'accept'] as const;
type BoardFormName = (typeof BOARD_FORMS)[number];

export interface BoardForm {
  /** Which form was posted, or null on a plain GET. */
  name: BoardFormName | null;
  /** Where to send the person after a success (an element id on the page). */
  anchor: string | null;
  /** Another page to send them to after a success (a visitor's manage page, a wish's own page). */
  redirectTo: string | null;
  message: string | null;
  fields: Record<string, string>;
  values: Record<string, string>;
}

export const NO_FORM: BoardForm = {
  name: null,
  anchor: null,
  redirectTo: null,
  message: null,
  fields: {},
  values: {},
};

export async function readBoardForm(astro: AstroGlobal, group: Record<BoardFormName, ActionRef>): Promise<BoardForm> {
  for (const name of BOARD_FORMS) {
    const state = await readFormState(astro, group[name]);
    if (!state.submitted) continue;
    const data = state.data as { anchor?: string; redirectTo?: string } | undefined;
    return {
      name,
      anchor: data?.anchor ?? null,
      redirectTo: data?.redirectTo ?? null,
      message: state.message,
      fields: state.fields,
      values: state.values,
    };
  }
  return NO_FORM;
}

/** Where a board page sends the person after a successful form: another page, or its own anchor. */
export function boardRedirect(form: BoardForm, path: string): string | null {
  if (!form.anchor) return null;
  return form.redirectTo ?? `${path}#${form.anchor}`;
}

/** The failed form's state when it was about this wish (or one of its offers); otherwise an empty one. */
export function formForWish(form: BoardForm, wishId: number, offerIds: number[]): BoardForm {
  if (!form.name || form.anchor) return NO_FORM;
  // An offer posted from the give-first block is shown there, not on the card as well.
  if (form.values.origin === 'give_first') return NO_FORM;
  const sameWish = form.values.wish_id === String(wishId);
  const sameOffer = form.name === 'accept' && offerIds.map(String).includes(form.values.offer_id ?? '');
  return sameWish || sameOffer ? form : NO_FORM;
}
