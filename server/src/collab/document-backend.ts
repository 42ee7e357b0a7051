import type { FastifyInstance } from 'fastify';
import type { AuthUser } from '../auth/auth.ts';
import { currentPermission } from './access.ts';
import { type DocumentStore, pageUpdatesStore } from './document-store.ts';

/**
 * What a collaboration server needs to know about its kind of document besides the content rule
 * (`DocumentKind`): where the update log lives and how to re-check a connected user. One
 * `CollabServer` serves one backend; pages use `pageBackend`, interviews bring their own.
 */
export interface DocumentBackend {
  store: DocumentStore;
  /** A connected user's current permission on the document; null when access is gone. */
  permission(app: FastifyInstance, user: AuthUser, documentId: string): Promise<{ spaceId: string | null; readOnly: boolean } | null>;
  /** Whether the document still exists (else its connections close with `pageGone`). */
  exists(app: FastifyInstance, documentId: string): Promise<boolean>;
}

export const pageBackend: DocumentBackend = {
  store: pageUpdatesStore,
  permission: currentPermission,
  exists: async (app, pageId) => (await app.db.selectFrom('pages').select('id').where('id', '=', pageId).executeTakeFirst()) !== undefined,
};
