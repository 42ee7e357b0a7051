import WS from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { firstParagraphText, fragmentText } from '@stafette/schema';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';
import type { Backend } from './databases.ts';
import { pageUpdatesStore, type StoredRow } from '../../server/src/collab/document-store.ts';
import type { CollabOptions } from '../../server/src/collab/options.ts';
import type { Config } from '../../server/src/config.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

/**
 * Collaboration tests run the real server on a free port and connect real y-websocket
 * providers (`ws` in Node, BroadcastChannel off so only the server can sync them).
 */
// Every provider adds a process 'exit' listener; tests open many.
process.setMaxListeners(500);

export interface CollabTestApp extends TestApp {
  port: number;
  baseUrl: string;
  /** A peer on a page of this app (see connectPeer), destroyed when the app closes. */
  connect(pageId: string, auth: PeerAuth, options?: { connect?: boolean }): TestPeer;
  /** Has `peer` destroyed when the app closes; returns it. */
  track<P extends { destroy(): void }>(peer: P): P;
}

/** Collaboration timers shortened for tests: documents unload and change listeners run sooner. */
export const shortTimers: Partial<CollabOptions> = { unloadGraceMs: 300, changeDebounceMs: 100, changeMaxWaitMs: 500 };

/** The app listening on a free port, with `shortTimers` under the given collaboration options. */
export async function startCollabApp(backend: Backend, config: Partial<Config> = {}, options: TestAppOptions = {}): Promise<CollabTestApp> {
  const t = await createTestApp(backend, config, { ...options, collab: { ...shortTimers, ...options.collab } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as { port: number }).port;
  const baseUrl = `ws://127.0.0.1:${port}/collab`;
  const peers: { destroy(): void }[] = [];
  const track = <P extends { destroy(): void }>(peer: P): P => {
    peers.push(peer);
    return peer;
  };
  const closeApp = t.close;
  return Object.assign(t, {
    port,
    baseUrl,
    track,
    connect: (pageId: string, auth: PeerAuth, options?: { connect?: boolean }) => track(connectPeer(baseUrl, pageId, auth, options)),
    async close() {
      for (const peer of peers) peer.destroy();
      await closeApp();
    },
  });
}

/** A `ws` WebSocket class that sends fixed headers (session cookie, Origin, Bearer token). */
export function wsWithHeaders(headers: Record<string, string>): typeof WS {
  return class extends WS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  } as unknown as typeof WS;
}

/** A real provider that records how its socket closed and which permission denials it got. */
export interface ProviderPeer {
  doc: Y.Doc;
  provider: WebsocketProvider;
  closes: { code: number; reason: string }[];
  permissionDenied: string[];
  destroy(): void;
}

/** Connects a y-websocket provider to `room` under `baseUrl`, sending `headers` on the upgrade. */
export function openProvider(
  baseUrl: string,
  room: string,
  headers: Record<string, string>,
  options: { connect?: boolean; params?: Record<string, string> } = {},
): ProviderPeer {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(baseUrl, room, doc, {
    WebSocketPolyfill: wsWithHeaders(headers) as unknown as typeof WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    params: options.params ?? {},
    maxBackoffTime: 500,
  });
  const closes: ProviderPeer['closes'] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  const permissionDenied: string[] = [];
  provider.messageHandlers[2] = (_encoder, decoder) => {
    // y-protocols auth message: 0 = permission denied, then the reason
    if (decoding.readVarUint(decoder) === 0) permissionDenied.push(decoding.readVarString(decoder));
  };
  return {
    doc,
    provider,
    closes,
    permissionDenied,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** How a page peer signs in: a session cookie, an API token, and any further upgrade headers (e.g. Origin). */
export interface PeerAuth {
  cookie?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestPeer extends ProviderPeer {
  text: Y.XmlText;
}

/**
 * A real provider on a page. Text goes into a paragraph of the `prosemirror` fragment (the
 * shape y-prosemirror writes).
 */
export function connectPeer(baseUrl: string, pageId: string, auth: PeerAuth, options: { connect?: boolean } = {}): TestPeer {
  const headers = { ...(auth.cookie ? { cookie: auth.cookie } : {}), ...auth.headers };
  const peer = openProvider(baseUrl, pageId, headers, { connect: options.connect, params: auth.token ? { token: auth.token } : {} });
  return { ...peer, text: ensureParagraph(peer.doc) };
}

/** Removes the paragraph connectPeer seeds for typing tests, so the peer's page body starts empty. */
export function emptyBody(peer: TestPeer): TestPeer {
  const fragment = peer.doc.getXmlFragment('prosemirror');
  peer.doc.transact(() => fragment.delete(0, fragment.length));
  return peer;
}

/** The first paragraph's text of the page body, created locally if missing. */
export const ensureParagraph = (doc: Y.Doc): Y.XmlText => firstParagraphText(doc);

/** All text of the page body, in document order. */
export const bodyText = (doc: Y.Doc): string => fragmentText(doc, '|');

/** Polls `check` (also an asynchronous one, such as a read of the store) until it holds or `timeoutMs` passed. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  for (const started = Date.now(); !(await check()); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

export const synced = (peer: ProviderPeer, timeoutMs = 10_000) => waitFor(() => peer.provider.synced, timeoutMs, 'sync');

/**
 * Holds a page between unload and its next load until the returned function is called, so
 * sockets opened meanwhile wait in the loading phase. Change listeners take turns and the unload
 * runs them: a listener that waits keeps the unload, and every load of the page behind it,
 * from finishing. The page gets the text "Anfang" on the way.
 */
export async function holdLoading(t: CollabTestApp, pageId: string, cookie: string): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  const off = t.app.collab.onChange(async (change) => {
    if (change.pageId !== pageId || holding) return;
    holding = true;
    await gate;
  });
  const peer = connectPeer(t.baseUrl, pageId, { cookie });
  try {
    await synced(peer);
    peer.text.insert(0, 'Anfang');
    await waitFor(() => holding, 5000, 'change listener holds');
  } finally {
    peer.destroy();
  }
  const rooms = (t.app.collab as unknown as { rooms: Map<string, unknown> }).rooms;
  await waitFor(() => !rooms.has(pageId), 5000, 'unload started');
  return () => {
    off();
    release();
  };
}

/** A socket speaking raw frames, to send what no real client would. */
export class RawClient {
  readonly ws: WS;
  readonly received: Uint8Array[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(url: string, cookie: string) {
    this.ws = new WS(url, { headers: { cookie } });
    this.ws.on('message', (data: Buffer) => this.received.push(new Uint8Array(data)));
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Open, greeted by the server (its sync step 1 arrived) and answered like a real client with an empty document. */
  async ready(answer = true): Promise<this> {
    await this.opened;
    await waitFor(() => this.received.length > 0, 5000, 'server greeting');
    if (answer) this.send(syncFrame(1, Y.encodeStateAsUpdate(new Y.Doc())));
    return this;
  }

  send(frame: Uint8Array | string): void {
    if (this.ws.readyState === WS.OPEN) this.ws.send(frame);
  }
}

export function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** An awareness message setting the given client ids' states (null removes), as any client could send it. */
export function awarenessFrame(entries: { client: number; clock: number; state: unknown }[]): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const { client, clock, state } of entries) {
    encoding.writeVarUint(update, client);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
  return encoding.toUint8Array(e);
}

/** Stored rows of a page's update log (bundles unpacked). */
export function logRows(db: Kysely<DB>, pageId: string): Promise<StoredRow[]> {
  return pageUpdatesStore.rows(db, pageId);
}

/** The document the stored log of a page describes. */
export async function storedDoc(db: Kysely<DB>, pageId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const row of await logRows(db, pageId)) for (const update of row.updates) Y.applyUpdate(doc, update);
  return doc;
}
