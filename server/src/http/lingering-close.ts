import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** How long, and how much of the rest of a refused body, is read after an early answer. */
export const LINGER_MS = 2_000;
export const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * An answer sent before the request body was read to its end (413 while an upload still streams
 * in) closes the connection. Node destroys the socket as soon as the answer is written; bytes the
 * client sent meanwhile are then unread, the kernel answers the close with a reset, and a reset
 * can discard the answer before the client read it: the user sees "connection reset" instead of
 * "file too large". So such a socket only stops writing (the answer, then FIN), keeps reading and
 * dropping what still comes for a bounded time and size, then closes (Apache's lingering close).
 */
export const lingeringClosePlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      const req = request.raw;
      if (req.complete || String(reply.getHeader('connection')).toLowerCase() !== 'close') return;
      lingerOnClose(req.socket, req);
    });
  },
  { name: 'lingering-close' },
);

function lingerOnClose(socket: Socket, req: IncomingMessage): void {
  // Node closes a `connection: close` response's socket through destroySoon once it is written.
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.destroyed) return;
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    let dropped = 0;
    // The HTTP parser still owns the socket and feeds the rest of the body to the request.
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > LINGER_BYTES) this.destroy();
    });
    req.resume();
    req.once('end', () => this.destroy());
    this.once('close', () => clearTimeout(timer));
  };
}
