import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { TEST_PASSWORD } from '../support/test-app.ts';
import { member, seedPage } from '../support/seed.ts';
import { cast, connectInterview, type InterviewPeer, scheduleInterview, syncedPeer } from '../support/interviews.ts';
import { bodyText, type CollabTestApp, holdLoading, type PeerAuth, startCollabApp, synced, type TestPeer, waitFor } from '../support/collab.ts';

/**
 * A collaboration socket lives as long as the credential it was opened with: signing out
 * (here or everywhere), changing the password and revoking an API token close the sockets of
 * exactly the credentials that ended, with 4401 (the client does not reconnect), on pages and
 * interviews alike. Sockets of credentials that still stand stay open and keep editing.
 */
describe.each(backends)('collaboration sockets after revoked sign-ins on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend);
  });
  afterAll(() => t?.close());

  const open = (pageId: string, auth: PeerAuth) => t.connect(pageId, auth);

  const closedRevoked = (peer: TestPeer | InterviewPeer, what: string) =>
    waitFor(() => peer.closes.some((c) => c.code === 4401) && !peer.provider.shouldConnect, 10_000, `${what} closed with 4401`);

  /** Still connected, never closed, and its edits still reach a newly connected peer. */
  async function stillEditing(peer: TestPeer, pageId: string, cookie: string, text: string): Promise<void> {
    expect(peer.closes).toEqual([]);
    expect(peer.provider.wsconnected).toBe(true);
    peer.text.insert(peer.text.length, text);
    const check = open(pageId, { cookie });
    await synced(check);
    await waitFor(() => bodyText(check.doc).includes(text), 10_000, `edit "${text}" arrives`);
    check.destroy();
  }

  /** An editor with two browser sessions, an API token and a collaboration token on one page, and a colleague on it. */
  async function editorEverywhere() {
    const { client: first, spaceId } = await member(t, 'editor');
    const { pageId } = await seedPage(t.database.db, { spaceId });
    const second = await t.login(first.user.email);
    const apiToken = (await first.post('/api/v1/auth/tokens', { name: 'Skript' })).json().token as string;
    const collabToken = (await second.post(`/api/v1/pages/${pageId}/collab-token`)).json().token as string;
    const { client: colleague } = await member(t, 'editor', spaceId);
    const sockets = {
      first: open(pageId, { cookie: first.headers.cookie! }),
      second: open(pageId, { cookie: second.headers.cookie! }),
      api: open(pageId, { headers: { authorization: `Bearer ${apiToken}` } }),
      collab: open(pageId, { token: collabToken }),
      colleague: open(pageId, { cookie: colleague.headers.cookie! }),
    };
    await Promise.all(Object.values(sockets).map((p) => synced(p)));
    return { first, second, colleague, pageId, sockets };
  }

  it('signing out everywhere closes every socket of the user (sessions, API token, collaboration token); a colleague keeps editing', async () => {
    const { second, colleague, pageId, sockets } = await editorEverywhere();
    expect((await second.post('/api/v1/auth/logout-everywhere')).statusCode).toBe(204);
    await Promise.all(
      (['first', 'second', 'api', 'collab'] as const).map((which) => closedRevoked(sockets[which], which)),
    );
    await stillEditing(sockets.colleague, pageId, colleague.headers.cookie!, ' Kollegin');
  });

  it('a password change closes the sockets of the other sessions and collaboration tokens; the changing session and a kept API token stay', async () => {
    const { first, pageId, sockets } = await editorEverywhere();
    const changed = await first.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'neues-Pferd-Batterie-7', revokeTokens: false });
    expect(changed.statusCode).toBe(204);
    await closedRevoked(sockets.second, 'other session');
    await closedRevoked(sockets.collab, 'collaboration token');
    await stillEditing(sockets.first, pageId, first.headers.cookie!, ' eigene Sitzung');
    await stillEditing(sockets.api, pageId, first.headers.cookie!, ' Skript');
  });

  it('signing out one session and revoking one API token close only their own sockets', async () => {
    const { first, second, pageId, sockets } = await editorEverywhere();
    expect((await second.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await closedRevoked(sockets.second, 'signed-out session');

    const tokens = (await first.get('/api/v1/auth/tokens')).json() as { id: string }[];
    expect((await first.delete(`/api/v1/auth/tokens/${tokens[0]!.id}`)).statusCode).toBe(204);
    await closedRevoked(sockets.api, 'revoked API token');

    await stillEditing(sockets.first, pageId, first.headers.cookie!, ' bleibt');
    // A collaboration token is withdrawn with every session only, not with one of them.
    await stillEditing(sockets.collab, pageId, first.headers.cookie!, ' Token bleibt');
  });

  it('a socket still waiting for its document when its session ends closes before it joins', async () => {
    const { client: owner, spaceId } = await member(t, 'owner');
    const { pageId } = await seedPage(t.database.db, { spaceId });
    const { client: editor } = await member(t, 'editor', spaceId);
    const release = await holdLoading(t, pageId, owner.headers.cookie!);
    try {
      const waiting = open(pageId, { cookie: editor.headers.cookie! });
      waiting.text.insert(0, 'ABGEMELDET ');
      await waitFor(() => waiting.provider.wsconnected, 10_000, 'socket upgraded');
      expect((await editor.post('/api/v1/auth/logout-everywhere')).statusCode).toBe(204);
      release();
      await closedRevoked(waiting, 'waiting socket');
      const watcher = open(pageId, { cookie: owner.headers.cookie! });
      await synced(watcher);
      await t.app.collab.quiescent();
      expect(bodyText(watcher.doc)).not.toContain('ABGEMELDET');
    } finally {
      release();
    }
  });

  it('interview sockets close too: the interviewer changes the password, the socket of their other session closes', async () => {
    const c = await cast(t);
    const { id } = await scheduleInterview(c);
    const otherSession = await t.login(c.interviewer.user.email);
    const revoked = t.track(connectInterview(t.baseUrl, id, otherSession));
    const kept = t.track(connectInterview(t.baseUrl, id, c.interviewer));
    await Promise.all([syncedPeer(revoked), syncedPeer(kept)]);
    const changed = await c.interviewer.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'neues-Pferd-Batterie-7' });
    expect(changed.statusCode).toBe(204);
    await closedRevoked(revoked, 'interview socket of the other session');
    expect(kept.closes).toEqual([]);
    expect(kept.provider.wsconnected).toBe(true);
  });
});
