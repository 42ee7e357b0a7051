import { CLASSIFICATION_KEYS, type ClassificationKey } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type RequestOptions, type TestApp } from '../support/test-app.ts';
import { settled } from '../search/support.ts';
import { type ClassifiedPage, gates } from './matrix/classification.ts';
import { PERSONAS, type Transport } from './matrix/types.ts';
import { matrixWorld, type MatrixWorld } from './matrix-world.ts';

/**
 * The classification gates of the authorisation matrix: every route that reads, exports or
 * searches page content, for a page of each level, called by every persona with its session and
 * its API token. Besides the status: the audit entries each call must leave (exports of
 * confidential pages, reads of strictly confidential ones) and the level the answer shows.
 */
describe.each(backends)('classification gates on %s', (backend) => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await matrixWorld(t);
  }, 180_000);
  afterAll(() => t?.close());

  /** A page in a new space of the shared members, the space at `level`: the page's effective level. */
  async function classifiedPage(level: ClassificationKey): Promise<ClassifiedPage> {
    const ctx = world.context(null);
    const spaceId = await ctx.space();
    await t.database.db.updateTable('spaces').set({ classification: level }).where('id', '=', spaceId).execute();
    return { spaceId, pageId: await ctx.page({ spaceId }), level };
  }

  const auditCount = async (pageId: string, action: string) =>
    Number((await t.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('target_id', '=', pageId).where('action', '=', action).executeTakeFirstOrThrow()).n);

  const cases = gates.flatMap((gate) => CLASSIFICATION_KEYS.map((level) => [`${gate.name} at ${level}`, gate, level] as const));

  it.each(cases)('%s answers, records and shows as expected', async (_name, gate, level) => {
    const page = await classifiedPage(level);
    if (gate.searches) await settled(t);
    const mismatches: string[] = [];
    const action = gate.audits?.(level) ?? null;
    for (const persona of PERSONAS) {
      const transports: Transport[] = persona === 'anonymous' ? ['session'] : ['session', 'token'];
      for (const transport of transports) {
        const caller = world.callers[persona];
        const client = transport === 'token' ? caller.token! : caller.session;
        const prepared = await gate.request(world.context(caller.user), page);
        const before = action ? await auditCount(page.pageId, action) : 0;
        const res = await client.request('GET', prepared.url, prepared.headers ? ({ headers: prepared.headers } as RequestOptions) : {});
        const wanted = gate.expect(level)[persona];
        const who = `${persona} via ${transport}`;
        if (res.statusCode !== wanted) mismatches.push(`${who}: ${res.statusCode} (expected ${wanted}) ${res.body.slice(0, 160)}`);
        if (action) {
          // Every attempt past the page's visibility is recorded, refused exports included.
          const recorded = (await auditCount(page.pageId, action)) - before;
          const due = res.statusCode === 200 || res.statusCode === 403 ? 1 : 0;
          if (recorded !== due) mismatches.push(`${who}: ${recorded} ${action} entries (expected ${due})`);
        }
        if (res.statusCode === 200 && gate.check) {
          const isJson = String(res.headers['content-type']).includes('json');
          const problem = gate.check(isJson ? res.json() : res.body, page, persona);
          if (problem) mismatches.push(`${who}: ${problem}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
