import * as Y from 'yjs';
import type { FastifyInstance } from 'fastify';
import { docToText, yDocToJSON } from '@stafette/schema';
import { recordAudit } from '../audit/record.ts';
import type { PageVersionKind } from '../db/schema.ts';
import { insertVersion, latestVersion, lockPageVersions } from './version-store.ts';

/** A document's state at one moment, taken synchronously (the live document moves on). */
export interface CapturedState {
  state: Uint8Array;
  snapshot: Y.Snapshot;
  text: string;
}

export function captureState(doc: Y.Doc): CapturedState {
  return { state: Y.encodeStateAsUpdate(doc), snapshot: Y.snapshot(doc), text: docToText(yDocToJSON(doc)) };
}

export interface StoreOptions {
  kind: PageVersionKind;
  label?: string | null;
  /** Author (the user who asked, or the last editor of an automatic version). */
  userId: string | null;
  restoredFrom?: string | null;
  /** Skip when the newest version holds the same state (automatic versions). */
  onlyIfChanged?: boolean;
  /** Audit the version as the user's action (manual and restore versions); `ip` of the request. */
  audit?: { ip: string | null };
}

export interface StoredVersion {
  id: string;
  number: number;
  createdAt: Date;
}

/**
 * Stores a captured state as a version. Automatic versions are housekeeping and not audited;
 * versions a user asked for are. Returns null when skipped (unchanged, or the page is gone).
 */
export async function storeVersion(app: FastifyInstance, pageId: string, captured: CapturedState, options: StoreOptions): Promise<StoredVersion | null> {
  return app.db.transaction().execute(async (trx) => {
    if (!(await lockPageVersions(trx, pageId))) return null;
    if (options.onlyIfChanged) {
      const latest = await latestVersion(trx, pageId);
      if (latest && Y.equalSnapshots(Y.decodeSnapshot(latest.ydocSnapshot), captured.snapshot)) return null;
    }
    const stored = await insertVersion(trx, {
      pageId,
      kind: options.kind,
      label: options.label ?? null,
      state: captured.state,
      ydocSnapshot: Y.encodeSnapshot(captured.snapshot),
      text: captured.text,
      restoredFrom: options.restoredFrom ?? null,
      createdBy: options.userId,
    });
    if (options.audit) {
      await recordAudit(trx, {
        actorId: options.userId,
        ip: options.audit.ip,
        action: options.kind === 'restore' ? 'page.version.restore' : 'page.version.create',
        targetType: 'page',
        targetId: pageId,
        detail: { versionId: stored.id, number: stored.number, kind: options.kind, label: options.label ?? null, restoredFrom: options.restoredFrom ?? null },
      });
    }
    return stored;
  });
}
