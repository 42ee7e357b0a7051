/**
 * Limited API tokens: a read-only token reads what its user may read and changes nothing (every
 * state-changing request answers 403 token-read-only, before the route runs, and it opens no
 * collaboration socket, which could edit); a token created without options keeps its user's
 * rights. An expiry date ends a token.
 */
import type { ApiToken } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import { backends } from '../support/databases.ts';
import { Client } from '../support/test-app.ts';
import { member, seedPage } from '../support/seed.ts';
import { type CollabTestApp, startCollabApp } from '../support/collab.ts';

/** The HTTP status a socket upgrade gets (101 when it opens). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WS(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

describe.each(backends)('limited API tokens on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend);
  });
  afterAll(() => t?.close());

  async function tokenOf(client: Client, body: Record<string, unknown>): Promise<{ bearer: Client; token: string; id: string }> {
    const res = await client.post('/api/v1/auth/tokens', body);
    expect(res.statusCode).toBe(201);
    const token = res.json().token as string;
    return { bearer: new Client(t.app, { authorization: `Bearer ${token}` }), token, id: res.json().id as string };
  }

  it('a read-only token reads but every change answers 403 token-read-only and changes nothing', async () => {
    const { client: editor, spaceId } = await member(t, 'editor');
    const { pageId } = await seedPage(t.database.db, { spaceId });
    const { bearer, id } = await tokenOf(editor, { name: 'Lesen', readOnly: true });
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await bearer.get(`/api/v1/pages/${pageId}`)).statusCode).toBe(200);

    const before = (await editor.get(`/api/v1/pages/${pageId}`)).json();
    const attempts = [
      await bearer.patch('/api/v1/auth/me', { displayName: 'Umbenannt' }),
      await bearer.post('/api/v1/pages', { spaceId, title: 'Neu' }),
      await bearer.patch(`/api/v1/pages/${pageId}`, { title: 'Geändert' }),
      await bearer.delete(`/api/v1/pages/${pageId}`),
      await bearer.post(`/api/v1/pages/${pageId}/collab-token`),
      await bearer.delete(`/api/v1/auth/tokens/${id}`),
      await bearer.post('/api/v1/auth/logout-everywhere'),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toBe('urn:stafette:problem:token-read-only');
    }
    expect((await editor.get(`/api/v1/pages/${pageId}`)).json()).toEqual(before);
    expect((await editor.get('/api/v1/auth/me')).json().user.displayName).toBe(editor.user.displayName);
    // Still valid after all that, and listed as read-only.
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(200);
    const listed = ((await editor.get('/api/v1/auth/tokens')).json() as ApiToken[]).find((x) => x.id === id)!;
    expect(listed.readOnly).toBe(true);
  });

  it('a read-only token opens no collaboration socket; a full token of the same user does', async () => {
    const { client: editor, spaceId } = await member(t, 'editor');
    const { pageId } = await seedPage(t.database.db, { spaceId });
    const readOnly = await tokenOf(editor, { name: 'Lesen', readOnly: true });
    const full = await tokenOf(editor, { name: 'Voll' });
    const url = `${t.baseUrl}/${pageId}`;
    expect(await upgradeStatus(url, { authorization: `Bearer ${readOnly.token}` })).toBe(403);
    expect(await upgradeStatus(url, { authorization: `Bearer ${full.token}` })).toBe(101);
  });

  it('a token created without options keeps its user rights and no expiry', async () => {
    const user = await t.userClient();
    const { bearer, id } = await tokenOf(user, { name: 'Wie bisher' });
    expect((await bearer.patch('/api/v1/auth/me', { displayName: 'Per Skript' })).statusCode).toBe(200);
    const listed = ((await user.get('/api/v1/auth/tokens')).json() as ApiToken[]).find((x) => x.id === id)!;
    expect(listed).toMatchObject({ readOnly: false, expiresAt: null });
  });

  it('an expiry date must lie ahead, and the token stops working once it has passed', async () => {
    const user = await t.userClient();
    expect((await user.post('/api/v1/auth/tokens', { name: 'Gestern', expiresAt: new Date(Date.now() - 86_400_000).toISOString() })).statusCode).toBe(400);
    const { bearer, id } = await tokenOf(user, { name: 'Kurz', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), readOnly: true });
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(200);
    await t.database.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(401);
  });
});
