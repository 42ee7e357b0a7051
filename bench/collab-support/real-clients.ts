import WS from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider } from '@hocuspocus/provider';
import { firstParagraphText, fragmentText } from '@stafette/schema';
import type { ServerKind } from './servers.ts';

// Every provider adds process listeners; a run opens hundreds.
process.setMaxListeners(0);

/**
 * A real Yjs client (its own Y.Doc, the stock provider of its server): y-websocket's
 * `WebsocketProvider` for Stafette and @y/websocket-server, `@hocuspocus/provider` for
 * Hocuspocus, whose wire protocol differs. BroadcastChannel is off so only the server syncs.
 */
export interface RealClient {
  doc: Y.Doc;
  synced: Promise<void>;
  /** Close codes seen (a drop shows here). */
  closes: number[];
  destroy(): void;
}

export interface Target {
  kind: ServerKind;
  url: string;
  /** Room name (a page id for Stafette). */
  room: string;
  /** Collaboration token (Stafette only). */
  token?: string;
}

export function connectReal(target: Target): RealClient {
  const doc = new Y.Doc();
  const closes: number[] = [];
  const { provider, synced } = target.kind === 'hocuspocus' ? hocuspocusProvider(target, doc, closes) : yWebsocketProvider(target, doc, closes);
  return {
    doc,
    synced,
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

interface Connection {
  provider: { destroy(): void };
  synced: Promise<void>;
}

function hocuspocusProvider(target: Target, doc: Y.Doc, closes: number[]): Connection {
  let resolveSynced!: () => void;
  const synced = new Promise<void>((r) => (resolveSynced = r));
  const provider = new HocuspocusProvider({
    url: target.url,
    name: target.room,
    document: doc,
    token: 'bench',
    WebSocketPolyfill: WS,
    onSynced: () => resolveSynced(),
    onClose: ({ event }) => closes.push(event.code),
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  return { provider, synced };
}

function yWebsocketProvider(target: Target, doc: Y.Doc, closes: number[]): Connection {
  const base = target.kind === 'stafette' ? `${target.url}/collab` : target.url;
  const provider = new WebsocketProvider(base, target.room, doc, {
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    disableBc: true,
    params: target.token ? { token: target.token } : {},
  });
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return { provider, synced };
}

/** The paragraph text of the page body (y-prosemirror's shape), created when missing. */
export const paragraphText = (doc: Y.Doc): Y.XmlText => firstParagraphText(doc);

/** All text of the page body. */
export const bodyText = (doc: Y.Doc): string => fragmentText(doc, '\n');
