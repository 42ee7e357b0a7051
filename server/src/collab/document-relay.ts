import type { AwarenessEntry } from './protocol.ts';
import type { RemoteAccepted } from './room.ts';

/**
 * The link between the instances serving the same documents (server/src/cluster/collab-relay.ts
 * over Redis; none with one instance). A `CollabServer` publishes what its own clients changed,
 * as soon as it accepted it, a confirmation once that is committed, and their presence; it
 * receives the others' through a `RemoteReceiver`.
 */
export interface DocumentRelay {
  /** Start receiving a document's messages; resolves once subscribed (or at once while the link is down). */
  join(documentId: string): Promise<void>;
  leave(documentId: string): void;
  /**
   * Accepted, not yet committed updates of this instance's clients (and server edits made here);
   * `seq` numbers the last, `committed` confirms this instance's updates of the document up to it.
   */
  accepted(documentId: string, updates: Uint8Array[], seq: number, committed: number): void;
  /** This instance's accepted updates of the document numbered up to `seq` are committed. */
  committed(documentId: string, seq: number): void;
  /** Presence changes of this instance's connections (`json` 'null': gone). */
  presence(documentId: string, entries: AwarenessEntry[]): void;
  /** Ask the other instances for their connections' presence (a document opened here). */
  queryPresence(documentId: string): void;
  close(): Promise<void>;
}

/** What the relay hands to a `CollabServer`. */
export interface RemoteReceiver {
  /**
   * Updates of another instance: accepted there and numbered (`accepted`, to be confirmed), or
   * already committed (without `accepted`).
   */
  updates(documentId: string, updates: Uint8Array[], accepted?: RemoteAccepted): void;
  /** Another instance committed its accepted updates of the document numbered up to `seq`. */
  committed(documentId: string, origin: string, seq: number): void;
  /** Presence changes of another instance's connections. */
  presence(documentId: string, entries: AwarenessEntry[]): void;
  /** Another instance opened the document and asks for the presence shown here. */
  presenceQuery(documentId: string): void;
  /** Another instance could not publish some of its commits: read the document's log again. */
  catchUp(documentId: string): void;
  /** The link was down and may have missed messages: every open document reads its log again. */
  resync(): void;
}
