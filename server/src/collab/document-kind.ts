import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { AuthUser } from '../auth/auth.ts';
import type { Credential } from './credentials.ts';
import type { DocumentStore } from './document-store.ts';

/** What a user may do with a document now. */
export interface DocumentPermission {
  /** The space whose access events concern the document; null for documents outside spaces (interviews). */
  spaceId: string | null;
  readOnly: boolean;
}

/** Who opens a socket and with which credential (re-checked when the user's credentials are revoked). */
export interface SocketCaller {
  user: AuthUser;
  credential: Credential;
}

/** A document kind's answer before the upgrade: who, and what they may do. */
export interface SocketPermission extends SocketCaller, DocumentPermission {}

/** An authorised upgrade as the collaboration server takes it over. */
export interface Grant extends SocketPermission {
  documentId: string;
  /** `CollabServer.accessVersion` read before the permission was decided. */
  accessVersion: number;
}

/**
 * A kind of collaborative document, declared once (as a Hocuspocus extension would be): its
 * socket route, who may open it and write, how a connected user is checked again, where its
 * update log lives and what it may contain. The collaboration plugin (plugin.ts) serves every
 * kind alike: one socket route and one `CollabServer` each, with the same protocol,
 * validation, group commit, presence, Origin check and re-checks on access events.
 *
 * Pages are `pageKind` (page-kind.ts); interviews declare theirs in server/src/interviews.
 */
export interface DocumentKind {
  /** Names the kind in logs. */
  name: string;
  /** The `app` property its server is reached under. */
  decorator: 'collab' | 'interviewCollab';
  /** The WebSocket route, e.g. `/collab/:pageId`, and the route parameter naming the document. */
  path: string;
  idParam: string;
  /** OpenAPI summary and request schemas of the route (@fastify/websocket hides it from the description, the schemas still validate). */
  summary: string;
  params: TSchema;
  querystring?: TSchema;
  /**
   * Before the upgrade, after the Origin check: who asks (see `socketCaller`) and what they may
   * do. Throws a problem (401 nobody, 404 no access or no such document) so no socket opens.
   */
  authorise(app: FastifyInstance, request: FastifyRequest, documentId: string): Promise<SocketPermission>;
  /** A connected user's permission now (on access events and `revalidate`); null when access is gone. */
  permission(app: FastifyInstance, user: AuthUser, documentId: string): Promise<DocumentPermission | null>;
  /** Whether the document still exists (else its sockets close with `pageGone`). */
  exists(app: FastifyInstance, documentId: string): Promise<boolean>;
  /** Whether updates may write into the top-level shared type called `root`. */
  allowsRoot(root: string): boolean;
  /** Where its update log lives. */
  store: DocumentStore;
}
