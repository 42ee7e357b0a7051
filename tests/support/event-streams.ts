import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';

/** A server-sent event stream read as EventSource would (`Accept: text/event-stream`), collecting events. */
export interface EventStream {
  events: { event: string; data: unknown }[];
  /** Resolves when the response headers arrived (status 200). */
  opened: Promise<void>;
  ended: boolean;
  close(): void;
}

export function openEventStream(url: string, cookie: string): EventStream {
  const controller = new AbortController();
  const stream: EventStream = { events: [], opened: Promise.resolve(), ended: false, close: () => controller.abort() };
  stream.opened = (async () => {
    const res = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    if (res.status !== 200 || !res.body) throw new Error(`event stream answered ${res.status}`);
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data) stream.events.push({ event, data: JSON.parse(data) });
          }
        }
      } catch {
        // aborted by close()
      }
      stream.ended = true;
    })();
  })();
  return stream;
}

/** Takes someone out of a space directly (the event bus is not told: delivery checks must notice on their own). */
export async function removeMember(db: Kysely<DB>, spaceId: string, userId: string): Promise<void> {
  await db.deleteFrom('space_members').where('space_id', '=', spaceId).where('user_id', '=', userId).execute();
}
