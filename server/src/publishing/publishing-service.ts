import { type Kysely, sql } from 'kysely';
import type { Publication, PublishingSettings, UpdatePublishingSettingsInput } from '@stafette/api';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { Problem } from '../http/problem.ts';
import { effectiveLevel, effectiveLevels } from '../classification/effective.ts';
import { isPublishable } from '../classification/gates.ts';
import type { ClassificationKey } from '../classification/levels.ts';
import { labelOf } from '../classification/scheme.ts';
import { publicPagePath, publicProcessPath } from './public-urls.ts';

/**
 * Publishing and unpublishing (space owners, checked by the routes' access rule) and the
 * portal's settings. Each write records its audit entry in its own transaction. Publishing needs
 * the effective level `oeffentlich` (409 classification-not-public); unpublishing takes effect at
 * once, since the portal asks `publicSet` on every request.
 */

const notPublic = (what: string, label: string) =>
  new Problem(409, 'classification-not-public', 'Not classified as public', `${what} is classified "${label}": only content classified as public may be published.`);

/** Live sub-pages of a page (not the page itself). */
async function descendants(db: Kysely<DB>, pageId: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM pages WHERE parent_id = ${pageId} AND archived_at IS NULL
      UNION ALL
      SELECT p.id, down.depth + 1 FROM pages p JOIN down ON p.parent_id = down.id WHERE p.archived_at IS NULL AND down.depth < 10000
    )
    SELECT id FROM down`.execute(db);
  return rows.map((r) => r.id);
}

async function countNotPublic(db: Kysely<DB>, pageIds: string[]): Promise<number> {
  const levels = await effectiveLevels(db, pageIds);
  return pageIds.filter((id) => !isPublishable(levels.get(id) ?? 'streng-vertraulich')).length;
}

/** Live pages on the current steps of a process. */
async function attachedPages(db: Kysely<DB>, processId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('process_step_pages as a')
    .innerJoin('process_steps as s', (join) => join.onRef('s.process_id', '=', 'a.process_id').onRef('s.element_id', '=', 'a.element_id'))
    .innerJoin('pages as p', 'p.id', 'a.page_id')
    .select('a.page_id')
    .distinct()
    .where('a.process_id', '=', processId)
    .where('s.removed_in_version', 'is', null)
    .where('p.archived_at', 'is', null)
    .execute();
  return rows.map((r) => r.page_id);
}

export async function pagePublication(db: Kysely<DB>, pageId: string, origin: string): Promise<Publication> {
  const level: ClassificationKey = (await effectiveLevel(db, pageId)) ?? 'streng-vertraulich';
  const row = await db.selectFrom('published_pages').selectAll().where('page_id', '=', pageId).executeTakeFirst();
  const subtree = row?.subtree ?? false;
  return {
    published: Boolean(row),
    subtree,
    publicUrl: row ? origin + publicPagePath(pageId, (await db.selectFrom('pages').select('title').where('id', '=', pageId).executeTakeFirstOrThrow()).title) : null,
    publishedAt: row ? row.published_at.toISOString() : null,
    classification: level,
    publishable: isPublishable(level),
    leftOut: subtree ? await countNotPublic(db, await descendants(db, pageId)) : 0,
  };
}

export async function processPublication(db: Kysely<DB>, processId: string, origin: string): Promise<Publication> {
  const space = await db
    .selectFrom('processes as p')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .select(['s.classification', 'p.name'])
    .where('p.id', '=', processId)
    .executeTakeFirstOrThrow();
  const row = await db.selectFrom('published_processes').select('published_at').where('process_id', '=', processId).executeTakeFirst();
  return {
    published: Boolean(row),
    subtree: false,
    publicUrl: row ? origin + publicProcessPath(processId, space.name) : null,
    publishedAt: row ? row.published_at.toISOString() : null,
    classification: space.classification,
    publishable: isPublishable(space.classification),
    leftOut: await countNotPublic(db, await attachedPages(db, processId)),
  };
}

export async function publishPage(db: Kysely<DB>, pageId: string, subtree: boolean, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Lock the page row: a concurrent change of its level waits for the publication, or the other way round.
    await trx.selectFrom('pages').select('id').where('id', '=', pageId).forUpdate().executeTakeFirstOrThrow();
    const level = (await effectiveLevel(trx, pageId)) ?? 'streng-vertraulich';
    if (!isPublishable(level)) throw notPublic('The page', await labelOf(trx, level));
    await trx
      .insertInto('published_pages')
      .values({ page_id: pageId, subtree, published_by: actor.actorId })
      .onConflict((oc) => oc.column('page_id').doUpdateSet({ subtree, published_by: actor.actorId, published_at: new Date() }))
      .execute();
    await recordAudit(trx, { ...actor, action: 'page.publish', targetType: 'page', targetId: pageId, detail: { subtree } });
  });
}

export async function unpublishPage(db: Kysely<DB>, pageId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('published_pages').where('page_id', '=', pageId).executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0) await recordAudit(trx, { ...actor, action: 'page.unpublish', targetType: 'page', targetId: pageId });
  });
}

export async function publishProcess(db: Kysely<DB>, processId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('processes as p')
      .innerJoin('spaces as s', 's.id', 'p.space_id')
      .select('s.classification')
      .where('p.id', '=', processId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (!isPublishable(row.classification)) throw notPublic('The space of the process', await labelOf(trx, row.classification));
    await trx
      .insertInto('published_processes')
      .values({ process_id: processId, published_by: actor.actorId })
      .onConflict((oc) => oc.column('process_id').doUpdateSet({ published_by: actor.actorId, published_at: new Date() }))
      .execute();
    await recordAudit(trx, { ...actor, action: 'process.publish', targetType: 'process', targetId: processId });
  });
}

export async function unpublishProcess(db: Kysely<DB>, processId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('published_processes').where('process_id', '=', processId).executeTakeFirst();
    if (Number(gone.numDeletedRows) > 0) await recordAudit(trx, { ...actor, action: 'process.unpublish', targetType: 'process', targetId: processId });
  });
}

export async function readSettings(db: Kysely<DB>): Promise<PublishingSettings> {
  const row = await db.selectFrom('publishing_settings').selectAll().executeTakeFirstOrThrow();
  return { municipalityName: row.municipality_name, imprintUrl: row.imprint_url, licence: row.licence, packageMaxLevel: row.package_max_level };
}

export async function updateSettings(db: Kysely<DB>, input: UpdatePublishingSettingsInput, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('publishing_settings')
      .set({
        municipality_name: input.municipalityName.trim(),
        imprint_url: input.imprintUrl,
        licence: input.licence,
        ...(input.packageMaxLevel ? { package_max_level: input.packageMaxLevel } : {}),
        updated_at: new Date(),
        updated_by: actor.actorId,
      })
      .execute();
    await recordAudit(trx, { ...actor, action: 'publishing.settings', targetType: 'instance', targetId: null, detail: { ...input } });
  });
}
