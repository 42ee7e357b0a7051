import type { Kysely, Transaction } from 'kysely';
import type { DB, SpaceRole } from '../db/schema.ts';
import { conflict, notFound } from '../http/problem.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { lockSpace } from '../pages/tree.ts';
import type { ClassificationKey } from '../classification/levels.ts';
import { setSpaceClassification } from '../classification/classification-service.ts';
import { defaultLevel } from '../classification/scheme.ts';

/**
 * Changes to spaces and their members: each one transaction with its audit entry. Membership
 * changes lock the space row, so two owners leaving at once cannot leave it without an owner.
 * Routes check access before calling these.
 */

function audit(trx: Transaction<DB>, actor: UserActor, action: string, spaceId: string, detail?: Record<string, unknown>) {
  return recordAudit(trx, { ...actor, action, targetType: 'space', targetId: spaceId, ...(detail ? { detail } : {}) });
}

/** Opens a space with the actor as its owner; returns its id. */
export async function createSpace(db: Kysely<DB>, input: { name: string; description?: string }, actor: UserActor): Promise<string> {
  const name = input.name.trim();
  return db.transaction().execute(async (trx) => {
    const space = await trx
      .insertInto('spaces')
      .values({ name, description: input.description ?? '', created_by: actor.actorId, classification: await defaultLevel(trx) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('space_members').values({ space_id: space.id, user_id: actor.actorId, role: 'owner' }).execute();
    await audit(trx, actor, 'space.create', space.id, { name });
    return space.id;
  });
}

/** Renames the space, changes its description and/or its classification level; true when the level changed. */
export async function updateSpace(
  db: Kysely<DB>,
  spaceId: string,
  changes: { name?: string; description?: string; classification?: ClassificationKey },
  actor: UserActor,
): Promise<boolean> {
  const { name, description, classification } = changes;
  return db.transaction().execute(async (trx) => {
    const reclassified = classification !== undefined && (await setSpaceClassification(trx, spaceId, classification, actor));
    if (name === undefined && description === undefined) return reclassified;
    await trx
      .updateTable('spaces')
      .set({
        ...(name !== undefined ? { name: name.trim() } : {}),
        ...(description !== undefined ? { description } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', spaceId)
      .execute();
    await audit(trx, actor, 'space.update', spaceId, { changes: { name, description } });
    return reclassified;
  });
}

/** Archives or restores a space; false when it already was in that state (nothing recorded). */
export async function setSpaceArchived(db: Kysely<DB>, spaceId: string, archive: boolean, actor: UserActor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('spaces')
      .set({ archived_at: archive ? new Date() : null, updated_at: new Date() })
      .where('id', '=', spaceId)
      .where('archived_at', archive ? 'is' : 'is not', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await audit(trx, actor, archive ? 'space.archive' : 'space.restore', spaceId);
    return true;
  });
}

/** Adds a member or changes their role; false when they already had it. */
export async function setMember(db: Kysely<DB>, spaceId: string, userId: string, role: SpaceRole, actor: UserActor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await lockSpace(trx, spaceId);
    const target = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!target) throw notFound('user');
    const before = await membership(trx, spaceId, userId);
    if (before?.role === role) return false;
    if (before?.role === 'owner') await keepAnOwner(trx, spaceId, userId);
    await trx
      .insertInto('space_members')
      .values({ space_id: spaceId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ role, updated_at: new Date() }))
      .execute();
    await audit(trx, actor, before ? 'space.member.update' : 'space.member.add', spaceId, { userId, role, ...(before ? { previousRole: before.role } : {}) });
    return true;
  });
}

/** Removes a member (or the actor leaves); refuses to remove the last owner. */
export async function removeMember(db: Kysely<DB>, spaceId: string, userId: string, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockSpace(trx, spaceId);
    const before = await membership(trx, spaceId, userId);
    if (!before) throw notFound('member');
    if (before.role === 'owner') await keepAnOwner(trx, spaceId, userId);
    await trx.deleteFrom('space_members').where('space_id', '=', spaceId).where('user_id', '=', userId).execute();
    await audit(trx, actor, 'space.member.remove', spaceId, { userId, previousRole: before.role });
  });
}

function membership(trx: Transaction<DB>, spaceId: string, userId: string) {
  return trx.selectFrom('space_members').select('role').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst();
}

/** A space keeps at least one owner who is a member: demoting or removing the last one is refused. */
async function keepAnOwner(trx: Transaction<DB>, spaceId: string, leavingUserId: string) {
  const others = await trx
    .selectFrom('space_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('space_id', '=', spaceId)
    .where('role', '=', 'owner')
    .where('user_id', '<>', leavingUserId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw conflict('A space needs at least one owner; make someone else owner first.', 'last-owner');
}
