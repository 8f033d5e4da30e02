// A wish's own page and a visitor's manage page host many forms: the board's
// (offer, cheer, grant, accept) and the loop's. This reads whichever was just
// posted, so the page redirects on success or shows the message beside the
// right form with the text kept.
import type { AstroGlobal } from 'astro';
import { actions } from 'astro:actions';
import { readFormState } from './form-state.ts';

type ActionRef = Parameters<AstroGlobal['getActionResult']>[0];

/** Read when a page asks (not at import: the actions import this module's sibling). */
function loopForms(): [string, ActionRef][] {
  // Listed one by one: `actions` is a proxy, whose groups cannot be enumerated.
  const { wishes, wishLoop } = actions;
  return [
    ['offer', wishes.offer],
    ['cheer', wishes.cheer],
    ['grant', wishes.grant],
    ['accept', wishes.accept],
    ['editWish', wishLoop.editWish],
    ['removeWish', wishLoop.removeWish],
    ['editOffer', wishLoop.editOffer],
    ['removeOffer', wishLoop.removeOffer],
    ['message', wishLoop.message],
    ['share', wishLoop.share],
    ['carryForward', wishLoop.carryForward],
    ['rest', wishLoop.rest],
    ['replaceLink', wishLoop.replaceLink],
    ['lostLink', wishLoop.lostLink],
  ];
}

export interface LoopForm {
  /** Which form was posted ('offer', 'message', …), or null on a plain GET. */
  name: string | null;
  /** Where to go after a success: a path with its anchor; null when nothing succeeded. */
  redirect: string | null;
  message: string | null;
  fields: Record<string, string>;
  values: Record<string, string>;
}

const NO_LOOP_FORM: LoopForm = { name: null, redirect: null, message: null, fields: {}, values: {} };

export async function readLoopForm(astro: AstroGlobal): Promise<LoopForm> {
  for (const [name, ref] of loopForms()) {
    const state = await readFormState(astro, ref);
    if (!state.submitted) continue;
    const data = state.data as { anchor?: string; redirectTo?: string } | undefined;
    const redirect = data ? (data.redirectTo ?? `${astro.url.pathname}#${data.anchor ?? ''}`) : null;
    return { name, redirect, message: state.message, fields: state.fields, values: state.values };
  }
  return NO_LOOP_FORM;
}

/** This form's failed state when it was about `id` (a wish or offer id in `field`); otherwise null. */
export function failedFor(form: LoopForm, names: string[], field: 'wish_id' | 'offer_id', id: number): LoopForm | null {
  return form.name && !form.redirect && names.includes(form.name) && form.values[field] === String(id) ? form : null;
}
