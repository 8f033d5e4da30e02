// What a page needs to answer a form post: redirect on success (POST/redirect/GET),
// or re-render with the status, the message beside each field and the text kept.
import type { AstroGlobal } from 'astro';
import { isInputError } from 'astro:actions';

type ActionRef = Parameters<AstroGlobal['getActionResult']>[0];

export interface FormState<TData> {
  submitted: boolean;
  data: TData | undefined;
  /** A message for the whole form (also set when fields have errors). */
  message: string | null;
  fields: Record<string, string>;
  /** What the person typed, to fill the form again. Passwords are never kept. */
  values: Record<string, string>;
}

const NEVER_ECHOED = new Set(['password', 'new_password', 'current_password', 'website_url_confirm']);

export async function readFormState<A extends ActionRef>(
  astro: AstroGlobal,
  action: A,
): Promise<FormState<NonNullable<ReturnType<AstroGlobal['getActionResult']>>['data']>> {
  const result = astro.getActionResult(action);
  const empty = { submitted: false, data: undefined, message: null, fields: {}, values: {} };
  if (!result) return empty;
  if (!result.error) return { ...empty, submitted: true, data: result.data };

  const error = result.error;
  let status = error.status;
  let fields: Record<string, string> = {};
  if (isInputError(error)) {
    fields = Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [k, (v as string[])[0] ?? 'Invalid.']));
    const issueStatus = (error.issues as { status?: number }[]).find((i) => typeof i.status === 'number')?.status;
    status = issueStatus ?? 400;
  }
  astro.response.status = status;
  const message = isInputError(error)
    ? 'Please correct the highlighted fields.'
    : status >= 500
      ? 'Something went wrong on our side. Your text is kept below; please try again.'
      : error.message;
  return { submitted: true, data: undefined, message, fields, values: status === 413 ? {} : await readValues(astro) };
}

async function readValues(astro: AstroGlobal): Promise<Record<string, string>> {
  try {
    // A clone, so the page may still Astro.rewrite() (which needs the body unread).
    const form = await astro.request.clone().formData();
    const values: Record<string, string> = {};
    for (const [key, value] of form) {
      if (typeof value === 'string' && !NEVER_ECHOED.has(key) && !(key in values)) values[key] = value;
    }
    return values;
  } catch {
    return {};
  }
}
