/**
 * Sends the offline edits of every page marked pending (pending-edits.ts) once a connection is
 * there: each page's local copy is exchanged with the server and the mark goes when the server
 * confirms it has the edits. One run at a time; a request during a run starts another after it.
 */
import { clearPending, pendingPages } from './pending-edits.ts';
import { syncPage } from './page-sync.ts';

let running: Promise<void> | null = null;
let again = false;

async function run(userId: string): Promise<void> {
  do {
    again = false;
    for (const pageId of pendingPages(userId)) {
      if (!navigator.onLine) return;
      const outcome = await syncPage(userId, pageId, { confirm: true });
      // Refused edits stay in the local copy; the page shows them with ways to keep the text.
      if (outcome.status !== 'failed') clearPending(userId, pageId);
    }
  } while (again);
}

export function requestSendPending(userId: string): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = run(userId).finally(() => {
    running = null;
  });
  return running;
}
