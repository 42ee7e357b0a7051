import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { sql } from 'kysely';
import { bodyText, type CollabTestApp, RawClient, startCollabApp, storedDoc, synced, waitFor } from '../support/collab.ts';
import { seedPage } from '../support/seed.ts';

/** The state vector a fresh connection is greeted with: what the server has stored. */
async function announcedState(t: CollabTestApp, pageId: string, cookie: string): Promise<Map<number, number>> {
  const raw = await new RawClient(`${t.baseUrl}/${pageId}`, cookie).ready(false);
  try {
    const decoder = decoding.createDecoder(raw.received[0]!);
    expect([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]).toEqual([0, 0]);
    return Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  } finally {
    raw.ws.close();
  }
}

/**
 * Another transaction holds the update log table, so the server's INSERT (the commit of every
 * edit) waits until `release` ends it. Resolves once the lock is held.
 */
async function holdLogTable(t: CollabTestApp): Promise<{ release(): Promise<void> }> {
  let released!: () => void;
  const ended = new Promise<void>((resolve) => (released = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = t.database.db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE page_updates IN EXCLUSIVE MODE`.execute(trx);
    locked();
    await ended;
  });
  await isLocked;
  return {
    release() {
      released();
      return holder;
    },
  };
}

/**
 * Other clients get an edit as soon as the server accepted it, not after its commit; the
 * server still announces only what is stored (so a client counts its edits as saved only once
 * they are), and a commit that fails after the relay loses nothing: the sockets close, the
 * clients reconnect and send what the store lacks.
 */
describe.runIf(process.env.DATABASE_URL)('relaying before the commit', () => {
  let t: CollabTestApp;
  let cookie: string;
  let userId: string;

  beforeAll(async () => {
    t = await startCollabApp('postgres');
    const client = await t.userClient();
    cookie = client.headers.cookie!;
    userId = client.user.id;
  });
  afterAll(() => t?.close());

  it('relays an edit while its commit waits, and announces it as stored only after the commit', async () => {
    const { pageId } = await seedPage(t.database.db, { space: { editors: [userId] } });
    const writer = t.connect(pageId, { cookie });
    const reader = t.connect(pageId, { cookie });
    await Promise.all([synced(writer), synced(reader)]);
    await t.app.collab.quiescent();

    // Another transaction holds the log table: the server's INSERT waits until it ends.
    const lock = await holdLogTable(t);
    try {
      writer.text.insert(writer.text.length, 'vorab');
      await waitFor(() => bodyText(reader.doc).includes('vorab'), 10_000, 'relayed before the commit');
      // Someone joining now gets it too, though it is neither in the stored document nor relayed again.
      const late = t.connect(pageId, { cookie });
      await waitFor(() => bodyText(late.doc).includes('vorab'), 10_000, 'late joiner gets the uncommitted edit');
      const writerClock = Y.getState(writer.doc.store, writer.doc.clientID);
      expect((await announcedState(t, pageId, cookie)).get(writer.doc.clientID) ?? 0).toBeLessThan(writerClock);
      expect(bodyText(await storedDoc(t.database.db, pageId))).not.toContain('vorab');

      await lock.release();
      await t.app.collab.quiescent();
      expect((await announcedState(t, pageId, cookie)).get(writer.doc.clientID)).toBe(writerClock);
      expect(bodyText(await storedDoc(t.database.db, pageId))).toContain('vorab');
    } finally {
      await lock.release().catch(() => {});
    }
  }, 60_000);

  it('a server-side read (version, export, restore) waits for the edits clients already see', async () => {
    const { pageId } = await seedPage(t.database.db, { space: { editors: [userId] } });
    const writer = t.connect(pageId, { cookie });
    const reader = t.connect(pageId, { cookie });
    await Promise.all([synced(writer), synced(reader)]);
    await t.app.collab.quiescent();

    const lock = await holdLogTable(t);
    try {
      writer.text.insert(writer.text.length, 'gesehen');
      await waitFor(() => bodyText(reader.doc).includes('gesehen'), 10_000, 'relayed before the commit');
      let read: Y.Doc | null = null;
      const reading = t.app.collab.getDocument(pageId).then((doc) => (read = doc));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(read).toBeNull();
      await lock.release();
      expect(bodyText(await reading)).toContain('gesehen');
    } finally {
      await lock.release().catch(() => {});
    }
  }, 60_000);

  it('after a failed commit the clients reconnect and the relayed edit is stored', async () => {
    const { pageId } = await seedPage(t.database.db, { space: { editors: [userId] } });
    const writer = t.connect(pageId, { cookie });
    const reader = t.connect(pageId, { cookie });
    await Promise.all([synced(writer), synced(reader)]);
    writer.text.insert(0, 'Anfang ');
    await waitFor(() => bodyText(reader.doc).includes('Anfang'), 10_000, 'first edit');
    await t.app.collab.quiescent();

    const db = t.database.db;
    await sql`CREATE FUNCTION refuse_page_updates() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'store down'; END $$`.execute(db);
    await sql`CREATE TRIGGER refuse_page_updates BEFORE INSERT ON page_updates FOR EACH ROW EXECUTE FUNCTION refuse_page_updates()`.execute(db);
    try {
      writer.text.insert(writer.text.length, 'gerettet');
      // The reader holds the edit (relayed before the commit) ...
      await waitFor(() => bodyText(reader.doc).includes('gerettet'), 10_000, 'relayed edit');
      // ... and the failed commit closes both sockets (storage failed), so both will resend.
      await waitFor(() => writer.closes.some((c) => c.code === 1011) && reader.closes.some((c) => c.code === 1011), 10_000, 'sockets closed after the failed commit');
      expect(bodyText(await storedDoc(db, pageId))).not.toContain('gerettet');
      // The writer leaves for good; only the reader still holds the edit.
      writer.destroy();
    } finally {
      await sql`DROP TRIGGER refuse_page_updates ON page_updates`.execute(db);
      await sql`DROP FUNCTION refuse_page_updates()`.execute(db);
    }

    // The reader reconnects and its sync sends what the store lacks.
    await waitFor(() => reader.provider.synced && reader.provider.wsconnected, 15_000, 'reader back');
    const deadline = Date.now() + 15_000;
    while (!bodyText(await storedDoc(db, pageId)).includes('Anfang gerettet')) {
      if (Date.now() > deadline) throw new Error('the edit was not stored from the reader');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await t.app.collab.quiescent();
    // A client joining now gets the stored document with the edit.
    const late = t.connect(pageId, { cookie });
    await synced(late);
    await waitFor(() => bodyText(late.doc).includes('Anfang gerettet'), 10_000, 'late joiner');
  }, 60_000);
});
