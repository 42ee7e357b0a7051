import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { EventStreams } from './event-stream.ts';
import { unreadCount } from './notification-queries.ts';

/**
 * The live side of the inbox: each open `GET /notifications/stream` gets the unread count when
 * it opens and again whenever the user's inbox changed (`changed`, called after the commit).
 * The count is computed at delivery, so it leaves out notices about pages the user can no
 * longer read.
 */
export class NotificationCenter {
  readonly streams = new EventStreams<string>();

  /** Hands `changed` on to the other instances (server/src/cluster/event-relay.ts); none with one instance. */
  relay: ((userIds: readonly string[]) => void) | null = null;

  constructor(private readonly db: Kysely<DB>) {}

  async changed(userIds: readonly string[]): Promise<void> {
    if (userIds.length > 0) this.relay?.(userIds);
    await this.deliver(userIds);
  }

  /** The new counts to the streams open on this instance. */
  async deliver(userIds: readonly string[]): Promise<void> {
    for (const userId of new Set(userIds)) {
      const listeners = this.streams.find((l) => l.key === userId);
      if (listeners.length === 0) continue;
      const unread = await unreadCount(this.db, userId);
      for (const l of listeners) l.send('count', { unread });
    }
  }

  /** Every user with an open stream: their counts again (access changed for many at once). */
  async refreshAll(): Promise<void> {
    await this.changed(this.streams.find(() => true).map((l) => l.userId));
  }
}
