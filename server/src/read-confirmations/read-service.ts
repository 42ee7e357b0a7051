import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict } from '../http/problem.ts';

/**
 * Read requests: a space owner asks the members of the page's space to confirm they read a
 * page (a changed procedure). The recipients are the active members at the time of the
 * request, except the person asking; a newer request on the same page replaces the older one
 * in what the page shows (the older one stays in the database and the audit log).
 */

export async function createReadRequest(db: Kysely<DB>, pageId: string, note: string, actor: UserActor): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const members = await trx
      .selectFrom('pages as p')
      .innerJoin('space_members as m', 'm.space_id', 'p.space_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.id')
      .where('p.id', '=', pageId)
      .where('u.active', '=', true)
      .where('u.id', '!=', actor.actorId)
      .execute();
    if (members.length === 0) throw conflict('The space has no other active members to ask.', 'no-recipients');
    const request = await trx
      .insertInto('page_read_requests')
      .values({ page_id: pageId, requested_by: actor.actorId, note })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('page_read_recipients')
      .values(members.map((m) => ({ request_id: request.id, user_id: m.id })))
      .execute();
    await recordAudit(trx, { ...actor, action: 'page.read-request.create', targetType: 'page', targetId: pageId, detail: { requestId: request.id, recipients: members.length, note } });
    return request.id;
  });
}

/** The newest read request of a page, or undefined. */
export async function latestRequest(db: Kysely<DB>, pageId: string) {
  return db
    .selectFrom('page_read_requests as r')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .select(['r.id', 'r.note', 'r.created_at', 'r.requested_by', 'u.display_name'])
    .where('r.page_id', '=', pageId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id')
    .limit(1)
    .executeTakeFirst();
}

/** The caller confirms the newest request of the page; confirming twice keeps the first time. */
export async function confirmRead(db: Kysely<DB>, pageId: string, actor: UserActor): Promise<void> {
  const request = await latestRequest(db, pageId);
  if (!request) throw conflict('Nobody asked to confirm reading this page.', 'no-read-request');
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('page_read_recipients')
      .select('confirmed_at')
      .where('request_id', '=', request.id)
      .where('user_id', '=', actor.actorId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw conflict('You were not asked to confirm reading this page.', 'not-asked');
    if (row.confirmed_at) return;
    await trx
      .updateTable('page_read_recipients')
      .set({ confirmed_at: new Date() })
      .where('request_id', '=', request.id)
      .where('user_id', '=', actor.actorId)
      .execute();
    await recordAudit(trx, { ...actor, action: 'page.read-request.confirm', targetType: 'page', targetId: pageId, detail: { requestId: request.id } });
  });
}

export interface ReadStatus {
  request: { id: string; note: string; createdAt: string; requestedBy: { id: string; displayName: string } | null } | null;
  confirmed: { userId: string; displayName: string; confirmedAt: string }[];
  pending: { userId: string; displayName: string }[];
  /** Whether the caller was asked and has not confirmed yet. */
  callerPending: boolean;
}

export async function readStatus(db: Kysely<DB>, pageId: string, callerId: string): Promise<ReadStatus> {
  const request = await latestRequest(db, pageId);
  if (!request) return { request: null, confirmed: [], pending: [], callerPending: false };
  const rows = await db
    .selectFrom('page_read_recipients as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.user_id', 'r.confirmed_at', 'u.display_name'])
    .where('r.request_id', '=', request.id)
    .execute();
  const byName = (a: { displayName: string }, b: { displayName: string }) => a.displayName.localeCompare(b.displayName, 'de');
  return {
    request: {
      id: request.id,
      note: request.note,
      createdAt: request.created_at.toISOString(),
      requestedBy: request.requested_by && request.display_name ? { id: request.requested_by, displayName: request.display_name } : null,
    },
    confirmed: rows
      .filter((r) => r.confirmed_at)
      .map((r) => ({ userId: r.user_id, displayName: r.display_name, confirmedAt: r.confirmed_at!.toISOString() }))
      .sort((a, b) => a.confirmedAt.localeCompare(b.confirmedAt)),
    pending: rows.filter((r) => !r.confirmed_at).map((r) => ({ userId: r.user_id, displayName: r.display_name })).sort(byName),
    callerPending: rows.some((r) => r.user_id === callerId && !r.confirmed_at),
  };
}
