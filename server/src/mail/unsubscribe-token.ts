import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NOTIFICATION_KINDS, type NotificationKind } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { instanceSecret } from '../db/instance-secret.ts';

/**
 * One-click unsubscribe links (RFC 8058): `<user id>.<kind>.<HMAC-SHA256>` under the instance's
 * key in the database, so every instance signs and checks alike and a link turns
 * off exactly one kind of mail for exactly one person.
 */
const mac = (key: Buffer, userId: string, kind: string) => createHmac('sha256', key).update(`unsubscribe:${userId}:${kind}`).digest('base64url');

export async function unsubscribeToken(db: Kysely<DB>, userId: string, kind: NotificationKind): Promise<string> {
  return `${userId}.${kind}.${mac(await instanceSecret(db), userId, kind)}`;
}

/** The user and kind a token stands for, or null when it was altered or is not ours. */
export async function verifyUnsubscribeToken(db: Kysely<DB>, token: string): Promise<{ userId: string; kind: NotificationKind } | null> {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [userId, kind, sig] = parts as [string, string, string];
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind) || !/^[0-9a-f-]{36}$/.test(userId)) return null;
  const expected = Buffer.from(mac(await instanceSecret(db), userId, kind));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { userId, kind: kind as NotificationKind };
}
