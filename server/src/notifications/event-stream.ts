import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Server-sent events for live comments and the unread count. Chosen over a custom message on
 * the collaboration socket: that socket speaks the stock y-websocket protocol (which the
 * collaboration server validates strictly and the client's provider owns), while an event
 * stream is one more authenticated GET that the access hook checks like any route and that
 * the browser's EventSource reconnects by itself. Every event is checked against the
 * listener's access at delivery (see the callers), not only when the stream opened.
 */
export interface StreamListener<K> {
  key: K;
  userId: string;
  send(event: string, data: unknown): void;
  close(): void;
}

const HEARTBEAT_MS = 25_000;

/**
 * Whether the caller asked for an event stream (EventSource sends `Accept: text/event-stream`).
 * Other callers (scripts, a proxy that cannot stream) get the current state once as JSON.
 */
export function wantsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

export class EventStreams<K> {
  private readonly listeners = new Set<StreamListener<K>>();

  /** Takes over the reply as an event stream until the client goes away or `closeAll`. */
  open(request: FastifyRequest, reply: FastifyReply, key: K, userId: string, first?: { event: string; data: unknown }): StreamListener<K> {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies (nginx) would otherwise hold events back.
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
    });
    res.write('retry: 3000\n\n');
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const listener: StreamListener<K> = {
      key,
      userId,
      send(event, data) {
        if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      },
      close: () => {
        clearInterval(heartbeat);
        this.listeners.delete(listener);
        if (!res.writableEnded) res.end();
      },
    };
    this.listeners.add(listener);
    request.raw.on('close', listener.close);
    if (first) listener.send(first.event, first.data);
    return listener;
  }

  /** The open streams matching `where`. */
  find(where: (listener: StreamListener<K>) => boolean): StreamListener<K>[] {
    return [...this.listeners].filter(where);
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Ends every stream (the app is closing; EventSource reconnects to the next instance). */
  closeAll(): void {
    for (const listener of [...this.listeners]) listener.close();
  }
}
