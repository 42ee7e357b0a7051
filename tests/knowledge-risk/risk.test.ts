import type { RiskResult } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess, seedSpace } from '../support/seed.ts';
import { type Client, createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { attach, backdate, dateIn } from '../support/knowledge.ts';

/**
 * The knowledge-at-risk ranking on a small seeded organisation: one process whose steps are
 * documented well, thinly, not at all, stale, and by people who leave or left.
 */
describe.each(backends)('knowledge at risk on %s', (backend) => {
  let t: TestApp;
  let admin: UserClient;
  let manager: UserClient;
  let anna: UserClient; // leaves in 20 days, wrote the stale page on "Prüfen"
  let bernd: UserClient; // stays, wrote "Bescheid" and "Archiv"
  let clara: UserClient; // left (deactivated), wrote "Vorbereiten"
  let outsider: UserClient;
  let spaceId: string;
  let otherSpaceId: string;
  let processId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.userClient({ role: 'admin', displayName: 'Admin' });
    manager = await t.userClient({ role: 'knowledge_manager', displayName: 'Wissensmanagerin' });
    anna = await t.userClient({ displayName: 'Anna Alt' });
    bernd = await t.userClient({ displayName: 'Bernd Bleibt' });
    clara = await t.userClient({ displayName: 'Clara Weg' });
    outsider = await t.userClient({ displayName: 'Otto Außen' });
    spaceId = await seedSpace(t.database.db, { name: 'Bürgeramt', editors: [anna, bernd, clara] });
    otherSpaceId = await seedSpace(t.database.db, { name: 'Bauamt', owners: [outsider] });
    const db = t.database.db;
    processId = await seedProcess(db, spaceId, 'Wohnsitz anmelden', ['Pruefen', 'Erfassen', 'Vorbereiten', 'Bescheid', 'Archiv']);

    await attach(db, processId, 'Pruefen', await importMarkdown(anna, spaceId, 'Meldebescheinigung prüfen'));
    const stale = (await db.selectFrom('process_step_pages').select('page_id').where('element_id', '=', 'Pruefen').executeTakeFirstOrThrow()).page_id;
    await backdate(db, stale, 400);
    for (const title of ['Unterlagen vorbereiten', 'Termine vorbereiten']) await attach(db, processId, 'Vorbereiten', await importMarkdown(clara, spaceId, title));
    await attach(db, processId, 'Bescheid', await importMarkdown(bernd, spaceId, 'Bescheid schreiben'));
    for (const title of ['Archiv A', 'Archiv B', 'Archiv C']) await attach(db, processId, 'Archiv', await importMarkdown(bernd, spaceId, title));
    // A step in another space the members of Bürgeramt cannot read.
    const hidden = await seedProcess(db, otherSpaceId, 'Bauantrag prüfen', ['Geheim']);
    await attach(db, hidden, 'Geheim', await importMarkdown(outsider, otherSpaceId, 'Bauakte'));

    expect((await manager.patch(`/api/v1/users/${anna.user.id}`, { plannedDepartureDate: dateIn(20) })).statusCode).toBe(200);
    expect((await admin.patch(`/api/v1/users/${clara.user.id}`, { active: false })).statusCode).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  const risk = async (client: Client, query = '') => {
    const res = await client.get(`/api/v1/knowledge-risk${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as RiskResult;
  };

  it('ranks steps by few or stale pages × experts leaving soon, with the reasons', async () => {
    const body = await risk(manager, `?processId=${processId}`);
    expect(body.horizonDays).toBe(180);
    expect(body.steps.map((s) => [s.elementId, s.score])).toEqual([
      // 1 page (0.6), 400 days old (stale 1) → W 1; Anna wrote all of it, leaves in 20 of 180 days → L 0.89.
      ['Pruefen', 93],
      // No page: W 1, nobody known to leave → 40.
      ['Erfassen', 40],
      // 2 fresh pages (W 0.3) by Clara, who left → L 1 → 30.
      ['Vorbereiten', 30],
      // 1 fresh page (W 0.6), Bernd stays → 24.
      ['Bescheid', 24],
      // 3 fresh pages: documented → 0.
      ['Archiv', 0],
    ]);
    const [pruefen, erfassen, vorbereiten, bescheid, archiv] = body.steps;
    expect(pruefen!.level).toBe('high');
    expect(pruefen!.reasons.map((r) => r.code)).toEqual(['few-pages', 'stale-pages', 'expert-leaving', 'single-expert']);
    const leaving = pruefen!.reasons.find((r) => r.code === 'expert-leaving')!;
    expect(leaving).toMatchObject({ userId: anna.user.id, date: dateIn(20), daysLeft: 20, share: 1 });
    expect(leaving.text).toContain('Anna Alt geht am');
    expect(erfassen!.reasons.map((r) => r.code)).toEqual(['no-pages']);
    expect(vorbereiten!.reasons.map((r) => r.code)).toEqual(['few-pages', 'expert-left']);
    expect(vorbereiten!.reasons[1]).toMatchObject({ userId: clara.user.id, date: null });
    expect(bescheid!.reasons.map((r) => r.code)).toEqual(['few-pages', 'single-expert']);
    expect(archiv!.reasons.map((r) => r.code)).toEqual(['single-expert']);
    expect(archiv!.level).toBe('low');

    // The dashboard's people list: who leaves (or left), soonest first, with their pages.
    expect(body.experts.map((e) => [e.displayName, e.departureDate, e.active, e.pageCount, e.maxScore])).toEqual([
      ['Anna Alt', dateIn(20), true, 1, 93],
      ['Clara Weg', null, false, 2, 30],
    ]);
  });

  it('counts only departures within the horizon', async () => {
    const body = await risk(manager, `?processId=${processId}&horizonDays=10`);
    const pruefen = body.steps.find((s) => s.elementId === 'Pruefen')!;
    expect(pruefen.score).toBe(40);
    expect(pruefen.reasons.map((r) => r.code)).not.toContain('expert-leaving');
    expect(body.experts.map((e) => e.displayName)).toEqual(['Clara Weg']);
  });

  it('shows each caller only the spaces they read, and 404 for a space or process they cannot', async () => {
    const all = await risk(manager);
    expect(new Set(all.steps.map((s) => s.elementId))).toEqual(new Set(['Pruefen', 'Erfassen', 'Vorbereiten', 'Bescheid', 'Archiv', 'Geheim']));
    const member = await risk(bernd);
    expect(member.steps.map((s) => s.elementId)).not.toContain('Geheim');
    expect(member.steps[0]!.elementId).toBe('Pruefen');
    expect((await risk(outsider)).steps.map((s) => s.elementId)).toEqual(['Geheim']);
    expect((await outsider.get(`/api/v1/knowledge-risk?spaceId=${spaceId}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/knowledge-risk?processId=${processId}`)).statusCode).toBe(404);
    expect((await t.anonymous.get('/api/v1/knowledge-risk')).statusCode).toBe(401);
    expect((await manager.get('/api/v1/knowledge-risk?horizonDays=0')).statusCode).toBe(400);
  });

  it('shows scheduled interviews to knowledge managers only', async () => {
    const res = await manager.post('/api/v1/interviews', { subjectUserId: anna.user.id, interviewerId: manager.user.id, departureDate: dateIn(20) });
    expect(res.statusCode, res.body).toBe(201);
    const forManager = (await risk(manager, `?processId=${processId}`)).experts.find((e) => e.userId === anna.user.id);
    expect(forManager?.interview).toEqual({ id: res.json().id, status: 'planned' });
    const forMember = (await risk(bernd, `?processId=${processId}`)).experts.find((e) => e.userId === anna.user.id);
    expect(forMember?.interview).toBeNull();
  });

  it('exports the ranking as CSV in the same order', async () => {
    const res = await manager.get(`/api/v1/knowledge-risk/export.csv?processId=${processId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="wissensrisiko-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('"Risiko","Stufe","Bereich","Prozess","Schritt"');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['"93"', '"40"', '"30"', '"24"', '"0"']);
    expect(lines[1]).toContain('"Schritt Pruefen"');
    expect(lines[1]).toContain(`Anna Alt (${dateIn(20)})`);
  });
});
