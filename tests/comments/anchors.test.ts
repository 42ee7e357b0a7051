import type { CommentList } from '@stafette/api';
import { schema } from '@stafette/schema';
import { initProseMirrorDoc } from 'y-prosemirror';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorFromSelection, resolveAnchor } from '../../client/src/comments/anchors.ts';
import { backends } from '../support/databases.ts';
import { member, seedPage } from '../support/seed.ts';
import { bodyText, type CollabTestApp, emptyBody, startCollabApp, synced, type TestPeer, waitFor } from '../support/collab.ts';

/** The anchored text as a peer sees it now, or null ("Text entfernt"), through y-prosemirror's mapping as the editor has it. */
function anchoredText(peer: TestPeer, anchor: CommentList['items'][number]['anchor']): string | null {
  const fragment = peer.doc.getXmlFragment('prosemirror');
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  const range = resolveAnchor(peer.doc, fragment, mapping, anchor!);
  return range ? doc.textBetween(range.from, range.to) : null;
}

/** An anchor over `text` in the peer's first paragraph, made as the editor makes it from a selection. */
function anchorOver(peer: TestPeer, text: string) {
  const fragment: Y.XmlFragment = peer.doc.getXmlFragment('prosemirror');
  const { doc, mapping } = initProseMirrorDoc(fragment, schema);
  const at = doc.textContent.indexOf(text);
  expect(at).toBeGreaterThanOrEqual(0);
  // Position 0 is before the first paragraph; its text starts at 1.
  return anchorFromSelection(fragment, mapping, 1 + at, 1 + at + text.length, text);
}

/** Inline comment anchors follow concurrent edits by two real y-websocket clients. */
describe.each(backends)('comment anchors on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend);
  }, 60_000);
  afterAll(() => t?.close());

  it('survive edits around and inside the anchored text, and report deleted text as gone', async () => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    const a = await member(t, 'editor', spaceId, { displayName: 'Anna' });
    const b = await member(t, 'editor', spaceId, { displayName: 'Bernd' });
    const peerA = t.connect(pageId, { cookie: a.client.headers.cookie! });
    // B edits A's paragraph: its own seeded one is removed.
    const peerB = emptyBody(t.connect(pageId, { cookie: b.client.headers.cookie! }));
    await Promise.all([synced(peerA), synced(peerB)]);
    peerA.text.insert(0, 'Die Gebühr beträgt 12 Euro pro Bescheinigung.');
    await waitFor(() => bodyText(peerB.doc) === 'Die Gebühr beträgt 12 Euro pro Bescheinigung.', 10_000, 'B has the text');
    const textB = (peerB.doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;

    const created = await a.client.post(`/api/v1/pages/${pageId}/comments`, { body: 'Stimmt der Betrag noch?', anchor: anchorOver(peerA, '12 Euro') });
    expect(created.statusCode, created.body).toBe(201);
    const stored = ((await b.client.get(`/api/v1/pages/${pageId}/comments`)).json() as CommentList).items[0]!;
    expect(anchoredText(peerB, stored.anchor)).toBe('12 Euro');

    // At the same time: A writes before the anchor and after it, B inside it.
    peerA.text.insert(0, 'Achtung: ');
    peerA.text.insert(peerA.text.length, ' Stand 2025.');
    textB.insert('Die Gebühr beträgt 12'.length, ',50');
    const expected = 'Achtung: Die Gebühr beträgt 12,50 Euro pro Bescheinigung. Stand 2025.';
    await waitFor(() => bodyText(peerA.doc) === expected && bodyText(peerB.doc) === expected, 10_000, 'convergence');
    expect(anchoredText(peerA, stored.anchor)).toBe('12,50 Euro');
    expect(anchoredText(peerB, stored.anchor)).toBe('12,50 Euro');

    // Text typed right before the anchor stays outside it.
    const start = bodyText(peerA.doc).indexOf('12,50');
    textB.insert(start, 'nur ');
    await waitFor(() => bodyText(peerA.doc).includes('nur 12,50'), 10_000, 'insert before');
    expect(anchoredText(peerA, stored.anchor)).toBe('12,50 Euro');

    // B deletes the anchored words and more around them: the anchor is gone, the comment stays.
    const from = bodyText(peerB.doc).indexOf('beträgt');
    textB.delete(from, 'beträgt nur 12,50 Euro pro'.length);
    await waitFor(() => !bodyText(peerA.doc).includes('Euro'), 10_000, 'deletion arrives');
    expect(anchoredText(peerA, stored.anchor)).toBeNull();
    expect(anchoredText(peerB, stored.anchor)).toBeNull();
    const after = ((await a.client.get(`/api/v1/pages/${pageId}/comments`)).json() as CommentList).items;
    expect(after.map((c) => c.anchor?.quote)).toEqual(['12 Euro']);
  });

  it('resolve to nothing for an anchor that does not decode', () => {
    const peer = t.connect('00000000-0000-4000-8000-000000000000', {}, { connect: false });
    expect(anchoredText(peer, { from: 'AAAA', to: 'AAAA', quote: 'x' })).toBeNull();
  });
});
