import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../../server/src/db/schema.ts';

/**
 * The authorisation matrix: every /api/v1 route × every kind of caller → expected status.
 * Each capability keeps its entries in its own file in this folder (exporting `entries`);
 * matrix.test.ts collects them all and fails for any registered route without an entry.
 */
export const PERSONAS = ['anonymous', 'nonMember', 'reader', 'editor', 'owner', 'knowledgeManager', 'admin', 'deactivated'] as const;
export type Persona = (typeof PERSONAS)[number];
export type Expectation = Record<Persona, number>;
export type Transport = 'session' | 'token';

export interface MatrixContext {
  app: FastifyInstance;
  db: Kysely<DB>;
  /** The shared space: reader, editor and owner are members with those roles; the deactivated user was its owner. */
  spaceId: string;
  users: Record<Exclude<Persona, 'anonymous'>, { id: string; email: string }>;
  /** Who is calling now (null for anonymous), for routes about the caller's own things. */
  caller: { id: string; email: string } | null;
  /** A new page in the shared space (or the given one). */
  page(options?: { spaceId?: string; archived?: boolean; parentId?: string }): Promise<string>;
  /** A new space with the same members as the shared one. */
  space(options?: { archived?: boolean }): Promise<string>;
  /** A new account (role user). */
  user(): Promise<{ id: string; email: string }>;
  /** A unique string for names and emails. */
  unique(): string;
}

export interface PreparedRequest {
  url: string;
  body?: unknown;
  /** Extra request headers, e.g. the content type of a raw XML upload. */
  headers?: Record<string, string>;
}

export interface MatrixEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as registered, e.g. `/api/v1/pages/:id`. */
  route: string;
  /** Builds one concrete request; runs for every call, so state changes get fresh targets. */
  request(ctx: MatrixContext): PreparedRequest | Promise<PreparedRequest>;
  expect: Expectation;
  /** Statuses that differ when the caller authenticates with an API token. */
  viaToken?: Partial<Expectation>;
  /** Statuses that differ on one database (a capability only the embedded one has). */
  onBackend?: Partial<Record<'pglite' | 'postgres', Partial<Expectation>>>;
  /** The call changes the caller's own session or account: make a new caller of the persona for it. */
  freshCaller?: boolean;
}

/** Routes anyone may call: the same status for every caller. */
export const everyone = (status: number): Expectation => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Expectation;

/** Routes for any signed-in, active account. */
export const signedIn = (status: number): Expectation => ({ ...everyone(status), anonymous: 401, deactivated: 401 });

/** Instance-role routes: admin and knowledge manager statuses, everyone else signed in gets `others`. */
export const byInstanceRole = (s: { admin: number; knowledgeManager: number; others: number }): Expectation => ({
  ...signedIn(s.others),
  admin: s.admin,
  knowledgeManager: s.knowledgeManager,
});

/**
 * Space- and page-level routes by the caller's access level: none (non-members: 404, never
 * 403), read (readers, knowledge managers), write (editors), manage (owners, admins).
 */
export const byLevel = (s: { none?: number; read: number; write: number; manage: number }): Expectation => ({
  anonymous: 401,
  deactivated: 401,
  nonMember: s.none ?? 404,
  reader: s.read,
  knowledgeManager: s.read,
  editor: s.write,
  owner: s.manage,
  admin: s.manage,
});
