/**
 * Cutting a browser context off the server. Playwright's setOffline does not close WebSockets
 * that are already open, so collaboration sockets go through `routeWebSocket`: while "online"
 * each is relayed to the real server, "offline" closes the open ones and refuses new ones.
 * HTTP is cut with setOffline, which the service worker's own fetches also see.
 */
import type { BrowserContext, WebSocketRoute } from 'playwright-core';

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
