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
}

const MESSAGE_AUTH = 2;

export function collabServerUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
}

export function useCollab(pageId: string, user: { id: string; displayName: string }): CollabState {
  const [session, setSession] = useState<CollabSession | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [synced, setSynced] = useState(false);
  const [permissionDenied, setPermissionDenied] = useState(false);
  const [peers, setPeers] = useState<Peer[]>([]);

  useEffect(() => {
    const ydoc = new Y.Doc();
    const provider = new WebsocketProvider(collabServerUrl(), pageId, ydoc, { disableBc: true });
    // Replace the provider's default auth handler (a console warning) with visible state.
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder: encoding.Encoder, decoder: decoding.Decoder) => {
      authProtocol.readAuthMessage(decoder, ydoc, () => setPermissionDenied(true));
    };
    provider.awareness.setLocalStateField('user', { id: user.id, name: user.displayName, color: userColor(user.id) });

    const onStatus = ({ status: next }: { status: ConnectionStatus }) => setStatus(next);
    const onSync = (isSynced: boolean) => setSynced(isSynced);
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

    return () => {
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.awareness.off('change', onAwareness);
      provider.destroy();
      ydoc.destroy();
      setSession(null);
    };
  }, [pageId, user.id, user.displayName]);

  return { session, status, synced, permissionDenied, peers };
}
