import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/databases.ts';
import { member, seedPage } from '../support/seed.ts';
import { bodyText, type CollabTestApp, startCollabApp, storedDoc, synced, waitFor } from '../support/collab.ts';

describe.each(backends)('collaboration sync on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend);
  });
  afterAll(() => t?.close());

  async function editorCookie(spaceId: string, displayName?: string) {
    return (await member(t, 'editor', spaceId, { displayName })).client.headers.cookie!;
  }

  const open = (pageId: string, cookie: string) => t.connect(pageId, { cookie });

  it.each([2, 10, 50])('%i clients typing at once converge, and the stored log holds the same document', async (count) => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    const cookie = await editorCookie(spaceId);
    const group = Array.from({ length: count }, () => open(pageId, cookie));
    await Promise.all(group.map((p) => synced(p, 30_000)));
    const rounds = count >= 50 ? 4 : 10;
    for (let round = 0; round < rounds; round++) {
      group.forEach((p, i) => p.text.insert(p.text.length, `${i}.${round} `));
      await new Promise((r) => setTimeout(r, 5));
    }
    const expected = group.map((_, i) => Array.from({ length: rounds }, (_, r) => `${i}.${r} `).join(''));
    await waitFor(() => group.every((p) => bodyText(p.doc).split('|').length === count), 30_000, 'all paragraphs everywhere');
    await waitFor(() => group.every((p) => bodyText(p.doc) === bodyText(group[0]!.doc)), 30_000, 'convergence');
    expect(bodyText(group[0]!.doc).split('|').sort()).toEqual([...expected].sort());
    await t.app.collab.log.flushed();
    const stored = await storedDoc(t.database.db, pageId);
    expect(bodyText(stored)).toBe(bodyText(group[0]!.doc));
    for (const p of group) p.destroy();
  });

  it('a late joiner receives everything, and a client that edited offline catches up both ways', async () => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    const cookie = await editorCookie(spaceId);
    const a = open(pageId, cookie);
    await synced(a);
    a.text.insert(0, 'Antrag auf Wohngeld');
    const b = open(pageId, cookie);
    await synced(b);
    await waitFor(() => bodyText(b.doc).includes('Antrag auf Wohngeld'), 5000, 'late joiner content');

    b.provider.disconnect();
    b.text.insert(0, 'offline: ');
    a.text.insert(a.text.length, ' (online)');
    b.provider.connect();
    await waitFor(() => bodyText(a.doc) === bodyText(b.doc) && bodyText(a.doc).includes('offline: ') && bodyText(b.doc).includes('(online)'), 5000, 'catch up');
  });

  it('relays awareness to others and clears it when a client leaves', async () => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    // The server puts the signed-in user's name into presence.
    const cookie = await editorCookie(spaceId, 'Frau Meier');
    const a = open(pageId, cookie);
    const b = open(pageId, cookie);
    await Promise.all([synced(a), synced(b)]);
    a.provider.awareness.setLocalStateField('user', { name: 'Meier', color: '#aa3300' });
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Frau Meier', 5000, 'awareness relayed');

    // A late joiner learns the present states from the server.
    const c = open(pageId, cookie);
    await synced(c);
    await waitFor(() => c.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Frau Meier', 5000, 'awareness for late joiner');

    // Closing the socket without a goodbye: the server removes the state for everyone.
    (a.provider.ws as unknown as { terminate(): void } | null)?.terminate();
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID) && !c.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness cleared');
  });

  it('unloads an idle document after the grace period and loads it again from storage', async () => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    const cookie = await editorCookie(spaceId);
    const a = open(pageId, cookie);
    await synced(a);
    a.text.insert(0, 'Dauerhaft');
    await waitFor(() => t.app.collab.log.stats.updates > 0);
    await t.app.collab.log.flushed();
    a.destroy();
    await waitFor(() => !(t.app.collab as unknown as { rooms: Map<string, unknown> }).rooms.has(pageId), 5000, 'unload');
    const b = open(pageId, cookie);
    await synced(b);
    await waitFor(() => bodyText(b.doc).includes('Dauerhaft'), 5000, 'reloaded content');
    const doc = await t.app.collab.getDocument(pageId);
    expect(bodyText(doc)).toContain('Dauerhaft');
    // b's own empty paragraph reaches the server a moment after its sync.
    await waitFor(() => Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(Y.encodeStateVector(b.doc))), 5000, 'equal state');
  });
});
