import type { ExpressionBuilder, Insertable, Kysely, Transaction } from 'kysely';
import type { ImportWarning, OrphanedStep as OrphanedStepJson, Step as StepJson } from '@stafette/api';
import { importBpmn, type ProcessModel, type Step } from '@stafette/bpmn';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict, notFound } from '../http/problem.ts';
import { flagPagesOfRemovedSteps, resolveOpenFlags } from './map-service.ts';
import { processName } from './process-name.ts';
import { resolvePageFlags, resolveReturnedStepFlags } from './review-flags.ts';
import { storedXml } from './stored-xml.ts';
import { stepFromModel } from './process-json.ts';
import { orphanedSteps, type StepKey, stepForLink } from './process-queries.ts';

/**
 * Changes to processes: import, new version, archive, restore, attach and detach. Every change
 * runs in one transaction together with its audit entry. Parsing happens before the
 * transaction opens, so a large file never holds a connection while it is read.
 */

export interface Upload {
  bytes: Uint8Array;
  /** Original file name (multipart filename or ?fileName=), used for naming and shown in versions. */
  fileName: string | null;
}

export interface ParsedUpload {
  model: ProcessModel;
  xml: string;
  byteSize: number;
  fileName: string | null;
}

/** Parses and checks an upload. Throws BpmnImportError for refused files. */
export async function parseUpload(upload: Upload): Promise<ParsedUpload> {
  const model = await importBpmn(upload.bytes);
  return { model, xml: storedXml(upload.bytes), byteSize: upload.bytes.byteLength, fileName: cleanFileName(upload.fileName) };
}

function cleanFileName(name: string | null): string | null {
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base.slice(0, 255) : null;
}

export interface ImportResult {
  id: string;
  name: string;
  version: number;
  steps: StepJson[];
  warnings: ImportWarning[];
}

/** Creates a new process in the space from an uploaded file (always new, even for the same file). */
export async function createProcess(db: Kysely<DB>, spaceId: string, parsed: ParsedUpload, actor: Actor): Promise<ImportResult> {
  return db.transaction().execute((trx) => createProcessIn(trx, spaceId, parsed, actor));
}

/** `createProcess` inside the caller's transaction (a package import creates pages in the same one). */
export async function createProcessIn(trx: Transaction<DB>, spaceId: string, parsed: ParsedUpload, actor: Actor): Promise<ImportResult> {
  const name = processName(parsed.model.name, parsed.fileName);
  const { id } = await trx
    .insertInto('processes')
    .values({ space_id: spaceId, name, created_by: actor.actorId, updated_by: actor.actorId, owner_id: actor.actorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertVersion(trx, id, 1, parsed, actor);
  await insertSteps(trx, id, 1, parsed.model.steps);
  await recordAudit(trx, {
    ...actor,
    action: 'process.import',
    targetType: 'process',
    targetId: id,
    detail: { spaceId, name, fileName: parsed.fileName, bytes: parsed.byteSize, steps: parsed.model.steps.length, warnings: parsed.model.warnings.length },
  });
  return { id, name, version: 1, steps: parsed.model.steps.map(stepFromModel), warnings: parsed.model.warnings };
}

export interface VersionResult {
  id: string;
  version: number;
  steps: StepJson[];
  orphaned: OrphanedStepJson[];
  warnings: ImportWarning[];
}

/**
 * Replaces the process's model with a new version. Steps are matched by element id, so pages
 * stay on every step whose id survives. A step that disappears keeps its row, flagged with the
 * version it left in, when pages or interview answers hang on it (an orphaned link, never
 * dropped: deleting the row would cascade to those links); with neither it is deleted. A step
 * that comes back later picks its pages and answers up again.
 */
export async function addVersion(db: Kysely<DB>, processId: string, parsed: ParsedUpload, actor: Actor): Promise<VersionResult> {
  return db.transaction().execute((trx) => addVersionIn(trx, processId, parsed, actor));
}

/** `addVersion` inside the caller's transaction (a package re-import). */
export async function addVersionIn(trx: Transaction<DB>, processId: string, parsed: ParsedUpload, actor: Actor): Promise<VersionResult> {
  const process = await trx
    .selectFrom('processes')
    .select(['current_version', 'archived_at'])
    .where('id', '=', processId)
    .forUpdate()
    .executeTakeFirst();
  if (!process) throw notFound('process');
  if (process.archived_at) throw conflict('The process is archived; restore it before uploading a new version.', 'process-archived');
  const version = process.current_version + 1;
  await insertVersion(trx, processId, version, parsed, actor);

  const nextIds = new Set(parsed.model.steps.map((s) => s.elementId));
  // Lock the steps first, then look for links in a statement of its own: its snapshot sees every
  // link committed by a transaction the lock waited for, and a link inserted later waits for
  // this one (its foreign key check locks the step row).
  await lockSteps(trx, processId);
  const previous = await trx
    .selectFrom('process_steps')
    .select(['element_id', 'removed_in_version'])
    .select((eb) => linked(eb).as('linked'))
    .where('process_id', '=', processId)
    .execute();
  const gone = previous.filter((s) => !nextIds.has(s.element_id));
  const newlyOrphaned = gone.filter((s) => s.linked && s.removed_in_version === null).map((s) => s.element_id);
  const dropped = gone.filter((s) => !s.linked).map((s) => s.element_id);

  for (const ids of chunks(newlyOrphaned, 1000)) {
    await trx.updateTable('process_steps').set({ removed_in_version: version }).where('process_id', '=', processId).where('element_id', 'in', ids).execute();
  }
  // Pages on steps this version removes need a look (shown in the version comparison).
  const flagged = await flagPagesOfRemovedSteps(trx, processId, newlyOrphaned, version);
  // A step back in the model has its pages again: nothing left to review for them.
  const returned = previous.filter((s) => s.removed_in_version !== null && nextIds.has(s.element_id)).map((s) => s.element_id);
  await resolveReturnedStepFlags(trx, processId, returned, actor.actorId);
  for (const ids of chunks(dropped, 1000)) {
    await trx.deleteFrom('process_steps').where('process_id', '=', processId).where('element_id', 'in', ids).execute();
  }
  await insertSteps(trx, processId, version, parsed.model.steps);
  await trx
    .updateTable('processes')
    .set({ current_version: version, updated_at: new Date(), updated_by: actor.actorId })
    .where('id', '=', processId)
    .execute();
  const orphaned = await orphanedSteps(trx, processId);
  await recordAudit(trx, {
    ...actor,
    action: 'process.version',
    targetType: 'process',
    targetId: processId,
    detail: {
      version,
      fileName: parsed.fileName,
      bytes: parsed.byteSize,
      steps: parsed.model.steps.length,
      orphaned: newlyOrphaned.slice(0, 100),
      orphanedCount: newlyOrphaned.length,
      flaggedPages: flagged,
    },
  });
  return { id: processId, version, steps: parsed.model.steps.map(stepFromModel), orphaned, warnings: parsed.model.warnings };
}

async function lockSteps(trx: Transaction<DB>, processId: string, elementId?: string): Promise<void> {
  let query = trx.selectFrom('process_steps').select('element_id').where('process_id', '=', processId);
  if (elementId !== undefined) query = query.where('element_id', '=', elementId);
  await query.forUpdate().execute();
}

/**
 * Whether anything hangs on the step: an attached page or an interview answer linked to it. Both
 * tables reference process_steps with ON DELETE CASCADE, so a step is deleted only when this is false.
 */
function linked(eb: ExpressionBuilder<DB, 'process_steps'>) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('process_step_pages as a')
        .select('a.page_id')
        .whereRef('a.process_id', '=', 'process_steps.process_id')
        .whereRef('a.element_id', '=', 'process_steps.element_id'),
    ),
    eb.exists(
      eb
        .selectFrom('interview_answer_steps as i')
        .select('i.interview_id')
        .whereRef('i.process_id', '=', 'process_steps.process_id')
        .whereRef('i.element_id', '=', 'process_steps.element_id'),
    ),
  ]);
}

async function insertVersion(trx: Transaction<DB>, processId: string, version: number, parsed: ParsedUpload, actor: Actor) {
  const { steps: _steps, name: _name, ...rest } = parsed.model;
  await trx
    .insertInto('process_versions')
    .values({
      process_id: processId,
      version,
      xml: parsed.xml,
      file_name: parsed.fileName,
      byte_size: parsed.byteSize,
      step_count: parsed.model.steps.length,
      model: JSON.stringify(rest),
      created_by: actor.actorId,
    })
    .execute();
}

/** Inserts the model's steps; a step already present (same element id) is updated and un-orphaned. */
async function insertSteps(trx: Transaction<DB>, processId: string, version: number, steps: Step[]) {
  const rows: Insertable<DB['process_steps']>[] = steps.map((step, position) => ({
    process_id: processId,
    element_id: step.elementId,
    kind: step.kind,
    name: step.name,
    names: JSON.stringify(step.names),
    documentation: step.documentation,
    lane: step.lane,
    parent_id: step.parentId,
    pool_id: step.poolId,
    bpmn_process_id: step.processId,
    attached_to_id: step.attachedToId,
    event_definitions: JSON.stringify(step.eventDefinitions),
    position,
    added_in_version: version,
    removed_in_version: null,
  }));
  // 15 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535 parameters a statement.
  for (const chunk of chunks(rows, 1000)) {
    await trx
      .insertInto('process_steps')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['process_id', 'element_id']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          name: eb.ref('excluded.name'),
          names: eb.ref('excluded.names'),
          documentation: eb.ref('excluded.documentation'),
          lane: eb.ref('excluded.lane'),
          parent_id: eb.ref('excluded.parent_id'),
          pool_id: eb.ref('excluded.pool_id'),
          bpmn_process_id: eb.ref('excluded.bpmn_process_id'),
          attached_to_id: eb.ref('excluded.attached_to_id'),
          event_definitions: eb.ref('excluded.event_definitions'),
          position: eb.ref('excluded.position'),
          removed_in_version: null,
        })),
      )
      .execute();
  }
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Archives or restores a process (hidden from lists, read-only while archived). */
export async function setArchived(db: Kysely<DB>, processId: string, archived: boolean, actor: Actor): Promise<Date | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('processes').select('archived_at').where('id', '=', processId).forUpdate().executeTakeFirst();
    if (!row) throw notFound('process');
    if (archived === (row.archived_at !== null)) {
      throw conflict(archived ? 'The process is archived already.' : 'The process is not archived.', archived ? 'process-archived' : 'process-not-archived');
    }
    const archivedAt = archived ? new Date() : null;
    await trx.updateTable('processes').set({ archived_at: archivedAt, updated_at: new Date(), updated_by: actor.actorId }).where('id', '=', processId).execute();
    await recordAudit(trx, { ...actor, action: archived ? 'process.archive' : 'process.restore', targetType: 'process', targetId: processId });
    return archivedAt;
  });
}

/**
 * Attaches a page to a current step. Returns false when it was attached already (nothing
 * changes, nothing is audited).
 */
export async function attachPage(db: Kysely<DB>, processId: string, elementId: string, pageId: string, actor: Actor): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await requireLinkableStep(trx, { processId, elementId }, 'The step is no longer part of the process; pages can only be detached from it.');
    const inserted = await trx
      .insertInto('process_step_pages')
      .values({ process_id: processId, element_id: elementId, page_id: pageId, created_by: actor.actorId })
      .onConflict((oc) => oc.doNothing())
      .returning('page_id')
      .executeTakeFirst();
    if (!inserted) return false;
    // Re-attached to a step of the process: the page's flags for a removed step are dealt with.
    await resolvePageFlags(trx, pageId, processId, actor.actorId);
    await recordAudit(trx, { ...actor, action: 'process.step.attach', targetType: 'process', targetId: processId, detail: { elementId, pageId } });
    return true;
  });
}

/** Refuses a new link to a step that is gone (404) or no longer in the model (409 step-orphaned); see stepForLink. */
export async function requireLinkableStep(trx: Transaction<DB>, step: StepKey, orphanedDetail: string): Promise<void> {
  const state = await stepForLink(trx, step);
  if (state === 'missing') throw notFound('step');
  if (state === 'removed') throw conflict(orphanedDetail, 'step-orphaned');
}

/**
 * Detaches a page; an orphaned step whose last page goes is removed with it, unless an interview
 * answer still links to it (the cascade would delete that link).
 */
export async function detachPage(db: Kysely<DB>, processId: string, elementId: string, pageId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockSteps(trx, processId, elementId);
    const deleted = await trx
      .deleteFrom('process_step_pages')
      .where('process_id', '=', processId)
      .where('element_id', '=', elementId)
      .where('page_id', '=', pageId)
      .returning('page_id')
      .executeTakeFirst();
    if (!deleted) throw notFound('attachment');
    await resolveOpenFlags(trx, processId, elementId, pageId, actor.actorId);
    await trx
      .deleteFrom('process_steps')
      .where('process_id', '=', processId)
      .where('element_id', '=', elementId)
      .where('removed_in_version', 'is not', null)
      .where((eb) => eb.not(linked(eb)))
      .execute();
    await recordAudit(trx, { ...actor, action: 'process.step.detach', targetType: 'process', targetId: processId, detail: { elementId, pageId } });
  });
}
