import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown } from '../support/seed.ts';
import type { TestApp } from '../support/test-app.ts';
import { type SpaceCast, startSpaceCast } from '../support/knowledge.ts';

/** A space owner asks the members to confirm they read a changed procedure. */
describe.each(backends)('read confirmations on %s', (backend) => {
  let t: TestApp;
  let c: SpaceCast;
  beforeAll(async () => ({ t, c } = await startSpaceCast(backend, 'Ordnungsamt')), 60_000);
  afterAll(() => t?.close());

  const names = (list: { displayName: string }[]) => list.map((p) => p.displayName);

  it('asks the members, records who confirmed and shows who has not yet', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Sondernutzung genehmigen');
    const none = await c.reader.get(`/api/v1/pages/${pageId}/read-confirmations`);
    expect(none.json()).toMatchObject({ request: null, confirmed: [], pending: [], callerPending: false, canRequest: false });
    expect((await c.reader.post(`/api/v1/pages/${pageId}/read-confirmations`)).json().type).toBe('urn:stafette:problem:no-read-request');

    expect((await c.editor.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Neue Gebührenordnung' })).statusCode).toBe(403);
    expect((await c.manager.post(`/api/v1/pages/${pageId}/read-requests`, {})).statusCode).toBe(403);
    expect((await c.outsider.post(`/api/v1/pages/${pageId}/read-requests`, {})).statusCode).toBe(404);
    const asked = await c.owner.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Neue Gebührenordnung ab 1. Juli' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ request: { note: 'Neue Gebührenordnung ab 1. Juli', requestedBy: { id: c.owner.user.id } }, confirmed: [], canRequest: true });
    expect(names(asked.json().pending)).toEqual(['Emil Editor', 'Rita Reader']);

    expect((await c.reader.get(`/api/v1/pages/${pageId}/read-confirmations`)).json().callerPending).toBe(true);
    const confirmed = await c.reader.post(`/api/v1/pages/${pageId}/read-confirmations`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(names(confirmed.json().confirmed)).toEqual(['Rita Reader']);
    expect(names(confirmed.json().pending)).toEqual(['Emil Editor']);
    expect(confirmed.json().callerPending).toBe(false);
    // Twice is harmless and keeps the first time.
    const first = confirmed.json().confirmed[0].confirmedAt;
    expect((await c.reader.post(`/api/v1/pages/${pageId}/read-confirmations`)).json().confirmed[0].confirmedAt).toBe(first);

    // Not asked: the requester, and a knowledge manager who only reads the space; strangers learn nothing.
    expect((await c.owner.post(`/api/v1/pages/${pageId}/read-confirmations`)).json().type).toBe('urn:stafette:problem:not-asked');
    expect((await c.manager.post(`/api/v1/pages/${pageId}/read-confirmations`)).statusCode).toBe(409);
    expect((await c.outsider.get(`/api/v1/pages/${pageId}/read-confirmations`)).statusCode).toBe(404);
    expect((await c.outsider.post(`/api/v1/pages/${pageId}/read-confirmations`)).statusCode).toBe(404);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', pageId).where('action', 'like', 'page.read-request.%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'page.read-request.create', actor_id: c.owner.user.id },
      { action: 'page.read-request.confirm', actor_id: c.reader.user.id },
    ]);
  });

  it('starts over with a new request after the next change', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Lärmschutz');
    await c.owner.post(`/api/v1/pages/${pageId}/read-requests`, {});
    await c.editor.post(`/api/v1/pages/${pageId}/read-confirmations`);
    const again = await c.owner.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Zweite Änderung' });
    expect(again.json().confirmed).toEqual([]);
    expect(names(again.json().pending)).toEqual(['Emil Editor', 'Rita Reader']);
  });

  it('refuses requests on archived pages', async () => {
    const pageId = await importMarkdown(c.owner, c.spaceId, 'Alte Regel');
    expect((await c.owner.post(`/api/v1/pages/${pageId}/archive`)).statusCode).toBe(200);
    expect((await c.owner.post(`/api/v1/pages/${pageId}/read-requests`, {})).json().type).toBe('urn:stafette:problem:page-archived');
  });
});
