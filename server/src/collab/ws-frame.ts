import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * A message framed once for many sockets. `ws.send` builds a header and issues a two-buffer
 * `writev` per socket; on a busy page that per-connection work was most of the relay path
 * (`--cpu-prof`, bench/collab-hot-page). A broadcast frames its bytes once and writes the same
 * Buffer to every socket.
 */
export interface Framed {
  /** The y-websocket message (what `ws.send` would get). */
  message: Uint8Array;
  /** The whole WebSocket frame: FIN + binary opcode, unmasked (server to client), payload. */
  frame: Buffer;
}

export function frameBinary(message: Uint8Array): Framed {
  const length = message.length;
  const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.set(message, head);
  return { message, frame };
}

interface WsInternals {
  _socket?: Duplex | null;
  _sender?: { _state?: number } | null;
  _extensions?: Record<string, unknown>;
}

/**
 * The raw TCP socket when writing a pre-built frame to it is exactly what `ws.send` would do:
 * no extension negotiated (permessage-deflate would change the frame) and ws's sender idle
 * (state 0: nothing queued behind a compression or Blob read), so the order of frames is kept.
 * Otherwise null and the caller goes through `ws.send`.
 */
export function rawSocketOf(socket: WebSocket): Duplex | null {
  const internals = socket as unknown as WsInternals;
  const raw = internals._socket;
  if (!raw || internals._sender?._state !== 0) return null;
  for (const _ in internals._extensions ?? {}) return null;
  return raw;
}
