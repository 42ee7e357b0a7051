import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { frameBinary } from './ws-frame.ts';

// ws's own framing (not in its type declarations) is the reference.
const { Sender } = createRequire(import.meta.url)('ws') as { Sender: { frame(data: Buffer, options: object): Buffer[] } };

describe('frameBinary', () => {
  it.each([0, 1, 125, 126, 65535, 65536, 200_000])('frames %i bytes exactly as ws does', (length) => {
    const message = Uint8Array.from({ length }, (_, i) => i % 251);
    const expected = Buffer.concat(
      Sender.frame(Buffer.from(message), {
        fin: true,
        opcode: 0x02,
        mask: false,
        readOnly: false,
        rsv1: false,
      }),
    );
    expect(frameBinary(message).frame.equals(expected)).toBe(true);
  });
});
