import * as Y from 'yjs';
import type { FastifyBaseLogger } from 'fastify';
import { CloseCode } from './close-codes.ts';
import type { Connection } from './connection.ts';
import type { DocumentKind } from './document-kind.ts';
import {
  type AwarenessEntry,
  AwarenessTooLarge,
  decodeMessage,
  encodeAwarenessEntries,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from './protocol.ts';
import { Presence, type PresenceLimits } from './presence.ts';
import { RelayGaps } from './relay-gaps.ts';
import type { LoadedLog, UpdateLog } from './update-log.ts';
import { Unconfirmed } from './unconfirmed.ts';
import { checkUpdate, stateVectorOf } from './validate-update.ts';
import { type Framed, frameBinary } from './ws-frame.ts';

/** Who made a change: a client socket's user, or server code (content import, restore). */
export type UpdateOrigin = { source: 'client'; userId: string } | { source: 'server'; label: string };

export type SubmitResult = { ok: true; committed: Promise<void> } | { ok: false; code: number; reason: string; missing?: boolean };

/** Most updates merged into one relayed frame (`Y.mergeUpdates` is superlinear on long lists). */
const RELAY_MERGE = 64;
/**
 * Most updates applied in one Yjs transaction: sharing a transaction saves its set-up and
 * clean-up, but past ~100 updates the clean-up of a long transaction costs more
 * (automerge-paper applied in transactions of 1 / 100 / 5,000 updates: 1.76 / 0.74 / 1.23 s).
 */
const APPLY_CHUNK = 100;
/** Merge a batch only for pages with at least this many connections. */
const RELAY_MERGE_FROM = 8;
/**
 * On pages with many connections, relays are paced: at most one per this many µs per
 * connection (400 connections: one every 4 ms), what commits meanwhile goes out merged with
 * the next. Socket writes per second then stay near 100k per page however many connect, and
 * a single edit on a quiet page still goes out at once.
 */
const RELAY_PACE_US_PER_CONNECTION = 10;
/**
 * How long another instance's relayed updates may stay unconfirmed before this instance stores
 * them itself. Commits take milliseconds; an instance that has not confirmed by then has most
 * likely died with the commit in flight (a late confirmation only means a duplicate row, which
 * Yjs skips when loading).
 */
export const TAKEOVER_MS = 3_000;
/**
 * A commit's confirmation rides on the next accepted updates sent to the other instances; on a
 * page where nothing follows within this time it goes out on its own. Longer than the pause
 * between keystrokes (100–250 ms), so while people type there is one message per relayed batch
 * instead of two (at 50 ms, confirmations were a quarter of the sending instance's CPU in
 * bench/collab-fanout --instances=2); far below TAKEOVER_MS.
 */
const CONFIRM_DELAY_MS = 300;
/** Under a sustained flood, the tail may grow to this many times `compactRows` before compacting. */
export const FLOOD_COMPACT_FACTOR = 2;
/**
 * Presence renewals (the same state under a newer clock, sent by every client 15 s after its
 * last change) wait this long plus up to RENEWAL_SPREAD_MS, then go out together. Clients that
 * connected together renew together: on a page of 100 that was 100 messages, each sent to 99
 * clients and echoed back by each, in the same few milliseconds as the edits being typed, and
 * the largest delays of edits between two instances (150–200 ms, bench/collab-fanout). A client
 * drops a state not renewed for 30 s; renewals come at most 18 s apart, so ≤ 22 s with the wait.
 */
export const RENEWAL_DELAY_MS = 1_000;
export const RENEWAL_SPREAD_MS = 3_000;

/**
 * Applies updates in Yjs transactions of APPLY_CHUNK: each transaction starts by reading the
 * whole state vector (as costly as the page has writers) and ends by merging structs.
 */
export function applyUpdates(doc: Y.Doc, updates: Uint8Array[], onError: (err: unknown) => void): void {
  for (let i = 0; i < updates.length; i += APPLY_CHUNK) {
    Y.transact(doc, () => {
      for (const update of updates.slice(i, i + APPLY_CHUNK)) {
        try {
          Y.applyUpdate(doc, update);
        } catch (err) {
          onError(err);
        }
      }
    });
  }
}

export const PERMISSION_DENIED_REASON = 'read-only: you may read this page but not edit it';

interface Pending {
  update: Uint8Array;
  from: Connection | null;
  origin: UpdateOrigin;
  /** Its number on the relay to the other instances; none for what another instance accepted and this one took over. */
  seq?: number;
}

/** How another instance numbered updates it relayed before their commit, and what of its updates it confirmed so far. */
export interface RemoteAccepted {
  origin: string;
  seq: number;
  committed: number;
}

/** Where this instance's accepted updates, their commits and its presence go for the other instances. */
export interface RoomRemote {
  /** Accepted updates, before their commit; `seq` numbers the last of them, `committed` confirms those up to it. */
  accepted(updates: Uint8Array[], seq: number, committed: number): void;
  /** Every update numbered up to `seq` is committed. */
  committed(seq: number): void;
  presence(entries: AwarenessEntry[]): void;
}

export interface RoomHooks {
  /** After committed changes were applied (debounce derived work here). */
  changed(room: Room, origins: UpdateOrigin[]): void;
  /** The last connection left. */
  idle(room: Room): void;
  /** Storing failed: the room must be discarded. */
  failed(room: Room, err: unknown): void;
}

export interface RoomLimits extends PresenceLimits {
  maxDocumentBytes: number;
  compactRows: number;
  compactBytes: number;
}

/**
 * One open document: its Y.Doc, presence, connections and fan-out.
 *
 * The Y.Doc holds only committed state. An accepted update is validated against `known` (the
 * document plus accepted, not yet committed updates), relayed to this instance's connections at
 * once, appended to the log, and applied to the document once its batch committed. The relay
 * does not wait on the commit, neither here nor on the other instances; durability holds because
 * - the state vector the server announces (sync step 1 on join) is the committed document's,
 *   so a client counts its edits as stored only once they are (page-sync.ts `confirm`);
 * - every client that received an uncommitted update holds it: if the instance dies, or the
 *   commit fails (the room closes with 1011, `failed`), the clients reconnect and their sync
 *   step 2 sends it again;
 * - other instances get accepted updates at once (`remote.accepted`) and a confirmation after
 *   the commit (`remote.committed`); they apply them like committed ones, and store themselves
 *   what stays unconfirmed for TAKEOVER_MS (`Unconfirmed`): their clients hold those edits but
 *   would not send them again, since the server they are connected to has them already;
 * - a late joiner's sync step 2 carries the committed document plus the accepted updates.
 * Each relayed batch is encoded and framed once; the same Buffer goes to every connection.
 */
export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly presence: Presence;
  readonly connections = new Set<Connection>();
  private known: Map<number, number>;
  private pending: Pending[] = [];
  private batches: { promise: Promise<number[]>; count: number; bytes: number }[] = [];
  private pendingBytes = 0;
  /**
   * Seqs of the stored rows applied to `doc`: what a compaction folds and deletes. Rows another
   * process appended to this document (a rolling deploy) are not in `doc` and not in this list.
   */
  private rows: number[];
  /** Updates and bytes after the last snapshot. */
  private tailUpdates: number;
  private tailBytes: number;
  /** Size of the stored document as last measured plus what was appended since. */
  private sizeEstimate: number;
  private compacting: Promise<void> | null = null;
  /** Committed updates waiting for their paced relay, and when the last relay went out. */
  private unrelayed: Pending[] = [];
  private relayTimer: NodeJS.Timeout | null = null;
  private lastRelayAt = 0;
  /** A read of the log to catch up with other instances, and one queued behind it. */
  private catchingUp: Promise<boolean> | null = null;
  private catchUpAgain: Promise<boolean> | null = null;
  /** Other instances' updates relayed while this instance was not listening yet (see relay-gaps.ts). */
  private readonly relayGaps = new RelayGaps();
  /** The other instances (none alone). */
  remote: RoomRemote | null = null;
  /** Numbers this instance's accepted updates on the relay; those not yet handed to it. */
  private acceptedSeq = 0;
  private outgoing: Pending[] = [];
  /** The last of them committed, the last confirmation sent, and the timer of a confirmation on its own. */
  private committedSeq = 0;
  private confirmedSeq = 0;
  private confirmTimer: NodeJS.Timeout | null = null;
  /** Other instances' updates not yet confirmed as stored, and the timer that takes them over. */
  private readonly unconfirmed = new Unconfirmed();
  private takeoverTimer: NodeJS.Timeout | null = null;
  /** Presence changes of this turn, sent together (`flushPresence`). */
  private presenceOut: { entries: AwarenessEntry[]; from: Connection | null }[] = [];
  /** Renewals of this instance's connections waiting to go out together (`holdRenewals`), by client id. */
  private readonly renewals = new Map<number, AwarenessEntry>();
  private renewalTimer: NodeJS.Timeout | null = null;
  closed = false;

  constructor(
    readonly pageId: string,
    public spaceId: string | null,
    readonly kind: DocumentKind,
    loaded: LoadedLog,
    private readonly log: UpdateLog,
    private readonly limits: RoomLimits,
    private readonly hooks: RoomHooks,
    private readonly logger: FastifyBaseLogger,
  ) {
    // Validation keeps rows that do not apply out; one that slipped in must not make the page unloadable.
    applyUpdates(this.doc, loaded.updates, (err) => this.logger.error({ err, pageId }, 'collab: a stored update does not apply; skipped'));
    this.known = stateVectorOf(this.doc);
    this.rows = loaded.seqs;
    this.tailUpdates = loaded.tailUpdates;
    this.tailBytes = loaded.tailBytes;
    this.sizeEstimate = loaded.bytes;
    this.presence = new Presence(limits);
  }

  /** A connection joins: it gets the server's state vector, current presence and its permission. */
  join(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    for (const message of this.presence.snapshot()) conn.send(message);
    if (conn.readOnly) conn.send(encodePermissionDenied(PERMISSION_DENIED_REASON));
    conn.attach((frame) => this.receive(conn, frame));
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    const removal = this.presence.leave(conn);
    if (removal) {
      this.renewals.delete(removal.client);
      this.relayPresence([removal], conn);
    }
    if (this.connections.size === 0) this.hooks.idle(this);
  }

  /** Changes a connection's permission (access re-checked); a new writer is asked for its edits. */
  setReadOnly(conn: Connection, readOnly: boolean): void {
    if (conn.readOnly === readOnly) return;
    conn.readOnly = readOnly;
    if (readOnly) conn.send(encodePermissionDenied(PERMISSION_DENIED_REASON));
    else conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  /** Nothing waits to be committed, relayed, compacted or confirmed by another instance. */
  get settled(): boolean {
    return this.pending.length === 0 && this.unrelayed.length === 0 && this.compacting === null && this.unconfirmed.empty;
  }

  /** Resolves once the pending batches and a running compaction are done. */
  async whenSettled(): Promise<void> {
    while (!this.closed && !this.settled) {
      await Promise.allSettled([...this.batches.map((b) => b.promise), this.compacting ?? Promise.resolve(), this.unconfirmed.drained()]);
      // Let commit callbacks run before looking again.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Resolves once every update accepted so far is committed and applied to the document (or
   * failed). Unlike `whenSettled`, later updates are not waited for, so a steady stream of edits
   * cannot hold the caller back.
   */
  async whenAcceptedCommitted(): Promise<void> {
    if (this.batches.length === 0) return;
    await Promise.allSettled(this.batches.map((b) => b.promise));
    // Let the commit callbacks apply them first.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Validates, relays and appends an update. On success `committed` resolves once it is
   * durable and applied.
   */
  submit(update: Uint8Array, from: Connection | null, origin: UpdateOrigin): SubmitResult {
    if (this.closed) return { ok: false, code: CloseCode.storageFailed, reason: 'document closed' };
    if (this.sizeEstimate + this.pendingBytes + update.length > this.limits.maxDocumentBytes) {
      // The estimate only grows between compactions; measure before refusing.
      this.sizeEstimate = Y.encodeStateAsUpdate(this.doc).length;
      if (this.sizeEstimate + this.pendingBytes + update.length > this.limits.maxDocumentBytes) {
        return { ok: false, code: CloseCode.documentTooLarge, reason: 'document too large' };
      }
    }
    const verdict = checkUpdate(update, this.known, this.kind);
    if (!verdict.ok) return { ok: false, code: CloseCode.invalidUpdate, reason: verdict.reason, missing: verdict.missing };
    if (!verdict.changes) return { ok: true, committed: Promise.resolve() };
    for (const [client, clock] of verdict.advances) this.known.set(client, clock);

    const entry: Pending = { update, from, origin };
    // The other clients get it now, not after the commit (see the class comment).
    this.scheduleRelay([entry]);
    if (this.remote) this.publishAccepted(entry);
    const committed = this.append(entry);
    // Client edits do not wait on it (a failed batch closes their sockets through `failed`);
    // unobserved, a failed commit would be an unhandled rejection that ends the process.
    committed.catch(() => {});
    return { ok: true, committed };
  }

  /** Appends an accepted update to the log; it is applied to the document once its batch committed. */
  private append(entry: Pending): Promise<void> {
    this.pending.push(entry);
    this.pendingBytes += entry.update.length;
    const promise = this.log.append(this.pageId, entry.update);
    let batch = this.batches[this.batches.length - 1];
    if (batch?.promise !== promise) {
      const created = { promise, count: 0, bytes: 0 };
      this.batches.push(created);
      batch = created;
      promise.then(
        (seqs) => this.commit(created, seqs),
        (err) => this.hooks.failed(this, err),
      );
    }
    batch.count += 1;
    batch.bytes += entry.update.length;
    return promise.then(() => undefined);
  }

  /**
   * Hands accepted updates to the other instances once per turn of the event loop (what arrived
   * together goes in one message), numbered so that their commit can be confirmed.
   */
  private publishAccepted(entry: Pending): void {
    entry.seq = ++this.acceptedSeq;
    this.outgoing.push(entry);
    if (this.outgoing.length === 1) setImmediate(() => this.flushOutgoing());
  }

  private flushOutgoing(): void {
    const entries = this.outgoing;
    if (entries.length === 0 || this.closed || !this.remote) return;
    this.outgoing = [];
    this.confirmedSeq = this.committedSeq;
    for (let i = 0; i < entries.length; i += RELAY_MERGE) {
      const chunk = entries.slice(i, i + RELAY_MERGE);
      this.remote.accepted(
        chunk.map((e) => e.update),
        chunk[chunk.length - 1]!.seq!,
        this.committedSeq,
      );
    }
  }

  /** Sends the commits not yet confirmed: with accepted updates waiting to go, or on their own. */
  private confirmCommitted(): void {
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = null;
    if (this.committedSeq === this.confirmedSeq || !this.remote) return;
    if (this.outgoing.length > 0) return this.flushOutgoing();
    this.confirmedSeq = this.committedSeq;
    this.remote.committed(this.committedSeq);
  }

  /** Folds the log into one snapshot row (the document as committed). */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (this.tailUpdates === 0 || this.closed) return Promise.resolve();
    let updates = 0;
    let bytes = 0;
    let folded: number[] = [];
    let size = 0;
    // Taken when the log runs the compaction: every row committed by then is applied.
    const take = () => {
      if (this.closed || this.tailUpdates === 0) return null;
      updates = this.tailUpdates;
      bytes = this.tailBytes;
      // Rows committed from now on go to a fresh list: they stay after the snapshot row.
      folded = this.rows;
      this.rows = [];
      const data = Y.encodeStateAsUpdate(this.doc);
      size = data.length;
      return { data, seqs: folded };
    };
    this.compacting = this.log
      .compact(this.pageId, take)
      .then(
        (seq) => {
          if (seq === null) return;
          this.tailUpdates -= updates;
          this.tailBytes -= bytes;
          this.sizeEstimate = size + this.tailBytes;
          this.rows.unshift(seq);
          // Rows committed while this ran may be past the threshold with no commit left to notice.
          if (!this.closed && this.shouldCompact()) setImmediate(() => void this.compact());
        },
        (err) => {
          // Nothing was deleted: the rows are still there to fold next time.
          this.rows = [...folded, ...this.rows];
          this.logger.warn({ err, pageId: this.pageId }, 'collab: compaction failed; the log stays as it is');
        },
      )
      .finally(() => (this.compacting = null));
    return this.compacting;
  }

  /** Closes every connection and stops (the registry drops the room). */
  close(code: number, reason: string): void {
    // Confirmed now, or the other instances would store it all again once their wait is over.
    this.confirmCommitted();
    // Departures go out too, or the other instances show them until their presence expires.
    this.flushPresence();
    this.closed = true;
    if (this.relayTimer) clearTimeout(this.relayTimer);
    if (this.takeoverTimer) clearTimeout(this.takeoverTimer);
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    this.unconfirmed.clear();
    for (const conn of this.connections) conn.close(code, reason);
    this.connections.clear();
    this.doc.destroy();
  }

  private commit(batch: { count: number; bytes: number }, seqs: number[]): void {
    if (this.closed) return;
    if (this.batches[0] !== batch) {
      this.hooks.failed(this, new Error('collab: batches committed out of order'));
      return;
    }
    this.batches.shift();
    const entries = this.pending.splice(0, batch.count);
    this.pendingBytes -= batch.bytes;
    this.rows.push(...seqs);
    this.tailUpdates += batch.count;
    this.tailBytes += batch.bytes;
    this.sizeEstimate += batch.bytes;
    applyUpdates(
      this.doc,
      entries.map((e) => e.update),
      (err) => this.logger.error({ err, pageId: this.pageId }, 'collab: a validated update failed to apply'),
    );
    const last = entries.findLast((e) => e.seq !== undefined)?.seq;
    if (last !== undefined) {
      this.committedSeq = last;
      if (!this.confirmTimer) {
        this.confirmTimer = setTimeout(() => this.confirmCommitted(), CONFIRM_DELAY_MS);
        this.confirmTimer.unref();
      }
    }
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.logger.error({ pageId: this.pageId }, 'collab: document has pending structs after a validated update');
    }
    this.hooks.changed(
      this,
      entries.map((e) => e.origin),
    );
    if (this.shouldCompact()) void this.compact();
  }

  /**
   * Past the thresholds, compact once nothing more waits to be committed. During a flood
   * (later batches already in flight) every compaction re-encodes the whole document and
   * holds up the flushes queued behind it, so it waits until the flood is over, bounded at
   * FLOOD_COMPACT_FACTOR × `compactRows` (a crash mid-flood leaves at most that tail).
   */
  private shouldCompact(): boolean {
    if (this.tailBytes >= this.limits.compactBytes) return true;
    if (this.tailUpdates < this.limits.compactRows) return false;
    return this.pending.length === 0 || this.tailUpdates >= this.limits.compactRows * FLOOD_COMPACT_FACTOR;
  }

  /** Relays accepted or remote updates now, or with the next paced relay on a busy page. */
  private scheduleRelay(entries: Pending[]): void {
    if (this.connections.size < RELAY_MERGE_FROM) return this.relay(entries);
    this.unrelayed.push(...entries);
    if (this.relayTimer) return;
    const due = this.lastRelayAt + (this.connections.size * RELAY_PACE_US_PER_CONNECTION) / 1000;
    const wait = due - performance.now();
    if (wait <= 0) return this.relayUnrelayed();
    this.relayTimer = setTimeout(() => this.relayUnrelayed(), wait);
  }

  private relayUnrelayed(): void {
    this.relayTimer = null;
    this.lastRelayAt = performance.now();
    const entries = this.unrelayed;
    this.unrelayed = [];
    if (!this.closed) this.relay(entries);
  }

  /**
   * Batched sends: on a page with many connections the updates to relay go out as one frame
   * per connection (merged, at most RELAY_MERGE per frame so merging stays cheap), not one
   * frame per update and connection: on a busy page the socket writes, not Yjs, are the cost.
   * A connection gets the frame unless every update in it came from that connection (its own
   * edits inside a merged frame are harmless to a Yjs client).
   */
  private relay(entries: Pending[]): void {
    if (this.connections.size < RELAY_MERGE_FROM) {
      // Few readers: a merge costs more than the frames it saves; they go in one write.
      const frames = entries.map((e) => frameBinary(encodeUpdate(e.update)));
      for (const conn of this.connections) {
        const sentSome = entries.some((e) => e.from === conn);
        conn.sendFramed(sentSome ? frames.filter((_, i) => entries[i]!.from !== conn) : frames);
      }
      return;
    }
    for (let i = 0; i < entries.length; i += RELAY_MERGE) {
      const chunk = entries.slice(i, i + RELAY_MERGE);
      const frames = [frameBinary(encodeUpdate(chunk.length === 1 ? chunk[0]!.update : Y.mergeUpdates(chunk.map((e) => e.update))))];
      const only = chunk.every((e) => e.from === chunk[0]!.from) ? chunk[0]!.from : null;
      for (const conn of this.connections) if (conn !== only) conn.sendFramed(frames);
    }
  }

  private receive(conn: Connection, frame: Uint8Array): void {
    if (this.closed || !conn.open) return;
    let message;
    try {
      message = decodeMessage(frame);
    } catch (err) {
      conn.close(CloseCode.malformedMessage, err instanceof ProtocolError ? err.message : 'malformed message');
      return;
    }
    switch (message.type) {
      case 'sync-step-1': {
        let reply: Uint8Array;
        try {
          reply = Y.encodeStateAsUpdate(this.doc, message.stateVector);
        } catch {
          conn.close(CloseCode.malformedMessage, 'state vector does not decode');
          return;
        }
        // Accepted updates were relayed before this connection could receive them: they come
        // with the reply (Yjs skips what the client has).
        if (this.pending.length > 0) reply = Y.mergeUpdates([reply, ...this.pending.map((e) => e.update)]);
        conn.send(encodeSyncStep2(reply));
        return;
      }
      case 'sync-step-2':
      case 'update': {
        // Readers' edits are dropped: the client was told with permission-denied.
        if (conn.readOnly) return;
        const result = this.submit(message.update, conn, { source: 'client', userId: conn.user.id });
        if (!result.ok) {
          // Right after (re)connecting a client may send a new edit before its sync step 2
          // brings what the edit builds on: hold it (not stored, not relayed) until then.
          if (result.missing && !conn.sentSyncStep2 && message.type !== 'sync-step-2' && conn.hold(message.update)) return;
          if (result.missing) {
            if (message.type === 'sync-step-2') conn.sentSyncStep2 = true;
            return this.retryAfterCatchUp(conn, message.type === 'sync-step-2' ? [message.update, ...conn.takeHeld()] : [message.update]);
          }
          return conn.close(result.code, result.reason);
        }
        if (message.type === 'sync-step-2' && !conn.sentSyncStep2) {
          conn.sentSyncStep2 = true;
          const held = conn.takeHeld();
          for (let i = 0; i < held.length; i++) {
            const again = this.submit(held[i]!, conn, { source: 'client', userId: conn.user.id });
            if (!again.ok && again.missing) return this.retryAfterCatchUp(conn, held.slice(i));
            if (!again.ok) return conn.close(again.code, again.reason);
          }
        }
        return;
      }
      case 'awareness': {
        // Readers show their presence too (their cursor is a feature), for their own id only.
        let received: { changed: AwarenessEntry[]; renewed: AwarenessEntry[] };
        try {
          received = this.presence.receive(conn, message.update);
        } catch (err) {
          if (err instanceof AwarenessTooLarge) return conn.close(CloseCode.messageTooLarge, err.message);
          return conn.close(CloseCode.malformedMessage, err instanceof ProtocolError ? err.message : 'malformed awareness update');
        }
        if (received.changed.length > 0) {
          for (const entry of received.changed) this.renewals.delete(entry.client);
          this.relayPresence(received.changed, conn);
        }
        if (received.renewed.length > 0) this.holdRenewals(received.renewed);
        return;
      }
      case 'query-awareness':
        for (const reply of this.presence.snapshot()) conn.send(reply);
        return;
    }
  }

  /**
   * Sends presence changes to every connection but the one they came from, and this instance's
   * to the other instances: those of one turn of the event loop together. A page's clients renew
   * their presence every 15 s, all in the same moment when they connected together, and each
   * client echoes every message it receives: one message per change made that an n² burst of
   * socket writes and echoes (100 readers: 9,900 of each within milliseconds).
   */
  private relayPresence(entries: AwarenessEntry[], from: Connection | null): void {
    this.presenceOut.push({ entries, from });
    if (this.presenceOut.length === 1) setImmediate(() => this.flushPresence());
  }

  private flushPresence(): void {
    const batches = this.presenceOut;
    this.presenceOut = [];
    if (this.closed || batches.length === 0) return;
    const everyone = this.presenceFrames(batches);
    const senders = new Set(batches.map((b) => b.from));
    for (const conn of this.connections) {
      conn.sendFramed(senders.has(conn) ? this.presenceFrames(batches.filter((b) => b.from !== conn)) : everyone);
    }
    const local = batches.filter((b) => b.from !== null).flatMap((b) => b.entries);
    if (local.length > 0) this.remote?.presence(local);
  }

  /** Renewals go out with the others of this page that arrive within the wait (RENEWAL_DELAY_MS). */
  private holdRenewals(entries: AwarenessEntry[]): void {
    for (const entry of entries) this.renewals.set(entry.client, entry);
    this.renewalTimer ??= setTimeout(() => this.flushRenewals(), RENEWAL_DELAY_MS + Math.random() * RENEWAL_SPREAD_MS);
  }

  /** Held renewals to every connection (a client ignores its own) and to the other instances. */
  private flushRenewals(): void {
    this.renewalTimer = null;
    const entries = [...this.renewals.values()];
    this.renewals.clear();
    if (this.closed || entries.length === 0) return;
    const frames = this.presenceFrames([{ entries }]);
    for (const conn of this.connections) conn.sendFramed(frames);
    this.remote?.presence(entries);
  }

  /** The latest change per client, in messages of at most `maxAwarenessEntries` (a client's echo must stay within them). */
  private presenceFrames(batches: { entries: AwarenessEntry[] }[]): Framed[] {
    const latest = new Map<number, AwarenessEntry>();
    for (const batch of batches) for (const entry of batch.entries) latest.set(entry.client, entry);
    const entries = [...latest.values()];
    const frames: Framed[] = [];
    for (let i = 0; i < entries.length; i += this.limits.maxAwarenessEntries) {
      frames.push(frameBinary(encodeAwarenessEntries(entries.slice(i, i + this.limits.maxAwarenessEntries))));
    }
    return frames;
  }

  /**
   * Updates another instance accepted (`accepted`: before its commit, to be confirmed) or
   * committed: applied to the document and sent to this instance's connections. An update that
   * builds on something this instance never received (a relay message lost while Redis was away)
   * stays pending in Yjs; the log is read again, which brings what it lacks. So is an update
   * relayed before this instance listened and committed after it read the log, once confirmed
   * (relay-gaps.ts).
   */
  applyRemote(updates: Uint8Array[], accepted?: RemoteAccepted): void {
    if (this.closed) return;
    let missed = false;
    if (accepted) {
      this.unconfirmed.add(accepted.origin, accepted.seq, updates, performance.now());
      // Confirmed after adding: the confirmation may cover the updates it came with.
      this.unconfirmed.confirm(accepted.origin, accepted.committed);
      this.armTakeover();
      const gap = this.relayGaps.received(accepted.origin, accepted.seq - updates.length + 1, accepted.seq);
      missed = this.relayGaps.confirmed(accepted.origin, accepted.committed) || gap;
    }
    applyUpdates(this.doc, updates, (err) => this.logger.warn({ err, pageId: this.pageId }, 'collab: a relayed update does not apply; skipped'));
    this.advanceKnown();
    for (const update of updates) this.sizeEstimate += update.length;
    const origin: UpdateOrigin = { source: 'server', label: 'relayed' };
    this.scheduleRelay(updates.map((update) => ({ update, from: null, origin })));
    if (missed || this.doc.store.pendingStructs || this.doc.store.pendingDs) void this.catchUp();
  }

  /** Another instance committed its accepted updates numbered up to `seq`. */
  confirmRemote(origin: string, seq: number): void {
    this.unconfirmed.confirm(origin, seq);
    if (this.relayGaps.confirmed(origin, seq)) void this.catchUp();
  }

  private armTakeover(): void {
    const oldest = this.unconfirmed.oldest();
    if (this.takeoverTimer || oldest === undefined || this.closed) return;
    this.takeoverTimer = setTimeout(() => this.takeOver(), Math.max(0, oldest + TAKEOVER_MS - performance.now()));
    this.takeoverTimer.unref();
  }

  /** Stores what another instance accepted and did not confirm in time (see TAKEOVER_MS). */
  private takeOver(): void {
    this.takeoverTimer = null;
    if (this.closed) return;
    const orphans = this.unconfirmed.takeOlderThan(performance.now() - TAKEOVER_MS + 1);
    if (orphans.length > 0) {
      this.logger.warn({ pageId: this.pageId, updates: orphans.length }, 'collab: another instance did not confirm storing relayed updates; storing them here');
      const origin: UpdateOrigin = { source: 'server', label: 'relayed' };
      for (const update of orphans) this.append({ update, from: null, origin }).catch(() => {});
    }
    this.armTakeover();
  }

  /**
   * Reads the document's log again and applies what this instance lacks (what other instances
   * committed while their messages did not arrive); this instance's connections get the
   * difference. Yjs skips what the document already has. A read asked for while one runs runs
   * after it, so it sees every commit made before it was asked for.
   */
  catchUp(): Promise<boolean> {
    if (this.catchingUp) {
      this.catchUpAgain ??= this.catchingUp.then(() => {
        this.catchUpAgain = null;
        return this.catchUp();
      });
      return this.catchUpAgain;
    }
    this.catchingUp = this.readLogAgain().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  /** False when the log could not be read. */
  private async readLogAgain(): Promise<boolean> {
    let loaded: LoadedLog;
    try {
      loaded = await this.log.load(this.pageId);
    } catch (err) {
      this.logger.warn({ err, pageId: this.pageId }, 'collab: reading the log to catch up failed');
      return false;
    }
    if (this.closed) return true;
    const before = Y.encodeStateVector(this.doc);
    let changed = false;
    const watch = (tr: Y.Transaction) => {
      if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) changed = true;
    };
    this.doc.on('afterTransaction', watch);
    applyUpdates(this.doc, loaded.updates, (err) => this.logger.error({ err, pageId: this.pageId }, 'collab: a stored update does not apply; skipped'));
    this.doc.off('afterTransaction', watch);
    this.advanceKnown();
    this.sizeEstimate = Math.max(this.sizeEstimate, loaded.bytes);
    if (this.doc.store.pendingStructs || this.doc.store.pendingDs) {
      this.logger.warn({ pageId: this.pageId }, 'collab: document still lacks changes after reading the log');
    }
    if (!changed) return true;
    const frames = [frameBinary(encodeUpdate(Y.encodeStateAsUpdate(this.doc, before)))];
    for (const conn of this.connections) conn.sendFramed(frames);
    return true;
  }

  /** What the document holds now counts as known (validation of the next updates). */
  private advanceKnown(): void {
    for (const [client, clock] of stateVectorOf(this.doc)) if ((this.known.get(client) ?? 0) < clock) this.known.set(client, clock);
  }

  /** Presence changes of another instance's connections, shown here. */
  receiveRemotePresence(entries: AwarenessEntry[]): void {
    if (this.closed) return;
    const changed = this.presence.receiveRemote(entries, Date.now());
    if (changed.length > 0) this.relayPresence(changed, null);
  }

  /** Drops other instances' states not renewed for `maxAgeMs` (their instance may be gone). */
  expireRemotePresence(maxAgeMs: number): void {
    const removed = this.presence.expireRemote(Date.now(), maxAgeMs);
    if (removed.length > 0) this.relayPresence(removed, null);
  }

  /**
   * An update that builds on changes this instance lacks: another instance may have committed
   * them while their relay did not arrive. The connection waits while the log is read again,
   * then the update is checked again; only then is a gap refused.
   */
  private retryAfterCatchUp(conn: Connection, updates: Uint8Array[]): void {
    conn.pause();
    void this.catchUp().then((read) => {
      if (this.closed || !conn.open) return;
      // The log could not be read: the client reconnects and sends its edits again.
      if (!read) return conn.close(CloseCode.storageFailed, 'document could not be read');
      for (const update of updates) {
        const again = this.submit(update, conn, { source: 'client', userId: conn.user.id });
        if (!again.ok) return conn.close(again.code, again.reason);
      }
      conn.resume();
    });
  }
}
