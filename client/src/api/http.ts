/**
 * The one way the client talks to the REST API: JSON in and out, the session cookie sent by
 * the browser, the CSRF token added to every state-changing request, and problem+json turned
 * into an ApiError the screens can show. Shapes and limits are @stafette/api's.
 */
import type { ProblemDetails } from '@stafette/api';
import { type ProblemSlug, problemSlugOf } from '@stafette/api/problems';

/** A problem+json answer as received: a proxy's error page may lack any of its fields. */
export type ReceivedProblem = Partial<ProblemDetails>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ReceivedProblem,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/**
 * The problem type of what an API call threw (`'page-archived'`, `'wrong-password'`, …; the list
 * is @stafette/api's problems.ts), or null for anything else. Screens branch on this, never on
 * the English `detail` text or on the status alone.
 */
export function problemType(error: unknown): ProblemSlug | null {
  return error instanceof ApiError ? problemSlugOf(error.problem.type) : null;
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The token for state-changing requests sent outside `request` (raw uploads such as BPMN files). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when the server answers 401 to a signed-in request (session ended elsewhere). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: init.signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && onUnauthorized && !path.startsWith('/auth/login')) onUnauthorized();
    const problem = (data && typeof data === 'object' ? data : { title: text }) as ReceivedProblem;
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { title: text };
  }
}

export const api = {
  get: <T>(path: string, init?: { signal?: AbortSignal }) => request<T>('GET', path, undefined, init),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
