import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict, notFound, validationFailed } from '../http/problem.ts';
import { DEFAULT_TEMPLATE_ID } from './default-template.ts';
import type { Section as TemplateSection, Template } from '@stafette/api';

/**
 * Interview templates are versioned: an edit writes a new version, and an interview keeps the
 * version it started with, so its questions never change under it.
 */

function toTemplate(row: { id: string; version: number; name: string; sections: TemplateSection[] }): Template {
  return { id: row.id, version: row.version, name: row.name, sections: row.sections };
}

/** The latest version of every template, the shipped default first. */
export async function listTemplates(db: Kysely<DB>): Promise<Template[]> {
  const rows = await db
    .selectFrom('interview_templates as t')
    .select(['t.id', 't.version', 't.name', 't.sections'])
    .where(({ eb, selectFrom }) =>
      eb('t.version', '=', selectFrom('interview_templates as v').select(sql<number>`max(v.version)`.as('max')).whereRef('v.id', '=', 't.id')),
    )
    .orderBy(sql`t.id = ${DEFAULT_TEMPLATE_ID}`, 'desc')
    .orderBy('t.name')
    .execute();
  return rows.map(toTemplate);
}

/** One version of a template, or its latest when `version` is omitted. */
export async function getTemplate(db: Kysely<DB>, id: string, version?: number): Promise<Template | null> {
  let query = db.selectFrom('interview_templates').select(['id', 'version', 'name', 'sections']).where('id', '=', id);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  return row ? toTemplate(row) : null;
}

/** Question ids must be unique across a template: each names one answer fragment. */
export function checkSections(sections: TemplateSection[]): void {
  const seen = new Set<string>();
  for (const section of sections) {
    for (const question of section.questions) {
      if (seen.has(question.id)) throw validationFailed(`The question id "${question.id}" is used twice.`);
      seen.add(question.id);
    }
  }
}

export async function createTemplate(db: Kysely<DB>, input: { name: string; sections: TemplateSection[] }, actor: UserActor): Promise<Template> {
  checkSections(input.sections);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('interview_templates')
      .values({ id: sql<string>`gen_random_uuid()`, version: 1, name: input.name, sections: JSON.stringify(input.sections), created_by: actor.actorId })
      .returning(['id', 'version', 'name', 'sections'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { ...actor, action: 'interview.template.create', targetType: 'interview_template', targetId: row.id, detail: { version: 1, name: input.name } });
    return toTemplate(row);
  });
}

/**
 * Writes a new version. `baseVersion` is the version the editor started from: a concurrent edit
 * that already wrote a newer one is reported (409) rather than silently overwritten.
 */
export async function updateTemplate(
  db: Kysely<DB>,
  id: string,
  input: { name: string; sections: TemplateSection[]; baseVersion: number },
  actor: UserActor,
): Promise<Template> {
  checkSections(input.sections);
  return db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom('interview_templates')
      .select('version')
      .where('id', '=', id)
      .orderBy('version', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!latest) throw notFound('template');
    if (latest.version !== input.baseVersion) {
      throw conflict(`The template was changed meanwhile (now version ${latest.version}); reload it and apply your edit again.`, 'template-version-conflict');
    }
    const row = await trx
      .insertInto('interview_templates')
      .values({ id, version: latest.version + 1, name: input.name, sections: JSON.stringify(input.sections), created_by: actor.actorId })
      .returning(['id', 'version', 'name', 'sections'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { ...actor, action: 'interview.template.update', targetType: 'interview_template', targetId: id, detail: { version: row.version } });
    return toTemplate(row);
  });
}
