import type { WebSocket } from 'ws';
import type { AuthUser } from '../auth/auth.ts';
import { CloseCode } from './close-codes.ts';
import type { Credential } from './credentials.ts';
import type { OwnPresence } from './presence.ts';
import { RateLimit } from './rate-limit.ts';
import type { UserBudget } from './user-budget.ts';
import { type Framed, rawSocketOf } from './ws-frame.ts';

export interface ConnectionLimits {
  maxMessageBytes: number;
  messagesPerSecond: number;
  messageBurst: number;
  maxBufferedBytes: number;
}

/** Updates a client may send before its sync step 2 arrives (a reconnect race, see Room). */
const MAX_HELD_UPDATES = 1000;
/**
 * Frames a socket may send before its document is loaded and its access confirmed (a real
 * client sends a few: sync step 1, its presence, edits typed meanwhile); also at most twice the
 * message size limit in bytes. Beyond, it is closed with a code it reconnects after.
 */
const MAX_QUEUED_FRAMES = 1000;

/**
 * One client socket: who it is, whether it may write, its rate limits (its own and its user's
 * over all their sockets) and the frames that arrived before its document was loaded (the
 * listener is attached synchronously on open because the client sends its sync step 1 only once).
 */
export class Connection {
  readOnly: boolean;
  /** The awareness client id this socket shows and its state (see presence.ts), removed when it closes. */
  presence: OwnPresence | null = null;
  /** False once closed by either side. */
  open = true;
  /** Answered the last ping. */
  alive = true;
  /** Access re-checks started for this socket; only the answer of the latest one is applied. */
  accessChecks = 0;
  /** The client answered the server's sync step 1: from now on it must not send gaps. */
  sentSyncStep2 = false;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private readonly rate: RateLimit;
  private queue: Uint8Array[] | null = [];
  private queuedBytes = 0;
  private handler: ((frame: Uint8Array) => void) | null = null;
  /** Frames held while paused (the room catches up from the log before it goes on). */
  private backlog: Uint8Array[] | null = null;

  constructor(
    readonly socket: WebSocket,
    readonly user: AuthUser,
    /** What the socket was opened with: checked again when the user's credentials are revoked. */
    readonly credential: Credential,
    readOnly: boolean,
    private readonly limits: ConnectionLimits,
    /** The user's budget over all their sockets (and instances). */
    private readonly budget: Pick<UserBudget, 'take'>,
  ) {
    this.readOnly = readOnly;
    this.rate = new RateLimit(limits.messagesPerSecond, limits.messageBurst);
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('pong', () => (this.alive = true));
    socket.on('close', () => (this.open = false));
  }

  /** Starts handing frames to `handler`, first the ones queued while loading. */
  attach(handler: (frame: Uint8Array) => void): void {
    this.handler = handler;
    const queued = this.queue ?? [];
    this.queue = null;
    this.queuedBytes = 0;
    this.drain(queued);
  }

  /** Frames from now on wait (in order, within the loading bounds) until `resume`. */
  pause(): void {
    this.backlog ??= [];
  }

  resume(): void {
    const backlog = this.backlog;
    this.backlog = null;
    if (backlog) this.drain(backlog);
  }

  private drain(frames: Uint8Array[]): void {
    for (let i = 0; i < frames.length; i++) {
      if (!this.open || !this.handler) return;
      this.handler(frames[i]!);
      // Paused again by this frame: the rest wait before anything arriving later.
      if (this.backlog) {
        this.backlog.push(...frames.slice(i + 1));
        return;
      }
    }
  }

  /** Keeps an update that waits for the client's sync step 2; false when too much is held. */
  hold(update: Uint8Array): boolean {
    if (this.held.length >= MAX_HELD_UPDATES || this.heldBytes + update.length > this.limits.maxMessageBytes) return false;
    this.held.push(update);
    this.heldBytes += update.length;
    return true;
  }

  takeHeld(): Uint8Array[] {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    return held;
  }

  send(message: Uint8Array): void {
    if (!this.open || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CloseCode.slowConsumer, 'client does not keep up');
      return;
    }
    this.socket.send(message);
  }

  /**
   * Sends broadcasts framed once for all their receivers (see ws-frame.ts); several frames go
   * out in one socket write.
   */
  sendFramed(frames: Framed[]): void {
    if (frames.length === 0 || !this.open || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CloseCode.slowConsumer, 'client does not keep up');
      return;
    }
    const raw = rawSocketOf(this.socket);
    if (raw) raw.write(frames.length === 1 ? frames[0]!.frame : Buffer.concat(frames.map((f) => f.frame)));
    else for (const framed of frames) this.socket.send(framed.message);
  }

  close(code: number, reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.queue = null;
    // Reasons are limited to 123 bytes by the protocol.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }

  terminate(): void {
    this.open = false;
    this.socket.terminate();
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (!this.open) return;
    if (!isBinary) return this.close(CloseCode.malformedMessage, 'text frames are not part of the protocol');
    if (data.length > this.limits.maxMessageBytes) return this.close(CloseCode.messageTooLarge, 'message too large');
    if (!this.rate.take()) return this.close(CloseCode.rateLimited, 'too many messages');
    if (!this.budget.take(this.user.id)) return this.close(CloseCode.rateLimited, 'too many messages for this user');
    const frame = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (this.backlog) {
      if (this.backlog.length >= MAX_QUEUED_FRAMES) return this.close(CloseCode.rateLimited, 'too much sent while the document caught up');
      this.backlog.push(frame);
      return;
    }
    if (this.handler) return this.handler(frame);
    if (!this.queue) return;
    if (this.queue.length >= MAX_QUEUED_FRAMES || this.queuedBytes + frame.length > 2 * this.limits.maxMessageBytes) {
      return this.close(CloseCode.rateLimited, 'too much sent before the document was ready');
    }
    this.queue.push(frame);
    this.queuedBytes += frame.length;
  }
}
