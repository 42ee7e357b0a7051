import type { Kysely, Transaction } from 'kysely';
import type { GroupMapping } from '@stafette/api';
import type { DB, SpaceRole } from '../db/schema.ts';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { Role } from '../auth/auth.ts';
import { lockSpace } from '../pages/tree.ts';

/**
 * Directory groups → roles. Administrators map a group (by DN or name, any case) to an instance
 * role (admin, knowledge manager) or to a role in one space. At every directory sign-in and sync
 * the person's groups decide the roles that mappings manage:
 * - a space some mapping names is managed: the person's role there is the highest role their
 *   groups map to, and without such a group they leave the space; spaces no mapping names keep
 *   the memberships given by hand;
 * - an instance role some mapping names is managed: a person holding it only keeps it through a
 *   mapped group; a role given by hand that no mapping names stays (an admin made by hand stays
 *   admin when only knowledge managers are mapped).
 * Two guards keep the instance usable: the last active admin is never demoted and a space's last
 * owner never removed or demoted by a mapping (both are recorded in the audit entry instead).
 */

const INSTANCE_RANK: Record<Role, number> = { user: 0, knowledge_manager: 1, admin: 2 };
const SPACE_RANK: Record<SpaceRole, number> = { reader: 1, editor: 2, owner: 3 };


/** What applying the mappings changed: callers emit `user.changed` / `membership.changed` after commit. */
export interface MappingOutcome {
  instanceRoleChanged: boolean;
  /** Spaces whose membership of this person changed. */
  spacesChanged: string[];
}

/** A directory group's names as mappings may spell them: its DN and its common name (first RDN value). */
export function groupNames(dnOrName: string): string[] {
  const match = /^\s*cn\s*=\s*((?:\\.|[^,\\])+)/i.exec(dnOrName);
  if (!match) return [dnOrName];
  const cn = match[1]!.replace(/\\([0-9a-fA-F]{2}|.)/g, (_m, c: string) => (c.length === 2 ? String.fromCharCode(parseInt(c, 16)) : c)).trim();
  return [dnOrName, cn];
}

function within<T>(db: Kysely<DB> | Transaction<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

function best<R extends string>(roles: R[], rank: Record<R, number>): R | null {
  return roles.reduce<R | null>((top, r) => (top === null || rank[r] > rank[top] ? r : top), null);
}

/**
 * Applies the mappings to one person's directory groups (`groups`: DNs and/or names; each DN also
 * counts by its common name). Each change is audited with the actor, marked `source: 'directory'`.
 */
export async function applyGroupMappings(db: Kysely<DB> | Transaction<DB>, userId: string, groups: string[], actor: Actor): Promise<MappingOutcome> {
  return within(db, async (trx) => {
    const outcome: MappingOutcome = { instanceRoleChanged: false, spacesChanged: [] };
    const mappings = await trx.selectFrom('directory_group_mappings').select(['group_name', 'space_id', 'role']).execute();
    if (mappings.length === 0) return outcome;
    const held = new Set(groups.flatMap(groupNames).map((g) => g.trim().toLowerCase()));
    const matched = mappings.filter((m) => held.has(m.group_name.trim().toLowerCase()));
    const audit = (action: string, targetType: string, targetId: string, detail: Record<string, unknown>) =>
      recordAudit(trx, { ...actor, action, targetType, targetId, detail: { ...detail, source: 'directory' } });

    const instanceMappings = mappings.filter((m) => m.space_id === null);
    if (instanceMappings.length > 0) {
      const user = await trx.selectFrom('users').select(['role', 'active']).where('id', '=', userId).forUpdate().executeTakeFirstOrThrow();
      const managed = new Set<string>(instanceMappings.map((m) => m.role));
      const granted = best(matched.filter((m) => m.space_id === null).map((m) => m.role as Role), INSTANCE_RANK) ?? 'user';
      const kept: Role = managed.has(user.role) ? 'user' : user.role;
      let next = INSTANCE_RANK[granted] >= INSTANCE_RANK[kept] ? granted : kept;
      if (user.role === 'admin' && next !== 'admin' && user.active && (await isLastAdmin(trx, userId))) {
        await audit('user.update', 'user', userId, { refused: 'last-admin', wouldBe: next });
        next = 'admin';
      }
      if (next !== user.role) {
        await trx.updateTable('users').set({ role: next, updated_at: new Date() }).where('id', '=', userId).execute();
        await audit('user.update', 'user', userId, { changes: { role: next }, previousRole: user.role });
        outcome.instanceRoleChanged = true;
      }
    }

    const spaceIds = [...new Set(mappings.flatMap((m) => (m.space_id === null ? [] : [m.space_id])))].sort();
    // One read of the person's memberships decides which spaces change; only those are locked and read again.
    const memberships = spaceIds.length === 0 ? [] : await trx.selectFrom('space_members').select(['space_id', 'role']).where('user_id', '=', userId).where('space_id', 'in', spaceIds).execute();
    const current = new Map(memberships.map((m) => [m.space_id, m.role]));
    for (const spaceId of spaceIds) {
      const want = best(matched.filter((m) => m.space_id === spaceId).map((m) => m.role as SpaceRole), SPACE_RANK);
      if ((current.get(spaceId) ?? null) === want) continue;
      await lockSpace(trx, spaceId);
      const before = await trx.selectFrom('space_members').select('role').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst();
      if ((before?.role ?? null) === want) continue;
      if (before?.role === 'owner' && (await isLastOwner(trx, spaceId, userId))) {
        await audit('space.member.update', 'space', spaceId, { userId, refused: 'last-owner', wouldBe: want });
        continue;
      }
      if (want === null) {
        await trx.deleteFrom('space_members').where('space_id', '=', spaceId).where('user_id', '=', userId).execute();
        await audit('space.member.remove', 'space', spaceId, { userId, previousRole: before!.role });
      } else {
        await trx
          .insertInto('space_members')
          .values({ space_id: spaceId, user_id: userId, role: want })
          .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ role: want, updated_at: new Date() }))
          .execute();
        await audit(before ? 'space.member.update' : 'space.member.add', 'space', spaceId, { userId, role: want, ...(before ? { previousRole: before.role } : {}) });
      }
      outcome.spacesChanged.push(spaceId);
    }
    return outcome;
  });
}

async function isLastAdmin(trx: Transaction<DB>, userId: string): Promise<boolean> {
  const other = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).where('id', '<>', userId).executeTakeFirst();
  return other === undefined;
}

async function isLastOwner(trx: Transaction<DB>, spaceId: string, userId: string): Promise<boolean> {
  const other = await trx.selectFrom('space_members').select('user_id').where('space_id', '=', spaceId).where('role', '=', 'owner').where('user_id', '<>', userId).executeTakeFirst();
  return other === undefined;
}

/** Every mapping, in a stable order (the admin screen lists them so). */
export async function listGroupMappings(db: Kysely<DB>): Promise<GroupMapping[]> {
  const rows = await db.selectFrom('directory_group_mappings').select(['group_name', 'space_id', 'role']).orderBy('group_name').orderBy('space_id').orderBy('role').execute();
  return rows.map((r) => ({ group: r.group_name, spaceId: r.space_id, role: r.role }));
}
