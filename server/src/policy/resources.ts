import type { Kysely } from 'kysely';
import type { AuthUser, Role } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import type { AccessLevel } from './access-rules.ts';
import { allow, archived, type Decision, fromVerdict, hidden, notAllowed } from './decision.ts';
import { canOnInterview, type InterviewAccess, type InterviewAction, interviewAccess } from './interviews.ts';
import { decideCommentAction, readersMayComment } from './comments.ts';
import { decideRead, decideReview, type ReadAction, type ReviewAction } from './knowledge.ts';
import { pageFacts, spaceState } from './pages.ts';
import { decideProcessAction, processAccess, type ProcessAction } from './processes.ts';
import { canOnPage, canOnSpace, type PageAction, type SpaceAction } from './spaces.ts';

/**
 * What each kind of resource loads and decides for an action. The access hook calls these for
 * the routes' `config.access`; the collaboration socket and services may call them directly.
 * Each returns one `Decision`; the grant carries what the check learnt, so handlers need not
 * ask again.
 */

/** Actions on a page: its tree and content, its review (`review.*`) and read requests (`reads.*`). */
export type PageRouteAction = PageAction | `review.${ReviewAction}` | `reads.${ReadAction}` | 'comments.read' | 'comments.create';

export interface PageGrant {
  user: AuthUser;
  /** The caller's instance role as stored now (a session may carry an older one). */
  userRole: Role;
  level: AccessLevel;
  /** `archived`: the page or its space is archived. */
  page: { id: string; spaceId: string; archived: boolean };
}

export interface SpaceGrant {
  user: AuthUser;
  level: AccessLevel;
  space: { id: string; archived: boolean };
}

export interface ProcessGrant {
  user: AuthUser;
  level: AccessLevel;
  process: { id: string; spaceId: string; archived: boolean; spaceArchived: boolean };
}

export interface InterviewGrant extends InterviewAccess {
  user: AuthUser;
}

const KNOWLEDGE_REFUSAL = 'You may not do this.';

export async function decidePage(db: Kysely<DB>, user: AuthUser, pageId: string, action: PageRouteAction): Promise<Decision<PageGrant>> {
  const facts = await pageFacts(db, user, pageId);
  if (!facts.page || !facts.userRole) return hidden('page');
  const grant: PageGrant = { user, userRole: facts.userRole, level: facts.level, page: facts.page };
  const { level } = facts;
  const isArchived = facts.page.archived;
  if (action.startsWith('review.')) {
    const responsible = await db.selectFrom('page_reviews').select('responsible_id').where('page_id', '=', pageId).executeTakeFirst();
    const verdict = decideReview(
      { level, archived: isArchived, userRole: facts.userRole, isResponsible: responsible?.responsible_id === user.id },
      action.slice('review.'.length) as ReviewAction,
    );
    return fromVerdict(verdict, grant, { what: 'page', archivedAs: 'page-archived', forbidden: KNOWLEDGE_REFUSAL });
  }
  if (action.startsWith('reads.')) {
    const verdict = decideRead(level, isArchived, action.slice('reads.'.length) as ReadAction);
    return fromVerdict(verdict, grant, { what: 'page', archivedAs: 'page-archived', forbidden: KNOWLEDGE_REFUSAL });
  }
  if (action === 'comments.read' || action === 'comments.create') {
    const verdict = decideCommentAction(
      { level, archived: isArchived, readersMayComment: await readersMayComment(db, facts.page.spaceId), isAuthor: false },
      action === 'comments.read' ? 'read' : 'create',
    );
    return fromVerdict(verdict, grant, { what: 'page', archivedAs: 'page-archived', forbidden: 'Readers may not comment in this space.' });
  }
  const pageAction = action as PageAction;
  if (canOnPage(level, isArchived, pageAction)) return allow(grant);
  // The role would allow it on a live page: say what stands in the way.
  if (isArchived && canOnPage(level, false, pageAction)) return archived('page-archived');
  return notAllowed();
}

/**
 * Actions on a file attached to a page (`/attachments/:id`) are actions on its page: readers
 * download, editors delete. An attachment id nobody may see is 404 like a hidden page.
 */
export async function decideAttachment(db: Kysely<DB>, user: AuthUser, attachmentId: string, action: PageRouteAction): Promise<Decision<PageGrant>> {
  const row = await db.selectFrom('attachments').select('page_id').where('id', '=', attachmentId).executeTakeFirst();
  if (!row) return hidden('attachment');
  const decision = await decidePage(db, user, row.page_id, action);
  return !decision.allow && decision.status === 404 ? hidden('attachment') : decision;
}

export async function decideSpace(db: Kysely<DB>, user: AuthUser, spaceId: string, action: SpaceAction): Promise<Decision<SpaceGrant>> {
  const { level, archived: isArchived } = await spaceState(db, user, spaceId);
  if (level === 'none') return hidden('space');
  const grant: SpaceGrant = { user, level, space: { id: spaceId, archived: isArchived } };
  if (action === 'importProcess') {
    const verdict = decideProcessAction(level, 'import', { spaceArchived: isArchived, processArchived: false });
    // As for every process action: an archived space makes its processes read-only.
    return fromVerdict(verdict, grant, { what: 'space', archivedAs: 'process-archived' });
  }
  if (canOnSpace(level, isArchived, action)) return allow(grant);
  if (isArchived && canOnSpace(level, false, action)) return archived('space-archived');
  return notAllowed();
}

export async function decideProcess(db: Kysely<DB>, user: AuthUser, processId: string, action: ProcessAction): Promise<Decision<ProcessGrant>> {
  const access = await processAccess(db, user, processId);
  if (!access.process) return hidden('process');
  const { process } = access;
  const verdict = decideProcessAction(access.level, action, { spaceArchived: process.spaceArchived, processArchived: process.archived });
  return fromVerdict(verdict, { user, level: access.level, process }, { what: 'process', archivedAs: 'process-archived' });
}

export async function decideInterview(db: Kysely<DB>, user: AuthUser, interviewId: string, action: InterviewAction): Promise<Decision<InterviewGrant>> {
  const access = await interviewAccess(db, user, interviewId);
  if (!access) return hidden('interview');
  if (!canOnInterview(access, action)) {
    return notAllowed(access.purged ? 'The interview content was deleted after the retention period.' : 'You may not do this with this interview in its current state.');
  }
  return allow({ ...access, user });
}
