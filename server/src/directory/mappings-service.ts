import type { Kysely } from 'kysely';
import type { GroupMapping } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { validationFailed } from '../http/problem.ts';

const INSTANCE_ROLES = new Set(['admin', 'knowledge_manager']);

/**
 * Replaces every group → role mapping (the admin screen saves the whole list). An instance
 * mapping takes admin or knowledge_manager, a space mapping reader, editor or owner of a space
 * that exists; duplicates (same group in any case, space and role) count once. The new mappings
 * apply at each person's next sign-in and at the next sync.
 */
export async function replaceGroupMappings(db: Kysely<DB>, mappings: GroupMapping[], actor: UserActor): Promise<void> {
  const seen = new Map<string, GroupMapping>();
  for (const [i, m] of mappings.entries()) {
    const group = m.group.trim();
    if (group === '') throw validationFailed(`Mapping ${i + 1}: the group is empty.`);
    if ((m.spaceId === null) !== INSTANCE_ROLES.has(m.role)) {
      throw validationFailed(`Mapping ${i + 1}: ${m.spaceId === null ? 'an instance role is admin or knowledge_manager' : 'a space role is reader, editor or owner'}.`);
    }
    seen.set(`${group.toLowerCase()}\u0000${m.spaceId ?? ''}\u0000${m.role}`, { ...m, group });
  }
  const unique = [...seen.values()];
  await db.transaction().execute(async (trx) => {
    const spaceIds = [...new Set(unique.flatMap((m) => (m.spaceId ? [m.spaceId] : [])))];
    if (spaceIds.length > 0) {
      const found = new Set((await trx.selectFrom('spaces').select('id').where('id', 'in', spaceIds).execute()).map((r) => r.id));
      const missing = spaceIds.find((id) => !found.has(id));
      if (missing) throw validationFailed(`No space ${missing}.`);
    }
    const before = await trx.selectFrom('directory_group_mappings').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await trx.deleteFrom('directory_group_mappings').execute();
    if (unique.length > 0) {
      await trx
        .insertInto('directory_group_mappings')
        .values(unique.map((m) => ({ group_name: m.group, space_id: m.spaceId, role: m.role })))
        .execute();
    }
    await recordAudit(trx, {
      ...actor,
      action: 'directory.mappings.replace',
      targetType: 'directory',
      targetId: null,
      detail: { before: Number(before.n), mappings: unique },
    });
  });
}
