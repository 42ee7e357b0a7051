import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { importMarkdown } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { spaceCast } from '../support/knowledge.ts';

/** A space owner asks the members to confirm they read a changed procedure. */
describe.each(backends)('read confirmations on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let editor: UserClient;
  let reader: UserClient;
  let manager: UserClient;
  let outsider: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    ({ owner, editor, reader, manager, outsider, spaceId } = await spaceCast(t, 'Ordnungsamt'));
  }, 60_000);
  afterAll(() => t?.close());

  const names = (list: { displayName: string }[]) => list.map((p) => p.displayName);

  it('asks the members, records who confirmed and shows who has not yet', async () => {
    const pageId = await importMarkdown(owner, spaceId, 'Sondernutzung genehmigen');
    const none = await reader.get(`/api/v1/pages/${pageId}/read-confirmations`);
    expect(none.json()).toMatchObject({ request: null, confirmed: [], pending: [], callerPending: false, canRequest: false });
    expect((await reader.post(`/api/v1/pages/${pageId}/read-confirmations`)).json().type).toBe('urn:stafette:problem:no-read-request');

    expect((await editor.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Neue Gebührenordnung' })).statusCode).toBe(403);
    expect((await manager.post(`/api/v1/pages/${pageId}/read-requests`, {})).statusCode).toBe(403);
    expect((await outsider.post(`/api/v1/pages/${pageId}/read-requests`, {})).statusCode).toBe(404);
    const asked = await owner.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Neue Gebührenordnung ab 1. Juli' });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({ request: { note: 'Neue Gebührenordnung ab 1. Juli', requestedBy: { id: owner.user.id } }, confirmed: [], canRequest: true });
    expect(names(asked.json().pending)).toEqual(['Emil Editor', 'Rita Reader']);

    expect((await reader.get(`/api/v1/pages/${pageId}/read-confirmations`)).json().callerPending).toBe(true);
    const confirmed = await reader.post(`/api/v1/pages/${pageId}/read-confirmations`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(names(confirmed.json().confirmed)).toEqual(['Rita Reader']);
    expect(names(confirmed.json().pending)).toEqual(['Emil Editor']);
    expect(confirmed.json().callerPending).toBe(false);
    // Twice is harmless and keeps the first time.
    const first = confirmed.json().confirmed[0].confirmedAt;
    expect((await reader.post(`/api/v1/pages/${pageId}/read-confirmations`)).json().confirmed[0].confirmedAt).toBe(first);

    // Not asked: the requester, and a knowledge manager who only reads the space; strangers learn nothing.
    expect((await owner.post(`/api/v1/pages/${pageId}/read-confirmations`)).json().type).toBe('urn:stafette:problem:not-asked');
    expect((await manager.post(`/api/v1/pages/${pageId}/read-confirmations`)).statusCode).toBe(409);
    expect((await outsider.get(`/api/v1/pages/${pageId}/read-confirmations`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/pages/${pageId}/read-confirmations`)).statusCode).toBe(404);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', pageId).where('action', 'like', 'page.read-request.%').orderBy('seq').execute();
    expect(audit).toEqual([
      { action: 'page.read-request.create', actor_id: owner.user.id },
      { action: 'page.read-request.confirm', actor_id: reader.user.id },
    ]);
  });

  it('starts over with a new request after the next change', async () => {
    const pageId = await importMarkdown(owner, spaceId, 'Lärmschutz');
    await owner.post(`/api/v1/pages/${pageId}/read-requests`, {});
    await editor.post(`/api/v1/pages/${pageId}/read-confirmations`);
    const again = await owner.post(`/api/v1/pages/${pageId}/read-requests`, { note: 'Zweite Änderung' });
    expect(again.json().confirmed).toEqual([]);
    expect(names(again.json().pending)).toEqual(['Emil Editor', 'Rita Reader']);
  });

  it('refuses requests on archived pages', async () => {
    const pageId = await importMarkdown(owner, spaceId, 'Alte Regel');
    expect((await owner.post(`/api/v1/pages/${pageId}/archive`)).statusCode).toBe(200);
    expect((await owner.post(`/api/v1/pages/${pageId}/read-requests`, {})).json().type).toBe('urn:stafette:problem:page-archived');
  });
});
