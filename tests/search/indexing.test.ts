/**
 * How changes reach the index (server/src/search/README.md): database triggers queue every
 * change, the indexer is woken after each successful write request and polls for the rest.
 * The app here polls only once a minute, so what is indexed within seconds got there by the
 * wake-up, and what is not woken for waits for the poll.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToJSON } from '@stafette/schema';
import type { FastifyInstance } from 'fastify';
import { deriveContent } from '../../server/src/content/derive.ts';
import type { TestDatabase } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createSpace } from '../support/seed.ts';
import { eventually, search } from './support.ts';
import { meiliCombinations, meiliUrl, postgresCombinations, reportMeiliSkip, startSearchApp, type Combination } from './backends.ts';

const POLL_MS = 60_000;

reportMeiliSkip('search indexing');
describe.each(postgresCombinations)('search indexing on $label', (c) => indexing(c));
describe.skipIf(!meiliUrl).each(meiliCombinations)('search indexing on $label', (c) => indexing(c));

function indexing(c: Combination) {
  let t: TestApp;
  let database: TestDatabase;
  let app: FastifyInstance;
  let owner: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    t = await startSearchApp(c, { search: { indexer: { pollMs: POLL_MS } } });
    ({ app, database } = t);
    owner = await t.userClient({ displayName: 'Ina Index' });
    spaceId = (await createSpace(owner, 'Indexierung')).id;
  }, 120_000);
  afterAll(() => t?.close());

  const queued = async (pageId: string) =>
    (await database.db.selectFrom('search_outbox').select('page_id').where('page_id', '=', pageId).execute()).length > 0;
  const hitIds = async (q: string) => (await search(owner, q)).hits.map((h) => h.pageId);

  it('indexes a change made through the API at once, without waiting for the poll', async () => {
    const created = await owner.post('/api/v1/pages', { spaceId, parentId: null, title: 'Hundesteuerermäßigung' });
    expect(created.statusCode).toBe(201);
    const pageId = created.json().id as string;
    await eventually(async () => !(await queued(pageId)), 5000);
    expect(await hitIds('Hundesteuerermäßigung')).toEqual([pageId]);

    const put = await owner.put(`/api/v1/pages/${pageId}/content`, { markdown: 'Ermäßigung für Blindenführhunde auf Antrag.' });
    expect(put.statusCode, put.body).toBe(200);
    await eventually(async () => !(await queued(pageId)), 5000);
    expect(await hitIds('Blindenführhunde')).toEqual([pageId]);
  });

  it('queues changes made without a request in their own transaction, and indexes them once woken', async () => {
    const pageId = (await owner.post('/api/v1/pages', { spaceId, parentId: null, title: 'Sperrmüllabholung' })).json().id as string;
    await eventually(async () => !(await queued(pageId)), 5000);

    // A live-editing save (the collaboration server's settled change) and a rename by another
    // process: no request, so no wake-up. The triggers queue both inside their transaction.
    const queuedInside: boolean[] = [];
    await app.content.refresh(pageId, () => deriveContent(markdownToJSON('Termine für die Sperrmüllabholung über das Bürgertelefon.')), {
      inTransaction: async (trx) => void queuedInside.push((await trx.selectFrom('search_outbox').select('page_id').where('page_id', '=', pageId).execute()).length === 1),
    });
    await database.db.transaction().execute(async (trx) => {
      await sql`UPDATE pages SET title = 'Sperrmüllanmeldung' WHERE id = ${pageId}::uuid`.execute(trx);
      queuedInside.push((await trx.selectFrom('search_outbox').select('page_id').where('page_id', '=', pageId).execute()).length === 1);
    });
    expect(queuedInside).toEqual([true, true]);

    // Any successful write elsewhere wakes the indexer, which drains everything due.
    expect((await owner.post('/api/v1/pages', { spaceId, parentId: null, title: 'Weckruf' })).statusCode).toBe(201);
    await eventually(async () => !(await queued(pageId)), 5000);
    expect(await hitIds('Bürgertelefon')).toEqual([pageId]);
    expect(await hitIds('Sperrmüllanmeldung')).toEqual([pageId]);
  });
}
