// Typed failures of the domain layer. Actions and pages map them to HTTP in one
// place (src/server/action-errors.ts) so rules never think about status codes.

export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  readonly status: number;
  readonly fields: FieldErrors;
  constructor(status: number, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.fields = fields;
  }
}

/** Bad input: one message per field, shown beside it. */
export class ValidationError extends DomainError {
  constructor(fields: FieldErrors, message = 'Please correct the highlighted fields.') {
    super(400, message, fields);
  }
}

export class NotFoundError extends DomainError {
  constructor(message = 'Not found.') {
    super(404, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do that.') {
    super(403, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, fields: FieldErrors = {}) {
    super(409, message, fields);
  }
}

export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    const wait = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, `You are going a little fast. Please try again in ${formatWait(wait)}.`);
    this.retryAfterSeconds = wait;
  }
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
