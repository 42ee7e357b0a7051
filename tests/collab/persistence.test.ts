import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/databases.ts';
import type { DocumentChange } from '../../server/src/collab/collab-server.ts';
import { pageUpdatesStore } from '../../server/src/collab/document-store.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, type CollabTestApp, ensureParagraph, logRows, startCollabApp, storedDoc, synced, waitFor, wsWithHeaders } from '../support/collab.ts';

// Debounce longer than the unload grace, so unloading finds undelivered changes.
const collab = { compactRows: 100, changeDebounceMs: 4000, changeMaxWaitMs: 8000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends)('collaboration storage on %s', (backend) => {
  let t: CollabTestApp;
  let cookie: string;
  let userId: string;

  beforeAll(async () => {
    t = await startCollabApp(backend, {}, { collab });
    const client = await t.userClient();
    cookie = client.headers.cookie!;
    userId = client.user.id;
  });
  afterAll(() => t?.close());

  async function page() {
    return seedPage(t.database.db, { space: { editors: [userId] } });
  }
  const open = (pageId: string) => t.connect(pageId, { cookie });

  it('writes concurrent edits with group commit: fewer INSERTs than updates', async () => {
    const { pageId } = await page();
    const [a, b, c] = [open(pageId), open(pageId), open(pageId)];
    await Promise.all([a, b, c].map((p) => synced(p)));
    await t.app.collab.quiescent();
    const before = { ...t.app.collab.log.stats };
    for (let i = 0; i < 60; i++) for (const p of [a, b, c]) p.text.insert(p.text.length, 'x');
    await waitFor(() => t.app.collab.log.stats.updates - before.updates >= 180, 10_000, 'rows written');
    const flushes = t.app.collab.log.stats.flushes - before.flushes;
    expect(flushes).toBeLessThan(60);
    await waitFor(() => bodyText(a.doc) === bodyText(b.doc) && bodyText(b.doc) === bodyText(c.doc), 5000, 'converged');
  });

  it('compacts past the threshold into one snapshot row plus tail; snapshot + tail equals the full replay', async () => {
    const { pageId } = await page();
    const writer = open(pageId);
    const replay = new Y.Doc();
    writer.doc.on('update', (update: Uint8Array) => Y.applyUpdate(replay, update));
    Y.applyUpdate(replay, Y.encodeStateAsUpdate(writer.doc));
    await synced(writer);
    for (let i = 0; i < 250; i++) {
      writer.text.insert(writer.text.length, `${i} `);
      if (i % 7 === 0) writer.text.delete(0, 1);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await t.app.collab.quiescent();
    await sleep(300);
    const rows = await logRows(t.database.db, pageId);
    expect(rows.filter((r) => r.snapshot).length).toBe(1);
    expect(rows.length).toBeLessThan(150);
    expect(rows[0]!.snapshot).toBe(true);
    const stored = await storedDoc(t.database.db, pageId);
    expect(bodyText(stored)).toBe(bodyText(replay));
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(replay));
    expect(Y.encodeStateAsUpdate(stored).length).toBe(Y.encodeStateAsUpdate(replay).length);
  });

  it('folds a long stored history into a snapshot soon after loading it, while it stays loaded', async () => {
    const { pageId } = await page();
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    const paragraph = new Y.XmlElement('paragraph');
    source.getXmlFragment('prosemirror').insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    for (let i = 0; i < 150; i++) text.insert(text.length, `${i % 10}`);
    // One row per update, as the log stores a history written before compaction.
    await pageUpdatesStore.insert(t.database.db, updates.map((update) => ({ documentId: pageId, updates: [update] })));
    // A socket that never edits keeps the document loaded (no unload, no commit to compact after).
    const Socket = wsWithHeaders({ cookie });
    const socket = new Socket(`${t.baseUrl}/${pageId}`);
    try {
      await new Promise((resolve, reject) => (socket.once('message', resolve), socket.once('error', reject)));
      expect(bodyText(await t.app.collab.getDocument(pageId))).toBe(bodyText(source));
      for (let i = 0; i < 100 && (await logRows(t.database.db, pageId)).length > 1; i++) await sleep(50);
      const rows = await logRows(t.database.db, pageId);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.snapshot).toBe(true);
      expect(bodyText(await storedDoc(t.database.db, pageId))).toBe(bodyText(source));
    } finally {
      socket.close();
    }
  });

  it('compacts when the last client leaves, unloads after the grace period and reloads equal', async () => {
    const { pageId } = await page();
    const writer = open(pageId);
    await synced(writer);
    for (let i = 0; i < 30; i++) writer.text.insert(writer.text.length, `Zeile ${i}. `);
    await t.app.collab.quiescent();
    await sleep(100);
    const text = bodyText(writer.doc);
    writer.destroy();
    await waitFor(() => !isOpen(pageId), 5000, 'unloaded');
    const rows = await logRows(t.database.db, pageId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.snapshot).toBe(true);
    expect(bodyText(await storedDoc(t.database.db, pageId))).toBe(text);
    const reader = open(pageId);
    await synced(reader);
    await waitFor(() => bodyText(reader.doc).includes(text), 5000, 'reloaded');
  });

  function isOpen(pageId: string): boolean {
    return (t.app.collab as unknown as { rooms: Map<string, unknown> }).rooms.has(pageId);
  }

  it('keeps memory bounded: hundreds of pages opened once are all unloaded after the grace period', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await page()).pageId);
    for (const id of ids) await t.app.collab.getDocument(id);
    expect(isOpen(ids[ids.length - 1]!)).toBe(true);
    await waitFor(() => ids.every((id) => !isOpen(id)), 10_000, 'all unloaded');
  });

  it('applies server edits live to connected clients, durably, and tells change listeners (debounced and on unload)', async () => {
    const { pageId } = await page();
    const changes: DocumentChange[] = [];
    const off = t.app.collab.onChange((change) => {
      if (change.pageId === pageId) changes.push({ ...change, editors: [...change.editors] });
    });
    const a = open(pageId);
    const b = open(pageId);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'vom Client');
    await waitFor(() => changes.some((c) => c.reason === 'debounced'), 15_000, 'debounced change');
    expect(changes[0]!.editors).toEqual([userId]);

    const changed = await t.app.collab.changeDocument(pageId, (doc) => {
      const fragment = doc.getXmlFragment('prosemirror');
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', '1');
      heading.insert(0, [new Y.XmlText('Vom Server')]);
      fragment.insert(0, [heading]);
    }, 'import');
    expect(changed).toBe(true);
    await waitFor(() => bodyText(a.doc).includes('Vom Server') && bodyText(b.doc).includes('Vom Server'), 5000, 'server edit live');
    expect(bodyText(await storedDoc(t.database.db, pageId))).toContain('Vom Server');
    expect(await t.app.collab.changeDocument(pageId, () => {})).toBe(false);

    // Invalid server edits are refused like a client's.
    const foreign = new Y.Doc();
    foreign.getMap('x').set('y', 1);
    await expect(t.app.collab.applyServerUpdate(pageId, Y.encodeStateAsUpdate(foreign))).rejects.toThrow(/outside/);

    // An edit right before everyone leaves reaches the listeners on unload.
    const count = changes.length;
    a.text.insert(0, 'zuletzt ');
    await waitFor(() => bodyText(b.doc).includes('zuletzt'), 5000, 'last edit');
    a.destroy();
    b.destroy();
    await waitFor(() => changes.slice(count).some((c) => c.reason === 'unload'), 5000, 'unload notification');
    expect(changes.slice(count).find((c) => c.reason === 'unload')!.editors).toEqual([userId]);
    off();
  });

  it('reading a document through the server changes nothing', async () => {
    const { pageId } = await page();
    const w = open(pageId);
    await synced(w);
    ensureParagraph(w.doc).insert(0, 'lesen');
    await t.app.collab.quiescent();
    await sleep(100);
    const before = (await logRows(t.database.db, pageId)).length;
    const doc = await t.app.collab.getDocument(pageId);
    expect(bodyText(doc)).toContain('lesen');
    await t.app.collab.quiescent();
    expect((await logRows(t.database.db, pageId)).length).toBe(before);
  });
});
