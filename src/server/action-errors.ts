// Maps the domain's typed errors to Action errors, in one place.
import type { AstroGlobal } from 'astro';
import { ActionError } from 'astro:actions';
import { DomainError, type FieldErrors } from '../lib/errors.ts';

type ActionErrorCode = ConstructorParameters<typeof ActionError>[0]['code'];

/**
 * Field errors travel as an input error (Astro rebuilds it from `issues` after
 * the form post), with the domain's own status carried on each issue.
 */
class FieldActionError extends ActionError {
  override type = 'AstroActionInputError' as 'AstroActionError';
  issues: { path: string[]; message: string; code: 'custom'; status: number }[];
  fields: Record<string, string[]>;
  constructor(status: number, fields: FieldErrors) {
    super({
      code: ActionError.statusToCode(status) as ActionErrorCode,
      message: 'Please correct the highlighted fields.',
    });
    this.issues = Object.entries(fields).map(([key, message]) => ({ path: [key], message, code: 'custom', status }));
    this.fields = Object.fromEntries(Object.entries(fields).map(([k, m]) => [k, [m]]));
  }
}

/**
 * Text PostgreSQL cannot store (a NUL byte: 22021; a character outside the encoding: 22P05). Forms refuse
 * it in their zod rules (lib/validation.ts); this is the net for any field a rule lets through, so such
 * input is the sender's mistake (400), never a server error.
 */
function isUnstorableText(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/** Runs a domain call, turning its DomainErrors into Action errors with the same status and message. */
export async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUnstorableText(error))
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Some of what was sent has characters that are not allowed.',
      });
    if (!(error instanceof DomainError)) throw error;
    if (Object.keys(error.fields).length > 0) throw new FieldActionError(error.status, error.fields);
    throw new ActionError({ code: ActionError.statusToCode(error.status) as ActionErrorCode, message: error.message });
  }
}

interface PageOutcome<T> {
  value: T | null;
  /** The domain's refusal, shown on the page; the response status is already set. */
  refusal: string | null;
  /** A response to return instead of rendering (the 404 page). */
  response: Response | null;
}

/**
 * The page-side twin of `run`: a page's domain call whose typed errors become
 * the 404 page or a refusal shown with the error's status.
 */
export async function runForPage<T>(astro: AstroGlobal, work: () => Promise<T>): Promise<PageOutcome<T>> {
  try {
    return { value: await work(), refusal: null, response: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) return { value: null, refusal: null, response: await astro.rewrite('/404') };
    astro.response.status = error.status;
    return { value: null, refusal: error.message, response: null };
  }
}
