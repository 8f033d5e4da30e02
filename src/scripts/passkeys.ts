// The passkey forms' script: a passkey cannot be made or used without the
// browser's WebAuthn prompt, so these forms are hidden until this runs (a
// <noscript> line says why). On submit it asks the server for a ceremony's
// options, lets the browser prompt, puts its answer in the hidden "response"
// field and submits the form as usual: the server checks it and answers like
// any other form post (src/actions/passkeys.ts).
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { actions } from 'astro:actions';

type Step = 'add' | 'sign-in' | 'second-step';

type Answer = { data?: { options: unknown }; error?: { message: string } };

/** Options for a ceremony: adding (an action: the session cookie goes everywhere) or signing in (under /login). */
async function optionsFor(step: Step): Promise<Answer> {
  if (step === 'add') return actions.passkeys.addOptions(new FormData());
  const body = new FormData();
  body.set('step', step);
  const res = await fetch('/login/passkey-options', { method: 'POST', body, credentials: 'same-origin' });
  const json = (await res.json().catch(() => ({}))) as { options?: unknown; message?: string };
  return res.ok && json.options
    ? { data: { options: json.options } }
    : { error: { message: json.message ?? 'The site did not answer' } };
}

async function answer(step: Step): Promise<string> {
  const { data, error } = await optionsFor(step);
  if (error || !data) throw new Error(error?.message ?? 'The site did not answer. Please try again.');
  const result =
    step === 'add'
      ? await startRegistration({ optionsJSON: data.options as Parameters<typeof startRegistration>[0]['optionsJSON'] })
      : await startAuthentication({
          optionsJSON: data.options as Parameters<typeof startAuthentication>[0]['optionsJSON'],
        });
  return JSON.stringify(result);
}

function enhance(form: HTMLFormElement): void {
  const step = form.dataset.passkey as Step;
  const status = form.querySelector<HTMLElement>('[data-passkey-status]');
  const response = form.querySelector<HTMLInputElement>('input[name="response"]');
  if (!response) return;
  form.hidden = false;
  let busy = false;
  form.addEventListener('submit', (event) => {
    if (response.value) return; // the answer is in: this is the real submission
    event.preventDefault();
    if (busy) return;
    busy = true;
    if (status) status.textContent = 'Waiting for your passkey…';
    answer(step)
      .then((json) => {
        response.value = json;
        form.requestSubmit();
      })
      .catch((error: unknown) => {
        const cancelled = error instanceof Error && error.name === 'NotAllowedError';
        if (status) {
          status.textContent = cancelled
            ? 'No passkey was used (the prompt was closed or timed out).'
            : `That did not work: ${error instanceof Error ? error.message.replace(/\.$/, '') : 'please try again'}.`;
        }
      })
      .finally(() => {
        busy = false;
      });
  });
}

if (browserSupportsWebAuthn()) {
  document.querySelectorAll<HTMLFormElement>('form[data-passkey]').forEach(enhance);
} else {
  document.querySelectorAll<HTMLElement>('[data-passkey-unsupported]').forEach((note) => (note.hidden = false));
}
