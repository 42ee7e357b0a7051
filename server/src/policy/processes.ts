import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { isUuid } from './uuid.ts';
import type { Verdict } from './decision.ts';
import { type AccessLevel, atLeast, type PageAccess, pageAccess, spaceAccess } from './pages.ts';
import { canOnPage } from './spaces.ts';

/**
 * Who may do what with a process. A process belongs to a space and inherits its access:
 * readers view it, editors attach and detach pages, owners (manage) import, upload new
 * versions, archive and restore. Callers who cannot read the space learn nothing: not found.
 *
 * Pages attached to steps may come from any space the attaching user can read, not only the
 * process's own: processes cross departments, and the knowledge for a step often lives in the
 * department that does it. Lists of attached pages show each viewer only the pages they can
 * read, so an attachment never discloses a page to someone who could not open it.
 */
export type ProcessAction =
  | 'view'
  | 'attach'
  | 'import'
  | 'archive'
  /**
   * Name one of its steps as the step an interview answer documents: a proposal, so reading the
   * process is enough (publication attaches only where the publisher may, by
   * `decideStepAttachment`), but not in an archived process or space, where nothing can be attached.
   */
  | 'linkAnswer'
  /** Publish on the public portal or take it off (space owners). */
  | 'publish';

/** `archive` covers archiving and restoring. `import` covers new processes and new versions. */
const NEEDED: Record<ProcessAction, AccessLevel> = { view: 'read', attach: 'write', import: 'manage', archive: 'manage', linkAnswer: 'read', publish: 'manage' };

/** `not-found`: the caller may not know the process exists; `read-only`: archived, nothing changes. */
export type ProcessDecision = Verdict;

export interface ProcessState {
  spaceArchived: boolean;
  /** False for a process about to be imported. */
  processArchived: boolean;
}

/** The pure decision, from the caller's level in the process's space and the archive state. */
export function decideProcessAction(level: AccessLevel, action: ProcessAction, state: ProcessState): ProcessDecision {
  if (level === 'none') return 'not-found';
  if (action === 'view') return 'allow';
  // An archived space is read-only for everyone; its owners restore it first.
  if (state.spaceArchived) return 'read-only';
  if (!atLeast(level, NEEDED[action])) return 'forbidden';
  if (state.processArchived && action !== 'archive') return 'read-only';
  return 'allow';
}

export interface ProcessAccess {
  level: AccessLevel;
  /** Null when the process does not exist or the caller may not see it. */
  process: { id: string; spaceId: string; archived: boolean; spaceArchived: boolean } | null;
}

/** The caller's access to one process: the level in its space. */
export async function processAccess(db: Kysely<DB>, user: AuthUser, processId: string): Promise<ProcessAccess> {
  if (!isUuid(processId)) return { level: 'none', process: null };
  const row = await db
    .selectFrom('processes')
    .innerJoin('spaces', 'spaces.id', 'processes.space_id')
    .select(['processes.id', 'processes.space_id', 'processes.archived_at', 'spaces.archived_at as space_archived_at'])
    .where('processes.id', '=', processId)
    .executeTakeFirst();
  if (!row) return { level: 'none', process: null };
  const level = await spaceAccess(db, user, row.space_id);
  if (level === 'none') return { level, process: null };
  return {
    level,
    process: { id: row.id, spaceId: row.space_id, archived: row.archived_at !== null, spaceArchived: row.space_archived_at !== null },
  };
}

/** Whether a page may be attached to a step: the page's `attach` rule (spaces.ts), as a verdict. */
export function canAttachPage(pageLevel: AccessLevel, pageArchived: boolean): 'allow' | 'not-found' | 'read-only' {
  if (!atLeast(pageLevel, 'read')) return 'not-found';
  return canOnPage(pageLevel, pageArchived, 'attach') ? 'allow' : 'read-only';
}

/**
 * Why a page may not be attached to a step: `not-found` (the caller may not know the process),
 * `forbidden` (no edit rights in its space), `read-only` (process or space archived),
 * `page-not-found` (the caller cannot read the page), `page-archived`.
 */
export type StepAttachDecision = ProcessDecision | 'page-not-found' | 'page-archived';

/**
 * The one rule for attaching a page to a process step, for every writer of step attachments:
 * edit rights in the process's space, neither the process nor its space archived, and a
 * readable page that is not archived. Interview publication asks it in its transaction; the
 * attach route declares the same two checks (process `attach`, page `attach`) for the hook.
 */
export function decideStepAttachment(process: ProcessAccess, page: PageAccess): StepAttachDecision {
  const onProcess = process.process
    ? decideProcessAction(process.level, 'attach', { spaceArchived: process.process.spaceArchived, processArchived: process.process.archived })
    : 'not-found';
  if (onProcess !== 'allow') return onProcess;
  switch (canAttachPage(page.level, page.page?.archived ?? false)) {
    case 'not-found':
      return 'page-not-found';
    case 'read-only':
      return 'page-archived';
    case 'allow':
      return 'allow';
  }
}

/** `decideStepAttachment` with the facts read fresh (pass the transaction that will write). */
export async function stepAttachmentAccess(db: Kysely<DB>, user: AuthUser, processId: string, pageId: string): Promise<StepAttachDecision> {
  return decideStepAttachment(await processAccess(db, user, processId), await pageAccess(db, user, pageId));
}
