import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import { backends } from '../support/databases.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, type CollabTestApp, holdLoading, logRows, RawClient, startCollabApp, synced, syncFrame, type TestPeer, waitFor } from '../support/collab.ts';

const collab = { maxMessageBytes: 1024 * 1024, maxDocumentBytes: 3 * 1024 * 1024 };

/** Deterministic bytes, so the random-input case is the same on every run. */
function seededBytes(seed: number, length: number): Uint8Array {
  let x = seed;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

describe.each(backends)('collaboration under bad input on %s', (backend) => {
  let t: CollabTestApp;
  let cookie: string;
  let userId: string;
  let pageId: string;
  let witness: TestPeer;
  let partner: TestPeer;

  beforeAll(async () => {
    t = await startCollabApp(backend, {}, { collab });
    const client = await t.userClient();
    const seeded = await seedPage(t.database.db, { space: { editors: [client] } });
    pageId = seeded.pageId;
    cookie = client.headers.cookie!;
    userId = client.user.id;
    witness = t.connect(pageId, { cookie });
    partner = t.connect(pageId, { cookie });
    await Promise.all([synced(witness), synced(partner)]);
    witness.text.insert(0, 'Grundtext');
    await waitFor(() => bodyText(partner.doc).includes('Grundtext'), 5000, 'baseline');
  });
  afterAll(() => t?.close());

  const raw = (answer = true) => new RawClient(`${t.baseUrl}/${pageId}`, cookie).ready(answer);

  /** After each attack: no new row, and the two real clients still edit together. */
  async function othersUnaffected(rowsBefore: number, marker: string) {
    await t.app.collab.quiescent();
    expect((await logRows(t.database.db, pageId)).length).toBe(rowsBefore);
    witness.text.insert(witness.text.length, marker);
    await waitFor(() => bodyText(partner.doc).includes(marker), 5000, `relay after ${marker}`);
    await t.app.collab.quiescent();
  }

  const rowCount = async () => {
    await t.app.collab.quiescent();
    return (await logRows(t.database.db, pageId)).length;
  };

  it('closes sockets that send random bytes (4400 malformed or 4422 invalid update)', async () => {
    const before = await rowCount();
    for (let i = 0; i < 20; i++) {
      const client = await raw();
      client.send(seededBytes(i + 1, 16 + i * 7));
      const closed = await client.closed;
      expect([4400, 4422]).toContain(closed.code);
    }
    // Random bodies inside a well-formed update frame: decoded, rejected as updates.
    for (let i = 0; i < 20; i++) {
      const client = await raw();
      client.send(syncFrame(2, seededBytes(100 + i, 32 + i)));
      expect((await client.closed).code).toBe(4422);
    }
    await othersUnaffected(before, ' [zufall]');
  });

  it('closes on truncated numbers, a 1 GB length header and text frames with 4400', async () => {
    const before = await rowCount();
    const frames: (Uint8Array | string)[] = [
      new Uint8Array([0x80]),
      new Uint8Array([0, 2, 0xff, 0xff]),
      new Uint8Array([0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]),
      // sync update claiming a 1 GiB body, with 3 bytes behind it
      new Uint8Array([0, 2, 0x80, 0x80, 0x80, 0x80, 0x04, 1, 2, 3]),
      // awareness claiming 1 GiB
      new Uint8Array([1, 0x80, 0x80, 0x80, 0x80, 0x04]),
      new Uint8Array([9, 0]),
      'hallo',
    ];
    for (const frame of frames) {
      const client = await raw();
      client.send(frame);
      const closed = await client.closed;
      expect(closed.code, String(frame)).toBe(4400);
    }
    await othersUnaffected(before, ' [kaputt]');
  });

  it('refuses updates outside the page body or with missing history with 4422, storing nothing', async () => {
    const before = await rowCount();
    const foreign = new Y.Doc();
    foreign.getMap('config').set('admin', true);
    const other = new Y.Doc();
    other.getText('notes').insert(0, 'daneben');
    // A map-like hook nested in the body (y-prosemirror writes only elements and text).
    const hook = new Y.Doc();
    hook.getXmlFragment('prosemirror').insert(0, [new Y.XmlHook('widget') as unknown as Y.XmlElement]);
    // History with a gap: the second change of a client without its first.
    const gap = new Y.Doc();
    const fragment = gap.getXmlFragment('prosemirror');
    fragment.insert(0, [new Y.XmlElement('paragraph')]);
    const sv = Y.encodeStateVector(gap);
    fragment.insert(1, [new Y.XmlElement('heading')]);
    const onlySecond = Y.encodeStateAsUpdate(gap, sv);

    for (const update of [Y.encodeStateAsUpdate(foreign), Y.encodeStateAsUpdate(other), Y.encodeStateAsUpdate(hook), onlySecond]) {
      for (const step of [1, 2]) {
        const client = await raw();
        client.send(syncFrame(step, update));
        const closed = await client.closed;
        expect(closed.code).toBe(4422);
        expect(closed.reason.length).toBeGreaterThan(0);
      }
    }
    await othersUnaffected(before, ' [fremd]');
  });

  it('holds an edit sent before the client\'s sync step 2 until the step 2 brings what it builds on (reconnect race)', async () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    text.insert(0, 'offline getippt');
    const sv = Y.encodeStateVector(doc);
    text.insert(text.length, ' und gleich danach');
    const next = Y.encodeStateAsUpdate(doc, sv);

    const client = await raw(false);
    client.send(syncFrame(2, next));
    client.send(syncFrame(1, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc()))));
    await waitFor(() => bodyText(partner.doc).includes('offline getippt und gleich danach'), 5000, 'held edit applied');
    expect(client.ws.readyState).toBe(WS.OPEN);
    client.ws.close();

    // After its step 2 a client that sends a gap is refused.
    const other = new Y.Doc();
    other.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('paragraph')]);
    const otherSv = Y.encodeStateVector(other);
    other.getXmlFragment('prosemirror').insert(1, [new Y.XmlElement('paragraph')]);
    const late = await raw();
    late.send(syncFrame(2, Y.encodeStateAsUpdate(other, otherSv)));
    expect((await late.closed).code).toBe(4422);
  });

  it('cuts off a burst of 10,000 messages with 4529 (the client may reconnect)', async () => {
    const before = await rowCount();
    const client = await raw();
    const query = new Uint8Array([3]);
    for (let i = 0; i < 10_000; i++) client.send(query);
    const closed = await client.closed;
    expect(closed.code).toBe(4529);
    await othersUnaffected(before, ' [flut]');
  });

  it('closes a socket that sends over 1,000 frames or twice the message limit before its page is loaded with 4529', async () => {
    const held = (await seedPage(t.database.db, { space: { editors: [userId] } })).pageId;
    const release = await holdLoading(t, held, cookie);
    try {
      const many = new RawClient(`${t.baseUrl}/${held}`, cookie);
      const big = new RawClient(`${t.baseUrl}/${held}`, cookie);
      const fine = new RawClient(`${t.baseUrl}/${held}`, cookie);
      await Promise.all([many.opened, big.opened, fine.opened]);
      for (let i = 0; i <= 1000; i++) many.send(new Uint8Array([3]));
      const chunk = syncFrame(2, new Uint8Array(900 * 1024));
      for (let i = 0; i < 3; i++) big.send(chunk);
      fine.send(new Uint8Array([3]));
      expect((await many.closed).code).toBe(4529);
      expect((await big.closed).code).toBe(4529);
      release();
      // What stayed within the bounds waited and is answered once the page is there.
      await waitFor(() => fine.received.length > 0, 5000, 'queued socket joins');
      expect(fine.ws.readyState).toBe(WS.OPEN);
      fine.ws.close();
    } finally {
      release();
    }
  });

  it('lets 1,000 edits per second through for three seconds', async () => {
    // Real updates prepared beforehand (a typist's keystrokes), sent paced at 1,100 per second.
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => frames.push(syncFrame(2, update)));
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
    for (let i = 0; i < 3500; i++) text.insert(text.length, String(i % 10));
    const typed = text.toString();

    // 1,100 frames at the start of each second for 3+ seconds: a sustained 1,100/s. If the
    // machine stalls, bursts bunch up, which is harder on the limit, never easier.
    const client = await raw();
    const started = Date.now();
    for (let second = 0; second * 1100 < frames.length; second++) {
      const wait = started + second * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (const frame of frames.slice(second * 1100, (second + 1) * 1100)) client.send(frame);
    }
    expect(frames.length).toBeGreaterThan(3 * 1100);
    await waitFor(() => bodyText(partner.doc).includes(typed), 10_000, 'fast typing relayed');
    expect(client.ws.readyState).toBe(WS.OPEN);
    client.ws.close();
  });

  it('closes on a message over the configured size (4413) and on growing the document too large (4414)', async () => {
    const before = await rowCount();
    const client = await raw();
    client.send(syncFrame(2, new Uint8Array(2 * 1024 * 1024)));
    expect((await client.closed).code).toBe(4413);
    await othersUnaffected(before, ' [groß]');

    // 900 KB pastes until the 3 MB limit: the paste that would pass it is refused.
    const paster = t.connect(pageId, { cookie });
    await synced(paster);
    const chunk = 'x'.repeat(900 * 1024);
    for (let i = 0; i < 4; i++) {
      paster.text.insert(0, chunk);
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor(() => paster.closes.some((c) => c.code === 4414), 5000, 'document too large');
    expect(paster.provider.shouldConnect).toBe(false);
    paster.destroy();
    witness.text.insert(witness.text.length, ' [weiter]');
    await waitFor(() => bodyText(partner.doc).includes(' [weiter]'), 5000, 'others carry on');
  });
});
