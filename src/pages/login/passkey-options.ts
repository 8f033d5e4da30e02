// POST /login/passkey-options (step=sign-in | second-step): a sign-in
// ceremony's options for the passkey script, as JSON. Under /login so that the
// cookie of a sign-in waiting for its second step (path /login) comes along.
import type { APIRoute } from 'astro';
import { startPasskeySignIn } from '../../lib/auth/passkeys/service.ts';
import { startPasskeySecondStep } from '../../lib/auth/sign-in.ts';
import { DomainError } from '../../lib/errors.ts';
import { getApp } from '../../server/app.ts';
import { pendingSignInTokenOf } from '../../server/cookies.ts';
import { passkeyContext, relyingParty } from '../../server/passkeys.ts';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'private, no-store' },
  });

export const POST: APIRoute = async (context) => {
  const form = await context.request.formData().catch(() => null);
  const step = form?.get('step');
  if (step !== 'sign-in' && step !== 'second-step')
    return json({ message: 'Say which step: sign-in or second-step.' }, 400);
  const { db } = getApp();
  const rp = await relyingParty();
  try {
    const options =
      step === 'second-step'
        ? await startPasskeySecondStep(db, pendingSignInTokenOf(context.request), rp, passkeyContext(context))
        : await startPasskeySignIn(db, rp, passkeyContext(context));
    return json({ options });
  } catch (error) {
    if (error instanceof DomainError) return json({ message: error.message }, error.status);
    throw error;
  }
};
