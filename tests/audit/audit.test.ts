import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { createPage, createSpace, ownerWithSpace } from '../support/seed.ts';

describe.each(backends)('audit log on %s', (backend) => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await t.userClient({ role: 'admin' });
  });
  afterAll(() => t?.close());

  const entriesFor = async (target: string) => {
    const res = await admin.get(`/api/v1/audit?target=${target}&limit=500`);
    expect(res.statusCode).toBe(200);
    return res.json().items as { action: string; actorId: string; targetId: string; detail: Record<string, unknown>; ip: string; seq: number }[];
  };

  it('records every change of spaces, members and pages exactly once, newest first', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const member = await t.createUser();
    await owner.patch(`/api/v1/spaces/${spaceId}`, { name: 'Standesamt' });
    await owner.put(`/api/v1/spaces/${spaceId}/members/${member.id}`, { role: 'editor' });
    await owner.put(`/api/v1/spaces/${spaceId}/members/${member.id}`, { role: 'editor' }); // no change, no entry
    await owner.put(`/api/v1/spaces/${spaceId}/members/${member.id}`, { role: 'reader' });
    await owner.delete(`/api/v1/spaces/${spaceId}/members/${member.id}`);
    const page = await createPage(owner, spaceId, 'Eheschließung');
    await owner.patch(`/api/v1/pages/${page}`, { title: 'Eheschließung — Ablauf' });
    await owner.post(`/api/v1/pages/${page}/move`, { parentId: null, position: 0 });
    await owner.post(`/api/v1/pages/${page}/archive`);
    await owner.post(`/api/v1/pages/${page}/archive`); // already archived: nothing changes
    await owner.post(`/api/v1/pages/${page}/restore`);
    await owner.post(`/api/v1/pages/${page}/archive`);
    await owner.delete(`/api/v1/pages/${page}`);
    await owner.post(`/api/v1/spaces/${spaceId}/archive`);

    const spaceEntries = await entriesFor(spaceId);
    expect(spaceEntries.map((e) => e.action)).toEqual([
      'space.archive',
      'space.member.remove',
      'space.member.update',
      'space.member.add',
      'space.update',
      'space.create',
    ]);
    expect(spaceEntries[2]!.detail).toEqual({ userId: member.id, role: 'reader', previousRole: 'editor' });
    expect(spaceEntries.every((e) => e.actorId === owner.user.id && e.ip)).toBe(true);
    const seqs = spaceEntries.map((e) => e.seq);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);

    const pageEntries = await entriesFor(page);
    expect(pageEntries.map((e) => e.action)).toEqual(['page.delete', 'page.archive', 'page.restore', 'page.archive', 'page.move', 'page.update', 'page.create']);
    expect(pageEntries[5]!.detail).toEqual({ title: 'Eheschließung — Ablauf', previousTitle: 'Eheschließung' });
  });

  it('rolls the audit entry back with a change that fails', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const a = await createPage(owner, spaceId, 'A');
    const b = await createPage(owner, spaceId, 'B', a);
    const before = (await entriesFor(a)).length;
    // The cycle is only found inside the transaction, after the policy check passed.
    expect((await owner.post(`/api/v1/pages/${a}/move`, { parentId: b, position: 0 })).statusCode).toBe(409);
    // Removing the last owner is refused inside the transaction as well.
    expect((await owner.delete(`/api/v1/spaces/${spaceId}/members/${owner.user.id}`)).statusCode).toBe(409);
    expect((await entriesFor(a)).length).toBe(before);
    expect((await entriesFor(spaceId)).map((e) => e.action)).toEqual(['space.create']);

    // A failure after the audit row was written inside the same transaction: a trigger makes
    // the page update fail, and the audit row of that update must vanish with it.
    const db = t.database.db;
    const { sql } = await import('kysely');
    await sql`CREATE FUNCTION refuse_title() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.title = 'Verboten' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`.execute(db);
    await sql`CREATE TRIGGER refuse_title AFTER UPDATE ON pages FOR EACH ROW EXECUTE FUNCTION refuse_title()`.execute(db);
    try {
      const { recordAudit } = await import('../../server/src/audit/record.ts');
      await expect(
        db.transaction().execute(async (trx) => {
          await recordAudit(trx, { actorId: owner.user.id, ip: '127.0.0.1', action: 'page.update', targetType: 'page', targetId: a });
          await trx.updateTable('pages').set({ title: 'Verboten' }).where('id', '=', a).execute();
        }),
      ).rejects.toThrow(/refused/);
      const res = await owner.patch(`/api/v1/pages/${a}`, { title: 'Verboten' });
      expect(res.statusCode).toBe(500);
      expect((await owner.get(`/api/v1/pages/${a}`)).json().title).toBe('A');
    } finally {
      await sql`DROP TRIGGER refuse_title ON pages`.execute(db);
      await sql`DROP FUNCTION refuse_title()`.execute(db);
    }
    expect((await entriesFor(a)).length).toBe(before);
  });

  it('filters by actor, action, target and time and pages with a cursor', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const start = new Date(Date.now() - 1000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await createPage(owner, spaceId, `Seite ${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/v1/audit?actor=${owner.user.id}&action=page.create&from=${encodeURIComponent(start)}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await admin.get(url)).json();
      seen.push(...body.items.map((e: { targetId: string }) => e.targetId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin.get(`/api/v1/audit?actor=${owner.user.id}&from=${encodeURIComponent(future)}`)).json().items).toEqual([]);
    expect((await admin.get(`/api/v1/audit?actor=${owner.user.id}&to=${encodeURIComponent(start)}`)).json().items).toEqual([]);
    const bad = await admin.get(`/api/v1/audit?from=${encodeURIComponent(future)}&to=${encodeURIComponent(start)}`);
    expect(bad.statusCode).toBe(400);
    // A filter that cannot hold is refused like one the schema refuses: one problem type for both.
    expect(bad.json().type).toBe('urn:stafette:problem:validation-failed');
    const malformed = await admin.get('/api/v1/audit?actor=keine-id');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().type).toBe('urn:stafette:problem:validation-failed');
  });

  it('exports CSV that spreadsheets cannot turn into formulas', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, '=HYPERLINK("http://boese.example","klick")');
    const res = await admin.get(`/api/v1/audit/export.csv?target=${spaceId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('"seq","time","actor_id","actor_name","action","target_type","target_id","ip","detail"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"${owner.user.id}"`);
    expect(lines[1]).toContain('"space.create"');
    // The name sits inside the JSON detail; no cell starts with a formula character.
    for (const cell of lines[1]!.match(/"(?:[^"]|"")*"/g)!) expect(cell).not.toMatch(/^"[=+\-@]/);
    const { owner: second } = await ownerWithSpace(t);
    await second.patch('/api/v1/auth/me', { displayName: '=cmd|calc' });
    await createSpace(second, 'Zweites');
    const csv = (await admin.get(`/api/v1/audit/export.csv?actor=${second.user.id}&action=space.create`)).body;
    expect(csv).toContain(`"'=cmd|calc"`);
  });

  it('offers no way to change or delete audit entries', async () => {
    const db = t.database.db;
    const row = await db.selectFrom('audit_log').select('id').limit(1).executeTakeFirstOrThrow();
    await expect(db.deleteFrom('audit_log').where('id', '=', row.id).execute()).rejects.toThrow(/append-only/);
    for (const method of ['delete', 'patch', 'put'] as const) {
      expect([404, 405]).toContain((await admin[method](`/api/v1/audit/${row.id}`)).statusCode);
    }
  });
});
