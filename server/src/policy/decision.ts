import { conflict, forbidden, notFound, type Problem } from '../http/problem.ts';

/**
 * The one shape of an access decision. Callers who may not know a resource exists get 404
 * (never 403, which would confirm it exists); callers who may see it but not do this get 403;
 * an archived resource that the caller could otherwise change gets 409 with the slug naming
 * what is archived, so clients can offer "restore first".
 */
export type Refusal =
  | { allow: false; status: 404; type: 'not-found'; what: string }
  | { allow: false; status: 403; type: 'forbidden'; detail: string }
  | { allow: false; status: 409; type: ArchivedSlug; detail: string };

export type ArchivedSlug = 'page-archived' | 'space-archived' | 'process-archived';

export type Decision<G> = { allow: true; grant: G } | Refusal;

/**
 * The verdict of a pure rule, before it is turned into a decision: `read-only` means the
 * resource (or what contains it) is archived.
 */
export type Verdict = 'allow' | 'not-found' | 'forbidden' | 'read-only';

export const allow = <G>(grant: G): Decision<G> => ({ allow: true, grant });

export const hidden = (what: string): Refusal => ({ allow: false, status: 404, type: 'not-found', what });

export const notAllowed = (detail = 'Your role in this space does not allow this.'): Refusal => ({ allow: false, status: 403, type: 'forbidden', detail });

const ARCHIVED_DETAIL: Record<ArchivedSlug, string> = {
  'page-archived': 'The page or its space is archived; restore it first.',
  'space-archived': 'The space is archived; restore it first.',
  'process-archived': 'The process or its space is archived; restore it first.',
};

export const archived = (type: ArchivedSlug): Refusal => ({ allow: false, status: 409, type, detail: ARCHIVED_DETAIL[type] });

export interface VerdictTerms {
  /** What a hidden resource is called in the 404 ("The page does not exist."). */
  what: string;
  /** Which archive makes it read-only. */
  archivedAs: ArchivedSlug;
  /** The 403 detail, when the default does not fit. */
  forbidden?: string;
}

/** A rule's verdict as a decision. */
export function fromVerdict<G>(verdict: Verdict, grant: G, terms: VerdictTerms): Decision<G> {
  switch (verdict) {
    case 'allow':
      return allow(grant);
    case 'not-found':
      return hidden(terms.what);
    case 'forbidden':
      return notAllowed(terms.forbidden);
    case 'read-only':
      return archived(terms.archivedAs);
  }
}

/** The problem+json answer of a refusal. */
export function refusalProblem(refusal: Refusal): Problem {
  switch (refusal.status) {
    case 404:
      return notFound(refusal.what);
    case 403:
      return forbidden(refusal.detail);
    case 409:
      return conflict(refusal.detail, refusal.type);
  }
}

/** Throws the refusal's problem; routes and the access hook answer refusals only this way. */
export function refuse(refusal: Refusal): never {
  throw refusalProblem(refusal);
}
