import { type Kysely, sql, type Transaction } from 'kysely';
import type { Landscape, LandscapeCard, ReviewFlag, StepChange, StepPeople, VersionCompare } from '@stafette/api';
import { RISK_HORIZON_DEFAULT_DAYS } from '@stafette/api/limits';
import { importBpmn, type ProcessModel } from '@stafette/bpmn';
import type { DB } from '../db/schema.ts';
import { notFound, Problem } from '../http/problem.ts';
import { knowledgeRisk } from '../knowledge-risk/risk-queries.ts';
import { iso, isoOrNull } from './process-json.ts';
import type { Readable } from './process-queries.ts';

/** Reads behind the process as the map of knowledge: landscape, step people, version comparison. */

type Db = Kysely<DB> | Transaction<DB>;

/** Lane id → name of the current version of each given process. */
export async function laneNames(db: Db, processIds: string[]): Promise<Map<string, Map<string, string | null>>> {
  const out = new Map<string, Map<string, string | null>>();
  if (processIds.length === 0) return out;
  const rows = await db
    .selectFrom('process_versions as v')
    .innerJoin('processes as p', (join) => join.onRef('p.id', '=', 'v.process_id').onRef('p.current_version', '=', 'v.version'))
    .select(['v.process_id', sql<unknown>`v.model -> 'lanes'`.as('lanes')])
    .where('v.process_id', 'in', [...new Set(processIds)])
    .execute();
  for (const row of rows) {
    const lanes = Array.isArray(row.lanes) ? (row.lanes as { elementId: string; name?: string | null }[]) : [];
    out.set(row.process_id, new Map(lanes.map((l) => [l.elementId, l.name ?? null])));
  }
  return out;
}

export interface StepContact {
  id: string;
  displayName: string;
  email: string;
  active: boolean;
}

/** Contacts of the given steps of one or more processes, in their order; key `processId\0elementId`. */
export async function stepContacts(db: Db, steps: { processId: string; elementId: string }[]): Promise<Map<string, StepContact[]>> {
  const out = new Map<string, StepContact[]>();
  if (steps.length === 0) return out;
  const processIds = [...new Set(steps.map((s) => s.processId))];
  const rows = await db
    .selectFrom('process_step_contacts as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.process_id', 'c.element_id', 'u.id', 'u.display_name', 'u.email', 'u.active'])
    .where('c.process_id', 'in', processIds)
    .orderBy('c.position')
    .execute();
  const wanted = new Set(steps.map((s) => `${s.processId}\0${s.elementId}`));
  for (const row of rows) {
    const key = `${row.process_id}\0${row.element_id}`;
    if (!wanted.has(key)) continue;
    const list = out.get(key) ?? [];
    list.push({ id: row.id, displayName: row.display_name, email: row.email, active: row.active });
    out.set(key, list);
  }
  return out;
}

/** Role and contacts of a current step; null when there is no such step. */
export async function stepPeople(db: Db, processId: string, elementId: string): Promise<StepPeople | null> {
  const step = await db
    .selectFrom('process_steps')
    .select(['lane', 'responsible_role'])
    .where('process_id', '=', processId)
    .where('element_id', '=', elementId)
    .executeTakeFirst();
  if (!step) return null;
  const laneName = step.lane === null ? null : ((await laneNames(db, [processId])).get(processId)?.get(step.lane) ?? null);
  const contacts = (await stepContacts(db, [{ processId, elementId }])).get(`${processId}\0${elementId}`) ?? [];
  return {
    elementId,
    laneName,
    role: step.responsible_role ?? laneName,
    roleFromLane: step.responsible_role === null,
    contacts,
  };
}

/**
 * The process landscape of a space: every live process with its category, coverage (steps with
 * a readable live page / all steps), knowledge risk, owner and last change, grouped by category.
 */
export async function landscape(db: Kysely<DB>, spaceId: string, readable: Readable): Promise<Landscape> {
  const processes = await db
    .selectFrom('processes as p')
    .leftJoin('users as o', 'o.id', 'p.owner_id')
    .leftJoin('users as e', 'e.id', 'p.updated_by')
    .select(['p.id', 'p.name', 'p.category', 'p.current_version', 'p.updated_at', 'o.id as owner_id', 'o.display_name as owner_name', 'e.id as editor_id', 'e.display_name as editor_name'])
    .where('p.space_id', '=', spaceId)
    .where('p.archived_at', 'is', null)
    .orderBy('p.name')
    .limit(5000)
    .execute();
  const counted =
    readable === 'all' ? sql<boolean>`true` : readable.length === 0 ? sql<boolean>`false` : sql<boolean>`pg.space_id IN (${sql.join(readable)})`;
  const counts = await db
    .selectFrom('process_steps as s')
    .innerJoin('processes as p', 'p.id', 's.process_id')
    .select([
      's.process_id',
      sql<number>`count(*)`.as('steps'),
      sql<number>`count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM process_step_pages a JOIN pages pg ON pg.id = a.page_id
        WHERE a.process_id = s.process_id AND a.element_id = s.element_id AND pg.archived_at IS NULL AND ${counted}))`.as('covered'),
    ])
    .where('p.space_id', '=', spaceId)
    .where('p.archived_at', 'is', null)
    .where('s.removed_in_version', 'is', null)
    .groupBy('s.process_id')
    .execute();
  const countOf = new Map(counts.map((c) => [c.process_id, { steps: Number(c.steps), covered: Number(c.covered) }]));
  const risk = await knowledgeRisk(db, readable, { spaceId, horizonDays: RISK_HORIZON_DEFAULT_DAYS }, { withInterviews: false });
  const riskOf = new Map<string, LandscapeCard['risk']>();
  for (const step of risk.steps) {
    const current = riskOf.get(step.processId) ?? { level: null, maxScore: null, highCount: 0 };
    if (current.maxScore === null || step.score > current.maxScore) {
      current.maxScore = step.score;
      current.level = step.level;
    }
    if (step.level === 'high') current.highCount++;
    riskOf.set(step.processId, current);
  }

  const groups = new Map<string | null, LandscapeCard[]>();
  for (const p of processes) {
    const count = countOf.get(p.id) ?? { steps: 0, covered: 0 };
    const card: LandscapeCard = {
      id: p.id,
      name: p.name,
      category: p.category,
      version: p.current_version,
      stepCount: count.steps,
      coveredCount: count.covered,
      risk: riskOf.get(p.id) ?? { level: null, maxScore: null, highCount: 0 },
      owner: p.owner_id ? { id: p.owner_id, displayName: p.owner_name! } : null,
      updatedAt: iso(p.updated_at),
      updatedBy: p.editor_id ? { id: p.editor_id, displayName: p.editor_name! } : null,
    };
    const group = groups.get(p.category);
    if (group) group.push(card);
    else groups.set(p.category, [card]);
  }
  const names = [...groups.keys()].filter((k): k is string => k !== null).sort((a, b) => a.localeCompare(b, 'de'));
  const categories: Landscape['categories'] = names.map((category) => ({ category, processes: groups.get(category)! }));
  if (groups.has(null)) categories.push({ category: null, processes: groups.get(null)! });
  return { spaceId, categories };
}

/** The parsed model of a stored version (its XML is re-read: versions store no steps of their own). */
async function versionModel(db: Db, processId: string, version: number): Promise<ProcessModel> {
  const row = await db.selectFrom('process_versions').select('xml').where('process_id', '=', processId).where('version', '=', version).executeTakeFirst();
  if (!row) throw new Problem(404, 'version-not-found', 'Not found', `The process has no version ${version}.`);
  return importBpmn(row.xml);
}

/**
 * Steps added, removed, renamed and moved (to another lane, pool or sub-process) from version
 * `from` to version `to`, and the pages flagged for review because their step was removed.
 */
export async function compareVersions(db: Kysely<DB>, processId: string, from: number, to: number, readable: Readable): Promise<VersionCompare> {
  const exists = await db.selectFrom('processes').select('id').where('id', '=', processId).executeTakeFirst();
  if (!exists) throw notFound('process');
  const [before, after] = [await versionModel(db, processId, from), await versionModel(db, processId, to)];
  const laneName = (model: ProcessModel) => {
    const names = new Map(model.lanes.map((l) => [l.elementId, l.name]));
    return (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  };
  const [laneBefore, laneAfter] = [laneName(before), laneName(after)];
  const old = new Map(before.steps.map((s) => [s.elementId, s]));
  const next = new Set(after.steps.map((s) => s.elementId));
  const changes: StepChange[] = [];
  let unchanged = 0;
  for (const step of after.steps) {
    const prior = old.get(step.elementId);
    const kinds: StepChange['changes'] = [];
    if (!prior) kinds.push('added');
    else {
      if ((prior.name ?? '') !== (step.name ?? '')) kinds.push('renamed');
      if (prior.lane !== step.lane || prior.parentId !== step.parentId || prior.poolId !== step.poolId) kinds.push('moved');
    }
    if (kinds.length === 0) {
      unchanged++;
      continue;
    }
    changes.push({
      elementId: step.elementId,
      kind: step.kind,
      changes: kinds,
      name: step.name,
      previousName: prior?.name ?? null,
      lane: step.lane,
      previousLane: prior?.lane ?? null,
      laneName: laneAfter(step.lane),
      previousLaneName: prior ? laneBefore(prior.lane) : null,
      parentId: step.parentId,
      previousParentId: prior?.parentId ?? null,
      pageCount: 0,
    });
  }
  for (const step of before.steps) {
    if (next.has(step.elementId)) continue;
    changes.push({
      elementId: step.elementId,
      kind: step.kind,
      changes: ['removed'],
      name: null,
      previousName: step.name,
      lane: null,
      previousLane: step.lane,
      laneName: null,
      previousLaneName: laneBefore(step.lane),
      parentId: null,
      previousParentId: step.parentId,
      pageCount: 0,
    });
  }
  if (changes.length > 0) {
    const pages = await db
      .selectFrom('process_step_pages')
      .select(['element_id', sql<number>`count(*)`.as('n')])
      .where('process_id', '=', processId)
      .groupBy('element_id')
      .execute();
    const countOf = new Map(pages.map((p) => [p.element_id, Number(p.n)]));
    for (const change of changes) change.pageCount = countOf.get(change.elementId) ?? 0;
  }
  const removed = changes.filter((c) => c.changes.includes('removed')).map((c) => c.elementId);
  return { processId, from, to, changes, unchangedCount: unchanged, reviewFlags: await reviewFlags(db, processId, removed, Math.min(from, to), Math.max(from, to), readable) };
}

/** Review flags of pages on the given removed steps, raised by a version in (low, high]. */
async function reviewFlags(db: Db, processId: string, elementIds: string[], low: number, high: number, readable: Readable): Promise<ReviewFlag[]> {
  if (elementIds.length === 0 || low === high) return [];
  const rows = await db
    .selectFrom('process_review_flags as f')
    .innerJoin('pages as pg', 'pg.id', 'f.page_id')
    .leftJoin('page_reviews as r', 'r.page_id', 'f.page_id')
    .leftJoin('users as u', 'u.id', 'r.responsible_id')
    .select(['f.page_id', 'f.element_id', 'f.version', 'f.flagged_at', 'f.resolved_at', 'pg.title', 'pg.space_id', 'u.id as responsible_id', 'u.display_name as responsible_name'])
    .where('f.process_id', '=', processId)
    .where('f.element_id', 'in', elementIds.slice(0, 5000))
    .where('f.version', '>', low)
    .where('f.version', '<=', high)
    .orderBy('f.version')
    .orderBy('pg.title')
    .execute();
  return rows.map((r) => {
    const canRead = readable === 'all' || readable.includes(r.space_id);
    return {
      pageId: r.page_id,
      title: canRead ? r.title : '',
      readable: canRead,
      elementId: r.element_id,
      version: r.version,
      flaggedAt: iso(r.flagged_at),
      resolvedAt: isoOrNull(r.resolved_at),
      responsible: canRead && r.responsible_id ? { id: r.responsible_id, displayName: r.responsible_name! } : null,
    };
  });
}

/** Whether the user is the page's responsible person for reviews (page_reviews). */
export async function isResponsible(db: Db, pageId: string, userId: string): Promise<boolean> {
  const row = await db.selectFrom('page_reviews').select('page_id').where('page_id', '=', pageId).where('responsible_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
