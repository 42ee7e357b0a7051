import type { PageTemplate, PageTemplateSummary } from '@stafette/api';
import type { Kysely, Selectable } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { mayManageGallery } from '../policy/templates.ts';

type TemplateRow = Selectable<DB['templates']>;

export function templateSummaryJson(row: TemplateRow, canManage: boolean): PageTemplateSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    scope: row.space_id === null ? 'global' : 'space',
    spaceId: row.space_id,
    fields: row.fields,
    builtinKey: row.builtin_key,
    canManage,
  };
}

export function templateJson(row: TemplateRow, canManage: boolean): PageTemplate {
  return { ...templateSummaryJson(row, canManage), body: row.body, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

/**
 * The global templates and, with `spaceId` (the caller reads it: checked by the route), the
 * space's: global ones first, each part by name.
 */
export async function listTemplates(db: Kysely<DB>, user: AuthUser, spaceId: string | undefined): Promise<PageTemplateSummary[]> {
  const rows = await db
    .selectFrom('templates')
    .selectAll()
    .where((eb) => (spaceId ? eb.or([eb('space_id', 'is', null), eb('space_id', '=', spaceId)]) : eb('space_id', 'is', null)))
    .execute();
  const manageGlobal = (await mayManageGallery(db, user, null)) === 'yes';
  const manageSpace = spaceId ? (await mayManageGallery(db, user, spaceId)) === 'yes' : false;
  rows.sort((a, b) => Number(a.space_id !== null) - Number(b.space_id !== null) || a.name.localeCompare(b.name, 'de'));
  return rows.map((row) => templateSummaryJson(row, row.space_id === null ? manageGlobal : manageSpace));
}

export async function templateRow(db: Kysely<DB>, id: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('id', '=', id).executeTakeFirst();
}
