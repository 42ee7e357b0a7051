import { Node } from 'prosemirror-model';
import { prosemirrorJSONToYDoc, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from './fragment.ts';
import type { PMNodeJSON } from './json.ts';
import { normalizeDocJSON } from './normalize.ts';
import { richDoc } from './rich-doc.fixture.ts';
import { schema } from './schema.ts';
import { InvalidDocumentError } from './validate.ts';
import { yDocToJSON, yUpdateToJSON } from './ydoc-read.ts';
import { jsonToYDoc, jsonToYUpdate, replaceDocContent } from './ydoc-write.ts';

const canonical = (json: unknown) => Node.fromJSON(schema, json).toJSON();

const simpleDoc = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

describe('Y.Doc <-> PM JSON', () => {
  it('uses y-prosemirror’s default fragment name', () => {
    expect(PROSEMIRROR_FRAGMENT).toBe('prosemirror');
  });

  it('derives on the server exactly what a y-prosemirror client wrote, for every node, mark and attribute', () => {
    const ydoc = prosemirrorJSONToYDoc(schema, richDoc);
    const raw = yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT)) as PMNodeJSON;
    expect(normalizeDocJSON(raw)).toEqual(canonical(richDoc));
    expect(yDocToJSON(ydoc)).toEqual(canonical(richDoc));
    // Spot-check the attributes the contract names.
    const json = yDocToJSON(ydoc);
    expect(json.content![0]!.attrs).toEqual({ level: 1 });
    expect(json.content!.find((n) => n.type === 'ordered_list')!.attrs).toEqual({ order: 3 });
    expect(json.content!.find((n) => n.type === 'task_list')!.content!.map((n) => n.attrs!.checked)).toEqual([true, false]);
  });

  it('reading a Y.Doc never emits an update, even with content the schema does not know', () => {
    const ydoc = jsonToYDoc(richDoc);
    const fragment = ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT);
    const mystery = new Y.XmlElement('mystery_widget');
    mystery.setAttribute('foo', 'bar');
    mystery.insert(0, [new Y.XmlText('geheim')]);
    fragment.insert(0, [mystery]);
    const updates: Uint8Array[] = [];
    ydoc.on('update', (update: Uint8Array) => updates.push(update));
    const before = Y.encodeStateVector(ydoc);

    const json = yDocToJSON(ydoc);
    yDocToJSON(ydoc);

    expect(updates).toEqual([]);
    expect(Y.encodeStateVector(ydoc)).toEqual(before);
    expect(json.content![0]).toEqual({
      type: 'mystery_widget',
      attrs: { foo: 'bar' },
      content: [{ type: 'text', text: 'geheim' }],
    });
  });

  it('reads an empty document as one empty paragraph without creating content', () => {
    const ydoc = new Y.Doc();
    const updates: Uint8Array[] = [];
    ydoc.on('update', (update: Uint8Array) => updates.push(update));
    expect(yDocToJSON(ydoc)).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    expect(updates).toEqual([]);
  });

  it('encodes a fresh document as an update that reads back to the same JSON', () => {
    const update = jsonToYUpdate(richDoc);
    expect(update).toBeInstanceOf(Uint8Array);
    expect(yUpdateToJSON(update)).toEqual(canonical(richDoc));
  });

  it('rejects invalid JSON before building a document', () => {
    expect(() => jsonToYUpdate({ type: 'doc', content: [{ type: 'nope' }] })).toThrow(InvalidDocumentError);
  });
});

describe('replaceDocContent', () => {
  it('replaces the body in one transaction whose update another replica applies to equal JSON', () => {
    const server = jsonToYDoc(simpleDoc('alt'));
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(yDocToJSON(client)).toEqual(simpleDoc('alt'));

    const updates: Uint8Array[] = [];
    const origins: unknown[] = [];
    server.on('update', (update: Uint8Array, origin: unknown) => {
      updates.push(update);
      origins.push(origin);
    });
    replaceDocContent(server, richDoc, 'restore');

    expect(updates).toHaveLength(1);
    expect(origins).toEqual(['restore']);
    Y.applyUpdate(client, updates[0]!);
    expect(yDocToJSON(client)).toEqual(canonical(richDoc));
    expect(yDocToJSON(server)).toEqual(canonical(richDoc));
  });

  it('merges with a concurrent edit instead of overwriting history', () => {
    const a = jsonToYDoc(simpleDoc('eins'));
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    // b appends a paragraph while a's content is replaced.
    b.getXmlFragment(PROSEMIRROR_FRAGMENT).push([new Y.XmlElement('paragraph')]);
    replaceDocContent(a, simpleDoc('zwei'));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(yDocToJSON(a)).toEqual(yDocToJSON(b));
  });

  it('replaces content that the schema does not know', () => {
    const ydoc = new Y.Doc();
    ydoc.getXmlFragment(PROSEMIRROR_FRAGMENT).insert(0, [new Y.XmlElement('mystery_widget')]);
    replaceDocContent(ydoc, simpleDoc('neu'));
    expect(yDocToJSON(ydoc)).toEqual(simpleDoc('neu'));
  });

  it('leaves the document untouched when the new content is invalid', () => {
    const ydoc = jsonToYDoc(simpleDoc('bleibt'));
    const updates: Uint8Array[] = [];
    ydoc.on('update', (update: Uint8Array) => updates.push(update));
    const invalid = { type: 'doc', content: [{ type: 'heading', attrs: { level: 9 }, content: [] }] };
    expect(() => replaceDocContent(ydoc, invalid)).toThrow(InvalidDocumentError);
    expect(updates).toEqual([]);
    expect(yDocToJSON(ydoc)).toEqual(simpleDoc('bleibt'));
  });
});
