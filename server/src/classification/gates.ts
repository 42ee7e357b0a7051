import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { Problem } from '../http/problem.ts';
import { atLeast, decideAccess } from '../policy/access-rules.ts';
import { effectiveLevel } from './effective.ts';
import { atLeastLevel, type ClassificationKey } from './levels.ts';

/**
 * What a classification level allows once content leaves the wiki, decided on the server. Every
 * capability that lets content out asks here: exports and attachment downloads
 * (`assertMayExport`), public publishing (`isPublishable`), notification mails
 * (`mailMayQuoteContent`), offline copies (`mayBeKeptOffline`), suggestions (`mayBeSuggested`),
 * and every read of a strictly confidential page is recorded (`auditClassifiedRead`).
 *
 * | level | publish | export, download | mail body | offline | suggested to non-members | reads audited |
 * | oeffentlich | yes | readers | quoted | yes | yes | no |
 * | intern | no | readers | quoted | yes | yes | no |
 * | vertraulich | no | editors, always audited | quoted | yes | yes | no |
 * | streng-vertraulich | no | editors, always audited | "something changed" only | no | no | yes |
 */

/** Public publishing (open government) only for pages whose effective level is `oeffentlich`. */
export function isPublishable(level: ClassificationKey): boolean {
  return level === 'oeffentlich';
}

/**
 * Whether a notification mail may quote the page (title excerpt, changed text, comment body).
 * For strictly confidential pages the mail says only that something changed, with a link.
 */
export function mailMayQuoteContent(level: ClassificationKey): boolean {
  return level !== 'streng-vertraulich';
}

/** Whether a device may keep a copy for offline use (service worker cache, IndexedDB). */
export function mayBeKeptOffline(level: ClassificationKey): boolean {
  return level !== 'streng-vertraulich';
}

/**
 * Whether suggestions (quick switcher, search-as-you-type) may offer the page. Strictly
 * confidential pages are offered to members of their space only: administrators and knowledge
 * managers who are not members find them through the space, not by accident.
 */
export function mayBeSuggested(level: ClassificationKey, isMember: boolean): boolean {
  return level !== 'streng-vertraulich' || isMember;
}

/** Exports and downloads of this level and above need an editor of the space and are always audited. */
export function exportIsGated(level: ClassificationKey): boolean {
  return atLeastLevel(level, 'vertraulich');
}

/** Every read of a page of this level is recorded as `page.read`. */
export function readsAreAudited(level: ClassificationKey): boolean {
  return level === 'streng-vertraulich';
}

/**
 * Whether the user edits in the space (editors, owners, administrators), archived or not: an
 * archived space is read-only, but its editors still answer for its content and may export it.
 * Read fresh from the database, like every access decision.
 */
export async function editsSpace(db: Kysely<DB>, userId: string, spaceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .leftJoin('space_members', (join) => join.onRef('space_members.user_id', '=', 'users.id').on('space_members.space_id', '=', spaceId))
    .select(['users.role', 'users.active', 'space_members.role as member_role'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row) return false;
  return atLeast(decideAccess({ userRole: row.role, userActive: row.active, memberRole: row.member_role, spaceArchived: false }), 'write');
}

export interface ExportAttempt {
  /** Who asks, from where; `actorId` is the signed-in caller. */
  actor: Actor & { actorId: string };
  pageId: string;
  spaceId: string;
  /** The page's effective level (from `effectiveLevel` when the caller has not read it yet). */
  level: ClassificationKey;
  /** What leaves: `{ format: 'markdown' }`, `{ attachmentId }` …; recorded in the audit entry. */
  detail?: Record<string, unknown>;
  /** The audit action; `page.export` for page exports and attachment downloads alike. */
  action?: string;
}

export const exportDenied = (label: string) =>
  new Problem(
    403,
    'classification-export-denied',
    'Export not allowed',
    `The page is classified "${label}": only editors of its space may export or download it.`,
  );

/**
 * The export gate: a page of `vertraulich` or above leaves only for editors of its space, and
 * every attempt — allowed or refused — is recorded as `page.export`. The refusal is recorded on
 * its own (outside any transaction of the request, which fails) before the 403 is thrown.
 * Below `vertraulich` anyone who may read the page may export it; nothing is recorded here.
 */
export async function assertMayExport(db: Kysely<DB>, attempt: ExportAttempt, label: () => Promise<string>): Promise<void> {
  if (!exportIsGated(attempt.level)) return;
  const allowed = await editsSpace(db, attempt.actor.actorId, attempt.spaceId);
  await recordAudit(db, {
    actorId: attempt.actor.actorId,
    ip: attempt.actor.ip,
    action: attempt.action ?? 'page.export',
    targetType: 'page',
    targetId: attempt.pageId,
    detail: { ...attempt.detail, classification: attempt.level, allowed },
  });
  if (!allowed) throw exportDenied(await label());
}

/**
 * Records a read of a strictly confidential page (`page.read`, with `via`: page, export,
 * versions, version, diff, live). Pass the level when known; otherwise it is looked up. Returns
 * the effective level (null when the page is gone).
 */
export async function auditClassifiedRead(
  db: Kysely<DB>,
  actor: Actor,
  pageId: string,
  via: string,
  known?: ClassificationKey,
): Promise<ClassificationKey | null> {
  const level = known ?? (await effectiveLevel(db, pageId));
  if (level && readsAreAudited(level)) {
    await recordAudit(db, { ...actor, action: 'page.read', targetType: 'page', targetId: pageId, detail: { via, classification: level } });
  }
  return level;
}
