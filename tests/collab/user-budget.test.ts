import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { bodyText, type CollabTestApp, startCollabApp, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';

/** A small budget so a test reaches it quickly: 200 messages per 2-second window, 8 sockets per user. */
const collab = { userMessagesPerSecond: 100, userMessageWindowSeconds: 2, userMaxSockets: 8 };

const closedForUser = (peer: TestPeer, reason: string) => peer.closes.some((c) => c.code === 4529 && c.reason === reason);

/** Types `text` one character per update (a message each), as a typist's keystrokes. */
function type(peer: TestPeer, text: string): void {
  for (const ch of text) peer.text.insert(peer.text.length, ch);
}

describe.each(backends)('a user’s collaboration budget over all their sockets on %s', (backend) => {
  let t: CollabTestApp;
  let spaceId: string;

  beforeAll(async () => {
    t = await startCollabApp(backend, {}, { collab });
    spaceId = await seedSpace(t.database.db);
  });
  afterAll(() => t?.close());

  const member = async () => {
    const client = await t.userClient();
    await t.database.db.insertInto('space_members').values({ space_id: spaceId, user_id: client.user.id, role: 'editor' }).execute();
    return client.headers.cookie!;
  };
  const page = async () => (await seedPage(t.database.db, { spaceId })).pageId;

  it('cuts a user whose five tabs together send more than the budget (each alone within it), keeps another user typing, and loses nothing', { timeout: 60_000 }, async () => {
    const [flooder, neighbour] = await Promise.all([member(), member()]);
    const pages = await Promise.all(Array.from({ length: 5 }, page));
    const tabs = pages.map((pageId) => t.connect(pageId, { cookie: flooder }));
    const otherPage = await page();
    const other = t.connect(otherPage, { cookie: neighbour });
    await Promise.all([...tabs, other].map((p) => synced(p)));

    // 60 keystrokes per tab, 300 for the user: over the 200 of the window; 60 alone are not.
    const typed = tabs.map((_, i) => `tab${i}-`.padEnd(60, String(i)));
    tabs.forEach((tab, i) => type(tab, typed[i]!));
    type(other, 'n'.repeat(60));

    await waitFor(() => tabs.some((tab) => closedForUser(tab, 'too many messages for this user')), 10_000, 'a tab cut for the user');
    // The other user typed as much as one of the tabs and was never closed.
    await t.app.collab.quiescent();
    expect(bodyText(await storedDoc(t.database.db, otherPage))).toBe('n'.repeat(60));
    expect(other.closes).toEqual([]);

    // The cut tabs reconnect once the user's average came down and send what the server lacks:
    // every keystroke is stored.
    for (let i = 0; i < tabs.length; i++) {
      await waitFor(() => tabs[i]!.provider.synced && tabs[i]!.provider.wsconnected, 20_000, `tab ${i} back`);
    }
    await waitFor(() => tabs.every((tab) => bodyText(tab.doc) === typed[tabs.indexOf(tab)]), 5000, 'tabs keep their text');
    await t.app.collab.quiescent();
    for (let i = 0; i < tabs.length; i++) {
      const stored = async () => bodyText(await storedDoc(t.database.db, pages[i]!));
      for (const until = Date.now() + 20_000; (await stored()) !== typed[i] && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
      expect(await stored()).toBe(typed[i]);
    }
  });

  it('refuses a user’s ninth socket with 4529 while another user connects, and admits it once one closed', { timeout: 30_000 }, async () => {
    const [busy, other] = await Promise.all([member(), member()]);
    const pageId = await page();
    const eight = Array.from({ length: 8 }, () => t.connect(pageId, { cookie: busy }));
    await Promise.all(eight.map((p) => synced(p)));

    const ninth = t.connect(pageId, { cookie: busy });
    await waitFor(() => ninth.closes.length > 0, 10_000, 'ninth socket refused');
    expect(closedForUser(ninth, 'too many open documents for this user')).toBe(true);
    expect(ninth.provider.synced).toBe(false);

    const someoneElse = t.connect(pageId, { cookie: other });
    await synced(someoneElse);

    // One tab closes: the ninth gets in on its next attempt (the stock client retries 4529).
    eight[0]!.destroy();
    await synced(ninth, 20_000);
    expect(eight.slice(1).every((p) => p.closes.length === 0)).toBe(true);
  });
});
