import type { AuthUser, Role } from '../auth/auth.ts';
import { type AccessLevel, atLeast } from './access-rules.ts';
import type { Verdict } from './decision.ts';

/**
 * Who may do what to keep knowledge alive: responsible persons and reviews of pages, read
 * requests and confirmations, the knowledge-at-risk view. Levels come from `pageAccess` /
 * `spaceAccess` (policy/pages.ts); callers who cannot read a page learn nothing (404).
 */
export type ReviewAction =
  /** See the responsible person, interval, due date and proposal. */
  | 'view'
  /** Set or clear the responsible person and the interval. */
  | 'configure'
  /** Confirm the page is still correct. */
  | 'confirm';

export interface ReviewFacts {
  level: AccessLevel;
  /** The page or its space is archived: nothing about it changes. */
  archived: boolean;
  userRole: Role;
  /** The caller is the page's responsible person. */
  isResponsible: boolean;
}

/**
 * - view: everyone who reads the page;
 * - configure: space owners and admins (manage), and knowledge managers, whose job is to keep
 *   pages owned across the organisation (they read every space);
 * - confirm: only the responsible person: a confirmation says "I checked it", which nobody can
 *   say for someone else.
 */
export function decideReview(facts: ReviewFacts, action: ReviewAction): Verdict {
  if (!atLeast(facts.level, 'read')) return 'not-found';
  if (action === 'view') return 'allow';
  if (facts.archived) return 'read-only';
  if (action === 'configure') return atLeast(facts.level, 'manage') || facts.userRole === 'knowledge_manager' ? 'allow' : 'forbidden';
  return facts.isResponsible ? 'allow' : 'forbidden';
}

/** A responsible person must be an active account that can read the page. */
export function canBeResponsible(levelOfCandidate: AccessLevel): boolean {
  return atLeast(levelOfCandidate, 'read');
}

export type ReadAction = 'view' | 'request' | 'confirm';

/**
 * - view (who confirmed, who not yet): everyone who reads the page;
 * - request: the process owner, i.e. the space's owners (and admins, who act as owners);
 * - confirm: any reader; the service checks that the caller was asked.
 */
export function decideRead(level: AccessLevel, archived: boolean, action: ReadAction): Verdict {
  if (!atLeast(level, 'read')) return 'not-found';
  if (action === 'view' || action === 'confirm') return 'allow';
  if (archived) return 'read-only';
  return atLeast(level, 'manage') ? 'allow' : 'forbidden';
}

/**
 * The knowledge-at-risk view is open to every active account, filtered to the spaces they can
 * read; who the experts are and when they leave is shown to everyone who sees the step (the
 * pages already name their authors). Interviews scheduled for an expert are shown only to
 * those who may see all interviews (the privacy rule in policy/interviews.ts).
 */
export function canSeeRiskInterviews(user: AuthUser): boolean {
  return user.active && (user.role === 'admin' || user.role === 'knowledge_manager');
}

/** Lists of pages whose responsible person left, organisation-wide: knowledge managers and admins. */
export function seesAllReviewGaps(user: AuthUser): boolean {
  return user.active && (user.role === 'admin' || user.role === 'knowledge_manager');
}
