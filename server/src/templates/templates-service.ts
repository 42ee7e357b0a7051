import type { PageCreateTemplateInput, PageTemplateField, PageUpdateTemplateInput } from '@stafette/api';
import type { Kysely, Selectable } from 'kysely';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { conflict, notFound, validationFailed } from '../http/problem.ts';

/**
 * Changes to the template galleries, each one transaction with its audit entry. The routes
 * checked who may (policy/templates.ts).
 */

type TemplateRow = Selectable<DB['templates']>;

const RESERVED = new Set(['datum', 'autor']);

function checkFields(fields: PageTemplateField[]): void {
  const seen = new Set<string>();
  for (const field of fields) {
    const key = field.name.trim().toLocaleLowerCase('de');
    if (RESERVED.has(key)) throw validationFailed(`"${field.name}" is filled in automatically ({{datum}}, {{autor}}) and cannot be a field.`);
    if (seen.has(key)) throw validationFailed(`The field "${field.name}" is listed twice.`);
    seen.add(key);
  }
}

function nameTaken(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

const taken = (name: string) => conflict(`A template named "${name}" already exists in this gallery.`, 'template-name-taken');

export async function createTemplate(db: Kysely<DB>, input: PageCreateTemplateInput, actor: UserActor): Promise<TemplateRow> {
  const fields = (input.fields ?? []).map((f) => ({ name: f.name.trim(), description: f.description }));
  checkFields(fields);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('templates')
        .values({
          space_id: input.spaceId ?? null,
          name: input.name.trim(),
          description: input.description ?? '',
          fields: JSON.stringify(fields),
          body: input.body,
          created_by: actor.actorId,
          updated_by: actor.actorId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(trx, { ...actor, action: 'template.create', targetType: 'template', targetId: row.id, detail: { name: row.name, spaceId: row.space_id } });
      return row;
    });
  } catch (error) {
    if (nameTaken(error)) throw taken(input.name.trim());
    throw error;
  }
}

export async function updateTemplate(db: Kysely<DB>, id: string, input: PageUpdateTemplateInput, actor: UserActor): Promise<TemplateRow> {
  const fields = input.fields?.map((f) => ({ name: f.name.trim(), description: f.description }));
  if (fields) checkFields(fields);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('templates')
        .set({
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(fields ? { fields: JSON.stringify(fields) } : {}),
          ...(input.body !== undefined ? { body: input.body } : {}),
          updated_by: actor.actorId,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound('template');
      const changed = Object.keys(input).filter((k) => input[k as keyof PageUpdateTemplateInput] !== undefined);
      await recordAudit(trx, { ...actor, action: 'template.update', targetType: 'template', targetId: id, detail: { name: row.name, changed } });
      return row;
    });
  } catch (error) {
    if (nameTaken(error)) throw taken(input.name!.trim());
    throw error;
  }
}

/** Pages made from the template stay as they are: a template is only where they started. */
export async function deleteTemplate(db: Kysely<DB>, id: string, actor: UserActor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('templates').where('id', '=', id).returning(['name', 'space_id', 'builtin_key']).executeTakeFirst();
    if (!row) throw notFound('template');
    await recordAudit(trx, { ...actor, action: 'template.delete', targetType: 'template', targetId: id, detail: { name: row.name, spaceId: row.space_id, builtinKey: row.builtin_key } });
  });
}
