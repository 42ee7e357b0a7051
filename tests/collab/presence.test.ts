import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { Client, TestUser } from '../support/test-app.ts';
import { cast, connectInterview, scheduleInterview, syncedPeer } from '../support/interviews.ts';
import { seedPage } from '../support/seed.ts';
import { awarenessFrame, type CollabTestApp, RawClient, startCollabApp, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { decodeAwarenessUpdate, decodeMessage, type IncomingAwarenessEntry, MESSAGE_AWARENESS } from '../../server/src/collab/protocol.ts';

/**
 * Presence (awareness) is bounded and owned: a connection shows one client id of its own, under
 * the name of the user it signed in as; states it sends for other ids never reach anyone, and
 * the server keeps nothing for them.
 */
describe.each(backends)('presence on %s', (backend) => {
  let t: CollabTestApp;
  let editor: Client & { user: TestUser };
  let reader: Client & { user: TestUser };
  let pageId: string;
  const raws: RawClient[] = [];

  beforeAll(async () => {
    t = await startCollabApp(backend);
    editor = await t.userClient({ displayName: 'Erika Editor' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    ({ pageId } = await seedPage(t.database.db, { space: { editors: [editor], readers: [reader] } }));
  });
  afterAll(async () => {
    for (const raw of raws) raw.ws.terminate();
    await t?.close();
  });

  async function peer(client: Client): Promise<TestPeer> {
    const p = t.connect(pageId, { cookie: client.headers.cookie! });
    await synced(p);
    return p;
  }

  async function raw(client: Client): Promise<RawClient> {
    const r = new RawClient(`${t.baseUrl}/${pageId}`, client.headers.cookie!);
    raws.push(r);
    return r.ready();
  }

  const stateOf = (p: TestPeer, client: number) => p.provider.awareness.getStates().get(client) as Record<string, any> | undefined;

  it("relays a reader's presence for its own client id only, under its own name", async () => {
    const observer = await peer(editor);
    const writer = await peer(editor);
    writer.provider.awareness.setLocalStateField('user', { name: 'Frau Meier', color: '#aa3300' });
    await waitFor(() => stateOf(observer, writer.doc.clientID)?.user?.name === 'Erika Editor', 5000, 'editor presence');
    expect(stateOf(observer, writer.doc.clientID)?.user).toEqual({ name: 'Erika Editor', id: editor.user.id, color: '#aa3300' });

    const mallory = await raw(reader);
    const victim = writer.doc.clientID;
    // Its own id first, claiming someone else's name; then another user's id and a made-up one.
    mallory.send(awarenessFrame([{ client: 4242, clock: 1, state: { user: { id: editor.user.id, name: 'Bürgermeister' } } }]));
    mallory.send(awarenessFrame([
      { client: victim, clock: 1000, state: { user: { name: 'Gefälscht' } } },
      { client: 777, clock: 1, state: { user: { name: 'Geist' } } },
    ]));
    mallory.send(awarenessFrame([{ client: victim, clock: 1001, state: null }]));
    mallory.send(awarenessFrame([{ client: 4242, clock: 2, state: { user: { name: 'x' }, marker: 'zuletzt' } }]));
    // Frames of one socket are handled in order: once the marker arrived, the forgeries were seen.
    await waitFor(() => stateOf(observer, 4242)?.marker === 'zuletzt', 5000, 'reader presence');
    expect(stateOf(observer, 4242)?.user).toEqual({ name: 'Rita Reader', id: reader.user.id });
    expect(stateOf(observer, victim)?.user?.name).toBe('Erika Editor');
    expect(observer.provider.awareness.getStates().has(777)).toBe(false);
    // Dropped, not closed: real clients echo every state they receive back to the server.
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
  });

  it('keeps one state per connection: 40 messages of many large or null states for other ids add nothing', async () => {
    const observer = await peer(editor);
    const mallory = await raw(reader);
    mallory.send(awarenessFrame([{ client: 5000, clock: 1, state: { user: {} } }]));
    await waitFor(() => stateOf(observer, 5000) !== undefined, 5000, 'own presence');
    const held = t.app.collab.stats().presence;
    const seen = observer.provider.awareness.getStates().size;

    const pad = 'x'.repeat(3000);
    for (let i = 0; i < 20; i++) {
      mallory.send(awarenessFrame(Array.from({ length: 100 }, (_, j) => ({ client: 100_000 + i * 100 + j, clock: 1, state: { user: {}, pad } }))));
      mallory.send(awarenessFrame(Array.from({ length: 100 }, (_, j) => ({ client: 200_000 + i * 100 + j, clock: 5, state: null }))));
    }
    mallory.send(awarenessFrame([{ client: 5000, clock: 2, state: { user: {}, marker: 'danach' } }]));
    await waitFor(() => stateOf(observer, 5000)?.marker === 'danach', 5000, 'marker after the flood');
    expect(t.app.collab.stats().presence).toBe(held);
    expect(observer.provider.awareness.getStates().size).toBe(seen);
    expect(mallory.ws.readyState).toBe(mallory.ws.OPEN);
  });

  it('closes with 4413 on too many entries, a too large state or a huge awareness message; others keep theirs', async () => {
    const observer = await peer(editor);
    const many = await raw(reader);
    many.send(awarenessFrame(Array.from({ length: 101 }, (_, j) => ({ client: 300_000 + j, clock: 1, state: {} }))));
    expect((await many.closed).code).toBe(4413);

    const large = await raw(reader);
    large.send(awarenessFrame([{ client: 6000, clock: 1, state: { user: {}, pad: 'x'.repeat(5000) } }]));
    expect((await large.closed).code).toBe(4413);

    const huge = await raw(reader);
    huge.send(awarenessFrame([{ client: 6001, clock: 1, state: { pad: 'x'.repeat(900_000) } }]));
    expect((await huge.closed).code).toBe(4413);

    expect(observer.provider.awareness.getStates().has(6000)).toBe(false);
    const writer = await peer(editor);
    writer.provider.awareness.setLocalStateField('user', { name: 'weiter' });
    await waitFor(() => stateOf(observer, writer.doc.clientID)?.user?.name === 'Erika Editor', 5000, 'presence carries on');
  });

  it('sends a burst of presence changes to each reader together, the latest state per client', async () => {
    const observer = await raw(reader);
    const watcher = await peer(reader);
    const typist = await raw(editor);
    const awarenessSince = (from: number) => observer.received.slice(from).filter((m) => m[0] === 1).length;
    const mark = observer.received.length;
    // A cursor moving 30 times at once (or 30 clients renewing their presence together).
    for (let clock = 1; clock <= 30; clock++) typist.send(awarenessFrame([{ client: 6100, clock, state: { cursor: clock } }]));
    await waitFor(() => stateOf(watcher, 6100)?.cursor === 30, 5000, 'latest cursor');
    // One message per change made it 30 writes here, and every real client echoes each one back.
    expect(awarenessSince(mark)).toBeLessThan(10);
    expect(awarenessSince(mark)).toBeGreaterThan(0);
  });

  it('sends the presence renewals of a page together after a short wait, and changes at once', async () => {
    const observer = await raw(reader);
    const ids = [9101, 9102, 9103, 9104];
    const clients = await Promise.all(ids.map(() => raw(editor)));
    const show = (i: number, clock: number, n: unknown = i) => clients[i]!.send(awarenessFrame([{ client: ids[i]!, clock, state: { user: {}, n } }]));
    ids.forEach((_, i) => show(i, 1));
    const entriesSince = (from: number) => awarenessMessages(observer, from).map((m) => m.filter((e) => ids.includes(e.client)));
    await waitFor(() => ids.every((id) => entriesSince(0).flat().some((e) => e.client === id)), 5000, 'states shown');
    const mark = observer.received.length;
    // Renewals: the same state under the next clock, as clients that connected together send them.
    for (let i = 0; i < ids.length; i++) {
      show(i, 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    show(0, 3, 'bewegt');
    await waitFor(() => ids.slice(1).every((id) => entriesSince(mark).flat().some((e) => e.client === id && e.clock === 2)), 10_000, 'renewals');
    const messages = entriesSince(mark).filter((m) => m.length > 0);
    const renewals = messages.filter((m) => m.some((e) => e.clock === 2));
    // One message for all of them (each would be sent to every client and echoed back by each).
    expect(renewals).toHaveLength(1);
    expect(renewals[0]!.map((e) => e.client).sort()).toEqual(ids.slice(1));
    // The change went out before them, and the renewal it replaced not at all.
    expect(messages.findIndex((m) => m.some((e) => e.client === ids[0] && e.clock === 3))).toBeLessThan(messages.indexOf(renewals[0]!));
  });

  it("removes a closed connection's presence for everyone and keeps nothing of it", async () => {
    const observer = await peer(editor);
    const before = t.app.collab.stats().presence;
    const gone = await raw(reader);
    gone.send(awarenessFrame([{ client: 7000, clock: 1, state: { user: {} } }]));
    await waitFor(() => stateOf(observer, 7000) !== undefined, 5000, 'presence shown');
    expect(t.app.collab.stats().presence).toBe(before + 1);
    gone.ws.terminate();
    await waitFor(() => !observer.provider.awareness.getStates().has(7000), 5000, 'presence removed');
    expect(t.app.collab.stats().presence).toBe(before);

    // A later socket may show that id again (a reconnecting client keeps its Yjs client id).
    const again = await raw(reader);
    again.send(awarenessFrame([{ client: 7000, clock: 2, state: { user: {}, marker: 'wieder' } }]));
    await waitFor(() => stateOf(observer, 7000)?.marker === 'wieder', 5000, 'id shown again');
  });

  it('applies the same rule on the interview socket', async () => {
    const c = await cast(t);
    const { id } = await scheduleInterview(c);
    const writer = connectInterview(t.baseUrl, id, c.subject);
    const manager = connectInterview(t.baseUrl, id, c.manager);
    await Promise.all([syncedPeer(writer), syncedPeer(manager)]);
    writer.provider.awareness.setLocalStateField('user', { name: 'Erika' });
    const managerSees = (client: number) => manager.provider.awareness.getStates().get(client) as Record<string, any> | undefined;
    await waitFor(() => managerSees(writer.doc.clientID)?.user?.name === 'Erika Mustermann', 5000, 'writer presence');

    // The successor reads: it may show itself, never write over the subject's presence.
    const successor = new RawClient(`${t.baseUrl}/interview/${id}`, c.successor.headers.cookie!);
    raws.push(successor);
    await successor.ready();
    successor.send(awarenessFrame([{ client: writer.doc.clientID, clock: 500, state: { user: { name: 'Nicht Erika' } } }]));
    successor.send(awarenessFrame([{ client: 8000, clock: 1, state: { user: {}, marker: 'nachfolge' } }]));
    await waitFor(() => managerSees(8000)?.marker === 'nachfolge', 5000, 'successor presence');
    expect(managerSees(8000)?.user?.name).toBe('Nora Nachfolge');
    expect(managerSees(writer.doc.clientID)?.user?.name).toBe('Erika Mustermann');
    writer.destroy();
    manager.destroy();
  }, 30_000);
});

/** The entries of each awareness message a raw client received from `from` on. */
function awarenessMessages(client: RawClient, from: number): IncomingAwarenessEntry[][] {
  return client.received
    .slice(from)
    .filter((frame) => frame[0] === MESSAGE_AWARENESS)
    .map((frame) => {
      const message = decodeMessage(frame);
      return message.type === 'awareness' ? decodeAwarenessUpdate(message.update, { maxEntries: 1000, maxStateBytes: 1 << 20 }) : [];
    });
}
