import type { ProcessSummary } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { seedDemo } from '../../server/src/cli/commands/seed-demo.ts';
import { DEMO_PASSWORD, emailOf } from '../../server/src/cli/commands/demo-town/town.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const TABLES = ['users', 'spaces', 'space_members', 'processes', 'process_steps', 'pages', 'process_step_pages', 'page_contributors', 'page_reviews', 'page_read_requests', 'page_read_recipients', 'interviews', 'sessions'] as const;

/** The demo town: every capability has something to show, and a second run changes nothing. */
describe.each(backends)('seed-demo on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(() => t?.close());

  async function counts() {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      result[table] = Number(row.n);
    }
    return result;
  }

  it('creates the town once and is idempotent', async () => {
    const config = { ...loadConfig({}), clientDist: '/nonexistent' };
    const first = await seedDemo(config, t.database);
    expect(first.created).toEqual({ users: 9, spaces: 3, members: 7, processes: 3, pages: 9, attachments: 9, reviews: 3, readRequests: 1, interviews: 1, readingPaths: 1, knowledgeGaps: 3, expertiseTags: 3, coverageSnapshots: 12 });
    expect(first.logins.map((l) => l.email)).toContain('wissen@musterstadt.example');
    const after = await counts();
    expect(after).toMatchObject({ users: 9, spaces: 3, processes: 3, pages: 9, page_reviews: 3, interviews: 1, sessions: 0 });

    const second = await seedDemo(config, t.database);
    expect(Object.values(second.created).every((n) => n === 0)).toBe(true);
    expect(await counts()).toEqual(after);
  }, 120_000);

  it('shows a newcomer every capability', async () => {
    const manager = await t.login(emailOf('wissen'), DEMO_PASSWORD);
    const risk = (await manager.get('/api/v1/knowledge-risk')).json();
    expect(risk.steps[0]).toMatchObject({ name: 'Identität prüfen', level: 'high' });
    expect(risk.steps[0].reasons.map((r: { code: string }) => r.code)).toEqual(['few-pages', 'stale-pages', 'expert-leaving', 'single-expert']);
    expect(risk.steps.map((s: { name: string }) => s.name)).toContain('Meldebescheinigung ausstellen');
    expect(risk.experts.map((e: { displayName: string }) => e.displayName)).toEqual(['Karl Krüger', 'Bernd Brandt', 'Hans Hoffmann']);
    expect(risk.experts[1].interview).toMatchObject({ status: 'in_progress' });

    const sabine = await t.login(emailOf('sabine'), DEMO_PASSWORD);
    const due = (await sabine.get('/api/v1/reviews/due')).json();
    expect(due.map((d: { title: string; overdue: boolean }) => [d.title, d.overdue])).toEqual([['Meldeschein: Felder und typische Fehler', true]]);

    const gaps = (await manager.get('/api/v1/reviews/gaps')).json();
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ title: 'Vollständigkeit eines Bauantrags', responsible: { displayName: 'Hans Hoffmann' }, proposal: { displayName: 'Petra Peters', basis: 'space-owner' } });

    const nina = await t.login(emailOf('nina'), DEMO_PASSWORD);
    const page = await t.database.db.selectFrom('pages').select('id').where('title', '=', 'Sondernutzung: neue Gebührenordnung').executeTakeFirstOrThrow();
    const reads = (await nina.get(`/api/v1/pages/${page.id}/read-confirmations`)).json();
    expect(reads).toMatchObject({ callerPending: true, confirmed: [{ displayName: 'Sabine Schulz' }] });

    // Nina's onboarding on her start page, one item read; what colleagues searched in vain.
    const paths = (await nina.get('/api/v1/reading-paths/mine')).json();
    expect(paths).toMatchObject([{ title: 'Einarbeitung Bürgeramt', done: 1, total: 4, assignedBy: { displayName: 'Bernd Brandt' } }]);
    const searchedInVain = (await manager.get('/api/v1/knowledge-gaps?days=90')).json();
    expect(searchedInVain.items.map((i: { query: string }) => i.query)).toEqual(['baumfällgenehmigung privatgrundstück', 'briefwahl vollmacht', 'hundesteuer ermäßigung']);

    // Who knows what: declared and suggested expertise; the dashboard with a quarter's trend.
    const experts = (await nina.get('/api/v1/people?q=Meldewesen')).json();
    expect(experts.items[0]).toMatchObject({ displayName: 'Karl Krüger', evidence: [{ kind: 'tag', title: 'Meldewesen' }] });
    const sabineId = await t.database.db.selectFrom('users').select('id').where('email', '=', emailOf('sabine')).executeTakeFirstOrThrow();
    const sabinePage = (await nina.get(`/api/v1/people/${sabineId.id}`)).json();
    expect(sabinePage.tags.slice(0, 2)).toEqual([
      { tag: 'Sondernutzung', source: 'declared' },
      { tag: 'Gebührenordnung', source: 'declared' },
    ]);
    expect(sabinePage.tags).toContainEqual({ tag: 'Wohnungsgeberbestätigung', source: 'suggested' });
    const dashboard = (await manager.get('/api/v1/dashboard')).json();
    expect(dashboard.coverage).toHaveLength(13);
    expect(dashboard.coverage[0].documented).toBeLessThan(dashboard.coverage[12].documented);
    expect(dashboard.risk.map((r: { name: string }) => r.name)).toContain('Bürgeramt');
    expect(dashboard.interviews).toEqual({ planned: 0, running: 1, done: 0 });
    expect(dashboard.gaps).toHaveLength(3);
    expect(dashboard.reviews.length).toBeGreaterThan(0);

    // The processes render: their diagrams carry DI.
    const processes = (await manager.get('/api/v1/processes')).json() as ProcessSummary[];
    expect(processes.map((p) => p.name).sort()).toEqual(['Bauantrag prüfen', 'Sondernutzung genehmigen', 'Wohnsitz anmelden']);
    const xml = (await manager.get(`/api/v1/processes/${processes[0]!.id}/bpmn`)).body;
    expect(xml).toContain('<bpmndi:BPMNShape');
  });
});
