import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRelayMessage, encodeRelayMessage } from './collab-relay.ts';
import { RelaySigner } from './relay-signer.ts';

describe('document channel messages', () => {
  const origin = randomBytes(16);

  it('round-trip updates (committed, or accepted and numbered), commit confirmations, presence, presence queries and catch-up requests with their origin', () => {
    const updates = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(70_000).fill(7)];
    const entries = [{ client: 42, clock: 3, json: '{"user":{"name":"Jörg"}}' }, { client: 7, clock: 1, json: 'null' }];
    const messages = [{ kind: 0, updates }, { kind: 1, entries }, { kind: 2 }, { kind: 3 }, { kind: 4, seq: 70_001, committed: 69_999, updates }, { kind: 5, seq: 2 ** 40 }] as const;
    for (const message of messages) {
      const decoded = decodeRelayMessage(encodeRelayMessage(origin, message));
      expect(decoded?.origin.equals(origin)).toBe(true);
      expect(decoded?.message).toEqual(message);
    }
  });

  it('drop what is not one: other versions, unknown kinds, truncated or trailing bytes, too many presence entries', () => {
    const good = encodeRelayMessage(origin, { kind: 0, updates: [new Uint8Array([1, 2, 3])] });
    const versioned = Buffer.from(good);
    versioned[0] = 2;
    const unknownKind = Buffer.from(good);
    unknownKind[17] = 9;
    const many = encodeRelayMessage(origin, { kind: 1, entries: Array.from({ length: 101 }, (_, i) => ({ client: i, clock: 0, json: 'null' })) });
    const accepted = encodeRelayMessage(origin, { kind: 4, seq: 5, committed: 0, updates: [new Uint8Array([1, 2, 3])] });
    const confirmation = encodeRelayMessage(origin, { kind: 5, seq: 5 });
    const truncated = [good.subarray(0, 10), good.subarray(0, good.length - 1), accepted.subarray(0, accepted.length - 1), confirmation.subarray(0, confirmation.length - 1)];
    for (const bad of [Buffer.alloc(0), ...truncated, Buffer.concat([good, Buffer.from([0])]), Buffer.concat([confirmation, Buffer.from([0])]), versioned, unknownKind, many]) {
      expect(decodeRelayMessage(bad)).toBeNull();
    }
  });
});

describe('signed relay messages', () => {
  const signer = new RelaySigner(randomBytes(32));
  const payload = encodeRelayMessage(randomBytes(16), { kind: 0, updates: [new Uint8Array([1, 2, 3])] });

  it('carry HMAC-SHA256 of channel, NUL and payload, so instances of an earlier version read them', () => {
    for (const key of [randomBytes(32), randomBytes(100)]) {
      const channel = 'stafette:collab:page:ä';
      const expected = createHmac('sha256', key).update(channel).update('\0').update(payload).digest().subarray(0, 16);
      const signed = new RelaySigner(key).sign(channel, payload);
      expect(signed.subarray(payload.length).equals(expected)).toBe(true);
    }
  });

  it('open on their channel with the same key', () => {
    expect(signer.open('stafette:collab:page:a', signer.sign('stafette:collab:page:a', payload), 1024)?.equals(payload)).toBe(true);
  });

  it('are refused unsigned, altered, signed with another key, replayed onto another channel, or too long', () => {
    const signed = signer.sign('stafette:collab:page:a', payload);
    const altered = Buffer.from(signed);
    altered[20] ^= 1;
    const foreign = new RelaySigner(randomBytes(32)).sign('stafette:collab:page:a', payload);
    for (const bad of [payload, altered, foreign, signed.subarray(0, 10), Buffer.alloc(0)]) expect(signer.open('stafette:collab:page:a', bad, 1024)).toBeNull();
    expect(signer.open('stafette:collab:page:b', signed, 1024)).toBeNull();
    // Longer than the bound: refused before it is hashed.
    expect(signer.open('stafette:collab:page:a', signed, payload.length - 1)).toBeNull();
  });
});
