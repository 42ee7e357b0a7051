/**
 * Cutting a browser context off the server. Playwright's setOffline does not close WebSockets
 * that are already open, so collaboration sockets go through `routeWebSocket`: while "online"
 * each is relayed to the real server, "offline" closes the open ones and refuses new ones.
 * HTTP is cut with setOffline, which the service worker's own fetches also see.
 */
import * as Y from 'yjs';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { PROSEMIRROR_FRAGMENT } from '@stafette/schema';

/**
 * A routed socket stays open in the page until Playwright relays the server's close; a message
 * the page sends in between goes into the relay's closed socket, which Chromium logs. The app's
 * own socket never sends into a closed one (OpenOnlyWebSocket), so this line is the relay's.
 */
const RELAY_CLOSED_SEND = 'console: WebSocket is already in CLOSING or CLOSED state.';

/** The problems a page recorded, without the line the socket relay itself causes. */
export function problemsBesidesRelay(problems: readonly string[]): string[] {
  return problems.filter((problem) => problem !== RELAY_CLOSED_SEND);
}

/**
 * The text of a page as this browser holds it on the device (its y-indexeddb copy), read without
 * the app: what survives if the app is closed right now.
 */
export async function textOnDevice(page: Page, userId: string, pageId: string): Promise<string> {
  const updates = await page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((db) => db.name === name)) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const all = await new Promise<Uint8Array[]>((resolve, reject) => {
        const request = db.transaction('updates', 'readonly').objectStore('updates').getAll();
        request.onsuccess = () => resolve(request.result as Uint8Array[]);
        request.onerror = () => reject(request.error);
      });
      return all.map((update) => Array.from(update));
    } finally {
      db.close();
    }
  }, `stafette:${userId}:${pageId}`);
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  return doc.getXmlFragment(PROSEMIRROR_FRAGMENT).toString();
}

export interface NetworkSwitch {
  /** Closes the collaboration sockets and refuses new ones (HTTP keeps working). */
  dropSockets(): Promise<void>;
  /** Sockets and HTTP both gone. */
  goOffline(): Promise<void>;
  /** Everything back. */
  goOnline(): Promise<void>;
}

export async function networkSwitch(context: BrowserContext): Promise<NetworkSwitch> {
  let socketsAllowed = true;
  const open = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/collab\//, (ws) => {
    if (!socketsAllowed) {
      // Like a connection that failed: the client backs off and tries again.
      void ws.close({ code: 4000, reason: 'offline' });
      return;
    }
    const server = ws.connectToServer();
    open.add(ws);
    ws.onClose(() => {
      open.delete(ws);
      void server.close();
    });
    server.onClose((code, reason) => {
      open.delete(ws);
      // Codes a page may not send itself (1005, 1006, 1011–1013) arrive as a transient close.
      const forwarded = code !== undefined && (code === 1000 || (code >= 3000 && code <= 4999)) ? code : 4000;
      void ws.close({ code: forwarded, reason });
    });
  });

  const dropSockets = async () => {
    socketsAllowed = false;
    await Promise.all([...open].map((ws) => ws.close({ code: 4000, reason: 'offline' })));
    open.clear();
  };
  return {
    dropSockets,
    async goOffline() {
      await dropSockets();
      await context.setOffline(true);
    },
    async goOnline() {
      await context.setOffline(false);
      socketsAllowed = true;
    },
  };
}
