/**
 * Migration imports in the background (`POST /spaces/:id/import?background=true`): the answer
 * is a job at once; `GET /imports/:jobId` reports pages done of the total while it runs and the
 * same summary as the direct import at the end, only to whoever started it; a job that fails or
 * whose server stopped says so.
 */
import type { MigrationJob, MigrationJobStarted, TreeNode } from '@stafette/api';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startImportJob } from '../../server/src/imports/import-jobs.ts';
import type { SourceExport } from '../../server/src/imports/source.ts';
import { backends } from '../support/databases.ts';
import { member, ownerWithSpace } from '../support/seed.ts';
import { createTestApp, type Client, type TestApp } from '../support/test-app.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** An export of `chapters` folders with `perChapter` pages each, linking to their neighbours. */
function largeExport(chapters: number, perChapter: number): Zippable {
  const files: Zippable = {};
  for (let c = 1; c <= chapters; c++) {
    files[`Kapitel ${c}.md`] = enc(`# Kapitel ${c}\n\nÜbersicht über Kapitel ${c}.\n`);
    for (let p = 1; p <= perChapter; p++) {
      const next = p < perChapter ? `[Weiter](Seite%20${p + 1}.md)` : '[Zum Kapitel](../Kapitel%20' + c + '.md)';
      files[`Kapitel ${c}/Seite ${p}.md`] = enc(`# Kapitel ${c}, Seite ${p}\n\n- [ ] prüfen\n- [x] erledigt\n\n${next}\n`);
    }
  }
  files['Kapitel 1/anhang.exe'] = enc('MZ');
  return files;
}

async function follow(client: Client, jobId: string): Promise<{ job: MigrationJob; seen: MigrationJob[] }> {
  const seen: MigrationJob[] = [];
  for (;;) {
    const res = await client.get(`/api/v1/imports/${jobId}`);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json() as MigrationJob;
    seen.push(job);
    if (job.status !== 'running') return { job, seen };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = (nodes: TreeNode[]): number => nodes.reduce((n, node) => n + 1 + count(node.children), 0);

describe.each(backends)('background migration import on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(() => t?.close());

  it('answers with a job at once, reports progress and ends with the summary; only its starter sees it', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Großer Umzug');
    const archive = Buffer.from(zipSync(largeExport(4, 10)));
    const started = await owner.post(`/api/v1/spaces/${spaceId}/import?format=markdown&background=true`, archive, { headers: { 'content-type': 'application/zip' } });
    expect(started.statusCode, started.body).toBe(202);
    const { jobId } = started.json() as MigrationJobStarted;

    const stranger = await t.userClient();
    expect((await stranger.get(`/api/v1/imports/${jobId}`)).statusCode).toBe(404);

    const { job, seen } = await follow(owner, jobId);
    expect(job).toMatchObject({ jobId, spaceId, format: 'markdown', status: 'done', phase: 'content', done: 44, total: 44, error: null });
    expect(job.finishedAt).not.toBeNull();
    expect(job.result).toMatchObject({ created: 44, updated: 0, unchanged: 0, files: 0 });
    expect(job.result!.skipped).toEqual([{ path: 'Kapitel 1/anhang.exe', reason: expect.any(String) }]);
    // Progress only ever goes forward.
    const position = (j: MigrationJob) => (j.phase === 'pages' ? 0 : j.total) + j.done;
    for (let i = 1; i < seen.length; i++) expect(position(seen[i]!)).toBeGreaterThanOrEqual(position(seen[i - 1]!));
    expect(count((await owner.get(`/api/v1/spaces/${spaceId}/tree`)).json() as TreeNode[])).toBe(44);

    // Running it again in the background updates nothing and duplicates nothing.
    const again = await owner.post(`/api/v1/spaces/${spaceId}/import?format=markdown&background=true`, archive, { headers: { 'content-type': 'application/zip' } });
    const second = await follow(owner, (again.json() as MigrationJobStarted).jobId);
    expect(second.job.result).toMatchObject({ created: 0, updated: 0, unchanged: 44 });
  }, 240_000);

  it('refuses a hostile archive, and editors, before it starts a job', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Vorsicht');
    const { client: editor } = await member(t, 'editor', spaceId);
    const asEditor = await editor.post(`/api/v1/spaces/${spaceId}/import?format=markdown&background=true`, Buffer.from(zipSync({ 'Seite.md': enc('# Seite') })), {
      headers: { 'content-type': 'application/zip' },
    });
    expect(asEditor.statusCode).toBe(403);
    const res = await owner.post(`/api/v1/spaces/${spaceId}/import?format=markdown&background=true`, Buffer.from(zipSync({ '../aus.md': enc('# Raus') })), {
      headers: { 'content-type': 'application/zip' },
    });
    expect(res.statusCode).toBe(422);
    expect(await t.database.db.selectFrom('import_jobs').select('id').where('space_id', '=', spaceId).execute()).toEqual([]);
  });

  it('reports a failed import with its reason', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Fehlschlag');
    const broken: SourceExport = {
      pages: [{ sourceId: 'a', parentSourceId: null, title: 'A', path: 'a.md', body: { kind: 'markdown', text: '[B](b.md)' }, order: 0 }],
      files: new Map(),
      resolve: () => {
        throw new Error('the reader broke');
      },
      skipped: [],
      used: new Set(),
    };
    const jobId = await startImportJob(t.app, { spaceId, parentId: null, format: 'markdown', source: broken }, { actorId: owner.user.id, ip: null });
    const { job } = await follow(owner, jobId);
    expect(job).toMatchObject({ status: 'failed', result: null, error: expect.stringContaining('interne') });
  });

  it('reports a job whose server stopped as failed, asking to run it again', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Abgebrochen');
    const { id } = await t.database.db
      .insertInto('import_jobs')
      .values({ space_id: spaceId, user_id: owner.user.id, format: 'confluence', total: 2000, done: 700, heartbeat_at: new Date(Date.now() - 5 * 60_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const job = (await owner.get(`/api/v1/imports/${id}`)).json() as MigrationJob;
    expect(job).toMatchObject({ status: 'failed', done: 700, total: 2000, error: expect.stringContaining('erneut') });
  });
});
