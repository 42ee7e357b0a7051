import { PROBLEM_BASE, type ProblemSlug } from '@stafette/api';

/**
 * Errors as RFC 9457 problem details. `type` is stable: clients and scripts branch on it. The
 * slug comes from the one list in @stafette/api (problems.ts): a new condition is added there.
 */

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  get type(): string {
    return PROBLEM_BASE + this.slug;
  }

  toJSON(instance?: string) {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const badRequest = (detail: string, extra?: Record<string, unknown>) =>
  new Problem(400, 'bad-request', 'Bad request', detail, extra);
export const validationFailed = (detail: string, errors: unknown[] = []) =>
  new Problem(400, 'validation-failed', 'Request is not valid', detail, { errors });
export const unauthorized = (detail = 'Sign in to continue.') =>
  new Problem(401, 'unauthorized', 'Not signed in', detail);
export const invalidCredentials = () =>
  new Problem(401, 'invalid-credentials', 'Wrong email or password', 'The email or password is not correct.');
export const forbidden = (detail = 'You may not do this.') => new Problem(403, 'forbidden', 'Forbidden', detail);
export const csrfFailed = () =>
  new Problem(403, 'csrf-token-invalid', 'CSRF token missing or wrong', 'Send the x-csrf-token header from /api/v1/auth/session.');
export const notFound = (what = 'resource') => new Problem(404, 'not-found', 'Not found', `The ${what} does not exist.`);
export const conflict = (detail: string, slug: ProblemSlug) => new Problem(409, slug, 'Conflict', detail);
export const payloadTooLarge = (detail = 'The request body is too large.') =>
  new Problem(413, 'payload-too-large', 'Payload too large', detail);
export const unsupportedMediaType = (detail: string) =>
  new Problem(415, 'unsupported-media-type', 'Unsupported media type', detail);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new Problem(429, 'too-many-requests', 'Too many attempts', `Try again in ${retryAfterSeconds} seconds.`, {
    retryAfter: retryAfterSeconds,
  });
export const unavailable = (detail: string) => new Problem(503, 'service-unavailable', 'Service unavailable', detail);
