import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pageKind } from './page-kind.ts';
import { checkUpdate, stateVectorOf } from './validate-update.ts';

function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function pageDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  const t = new Y.XmlText();
  paragraph.insert(0, [t]);
  doc.getXmlFragment('prosemirror').insert(0, [paragraph]);
  t.insert(0, text);
  return doc;
}

const textIn = (doc: Y.Doc) => (doc.getXmlFragment('prosemirror').get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** Applies to a copy and reports whether anything stayed pending. */
function leavesPending(base: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
  try {
    Y.applyUpdate(copy, update);
  } catch {
    return true;
  }
  return copy.store.pendingStructs !== null || copy.store.pendingDs !== null;
}

describe('checkUpdate', () => {
  it('accepts real page edits, also building on accepted but uncommitted ones', () => {
    const server = new Y.Doc();
    const client = pageDoc('Hallo');
    const first = Y.encodeStateAsUpdate(client);
    const known = stateVectorOf(server);
    const v1 = checkUpdate(first, known, pageKind);
    expect(v1).toMatchObject({ ok: true, changes: true });
    if (!v1.ok) return;
    for (const [c, clock] of v1.advances) known.set(c, clock);
    const sv = Y.encodeStateVector(client);
    textIn(client).insert(5, ' Welt');
    expect(checkUpdate(Y.encodeStateAsUpdate(client, sv), known, pageKind).ok).toBe(true);
    // Everything again: already known, nothing to store.
    expect(checkUpdate(first, known, pageKind)).toMatchObject({ ok: true, changes: false });
  });

  it('refuses other top-level types, nested maps, gaps and unknown deletions', () => {
    const empty = new Map<number, number>();
    const map = new Y.Doc();
    map.getMap('prosemirror-config').set('x', 1);
    expect(checkUpdate(Y.encodeStateAsUpdate(map), empty, pageKind)).toMatchObject({ ok: false });
    const text = new Y.Doc();
    text.getText('prosemirror2').insert(0, 'x');
    expect(checkUpdate(Y.encodeStateAsUpdate(text), empty, pageKind)).toMatchObject({ ok: false });

    const doc = pageDoc('abc');
    const sv = Y.encodeStateVector(doc);
    textIn(doc).delete(0, 2);
    const deletion = Y.encodeStateAsUpdate(doc, sv);
    expect(checkUpdate(deletion, empty, pageKind)).toMatchObject({ ok: false, reason: expect.stringContaining('deletes') });
    expect(checkUpdate(deletion, stateVectorOf(doc), pageKind)).toMatchObject({ ok: true, changes: true });

    const more = pageDoc('x');
    const sv2 = Y.encodeStateVector(more);
    textIn(more).insert(1, 'y');
    expect(checkUpdate(Y.encodeStateAsUpdate(more, sv2), empty, pageKind)).toMatchObject({ ok: false });
  });

  it('never accepts something that stays pending: 20,000 random byte strings and 20,000 mutated updates', () => {
    const base = pageDoc('Antrag auf Baugenehmigung');
    const known = stateVectorOf(base);
    const random = seeded(42);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = new Uint8Array(1 + Math.floor(random() * 40));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      const verdict = checkUpdate(bytes, known, pageKind);
      if (verdict.ok && verdict.changes) {
        accepted += 1;
        expect(leavesPending(base, bytes)).toBe(false);
      }
    }
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(base));
    const sv = Y.encodeStateVector(editor);
    textIn(editor).insert(3, 'Neuer Text mit Umlauten äöü');
    editor.getXmlFragment('prosemirror').insert(1, [new Y.XmlElement('heading')]);
    const real = Y.encodeStateAsUpdate(editor, sv);
    for (let i = 0; i < 20_000; i++) {
      const bytes = real.slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const verdict = checkUpdate(bytes, known, pageKind);
      if (verdict.ok && verdict.changes) {
        accepted += 1;
        expect(leavesPending(base, bytes)).toBe(false);
      }
    }
    // Some mutations stay valid edits (a changed character); that is fine, they integrate.
    expect(accepted).toBeGreaterThan(0);
  });
});
