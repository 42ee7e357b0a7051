import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { derivedKey } from '../db/instance-secret.ts';

/** Bytes of the tag appended to every message (a truncated HMAC-SHA256). */
const TAG_BYTES = 16;

/**
 * Messages between instances travel through Redis, where anyone who can reach it may publish.
 * Unchecked, a forged update on a document channel would reach every client of that page, and
 * their next sync would store it as their own edit. So each message carries a tag under a key
 * only the instances hold (derived from the instance key in the shared database), bound to its
 * channel so that a message cannot be replayed onto another page.
 */
export class RelaySigner {
  constructor(private readonly key: Buffer) {}

  sign(channel: string, payload: Buffer): Buffer {
    return Buffer.concat([payload, this.tag(channel, payload)]);
  }

  /**
   * The payload, or null when the tag does not match (forged, altered, or meant for another
   * channel) or the payload is longer than `maxBytes` (not hashed at all then).
   */
  open(channel: string, signed: Buffer, maxBytes: number): Buffer | null {
    if (signed.length < TAG_BYTES || signed.length > maxBytes + TAG_BYTES) return null;
    const payload = signed.subarray(0, signed.length - TAG_BYTES);
    return timingSafeEqual(signed.subarray(signed.length - TAG_BYTES), this.tag(channel, payload)) ? payload : null;
  }

  private tag(channel: string, payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(channel).update('\0').update(payload).digest().subarray(0, TAG_BYTES);
  }
}

export async function relaySigner(db: Kysely<DB>): Promise<RelaySigner> {
  return new RelaySigner(await derivedKey(db, 'redis-relay'));
}
