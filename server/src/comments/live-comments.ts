import type { Kysely } from 'kysely';
import type { CommentEvent } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { EventStreams } from '../notifications/event-stream.ts';
import { pageAccess } from '../policy/pages.ts';

/**
 * Comments arriving live for everyone on the page: `GET /pages/:id/comments/stream` keeps a
 * server-sent event stream per viewer (see notifications/event-stream.ts for why not the
 * collaboration socket). An event says what changed (created, updated, deleted, resolved,
 * reopened) and which comment; the client then reloads the list through the REST route, so
 * what a viewer sees is always what that route lets them see. Before each event the viewer's
 * access to the page is checked again; a viewer who lost it is disconnected.
 *
 * With several instances the event also goes to the others (server/src/cluster/event-relay.ts),
 * so viewers hear of it wherever they are connected.
 */
export class LiveComments {
  readonly streams = new EventStreams<string>();
  /** Hands `publish` on to the other instances; none with one instance. */
  relay: ((pageId: string, event: CommentEvent) => void) | null = null;

  constructor(private readonly db: Kysely<DB>) {}

  async publish(pageId: string, event: CommentEvent): Promise<void> {
    this.relay?.(pageId, event);
    await this.deliver(pageId, event);
  }

  /** The event to the viewers of the page on this instance. */
  async deliver(pageId: string, event: CommentEvent): Promise<void> {
    for (const listener of this.streams.find((l) => l.key === pageId)) {
      const { level } = await pageAccess(this.db, { id: listener.userId }, pageId);
      if (level === 'none') listener.close();
      else listener.send('comment', event);
    }
  }
}
