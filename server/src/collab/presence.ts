import type { Connection } from './connection.ts';
import { type AwarenessEntry, AwarenessTooLarge, decodeAwarenessUpdate, encodeAwarenessEntries, parseAwarenessState } from './protocol.ts';

/** The presence a connection shows: its awareness client id, that id's clock and state (null: cleared). */
export interface OwnPresence {
  client: number;
  clock: number;
  json: string | null;
}

/** Most states of other instances' connections kept per document. */
const MAX_REMOTE_ENTRIES = 10_000;

export interface PresenceLimits {
  maxAwarenessStateBytes: number;
  maxAwarenessEntries: number;
}

/**
 * Presence (y-protocols awareness) of one document, kept per connection instead of in a
 * y-protocols `Awareness`, which takes any client id from anyone, keeps an entry for every id
 * it ever saw (null states included) and so lets one reader fill the server's memory.
 *
 * A connection owns one client id: the id of the first awareness message it sends with a
 * single non-null state (the stock client announces its `awareness.clientID` alone right after
 * the socket opens), unless a connection of another user holds that id. A connection of the
 * same user takes the id over (a reconnecting client keeps its id while the server has not yet
 * noticed the old socket is gone). Entries for any other id are dropped, not refused: real
 * clients echo every state they receive back to the server. The server sets `user.id` and
 * `user.name` of a state to the signed-in user, so nobody shows up under someone else's name.
 * What a connection owned goes when it closes, and the others are told.
 */
export class Presence {
  /** Client id → the connection showing it. At most one entry per connection. */
  private readonly owners = new Map<number, Connection>();
  /**
   * States shown by connections of other instances (relayed), with when they were last
   * renewed: an instance that dies sends no removal, so they expire like y-protocols' own.
   */
  private readonly remote = new Map<number, { clock: number; json: string; seen: number }>();

  constructor(private readonly limits: PresenceLimits) {}

  /** Client ids held (one at most per connection). */
  get size(): number {
    return this.owners.size;
  }

  /**
   * Applies a connection's awareness message. Returns the entries to relay to the others: those
   * that change what the sender shows, and renewals (the same state under a newer clock, which
   * a client sends every 15 s to say it is still there). Both are empty when nothing of the
   * sender's own is newer. Throws `ProtocolError` for malformed input and `AwarenessTooLarge`
   * beyond the limits; the caller closes the socket.
   */
  receive(conn: Connection, update: Uint8Array): { changed: AwarenessEntry[]; renewed: AwarenessEntry[] } {
    const entries = decodeAwarenessUpdate(update, { maxEntries: this.limits.maxAwarenessEntries, maxStateBytes: this.limits.maxAwarenessStateBytes });
    const changed: AwarenessEntry[] = [];
    const renewed: AwarenessEntry[] = [];
    for (const entry of entries) {
      const own = conn.presence;
      let holder: Connection | undefined;
      if (own === null) {
        if (entries.length !== 1) continue;
        holder = this.owners.get(entry.client);
        if (holder && holder.user.id !== conn.user.id) continue;
      } else if (own.client !== entry.client) {
        continue;
      }
      const state = parseAwarenessState(entry.state);
      const json = state === null ? null : this.stamp(conn, state);
      if (own === null) {
        // Nothing shown yet and nothing to show: no claim.
        if (json === null && !holder) continue;
        conn.presence = holder?.presence ?? { client: entry.client, clock: -1, json: null };
        if (holder) holder.presence = null;
        this.owners.set(entry.client, conn);
      }
      const mine = conn.presence!;
      // y-protocols' rule: a newer clock replaces the state; the same clock may only clear it.
      if (entry.clock > mine.clock || (entry.clock === mine.clock && json === null && mine.json !== null)) {
        const renewal = json !== null && json === mine.json;
        mine.clock = entry.clock;
        mine.json = json;
        (renewal ? renewed : changed).push({ client: mine.client, clock: mine.clock, json: json ?? 'null' });
      }
    }
    return { changed, renewed };
  }

  /**
   * Presence changes relayed from another instance. Returns the entries to send to this
   * instance's connections. Ids held here stay with their local connection.
   */
  receiveRemote(entries: readonly AwarenessEntry[], now: number): AwarenessEntry[] {
    const changed: AwarenessEntry[] = [];
    for (const entry of entries) {
      if (this.owners.has(entry.client)) continue;
      const known = this.remote.get(entry.client);
      if (entry.json === 'null') {
        if (known) {
          this.remote.delete(entry.client);
          changed.push(entry);
        }
      } else if (!known || entry.clock > known.clock) {
        if (!known && this.remote.size >= MAX_REMOTE_ENTRIES) continue;
        this.remote.set(entry.client, { clock: entry.clock, json: entry.json, seen: now });
        changed.push(entry);
      } else if (entry.clock === known.clock) {
        known.seen = now;
      }
    }
    return changed;
  }

  /** Removes relayed states not renewed for `maxAgeMs`; returns the removals to send. */
  expireRemote(now: number, maxAgeMs: number): AwarenessEntry[] {
    const removed: AwarenessEntry[] = [];
    for (const [client, entry] of this.remote) {
      if (now - entry.seen < maxAgeMs) continue;
      this.remote.delete(client);
      removed.push({ client, clock: entry.clock, json: 'null' });
    }
    return removed;
  }

  /** States of this instance's own connections (answering another instance's query). */
  localEntries(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const conn of this.owners.values()) {
      const own = conn.presence;
      if (own?.json) entries.push({ client: own.client, clock: own.clock, json: own.json });
    }
    return entries;
  }

  /** The connection closed: its state goes. Returns the removal to relay, if it showed one. */
  leave(conn: Connection): AwarenessEntry | null {
    const own = conn.presence;
    if (!own) return null;
    conn.presence = null;
    if (this.owners.get(own.client) === conn) this.owners.delete(own.client);
    return own.json === null ? null : { client: own.client, clock: own.clock, json: 'null' };
  }

  /**
   * Every state shown, as awareness messages of at most `maxAwarenessEntries` entries: clients
   * echo each message they receive, and an echo must stay within the limits.
   */
  snapshot(): Uint8Array[] {
    const entries = this.localEntries();
    for (const [client, { clock, json }] of this.remote) entries.push({ client, clock, json });
    const messages: Uint8Array[] = [];
    for (let i = 0; i < entries.length; i += this.limits.maxAwarenessEntries) {
      messages.push(encodeAwarenessEntries(entries.slice(i, i + this.limits.maxAwarenessEntries)));
    }
    return messages;
  }

  /** The state as relayed: `user.id` and `user.name` are the signed-in user's. */
  private stamp(conn: Connection, state: Record<string, unknown>): string {
    const user = state.user !== null && typeof state.user === 'object' && !Array.isArray(state.user) ? state.user : {};
    const json = JSON.stringify({ ...state, user: { ...user, id: conn.user.id, name: conn.user.displayName } });
    const bytes = Buffer.byteLength(json);
    if (bytes > this.limits.maxAwarenessStateBytes) throw new AwarenessTooLarge(`awareness state of ${bytes} bytes (at most ${this.limits.maxAwarenessStateBytes})`);
    return json;
  }
}
