/**
 * The sessions list in the profile: every signed-in browser of the own account with its browser,
 * IP and last use, the calling one marked; any of them can be ended from here, which closes that
 * browser's collaboration sockets like a sign-out there. Other people's sessions are not reachable.
 */
import type { SessionInfo } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { Client } from '../support/test-app.ts';
import { member, seedPage } from '../support/seed.ts';
import { type CollabTestApp, startCollabApp, synced, waitFor } from '../support/collab.ts';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe.each(backends)('own sessions on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend);
  });
  afterAll(() => t?.close());

  /** Signs in again as `email` from another browser. */
  async function signInWith(email: string, userAgent: string): Promise<Client> {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'korrekt-Pferd-Batterie' }, headers: { 'user-agent': userAgent } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'stafette_session')!;
    return new Client(t.app, { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken });
  }
  const sessionsOf = async (client: Client) => {
    const res = await client.get('/api/v1/auth/sessions');
    expect(res.statusCode).toBe(200);
    return res.json() as SessionInfo[];
  };
  const signedIn = async (client: Client) => (await client.get('/api/v1/auth/me')).statusCode === 200;

  it('lists every own session with browser, IP and last use, marks the calling one, and never shows the cookie hash', async () => {
    const user = await t.userClient();
    const laptop = await signInWith(user.user.email, FIREFOX);
    const fromUser = await sessionsOf(user);
    expect(fromUser).toHaveLength(2);
    expect(fromUser.filter((s) => s.current)).toHaveLength(1);
    const other = fromUser.find((s) => !s.current)!;
    expect(other.userAgent).toBe(FIREFOX);
    expect(other.ip).toBe('127.0.0.1');
    expect(Number.isNaN(Date.parse(other.lastUsedAt))).toBe(false);
    // The laptop sees the same two, with itself marked.
    const fromLaptop = await sessionsOf(laptop);
    expect(fromLaptop.find((s) => s.current)!.id).toBe(other.id);
    const rows = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', user.user.id).execute();
    for (const row of rows) expect(JSON.stringify(fromUser)).not.toContain(row.id);
    // Someone else's list has none of them.
    const stranger = await t.userClient();
    const theirs = await sessionsOf(stranger);
    expect(theirs.map((s) => s.id)).not.toContain(other.id);
  });

  it('ending another session signs that browser out and leaves this one signed in; it is audited', async () => {
    const user = await t.userClient();
    const laptop = await signInWith(user.user.email, FIREFOX);
    const other = (await sessionsOf(user)).find((s) => !s.current)!;
    expect((await user.delete(`/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(204);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(user)).toBe(true);
    expect((await sessionsOf(user)).map((s) => s.id)).not.toContain(other.id);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('actor_id', '=', user.user.id).where('action', '=', 'auth.end_session').execute();
    expect(audit).toHaveLength(1);
    // Already ended: 404.
    expect((await user.delete(`/api/v1/auth/sessions/${other.id}`)).statusCode).toBe(404);
  });

  it('ending the calling session signs it out and clears its cookie', async () => {
    const user = await t.userClient();
    const own = (await sessionsOf(user)).find((s) => s.current)!;
    const res = await user.delete(`/api/v1/auth/sessions/${own.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === 'stafette_session')?.value).toBe('');
    expect(await signedIn(user)).toBe(false);
  });

  it("another user's session answers 404 problem+json like one that does not exist, and stays signed in", async () => {
    const victim = await t.userClient();
    const attacker = await t.userClient();
    const target = (await sessionsOf(victim))[0]!;
    const res = await attacker.delete(`/api/v1/auth/sessions/${target.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().type).toBe('urn:stafette:problem:not-found');
    expect(await signedIn(victim)).toBe(true);
    // A malformed id is a validation error, not a lookup.
    expect((await attacker.delete('/api/v1/auth/sessions/nicht-hex')).statusCode).toBe(400);
  });

  it('ending a session closes the collaboration sockets opened with it (4401); the other session keeps its socket', async () => {
    const { client: first, spaceId } = await member(t, 'editor');
    const { pageId } = await seedPage(t.database.db, { spaceId });
    const second = await t.login(first.user.email);
    const keep = t.connect(pageId, { cookie: first.headers.cookie! });
    const ended = t.connect(pageId, { cookie: second.headers.cookie! });
    await Promise.all([synced(keep), synced(ended)]);
    const target = (await sessionsOf(second)).find((s) => s.current)!;
    expect((await first.delete(`/api/v1/auth/sessions/${target.id}`)).statusCode).toBe(204);
    await waitFor(() => ended.closes.some((c) => c.code === 4401) && !ended.provider.shouldConnect, 10_000, 'ended session socket closed with 4401');
    expect(keep.closes).toEqual([]);
    expect(keep.provider.wsconnected).toBe(true);
  });
});
