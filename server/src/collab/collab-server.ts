import * as Y from 'yjs';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode } from './close-codes.ts';
import { Connection } from './connection.ts';
import { credentialKey, credentialStands, mayBeRevoked } from './credentials.ts';
import type { DocumentKind, DocumentPermission, Grant } from './document-kind.ts';
import type { DocumentRelay, RemoteReceiver } from './document-relay.ts';
import type { CollabOptions } from './options.ts';
import { Room, type UpdateOrigin } from './room.ts';
import { UpdateLog } from './update-log.ts';
import type { UserBudget } from './user-budget.ts';

export type { UpdateOrigin } from './room.ts';

/** How long after loading a long history it is compacted. */
const COMPACT_AFTER_LOAD_MS = 1000;
/** A socket whose access keeps changing while it waits for its document is closed (it reconnects) after this many checks. */
const MAX_ADMISSION_CHECKS = 5;
/**
 * Presence of another instance's connection not renewed for this long is dropped (its instance
 * may have died without saying goodbye); clients renew theirs every 15 s (y-protocols).
 */
const REMOTE_PRESENCE_TIMEOUT_MS = 35_000;
const REMOTE_PRESENCE_SWEEP_MS = 5_000;

/** Why change listeners run: edits settled for a moment, or the document is being unloaded. */
export type ChangeReason = 'debounced' | 'unload';

export interface DocumentChange {
  pageId: string;
  /** The live document: read it, never write to it (use `applyServerUpdate`/`changeDocument`). */
  doc: Y.Doc;
  reason: ChangeReason;
  /** Users whose edits are in this change. */
  editors: string[];
}

export type ChangeListener = (change: DocumentChange) => void | Promise<void>;

/** A document update refused by validation (server code handed over something invalid). */
export class RejectedUpdateError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Which document an access rule applies to (a room, or a socket still waiting for its room). */
interface Target {
  pageId: string;
  spaceId: string | null;
}

/**
 * A socket between its upgrade and joining its room (the document loading). Access events
 * that concern it mark it stale: it joins only after its access was checked again.
 */
interface Waiting extends Target {
  conn: Connection;
  stale: boolean;
}

/** A user's access to a document now: the permission, or the close code saying why there is none. */
type Access = DocumentPermission | { closeCode: number; reason: string };

/** The socket's session or token was revoked: access is gone, as if the user had been removed. */
const signedOut = { closeCode: CloseCode.accessRevoked, reason: 'signed out: the session or token was revoked' } as const;

interface RoomState {
  room: Room;
  unloadTimer: NodeJS.Timeout | null;
  debounceTimer: NodeJS.Timeout | null;
  maxWaitTimer: NodeJS.Timeout | null;
  editors: Set<string>;
  dirty: boolean;
}

/**
 * The registry of open documents of one kind and the API other capabilities use (`app.collab`
 * for pages): loads a document on first use (snapshot + tail), unloads it after the last
 * connection left plus a grace period (compacting it when the last client leaves), re-checks
 * connected users' permissions when access changes and their credentials when those are
 * revoked, and runs change listeners debounced and on unload.
 */
export class CollabServer {
  readonly log: UpdateLog;
  private readonly rooms = new Map<string, RoomState>();
  private readonly loading = new Map<string, Promise<RoomState>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly waiting = new Set<Waiting>();
  /** Access events so far (see `accessVersion`). */
  private accessEvents = 0;
  private readonly listeners = new Set<ChangeListener>();
  /** The change listeners' turn queue (`notify`). */
  private notifying: Promise<void> = Promise.resolve();
  private readonly pinger: NodeJS.Timeout;
  private closing = false;
  private readonly logger: FastifyBaseLogger;
  /** The other instances (see `attachRelay`); null when this one is alone. */
  private relay: DocumentRelay | null = null;
  /** What the other instances relayed for documents still loading: handed to the room once loaded, in order. */
  private readonly early = new Map<string, ((room: Room) => void)[]>();

  constructor(
    private readonly app: FastifyInstance,
    readonly options: CollabOptions,
    private readonly kind: DocumentKind,
    /** The users' budgets over all their sockets (messages, open sockets), shared by every document kind. */
    private readonly budget: UserBudget,
  ) {
    this.logger = app.log.child({ documents: kind.name });
    this.log = new UpdateLog(app.database.logDb, options, this.logger, kind.store);
    this.pinger = setInterval(() => this.ping(), options.pingIntervalMs);
    this.pinger.unref();
    app.events.on('user.changed', (userId) => this.recheck((conn) => conn.user.id === userId));
    app.events.on('membership.changed', (spaceId, userId) => this.recheck((conn, room) => conn.user.id === userId && room.spaceId === spaceId));
    app.events.on('space.changed', (spaceId) => this.recheck((_conn, room) => room.spaceId === spaceId));
    app.events.on('page.changed', (pageId) => this.recheck((_conn, room) => room.pageId === pageId));
    app.events.on('credentials.revoked', (userId, everywhere) => this.recheckCredentials(userId, everywhere));
  }

  /**
   * Counts access events. Read it before deciding a socket's permission and hand it over with
   * the grant: a socket whose grant predates an event has its access checked again before it
   * joins (the event could not reach a socket that was still being upgraded).
   */
  get accessVersion(): number {
    return this.accessEvents;
  }

  /**
   * Shares the open documents with other instances serving them (server/src/cluster): this
   * instance publishes its clients' accepted updates, their commits and presence, and applies
   * and forwards theirs. Each instance stores only what its own clients sent (and what another
   * accepted but never confirmed, room.ts `takeOver`).
   */
  attachRelay(make: (receiver: RemoteReceiver, kind: string) => DocumentRelay): DocumentRelay {
    const toRoom = (documentId: string, deliver: (room: Room) => void) => {
      const state = this.rooms.get(documentId);
      if (state) deliver(state.room);
      else this.early.get(documentId)?.push(deliver);
    };
    const relay = make({
      updates: (documentId, updates, accepted) => toRoom(documentId, (room) => room.applyRemote(updates, accepted)),
      committed: (documentId, origin, seq) => toRoom(documentId, (room) => room.confirmRemote(origin, seq)),
      presence: (documentId, entries) => this.rooms.get(documentId)?.room.receiveRemotePresence(entries),
      presenceQuery: (documentId) => {
        const entries = this.rooms.get(documentId)?.room.presence.localEntries() ?? [];
        if (entries.length > 0) relay.presence(documentId, entries);
      },
      catchUp: (documentId) => void this.rooms.get(documentId)?.room.catchUp(),
      resync: () => {
        for (const [documentId, { room }] of this.rooms) {
          void room.catchUp();
          relay.queryPresence(documentId);
        }
      },
    }, this.kind.name);
    this.relay = relay;
    const sweep = setInterval(() => {
      for (const { room } of this.rooms.values()) room.expireRemotePresence(REMOTE_PRESENCE_TIMEOUT_MS);
    }, REMOTE_PRESENCE_SWEEP_MS);
    sweep.unref();
    this.app.addHook('onClose', async () => clearInterval(sweep));
    return relay;
  }

  /** Registers a listener for settled changes; returns its removal. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The live document of a page, loading it when needed. Read only: write with
   * `applyServerUpdate` or `changeDocument`. Stays loaded at least the unload grace period.
   * Holds every edit accepted before the call: clients get edits before they are committed, so
   * a version or export taken now must not miss one they already see.
   */
  async getDocument(pageId: string): Promise<Y.Doc> {
    const state = await this.open(pageId, null);
    await state.room.whenAcceptedCommitted();
    this.scheduleUnloadIfIdle(state);
    return state.room.doc;
  }

  /**
   * A server-side edit (content import, restore): validated like a client's, stored, applied
   * and sent to every connected client. Resolves once durable.
   */
  async applyServerUpdate(pageId: string, update: Uint8Array, label = 'server'): Promise<void> {
    const state = await this.open(pageId, null);
    const result = state.room.submit(update, null, { source: 'server', label });
    if (!result.ok) {
      this.scheduleUnloadIfIdle(state);
      throw new RejectedUpdateError(result.code, result.reason);
    }
    try {
      await result.committed;
    } finally {
      this.scheduleUnloadIfIdle(state);
    }
  }

  /**
   * Runs `mutate` on a copy of the page's document and applies the difference as a server
   * edit, so connected editors see it live. Returns whether anything changed.
   */
  async changeDocument(pageId: string, mutate: (doc: Y.Doc) => void, label = 'server'): Promise<boolean> {
    const live = await this.getDocument(pageId);
    const copy = new Y.Doc();
    try {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
      const before = Y.encodeStateVector(copy);
      let changed = false;
      copy.on('afterTransaction', (tr) => {
        if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) changed = true;
      });
      copy.transact(() => mutate(copy));
      if (!changed) return false;
      await this.applyServerUpdate(pageId, Y.encodeStateAsUpdate(copy, before), label);
      return true;
    } finally {
      copy.destroy();
    }
  }

  /**
   * Re-checks every connection to one document now (its access rule changed outside the events
   * this server listens to, e.g. an interview's participants or state).
   */
  revalidate(documentId: string): void {
    this.recheck((_conn, room) => room.pageId === documentId);
  }

  /** Open documents and connections (health, benchmarks, tests). */
  stats(): { documents: number; connections: number; presence: number; flushes: number; updates: number } {
    let connections = 0;
    let presence = 0;
    for (const { room } of this.rooms.values()) {
      connections += room.connections.size;
      presence += room.presence.size;
    }
    return { documents: this.rooms.size, connections, presence, ...this.log.stats };
  }

  /** Resolves when nothing is waiting to be written or compacted (tests, benchmarks, shutdown). */
  async quiescent(): Promise<void> {
    for (;;) {
      await this.log.flushed();
      const busy = [...this.rooms.values()].map((s) => s.room).filter((room) => !room.settled);
      if (busy.length === 0) return;
      await Promise.all(busy.map((room) => room.whenSettled()));
    }
  }

  /**
   * Takes an upgraded socket: its listener is attached now, frames queue until the document is
   * loaded and the socket joined. Until then it waits among `waiting`, where access events
   * reach it too.
   */
  accept(socket: WebSocket, grant: Grant): void {
    const conn = new Connection(socket, grant.user, grant.credential, grant.readOnly, this.options, this.budget);
    if (this.closing) return conn.close(CloseCode.serverShutdown, 'server shutting down');
    let room: Room | null = null;
    socket.on('close', () => {
      room?.leave(conn);
      this.budget.release(conn.user.id, conn);
    });
    // Document ids are UUIDs, which the database takes in any case: one spelling per document,
    // else a second room would serve it, out of reach of the events naming it in lower case.
    const pageId = grant.documentId.toLowerCase();
    const waiting: Waiting = { conn, pageId, spaceId: grant.spaceId, stale: grant.accessVersion !== this.accessEvents };
    this.waiting.add(waiting);
    void this.admit(waiting, (joined) => (room = joined)).finally(() => this.waiting.delete(waiting));
  }

  /** Loads the socket's document, checks its access again if an access event concerned it meanwhile, and joins it. */
  private async admit(waiting: Waiting, joining: (room: Room) => void): Promise<void> {
    const { conn } = waiting;
    // Counted before anything else (a storm of sockets costs no loading); frames sent meanwhile wait on the socket.
    if (!(await this.budget.admit(conn.user.id, conn))) {
      this.budget.release(conn.user.id, conn);
      return conn.close(CloseCode.rateLimited, 'too many open documents for this user');
    }
    // Shutdown began while the budget was asked (close() waits only for loads already started).
    if (this.closing) return conn.close(CloseCode.serverShutdown, 'server shutting down');
    let state: RoomState;
    try {
      state = await this.open(waiting.pageId, waiting.spaceId);
    } catch (err) {
      this.logger.error({ err, pageId: waiting.pageId }, 'collab: loading the document failed');
      return conn.close(CloseCode.storageFailed, 'document could not be loaded');
    }
    // The room stays loaded while this socket's access is confirmed.
    this.cancelUnload(state);
    for (let checks = 0; waiting.stale && conn.open && !state.room.closed; checks++) {
      if (checks === MAX_ADMISSION_CHECKS) {
        conn.close(CloseCode.storageFailed, 'access kept changing; try again');
        break;
      }
      waiting.stale = false;
      let access: Access;
      try {
        // The credential too: it may have been revoked since the upgrade was authorised.
        access = await this.access(conn, waiting.pageId, true);
      } catch (err) {
        // Unknown permission: fail closed.
        this.logger.error({ err, pageId: waiting.pageId }, 'collab: checking access failed');
        conn.close(CloseCode.storageFailed, 'access check failed');
        break;
      }
      if ('closeCode' in access) {
        if (access.closeCode === CloseCode.pageGone) this.discard(state, access.closeCode, access.reason);
        conn.close(access.closeCode, access.reason);
        break;
      }
      state.room.spaceId = access.spaceId;
      conn.readOnly = access.readOnly;
    }
    if (!conn.open || state.room.closed) {
      if (!state.room.closed) this.scheduleUnloadIfIdle(state);
      conn.close(CloseCode.storageFailed, 'document unavailable');
      return;
    }
    joining(state.room);
    state.room.join(conn);
  }

  /**
   * A user's access to a document now (two queries when it is gone: is the document gone too?),
   * with `credential` first whether the socket's credential still stands.
   */
  private async access(conn: Connection, pageId: string, credential = false): Promise<Access> {
    if (credential && !(await credentialStands(this.app.db, conn.credential))) return signedOut;
    const permission = await this.kind.permission(this.app, conn.user, pageId);
    if (permission) return permission;
    if (!(await this.kind.exists(this.app, pageId))) return { closeCode: CloseCode.pageGone, reason: 'the page was deleted' };
    return { closeCode: CloseCode.accessRevoked, reason: 'access to this page was revoked' };
  }

  /** Closes every socket, writes what is pending, runs change listeners, unloads. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pinger);
    await Promise.allSettled(this.loading.values());
    for (const { room } of this.rooms.values()) {
      for (const conn of room.connections) conn.close(CloseCode.serverShutdown, 'server shutting down');
    }
    await this.log.flushed();
    await Promise.allSettled([...this.rooms.values()].map((state) => this.unload(state)));
    await Promise.allSettled(this.unloading.values());
  }

  private async open(pageId: string, spaceId: string | null): Promise<RoomState> {
    for (;;) {
      const existing = this.rooms.get(pageId);
      if (existing) {
        if (spaceId) existing.room.spaceId = spaceId;
        return existing;
      }
      const unloading = this.unloading.get(pageId);
      if (unloading) {
        await unloading;
        continue;
      }
      const pending = this.loading.get(pageId);
      if (pending) return pending;
      const load = this.load(pageId, spaceId);
      this.loading.set(pageId, load);
      try {
        return await load;
      } finally {
        this.loading.delete(pageId);
      }
    }
  }

  private async load(pageId: string, spaceId: string | null): Promise<RoomState> {
    const relay = this.relay;
    let loaded;
    if (relay) {
      // Subscribed before reading: what another instance commits after the read arrives
      // relayed (kept in `early` until the room exists), nothing falls in between.
      this.early.set(pageId, []);
      try {
        await relay.join(pageId);
        loaded = await this.log.load(pageId);
      } catch (err) {
        this.early.delete(pageId);
        relay.leave(pageId);
        throw err;
      }
    } else {
      loaded = await this.log.load(pageId);
    }
    const state: RoomState = { room: null!, unloadTimer: null, debounceTimer: null, maxWaitTimer: null, editors: new Set(), dirty: false };
    state.room = new Room(pageId, spaceId, this.kind, loaded, this.log, this.options, {
      changed: (_room, origins) => this.changed(state, origins),
      idle: () => this.idle(state),
      failed: (_room, err) => this.fail(state, err),
    }, this.logger);
    this.rooms.set(pageId, state);
    if (relay) {
      state.room.remote = {
        accepted: (updates, seq, committed) => relay.accepted(pageId, updates, seq, committed),
        committed: (seq) => relay.committed(pageId, seq),
        presence: (entries) => relay.presence(pageId, entries),
      };
      const early = this.early.get(pageId) ?? [];
      this.early.delete(pageId);
      for (const deliver of early) deliver(state.room);
      relay.queryPresence(pageId);
    }
    // A long history loads slowly: fold it rather than on every load, once the clients waiting
    // for this load had their state (re-encoding the document would hold up their sync).
    if (loaded.tailUpdates >= this.options.compactRows || loaded.tailBytes >= this.options.compactBytes) {
      setTimeout(() => void state.room.compact(), COMPACT_AFTER_LOAD_MS).unref();
    }
    return state;
  }

  private changed(state: RoomState, origins: UpdateOrigin[]): void {
    state.dirty = true;
    for (const origin of origins) if (origin.source === 'client') state.editors.add(origin.userId);
    if (this.listeners.size === 0) return;
    if (state.debounceTimer) clearTimeout(state.debounceTimer);
    state.debounceTimer = setTimeout(() => void this.notify(state, 'debounced'), this.options.changeDebounceMs);
    state.maxWaitTimer ??= setTimeout(() => void this.notify(state, 'debounced'), spreadDown(this.options.changeMaxWaitMs));
  }

  /**
   * Runs the change listeners for one document. Documents take turns: listeners write derived
   * content and versions, and many pages settling at once (their timers started together)
   * would otherwise hand PostgreSQL a burst of transactions that every commit, and so every
   * relay, waits behind.
   */
  private notify(state: RoomState, reason: ChangeReason): Promise<void> {
    if (state.debounceTimer) clearTimeout(state.debounceTimer);
    if (state.maxWaitTimer) clearTimeout(state.maxWaitTimer);
    state.debounceTimer = state.maxWaitTimer = null;
    const run = this.notifying.then(() => this.runListeners(state, reason));
    this.notifying = run;
    return run;
  }

  private async runListeners(state: RoomState, reason: ChangeReason): Promise<void> {
    if (!state.dirty) return;
    state.dirty = false;
    const change: DocumentChange = { pageId: state.room.pageId, doc: state.room.doc, reason, editors: [...state.editors] };
    state.editors.clear();
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (err) {
        this.logger.error({ err, pageId: change.pageId }, 'collab: change listener failed');
      }
    }
  }

  private idle(state: RoomState): void {
    // The last client left: fold the log now, unload after the grace period.
    void state.room.compact();
    this.scheduleUnloadIfIdle(state);
  }

  private scheduleUnloadIfIdle(state: RoomState): void {
    if (state.room.connections.size > 0 || state.unloadTimer || state.room.closed) return;
    state.unloadTimer = setTimeout(() => {
      state.unloadTimer = null;
      if (state.room.connections.size > 0) return;
      if (!state.room.settled) return this.scheduleUnloadIfIdle(state);
      void this.unload(state);
    }, spreadUp(this.options.unloadGraceMs));
    state.unloadTimer.unref();
  }

  private cancelUnload(state: RoomState): void {
    if (state.unloadTimer) clearTimeout(state.unloadTimer);
    state.unloadTimer = null;
  }

  private unload(state: RoomState): Promise<void> {
    const { room } = state;
    if (this.rooms.get(room.pageId) !== state) return Promise.resolve();
    this.rooms.delete(room.pageId);
    this.cancelUnload(state);
    const done = (async () => {
      try {
        await this.log.flushed();
        await this.notify(state, 'unload');
        await room.compact();
      } finally {
        room.close(CloseCode.serverShutdown, 'document unloaded');
        this.relay?.leave(room.pageId);
        this.unloading.delete(room.pageId);
      }
    })();
    this.unloading.set(room.pageId, done);
    return done;
  }

  /** Storing failed: the document drops what it did not commit; clients reconnect and resend. */
  private fail(state: RoomState, err: unknown): void {
    this.logger.error({ err, pageId: state.room.pageId }, 'collab: document closed after a storage failure');
    this.forget(state);
    if (!state.room.closed) state.room.close(CloseCode.storageFailed, 'storing the change failed');
  }

  /** The page is gone (its rows went with it): close everything, keep nothing. */
  private discard(state: RoomState, code: number, reason: string): void {
    this.forget(state);
    if (!state.room.closed) state.room.close(code, reason);
  }

  private forget(state: RoomState): void {
    if (this.rooms.get(state.room.pageId) === state) {
      this.rooms.delete(state.room.pageId);
      this.relay?.leave(state.room.pageId);
    }
    this.clearTimers(state);
  }

  private clearTimers(state: RoomState): void {
    for (const timer of [state.unloadTimer, state.debounceTimer, state.maxWaitTimer]) if (timer) clearTimeout(timer);
    state.unloadTimer = state.debounceTimer = state.maxWaitTimer = null;
  }

  /**
   * Access changed somewhere: re-check the affected connections (one query per user and
   * page). No access: closed (4404 when the page is gone, else 4401). Read-only: told with
   * permission-denied. Write again: asked for its edits. Sockets still waiting for their
   * document are marked and checked before they join. When re-checks of one socket overlap,
   * only the answer of the last one started counts (an older answer may arrive later).
   */
  private recheck(affects: (conn: Connection, target: Target) => boolean): void {
    this.accessEvents += 1;
    for (const waiting of this.waiting) if (affects(waiting.conn, waiting)) waiting.stale = true;
    const targets = new Map<string, { state: RoomState; conns: Connection[] }>();
    for (const state of this.rooms.values()) {
      for (const conn of state.room.connections) {
        if (!affects(conn, state.room)) continue;
        const key = `${conn.user.id}:${state.room.pageId}`;
        const entry = targets.get(key) ?? { state, conns: [] };
        entry.conns.push(conn);
        targets.set(key, entry);
      }
    }
    for (const { state, conns } of targets.values()) {
      const { room } = state;
      const started = conns.map((conn) => ++conn.accessChecks);
      const latest = () => conns.filter((conn, i) => conn.accessChecks === started[i]);
      this.access(conns[0]!, room.pageId).then(
        (access) => {
          const current = latest();
          if (current.length === 0) return;
          if ('closeCode' in access) {
            if (access.closeCode === CloseCode.pageGone) return this.discard(state, access.closeCode, access.reason);
            for (const conn of current) conn.close(access.closeCode, access.reason);
            return;
          }
          room.spaceId = access.spaceId;
          for (const conn of current) room.setReadOnly(conn, access.readOnly);
        },
        (err) => {
          // Unknown permission: fail closed.
          this.logger.error({ err, pageId: room.pageId }, 'collab: re-checking access failed');
          for (const conn of latest()) conn.close(CloseCode.storageFailed, 'access check failed');
        },
      );
    }
  }

  /**
   * Some of a user's credentials were revoked (`everywhere`: every session and collaboration
   * token): each of the user's sockets whose credential may be among them is checked (one query
   * per credential) and closed with 4401 when it no longer stands. Sockets still waiting for
   * their document check theirs before they join.
   */
  private recheckCredentials(userId: string, everywhere: boolean): void {
    this.accessEvents += 1;
    for (const waiting of this.waiting) if (waiting.conn.user.id === userId) waiting.stale = true;
    const byCredential = new Map<string, Connection[]>();
    for (const { room } of this.rooms.values()) {
      for (const conn of room.connections) {
        if (conn.user.id !== userId || !mayBeRevoked(conn.credential, everywhere)) continue;
        const key = credentialKey(conn.credential);
        const same = byCredential.get(key);
        if (same) same.push(conn);
        else byCredential.set(key, [conn]);
      }
    }
    for (const conns of byCredential.values()) {
      credentialStands(this.app.db, conns[0]!.credential).then(
        (stands) => {
          if (!stands) for (const conn of conns) conn.close(signedOut.closeCode, signedOut.reason);
        },
        (err) => {
          // Unknown whether it still stands: fail closed.
          this.logger.error({ err }, 'collab: checking a credential failed');
          for (const conn of conns) conn.close(CloseCode.storageFailed, 'access check failed');
        },
      );
    }
  }

  private ping(): void {
    for (const { room } of this.rooms.values()) {
      for (const conn of room.connections) {
        if (!conn.alive) {
          conn.terminate();
          room.leave(conn);
          continue;
        }
        conn.alive = false;
        conn.socket.ping();
      }
    }
  }
}

/**
 * Pages opened or left together (a team's session, a meeting) start their timers together. Fired
 * at one instant, their listener runs (derived content, versions, search) and unloads land on
 * the event loop as one burst that every relay then waits behind, so the timers are spread: a
 * maximum wait fires somewhere in its last 30 % (never later than configured), a grace period
 * lasts up to half as long again (never shorter).
 */
function spreadDown(ms: number): number {
  return Math.round(ms * (1 - 0.3 * Math.random()));
}

function spreadUp(ms: number): number {
  return Math.round(ms * (1 + 0.5 * Math.random()));
}
