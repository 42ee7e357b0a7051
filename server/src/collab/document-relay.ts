import type { AwarenessEntry } from './protocol.ts';

/**
 * The link between the instances serving the same documents (server/src/cluster/collab-relay.ts
 * over Redis; none with one instance). A `CollabServer` publishes what its own clients changed,
 * once committed, and their presence; it receives the others' through a `RemoteReceiver`.
 */
export interface DocumentRelay {
  /** Start receiving a document's messages; resolves once subscribed (or at once while the link is down). */
  join(documentId: string): Promise<void>;
  leave(documentId: string): void;
  /** Committed updates of this instance's clients (and server edits made here). */
  updates(documentId: string, updates: Uint8Array[]): void;
  /** Presence changes of this instance's connections (`json` 'null': gone). */
  presence(documentId: string, entries: AwarenessEntry[]): void;
  /** Ask the other instances for their connections' presence (a document opened here). */
  queryPresence(documentId: string): void;
  close(): Promise<void>;
}

/** What the relay hands to a `CollabServer`. */
export interface RemoteReceiver {
  /** Committed updates of another instance. */
  updates(documentId: string, updates: Uint8Array[]): void;
  /** Presence changes of another instance's connections. */
  presence(documentId: string, entries: AwarenessEntry[]): void;
  /** Another instance opened the document and asks for the presence shown here. */
  presenceQuery(documentId: string): void;
  /** Another instance could not publish some of its commits: read the document's log again. */
  catchUp(documentId: string): void;
  /** The link was down and may have missed messages: every open document reads its log again. */
  resync(): void;
}
