import type { FastifyInstance } from 'fastify';
import type { MigrationJob, MigrationResult } from '@stafette/api';
import type { UserActor } from '../audit/actor.ts';
import { Problem } from '../http/problem.ts';
import { type MigrationInput, type MigrationProgress, runMigration } from './import-service.ts';

/** How often a running job says it is alive, and after how long without that it counts as failed. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;
/** Progress is written at most this many times per phase (a 2,000-page import: every 20 pages). */
const PROGRESS_STEPS = 100;
/** Finished jobs are kept this long for their summary, then removed when a new job starts. */
const KEEP_FINISHED_MS = 30 * 24 * 60 * 60 * 1000;

export const STOPPED_MESSAGE = 'Der Server wurde während des Imports beendet. Starten Sie den Import erneut: bereits importierte Seiten werden aktualisiert, nicht doppelt angelegt.';

/**
 * The jobs this instance runs (by the app's database, shared by the app and its plugins), so
 * closing the app stops them at the next page instead of writing into a closed database.
 */
const running = new WeakMap<object, { closing: boolean; jobs: Set<Promise<void>> }>();

/** Called once as the import routes are registered: closing the app ends the jobs first. */
export function trackImportJobs(app: FastifyInstance): void {
  const registry = { closing: false, jobs: new Set<Promise<void>>() };
  running.set(app.db, registry);
  app.addHook('onClose', async () => {
    registry.closing = true;
    await Promise.allSettled([...registry.jobs]);
  });
}

function registryOf(app: FastifyInstance) {
  const registry = running.get(app.db);
  if (!registry) throw new Error('trackImportJobs(app) was not called');
  return registry;
}

class StoppedError extends Error {}

/**
 * Starts a migration import (import-service.ts) in the background and returns its job id at
 * once. The job row holds the phase and pages done, then the result or why it failed; any
 * instance on the database can report it (`GET /imports/:jobId`).
 */
export async function startImportJob(app: FastifyInstance, input: MigrationInput, actor: UserActor): Promise<string> {
  const registry = registryOf(app);
  await app.db.deleteFrom('import_jobs').where('finished_at', '<', new Date(Date.now() - KEEP_FINISHED_MS)).execute();
  const { id } = await app.db
    .insertInto('import_jobs')
    .values({ space_id: input.spaceId, user_id: actor.actorId, format: input.format, total: input.source.pages.length })
    .returning('id')
    .executeTakeFirstOrThrow();
  const job = runJob(app, id, input, actor, () => registry.closing);
  registry.jobs.add(job);
  void job.finally(() => registry.jobs.delete(job));
  return id;
}

async function runJob(app: FastifyInstance, id: string, input: MigrationInput, actor: UserActor, closing: () => boolean): Promise<void> {
  const heartbeat = setInterval(() => {
    app.db.updateTable('import_jobs').set({ heartbeat_at: new Date() }).where('id', '=', id).execute().catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  // Progress writes are chained so they land in order and are all done before the result.
  let writes: Promise<unknown> = Promise.resolve();
  let written = { phase: '', done: -1 };
  const onProgress = (p: MigrationProgress) => {
    if (closing()) throw new StoppedError();
    const step = Math.max(1, Math.floor(p.total / PROGRESS_STEPS));
    if (p.phase === written.phase && p.done !== p.total && p.done - written.done < step) return;
    written = { phase: p.phase, done: p.done };
    writes = writes.then(() => app.db.updateTable('import_jobs').set({ phase: p.phase, done: p.done, total: p.total, heartbeat_at: new Date() }).where('id', '=', id).execute());
  };
  try {
    const result = await runMigration(app, input, actor, onProgress);
    await writes;
    await finish(app, id, { status: 'done', result: JSON.stringify(result) });
  } catch (err) {
    await writes.catch(() => {});
    if (!(err instanceof Problem) && !(err instanceof StoppedError)) app.log.error({ err, jobId: id }, 'background import failed');
    const error = err instanceof StoppedError ? STOPPED_MESSAGE : err instanceof Problem ? (err.detail ?? err.title) : 'Der Import ist mit einem internen Fehler abgebrochen; die Einzelheiten stehen im Serverprotokoll.';
    await finish(app, id, { status: 'failed', error }).catch((e: unknown) => app.log.error({ err: e, jobId: id }, 'could not record the failed import'));
  } finally {
    clearInterval(heartbeat);
  }
}

function finish(app: FastifyInstance, id: string, outcome: { status: 'done'; result: string } | { status: 'failed'; error: string }) {
  return app.db
    .updateTable('import_jobs')
    .set({ ...outcome, finished_at: new Date(), heartbeat_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** The job as its starter sees it; null when there is none of theirs with that id. */
export async function readImportJob(app: FastifyInstance, id: string, userId: string): Promise<MigrationJob | null> {
  const row = await app.db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row) return null;
  // A running job whose instance stopped renewing it ended with that instance.
  const stale = row.status === 'running' && Date.now() - new Date(row.heartbeat_at).getTime() > STALE_MS;
  return {
    jobId: row.id,
    spaceId: row.space_id,
    format: row.format,
    status: stale ? 'failed' : row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    result: row.status === 'done' ? (row.result as MigrationResult) : null,
    error: stale ? STOPPED_MESSAGE : row.error,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
