import * as Y from 'yjs';
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
    const { pageId, doc } = change;
    const editor = change.editors[change.editors.length - 1];
    if (editor) this.lastEditor.set(pageId, editor);
    if (change.reason === 'unload') {
      this.cancel(pageId);
      await this.take(pageId, () => Promise.resolve(doc), false);
      this.lastEditor.delete(pageId);
      return;
    }
    const latest = await latestVersion(this.app.db, pageId);
    const due = latest ? latest.createdAt.getTime() + this.intervalMs : 0;
    if (Date.now() >= due) {
      this.cancel(pageId);
      await this.take(pageId, () => Promise.resolve(doc), false);
      return;
    }
    if (this.trailing.has(pageId) || this.closed) return;
    const timer = setTimeout(() => {
      this.trailing.delete(pageId);
      if (this.closed) return;
      this.take(pageId, () => this.storedDoc(pageId), true).catch((err) =>
        this.app.log.error({ err, pageId }, 'versions: automatic version failed'),
      );
    }, due - Date.now());
    timer.unref();
    this.trailing.set(pageId, timer);
  };

  /**
   * Shutdown: versions the timers were waiting for are taken now. Changes reported after this
   * still get their version at once (the collaboration server reports every dirty document as
   * it unloads them).
   */
  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.trailing.keys()];
    for (const timer of this.trailing.values()) clearTimeout(timer);
    this.trailing.clear();
    const results = await Promise.allSettled(pending.map((pageId) => this.take(pageId, () => this.storedDoc(pageId), true)));
    for (const result of results) if (result.status === 'rejected') this.app.log.error({ err: result.reason }, 'versions: automatic version at shutdown failed');
  }

  /**
   * The page's document as stored (the live document holds only committed updates, so they
   * are equal), read without opening a collaborative document that would stay loaded.
   */
  private async storedDoc(pageId: string): Promise<Y.Doc> {
    await this.app.collab.log.flushed();
    const loaded = await this.app.collab.log.load(pageId);
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const update of loaded.updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /** `dispose`: the loaded document is a private copy, destroyed once captured. */
  private async take(pageId: string, load: () => Promise<Y.Doc>, dispose: boolean): Promise<void> {
    // Captured synchronously once loaded: the live document keeps changing.
    const doc = await load();
    const captured = captureState(doc);
    if (dispose) doc.destroy();
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
