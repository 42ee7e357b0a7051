import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { checkAwarenessUpdate, decodeMessage, encodeAwareness, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeUpdate, ProtocolError } from './protocol.ts';

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
    expect(checkAwarenessUpdate(a)).toEqual([doc.clientID]);
    awareness.destroy();
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
    expect(() => checkAwarenessUpdate(new Uint8Array([1, 1, 1, 3, 0x7b, 0x7b, 0x7b]))).toThrow(ProtocolError);
    expect(() => checkAwarenessUpdate(new Uint8Array([1, 1, 1, 1, 0x35]))).toThrow(ProtocolError);
  });
});
