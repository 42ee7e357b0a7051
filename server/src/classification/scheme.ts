import type { ClassificationScheme, UpdateClassificationSchemeInput } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import type { ClassificationKey } from './levels.ts';

/** The classification scheme: levels with their labels, lowest first, and the default for new spaces. */
export async function readScheme(db: Kysely<DB>): Promise<ClassificationScheme> {
  const levels = await db.selectFrom('classification_levels').select(['key', 'rank', 'label']).orderBy('rank').execute();
  const scheme = await db.selectFrom('classification_scheme').select('default_level').executeTakeFirstOrThrow();
  return { levels, defaultLevel: scheme.default_level };
}

/** The label administrators gave a level (exports print it). */
export async function labelOf(db: Kysely<DB>, key: ClassificationKey): Promise<string> {
  const row = await db.selectFrom('classification_levels').select('label').where('key', '=', key).executeTakeFirstOrThrow();
  return row.label;
}

/** The level a new space starts with. */
export async function defaultLevel(db: Kysely<DB>): Promise<ClassificationKey> {
  return (await db.selectFrom('classification_scheme').select('default_level').executeTakeFirstOrThrow()).default_level;
}

/**
 * Renames levels and sets the default (admins); keys and order stay. Audited with what changed;
 * nothing is recorded when nothing changed.
 */
export async function updateScheme(db: Kysely<DB>, input: UpdateClassificationSchemeInput, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await readScheme(trx);
    const renamed: Record<string, { from: string; to: string }> = {};
    const now = new Date();
    for (const level of before.levels) {
      const label = input.labels[level.key].trim();
      if (label === level.label) continue;
      renamed[level.key] = { from: level.label, to: label };
      await trx.updateTable('classification_levels').set({ label, updated_at: now, updated_by: actor.actorId }).where('key', '=', level.key).execute();
    }
    const defaultChanged = before.defaultLevel !== input.defaultLevel;
    if (defaultChanged) {
      await trx.updateTable('classification_scheme').set({ default_level: input.defaultLevel, updated_at: now, updated_by: actor.actorId }).execute();
    }
    if (Object.keys(renamed).length === 0 && !defaultChanged) return;
    await recordAudit(trx, {
      ...actor,
      action: 'classification.scheme.update',
      targetType: 'classification',
      targetId: null,
      detail: { renamed, ...(defaultChanged ? { defaultLevel: input.defaultLevel, previousDefaultLevel: before.defaultLevel } : {}) },
    });
  });
}
