import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import type { Version, VersionSummary } from '@stafette/api';
import { markdownToJSON, schema } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import { documentedRoutes } from '../support/openapi.ts';
import { type CollabTestApp, emptyBody, startCollabApp, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { createPage, importMarkdown, member } from '../support/seed.ts';
import { contentTimers, exportMarkdown } from '../support/content.ts';

const INTERVAL_MS = 1500;

describe.each(backends)('page versions on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend, {}, contentTimers(INTERVAL_MS));
  });
  afterAll(() => t?.close());

  const open = (pageId: string, cookie: string) => emptyBody(t.connect(pageId, { cookie }));

  const json = (peer: TestPeer) => schema.nodeFromJSON(yXmlFragmentToProsemirrorJSON(peer.doc.getXmlFragment('prosemirror'))).toJSON();

  /** Appends a paragraph as a client editor would. */
  function typeParagraph(peer: TestPeer, text: string) {
    peer.doc.transact(() => {
      const p = new Y.XmlElement('paragraph');
      const t = new Y.XmlText();
      p.insert(0, [t]);
      const fragment = peer.doc.getXmlFragment('prosemirror');
      fragment.insert(fragment.length, [p]);
      t.insert(0, text);
    });
  }

  async function versions(client: { get: (url: string) => Promise<{ json(): unknown }> }, pageId: string): Promise<VersionSummary[]> {
    return (await client.get(`/api/v1/pages/${pageId}/versions`)).json() as VersionSummary[];
  }

  it('labelled versions: create, list with author and time, view as doc and Markdown, compare', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Gebühren', '# Gebühren\n\nAusweis: 37 Euro\n\nPass: 70 Euro');

    const first = await client.post(`/api/v1/pages/${pageId}/versions`, { label: 'Stand Januar' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ number: 1, kind: 'manual', label: 'Stand Januar', createdBy: { id: client.user.id } });

    await client.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Gebühren\n\nAusweis: 46 Euro\n\nPass: 70 Euro\n\nKinderpass: 13 Euro' });
    const second = await client.post(`/api/v1/pages/${pageId}/versions`, {});
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ kind: 'manual', label: null });
    expect(second.json().number).toBeGreaterThan(1);

    // The PUT may also have produced an automatic version (it is an edit); the labelled ones are there in order.
    const list = (await versions(client, pageId)).filter((v) => v.kind === 'manual');
    expect(list.map((v) => [v.number, v.label])).toEqual([
      [second.json().number, null],
      [1, 'Stand Januar'],
    ]);
    expect(list[1]!.createdBy).toMatchObject({ id: client.user.id, displayName: client.user.displayName });
    expect(Date.parse(list[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(list[1]!.createdAt));

    const view = (await client.get(`/api/v1/pages/${pageId}/versions/${first.json().id}`)).json();
    expect(view.doc).toEqual(markdownToJSON('# Gebühren\n\nAusweis: 37 Euro\n\nPass: 70 Euro'));
    expect(view.markdown).toBe('# Gebühren\n\nAusweis: 37 Euro\n\nPass: 70 Euro');
    expect(view.text).toBe('Gebühren\nAusweis: 37 Euro\nPass: 70 Euro');

    const diff = (await client.get(`/api/v1/pages/${pageId}/versions/${first.json().id}/diff?against=current`)).json();
    expect(diff).toMatchObject({ identical: false, added: 2, removed: 1, from: { name: 'Version 1 (Stand Januar)' }, to: { version: null, name: 'current' } });
    const changed = diff.lines.filter((l: { op: string }) => l.op !== 'equal');
    expect(changed.map((l: { op: string; text: string }) => `${l.op} ${l.text}`)).toEqual(['delete Ausweis: 37 Euro', 'insert Ausweis: 46 Euro', 'insert Kinderpass: 13 Euro']);
    expect(changed[0].words.filter((w: { op: string }) => w.op === 'delete')).toEqual([{ op: 'delete', text: '37' }]);
    expect(diff.unified).toContain('+Kinderpass: 13 Euro');

    const between = (await client.get(`/api/v1/pages/${pageId}/versions/${first.json().id}/diff?against=${second.json().id}`)).json();
    expect(between).toMatchObject({ added: 2, removed: 1, to: { version: { id: second.json().id }, name: `Version ${second.json().number}` } });
    const same = (await client.get(`/api/v1/pages/${pageId}/versions/${second.json().id}/diff`)).json();
    expect(same.identical).toBe(true);

    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', pageId).where('action', 'like', 'page.version.%').execute();
    expect(audit).toHaveLength(2);
  });

  it('automatic versions: one when editing starts, at most one per interval, one when the last editor leaves', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await createPage(client, spaceId, 'Automatisch');
    const peer = open(pageId, client.headers.cookie!);
    await synced(peer);

    typeParagraph(peer, 'Erster Satz.');
    await expect.poll(async () => (await versions(client, pageId)).length, { timeout: 10_000 }).toBe(1);
    const [firstAuto] = await versions(client, pageId);
    expect(firstAuto).toMatchObject({ kind: 'auto', number: 1, createdBy: { id: client.user.id } });

    // Keep typing for longer than an interval: versions follow, never two within one interval.
    for (let i = 0; i < 8; i++) {
      typeParagraph(peer, `Satz ${i}.`);
      await new Promise((r) => setTimeout(r, 300));
    }
    const newest = async () => {
      const [top] = await versions(client, pageId);
      return (await client.get(`/api/v1/pages/${pageId}/versions/${top!.id}`)).json() as Version;
    };
    // The interval's end keeps the last edits of the burst.
    await expect.poll(async () => (await newest()).text, { timeout: 15_000 }).toContain('Satz 7.');
    const during = (await versions(client, pageId)).reverse();
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.every((v) => v.kind === 'auto')).toBe(true);
    for (let i = 1; i < during.length; i++) {
      const gap = Date.parse(during[i]!.createdAt) - Date.parse(during[i - 1]!.createdAt);
      expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS - 50);
    }
    const countBeforeLeaving = during.length;

    // The last editor leaves right after a change: kept when the document unloads, without waiting for the interval.
    typeParagraph(peer, 'Letzter Satz.');
    await new Promise((r) => setTimeout(r, 50));
    peer.destroy();
    await expect.poll(async () => (await newest()).text, { timeout: 15_000 }).toContain('Letzter Satz.');
    const afterLeaving = (await versions(client, pageId)).length;
    expect(afterLeaving).toBeLessThanOrEqual(countBeforeLeaving + 2);
    // No change since: nothing more.
    await new Promise((r) => setTimeout(r, INTERVAL_MS + 500));
    expect(await versions(client, pageId)).toHaveLength(afterLeaving);
  });

  it('restore while two clients are connected: both see the old body, history grows, nothing is lost', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const { client: other } = await member(t, 'editor', spaceId);
    const original = '# Antrag\n\n- [ ] Formular\n- [x] Ausweis\n\n| Gebühr | Betrag |\n| --- | --- |\n| Antrag | 10 € |';
    const pageId = await importMarkdown(client, spaceId, 'Antrag', original);
    const kept = (await client.post(`/api/v1/pages/${pageId}/versions`, { label: 'Original' })).json();

    const a = open(pageId, client.headers.cookie!);
    const b = open(pageId, other.headers.cookie!);
    await Promise.all([synced(a), synced(b)]);
    typeParagraph(a, 'Von A geändert.');
    await waitFor(() => JSON.stringify(json(b)).includes('Von A geändert.'), 5000, 'edit reaches B');
    const bVectorBefore = Y.encodeStateVector(b.doc);

    const res = await other.post(`/api/v1/pages/${pageId}/versions/${kept.id}/restore`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ changed: true, version: { kind: 'restore', restoredFrom: kept.id, createdBy: { id: other.user.id } } });
    const expected = markdownToJSON(original);
    expect(res.json().doc).toEqual(expected);
    await waitFor(() => JSON.stringify(json(a)) === JSON.stringify(expected) && JSON.stringify(json(b)) === JSON.stringify(expected), 10_000, 'restored body on both');
    // A new edit on top: the clients' documents only grew (no reset, no reload).
    const bVectorAfter = Y.decodeStateVector(Y.encodeStateVector(b.doc));
    for (const [client, clock] of Y.decodeStateVector(bVectorBefore)) expect(bVectorAfter.get(client)).toBeGreaterThanOrEqual(clock);
    expect(await exportMarkdown(client, pageId)).toBe(original);

    const list = await versions(client, pageId);
    expect(list.map((v) => v.kind)).toEqual(['restore', 'auto', 'manual']);
    // The state just before the restore is a version of its own.
    const before = (await client.get(`/api/v1/pages/${pageId}/versions/${list[1]!.id}`)).json();
    expect(before.text).toContain('Von A geändert.');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', pageId).where('action', '=', 'page.version.restore').execute();
    expect(audit).toEqual([{ action: 'page.version.restore', actor_id: other.user.id }]);

    // Editing goes on normally after the restore.
    typeParagraph(b, 'Weiter geht’s.');
    await waitFor(() => JSON.stringify(json(a)).includes('Weiter geht’s.'), 5000, 'typing after restore');
  });

  it('readers list, view and compare but cannot create or restore; versions belong to their page', async () => {
    const { client: editor, spaceId } = await member(t, 'editor');
    const { client: reader } = await member(t, 'reader', spaceId);
    const stranger = await t.userClient();
    const pageId = await importMarkdown(editor, spaceId, 'Seite', 'Text');
    const otherPage = await importMarkdown(editor, spaceId, 'Andere', 'Anders');
    const v = (await editor.post(`/api/v1/pages/${pageId}/versions`, { label: 'v1' })).json();

    expect((await reader.get(`/api/v1/pages/${pageId}/versions`)).statusCode).toBe(200);
    expect((await reader.get(`/api/v1/pages/${pageId}/versions/${v.id}`)).statusCode).toBe(200);
    expect((await reader.get(`/api/v1/pages/${pageId}/versions/${v.id}/diff`)).statusCode).toBe(200);
    expect((await reader.post(`/api/v1/pages/${pageId}/versions`, { label: 'x' })).statusCode).toBe(403);
    expect((await reader.post(`/api/v1/pages/${pageId}/versions/${v.id}/restore`, {})).statusCode).toBe(403);

    expect((await stranger.get(`/api/v1/pages/${pageId}/versions`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/pages/${pageId}/versions/${v.id}`)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/pages/${pageId}/versions`)).statusCode).toBe(401);

    expect((await editor.get(`/api/v1/pages/${otherPage}/versions/${v.id}`)).statusCode).toBe(404);
    expect((await editor.post(`/api/v1/pages/${otherPage}/versions/${v.id}/restore`, {})).statusCode).toBe(404);
    expect((await editor.get(`/api/v1/pages/${pageId}/versions/${v.id}/diff?against=nonsense`)).statusCode).toBe(400);
    expect((await editor.post(`/api/v1/pages/${pageId}/versions`, { label: '   ' })).statusCode).toBe(400);
    expect((await editor.post(`/api/v1/pages/${pageId}/versions`, { label: 'x'.repeat(201) })).statusCode).toBe(400);
  });

  it('documents every version route in OpenAPI under "versions"', async () => {
    const routes = (await documentedRoutes(t.app)).filter((r) => r.url.startsWith('/api/v1/pages/:id/versions'));
    expect(routes.map((r) => `${r.method} ${r.url}`)).toContain('POST /api/v1/pages/:id/versions/:vid/restore');
    for (const { method, url, operation } of routes) expect(operation?.tags, `${method} ${url}`).toEqual(['versions']);
  });
});
