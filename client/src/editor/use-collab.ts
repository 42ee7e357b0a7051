/**
 * The live connection of one page: its Y.Doc, the y-websocket provider on /collab/:pageId
 * (the browser sends the session cookie), connection status, who else is here (awareness),
 * and whether the server refused our edits (y-protocols auth message "permission-denied",
 * which the server sends to readers).
 */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import { userColor } from './colors.ts';
import { persistLocally } from '../offline/local-docs.ts';
import { watchRefusedEdits } from '../offline/refused-edits.ts';
import { markPending } from '../offline/pending-edits.ts';
import { requestSendPending } from '../offline/send-pending.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export interface Peer {
  clientId: number;
  userId: string;
  name: string;
  color: string;
  self: boolean;
}

export interface CollabSession {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
}

export interface CollabState {
  session: CollabSession | null;
  status: ConnectionStatus;
  synced: boolean;
  permissionDenied: boolean;
  peers: Peer[];
  /** Local edits the server did not take (demoted or locked out meanwhile); null when none. */
  refused: Uint8Array | null;
  /** The local copy (IndexedDB) was loaded; only with `offline`. */
  localLoaded: boolean;
}

export interface CollabOptions {
  /** Keep a local copy in IndexedDB so the document stays editable and survives reloads offline. */
  offline?: boolean;
}

const MESSAGE_AUTH = 2;

/**
 * y-websocket answers a message without checking the socket is still open. A message that arrived
 * just before the server's close frame (sign-out ends the session's sockets) would be answered into
 * a closing socket; the browser drops it anyway, so drop it here and keep the console clean.
 */
export class OpenOnlyWebSocket extends WebSocket {
  override send(data: Parameters<WebSocket['send']>[0]): void {
    if (this.readyState === WebSocket.OPEN) super.send(data);
  }
}

export function collabServerUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

export function useCollab(pageId: string, user: { id: string; displayName: string }, options: CollabOptions = {}): CollabState {
  const offline = options.offline ?? false;
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [permissionDenied, setPermissionDenied] = useState(false);
  const [peers, setPeers] = useState<Peer[]>([]);
  const [refused, setRefused] = useState<Uint8Array | null>(null);
  const [localLoaded, setLocalLoaded] = useState(false);

  useEffect(() => {
    const ydoc = new Y.Doc();
    // The local copy loads alongside the connection; Yjs merges both in any order.
    const local = offline ? persistLocally(user.id, pageId, ydoc) : null;
    if (local) void local.whenSynced.then(() => setLocalLoaded(true));
    const provider = new WebsocketProvider(collabServerUrl(), pageId, ydoc, { disableBc: true, WebSocketPolyfill: OpenOnlyWebSocket });
    const refusedWatch = watchRefusedEdits(provider, ydoc, setRefused);
    // Replace the provider's default auth handler (a console warning) with visible state.
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      authProtocol.readAuthMessage(decoder, ydoc, () => {
        setPermissionDenied(true);
        refusedWatch.denied();
      });
    };
    const onClosed = () => refusedWatch.closedForGood();
    provider.on('closed', onClosed);
    provider.awareness.setLocalStateField('user', { id: user.id, name: user.displayName, color: userColor(user.id) });

    // Retrying after a failed attempt is still being offline for the person at the keyboard.
    const onStatus = ({ status: next }: { status: ConnectionStatus }) => setStatus(next === 'connecting' && provider.wsUnsuccessfulReconnects > 0 ? 'disconnected' : next);
    const onConnectionClose = () => setStatus('disconnected');
    provider.on('connection-close', onConnectionClose);
    const onSync = (isSynced: boolean) => {
      setSynced(isSynced);
      // Live again: edits made meanwhile (here or on other kept pages) are confirmed and counted down.
      if (isSynced && offline) void requestSendPending(user.id);
    };
    // An edit without a socket waits on this device; the count of waiting pages shows it. (With
    // a socket, even before the first sync, y-websocket sends each update at once.)
    const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
      if (!offline || origin === provider || origin === local) return;
      if (!provider.wsconnected) markPending(user.id, pageId);
    };
    ydoc.on('update', onLocalUpdate);
    const onAwareness = () => {
      const seen = new Map<string, Peer>();
      provider.awareness.getStates().forEach((state, clientId) => {
        const info = state.user as { id?: string; name?: string; color?: string } | undefined;
        if (!info?.id || !info.name) return;
        const self = clientId === ydoc.clientID;
        const peer: Peer = { clientId, userId: info.id, name: info.name, color: info.color ?? userColor(info.id), self };
        // The same person in two tabs is one avatar; our own entry wins so "(you)" shows.
        if (!seen.has(info.id) || self) seen.set(info.id, peer);
      });
      setPeers(Array.from(seen.values()).sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name)));
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.awareness.on('change', onAwareness);
    onAwareness();
    setSession({ ydoc, provider });
    setStatus('connecting');
    setSynced(false);
    setPermissionDenied(false);
    setRefused(null);
    setLocalLoaded(false);

    return () => {
      refusedWatch.dispose();
      ydoc.off('update', onLocalUpdate);
      provider.off('closed', onClosed);
      provider.off('connection-close', onConnectionClose);
      void local?.destroy();
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      ydoc.destroy();
      setSession(null);
    };
  }, [pageId, user.id, user.displayName, offline]);

  return { session, status, synced, permissionDenied, peers, refused, localLoaded };
}
