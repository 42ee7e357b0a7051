import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { CommentEventSchema, Uuid } from '@stafette/api';
import type { AppEventName } from '../events.ts';

/**
 * What one instance tells the others over the Redis channel (event-relay.ts). Every message
 * names its origin, so the sender skips its own. Only ids travel: whoever receives one looks up
 * the current state in PostgreSQL, as for a local event.
 */

/** Longest message accepted (bytes of JSON); the largest real one, 500 user ids, is about 20 KiB. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** User ids per `notices` message; longer lists are sent in several. */
export const MAX_USER_IDS = 500;

/**
 * The AppEvents relayed: all of them (the Record makes a new event fail to compile until it is
 * added here and to the schema below); EventEmitter's own events such as 'newListener' stay local.
 */
const relayed: Record<AppEventName, true> = { 'user.changed': true, 'membership.changed': true, 'space.changed': true, 'page.changed': true, 'credentials.revoked': true };
export const RELAYED_EVENTS: ReadonlySet<string> = new Set(Object.keys(relayed));

const Base = { v: Type.Literal(1), origin: Uuid };
const AppEventMessage = <N extends AppEventName, A extends TSchema>(name: N, args: A) =>
  Type.Object({ ...Base, kind: Type.Literal('event'), name: Type.Literal(name), args }, { additionalProperties: false });

export const RelayMessageSchema = Type.Union([
  AppEventMessage('user.changed', Type.Tuple([Uuid])),
  AppEventMessage('membership.changed', Type.Tuple([Uuid, Uuid])),
  AppEventMessage('space.changed', Type.Tuple([Uuid])),
  AppEventMessage('page.changed', Type.Tuple([Uuid])),
  AppEventMessage('credentials.revoked', Type.Tuple([Uuid, Type.Boolean()])),
  /** NotificationCenter.changed: these users' unread counts changed. */
  Type.Object({ ...Base, kind: Type.Literal('notices'), userIds: Type.Array(Uuid, { minItems: 1, maxItems: MAX_USER_IDS }) }, { additionalProperties: false }),
  /** LiveComments.publish: a comment event on a page. */
  Type.Object({ ...Base, kind: Type.Literal('comment'), pageId: Uuid, event: CommentEventSchema }, { additionalProperties: false }),
]);
export type RelayMessage = Static<typeof RelayMessageSchema>;

/** The message in `raw`, or why it is not one (too long, not JSON, not of the schema). */
export function parseRelayMessage(raw: string): { message: RelayMessage } | { error: string } {
  if (Buffer.byteLength(raw) > MAX_MESSAGE_BYTES) return { error: `longer than ${MAX_MESSAGE_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { error: 'not JSON' };
  }
  if (!Value.Check(RelayMessageSchema, value)) return { error: 'not a relay message' };
  return { message: value };
}
