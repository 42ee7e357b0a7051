import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  AwarenessTooLarge,
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessEntries,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  parseAwarenessState,
  ProtocolError,
} from './protocol.ts';

const limits = { maxEntries: 2, maxStateBytes: 64 };

describe('y-websocket protocol', () => {
  it('decodes what it encodes', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('paragraph')]);
    const sv = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeMessage(encodeSyncStep1(sv))).toEqual({ type: 'sync-step-1', stateVector: sv });
    expect(decodeMessage(encodeSyncStep2(update))).toEqual({ type: 'sync-step-2', update });
    expect(decodeMessage(encodeUpdate(update))).toEqual({ type: 'update', update });
    expect(decodeMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' });
    const awareness = new Awareness(doc);
    awareness.setLocalStateField('user', { name: 'A' });
    const a = encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(decodeMessage(encodeAwareness(a))).toEqual({ type: 'awareness', update: a });
    const [entry] = decodeAwarenessUpdate(a, limits);
    expect(entry!.client).toBe(doc.clientID);
    expect(parseAwarenessState(entry!.state)).toEqual({ user: { name: 'A' } });
    awareness.destroy();
    // What the server sends decodes as y-protocols writes it.
    const sent = encodeAwarenessEntries([{ client: 7, clock: 3, json: '{"a":1}' }, { client: 8, clock: 1, json: 'null' }]);
    const message = decodeMessage(sent);
    expect(message.type).toBe('awareness');
    const entries = decodeAwarenessUpdate((message as { update: Uint8Array }).update, limits);
    expect(entries.map((e) => [e.client, e.clock, parseAwarenessState(e.state)])).toEqual([
      [7, 3, { a: 1 }],
      [8, 1, null],
    ]);
    expect(encodePermissionDenied('nur lesen')[0]).toBe(2);
  });

  it('refuses truncated, oversized, trailing and unknown input', () => {
    const bad = [
      [],
      [0x80],
      [0, 5, 0],
      [0, 2, 0x80, 0x80, 0x80, 0x80, 0x04, 1],
      [0, 2, 1, 7, 99],
      [2, 0, 0],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
    ];
    for (const bytes of bad) expect(() => decodeMessage(new Uint8Array(bytes)), String(bytes)).toThrow(ProtocolError);
    expect(() => parseAwarenessState(decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 3, 0x7b, 0x7b, 0x7b]), limits)[0]!.state)).toThrow(ProtocolError);
    expect(() => parseAwarenessState(decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 1, 0x35]), limits)[0]!.state)).toThrow(ProtocolError);
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 5, 0x6e]), limits)).toThrow(ProtocolError);
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 1, 0x7b, 0]), limits)).toThrow(ProtocolError);
  });

  it('refuses awareness beyond the limits before walking it', () => {
    expect(() => decodeAwarenessUpdate(new Uint8Array([3, 1, 1, 2, 0x7b, 0x7d]), limits)).toThrow(AwarenessTooLarge);
    expect(() => decodeAwarenessUpdate(new Uint8Array([1, 1, 1, 65, ...new Uint8Array(65)]), limits)).toThrow(AwarenessTooLarge);
    // A 16 MB message claiming one entry is refused on its size alone.
    expect(() => decodeAwarenessUpdate(new Uint8Array(16 * 1024 * 1024).fill(1), limits)).toThrow(AwarenessTooLarge);
  });
});
