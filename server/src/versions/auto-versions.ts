import type * as Y from 'yjs';
import type { FastifyInstance } from 'fastify';
import type { DocumentChange } from '../collab/collab-server.ts';
import { captureState, storeVersion } from './capture.ts';
import { latestVersion } from './version-store.ts';

/**
 * Automatic versions: at most one per interval while a page is edited, and one when editing
 * ends (the document is unloaded after its last editor left). Driven by the collaboration
 * server's settled changes; a change inside the interval schedules one trailing version at its
 * end, so the last edits of a session are kept even when the document unloads unchanged
 * (it was already derived) before.
 */
export class AutoVersions {
  private readonly trailing = new Map<string, NodeJS.Timeout>();
  /** Last editor seen per page since its newest version: the author of the next one. */
  private readonly lastEditor = new Map<string, string>();
  private closed = false;

  constructor(
    private readonly app: FastifyInstance,
    private readonly intervalMs: number,
  ) {}

  readonly onChange = async (change: DocumentChange): Promise<void> => {
    if (this.closed) return;
    const { pageId, doc } = change;
    const editor = change.editors[change.editors.length - 1];
    if (editor) this.lastEditor.set(pageId, editor);
    if (change.reason === 'unload') {
      this.cancel(pageId);
      await this.take(pageId, () => Promise.resolve(doc));
      this.lastEditor.delete(pageId);
      return;
    }
    const latest = await latestVersion(this.app.db, pageId);
    const due = latest ? latest.createdAt.getTime() + this.intervalMs : 0;
    if (Date.now() >= due) {
      this.cancel(pageId);
      await this.take(pageId, () => Promise.resolve(doc));
      return;
    }
    if (this.trailing.has(pageId)) return;
    const timer = setTimeout(() => {
      this.trailing.delete(pageId);
      if (this.closed) return;
      // The document may have been unloaded meanwhile: getDocument loads it again.
      this.take(pageId, () => this.app.collab.getDocument(pageId)).catch((err) =>
        this.app.log.error({ err, pageId }, 'versions: automatic version failed'),
      );
    }, due - Date.now());
    timer.unref();
    this.trailing.set(pageId, timer);
  };

  /** Stops the timers (shutdown). */
  close(): void {
    this.closed = true;
    for (const timer of this.trailing.values()) clearTimeout(timer);
    this.trailing.clear();
  }

  private async take(pageId: string, load: () => Promise<Y.Doc>): Promise<void> {
    // Captured synchronously once loaded: the live document keeps changing.
    const captured = captureState(await load());
    const stored = await storeVersion(this.app, pageId, captured, {
      kind: 'auto',
      userId: this.lastEditor.get(pageId) ?? null,
      onlyIfChanged: true,
    });
    if (stored) this.lastEditor.delete(pageId);
  }

  private cancel(pageId: string): void {
    const timer = this.trailing.get(pageId);
    if (timer) clearTimeout(timer);
    this.trailing.delete(pageId);
  }
}
