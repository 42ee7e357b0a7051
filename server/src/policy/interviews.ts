import type { TransitionTarget } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { AuthUser, Role } from '../auth/auth.ts';
import type { DB, InterviewStatus } from '../db/schema.ts';
import { isUuid } from './uuid.ts';
import { allow, type Decision, notAllowed } from './decision.ts';

/**
 * The privacy rule of exit interviews (DSGVO): an interview is visible only to the departing
 * person (subject), the interviewer, the successor, knowledge managers and admins; everyone
 * else is told it does not exist (404), on REST and on the collaboration socket alike. What
 * each participant may do depends on their part and the interview's state. Roles and active
 * state are read fresh on every call, so a demotion or deactivation takes effect at once.
 */

export type InterviewPart = 'subject' | 'interviewer' | 'successor' | 'manager';

export type InterviewAction =
  | 'view'
  /** See what a completion would publish: not once the content was deleted. */
  | 'preview'
  /** Write answer text on the collaboration socket. */
  | 'editAnswers'
  /** Mark an answer private (protective: subject and interviewer). */
  | 'markPrivate'
  /** Make a private answer publishable again: only the person it is about. */
  | 'unmarkPrivate'
  | 'linkSteps'
  | 'review'
  | 'consent'
  | 'start'
  | 'submitForReview'
  | 'reopen'
  | 'complete'
  | 'updateDetails'
  /**
   * Delete the unpublished content after the retention date by an explicit decision (the job
   * never purges a running interview); the route also checks the date has passed.
   */
  | 'purgeContent';

export interface InterviewFacts {
  parts: ReadonlySet<InterviewPart>;
  status: InterviewStatus;
  /** The retention job deleted its content: nothing can be read or written any more. */
  purged: boolean;
}

export function interviewParts(user: { id: string; role: Role; active: boolean }, row: InterviewPeople): Set<InterviewPart> {
  const parts = new Set<InterviewPart>();
  if (!user.active) return parts;
  if (row.subject_user_id === user.id) parts.add('subject');
  if (row.interviewer_id === user.id) parts.add('interviewer');
  if (row.successor_id === user.id) parts.add('successor');
  if (user.role === 'admin' || user.role === 'knowledge_manager') parts.add('manager');
  return parts;
}

const OPEN: readonly InterviewStatus[] = ['planned', 'in_progress', 'in_review'];

export function canOnInterview(facts: InterviewFacts, action: InterviewAction): boolean {
  const { parts, status, purged } = facts;
  if (parts.size === 0) return false;
  const has = (...wanted: InterviewPart[]) => wanted.some((p) => parts.has(p));
  const open = OPEN.includes(status) && !purged;
  switch (action) {
    case 'view':
      return true;
    case 'preview':
      return !purged;
    case 'editAnswers':
    case 'markPrivate':
    case 'linkSteps':
      return open && has('subject', 'interviewer');
    case 'unmarkPrivate':
    case 'consent':
      return open && has('subject');
    case 'review':
      return open && status !== 'planned' && has('successor');
    case 'start':
      return status === 'planned' && !purged && has('subject', 'interviewer', 'manager');
    case 'submitForReview':
      return status === 'in_progress' && !purged && has('interviewer', 'manager');
    case 'reopen':
      return status === 'in_review' && !purged && has('subject', 'interviewer', 'manager');
    case 'complete':
      return status === 'in_review' && !purged && has('interviewer', 'manager');
    case 'updateDetails':
      return open && has('manager');
    case 'purgeContent':
      return !purged && has('manager');
  }
}

/**
 * Moving the status is one route whose rule depends on the interview's current status: to
 * `in_review` is submitting it, to `in_progress` starting a planned one or reopening one in
 * review. Decided once the access hook has let a participant through (`view`).
 */
export function decideTransition(facts: InterviewFacts, to: TransitionTarget): Decision<InterviewAction> {
  const action: InterviewAction = to === 'in_review' ? 'submitForReview' : facts.status === 'planned' ? 'start' : 'reopen';
  return canOnInterview(facts, action) ? allow(action) : notAllowed(`The interview cannot move from ${facts.status} to ${to} by you.`);
}

interface InterviewPeople {
  subject_user_id: string;
  interviewer_id: string;
  successor_id: string | null;
}

export interface InterviewAccess extends InterviewFacts {
  interviewId: string;
}

/** The caller's parts in an interview and its state; null when they may not know it exists. */
export async function interviewAccess(db: Kysely<DB>, user: AuthUser, interviewId: string): Promise<InterviewAccess | null> {
  // Interviews belong to no space: a token limited to spaces does not reach them.
  if (!isUuid(interviewId) || user.spaceIds) return null;
  const row = await db
    .selectFrom('interviews')
    .innerJoin('users', (join) => join.on('users.id', '=', user.id))
    .select([
      'interviews.subject_user_id',
      'interviews.interviewer_id',
      'interviews.successor_id',
      'interviews.status',
      'interviews.content_purged_at',
      'users.role',
      'users.active',
    ])
    .where('interviews.id', '=', interviewId)
    .executeTakeFirst();
  if (!row) return null;
  const parts = interviewParts({ id: user.id, role: row.role, active: row.active }, row);
  if (parts.size === 0) return null;
  return { interviewId, parts, status: row.status, purged: row.content_purged_at !== null };
}

/** Which interviews a list shows: all for managers, else those the user takes part in. */
export async function visibleInterviewScope(db: Kysely<DB>, user: AuthUser): Promise<'all' | 'own' | 'none'> {
  const fresh = await db.selectFrom('users').select(['role', 'active']).where('id', '=', user.id).executeTakeFirst();
  if (!fresh || !fresh.active || user.spaceIds) return 'none';
  return fresh.role === 'admin' || fresh.role === 'knowledge_manager' ? 'all' : 'own';
}
