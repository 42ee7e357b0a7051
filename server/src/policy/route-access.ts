import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type AuthUser, currentUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { type CommentAction, type CommentGrant, decideComment } from './comments.ts';
import { type Decision, hidden, notAllowed, refuse } from './decision.ts';
import { canOnInstance, type InstanceAction, instanceRefusalDetail } from './instance.ts';
import type { InterviewAction } from './interviews.ts';
import type { ProcessAction } from './processes.ts';
import { decideTemplate, decideTemplateGallery, type TemplateAction, type TemplateGrant } from './templates.ts';
import { decideReadingPath, type ReadingPathAction, type ReadingPathGrant } from './reading-paths.ts';
import {
  decideAttachment,
  decideInterview,
  decidePage,
  decideProcess,
  decideSpace,
  type InterviewGrant,
  type PageGrant,
  type PageRouteAction,
  type ProcessGrant,
  type SpaceGrant,
} from './resources.ts';
import type { SpaceAction } from './spaces.ts';
import { isUuid } from './uuid.ts';

/**
 * What a route declares in `config.access` (or it says `config.public`): the access hook
 * checks it before the handler runs and puts what it learnt on `request.grants`.
 *
 *   access: 'signed-in'                                          any active account
 *   access: { resource: 'instance', action: 'audit.read' }       an instance role
 *   access: { resource: 'page', action: 'editContent' }          the page in params.id
 *   access: { resource: 'space', action: 'createPage', id: 'body.spaceId' }
 *   access: [{ resource: 'space', action: 'read', id: 'query.spaceId', optional: true }, …]
 *   access: { resource: 'process', action: 'import', early: true }   also before the body is read
 *
 * An action may be picked from the request when it depends on it (leaving a space oneself is
 * reading it; removing someone else is managing members).
 */
export type IdSource = `${'params' | 'query' | 'body'}.${string}`;

type ActionOf<A extends string> = A | ((request: FastifyRequest) => A);

/** Where an early check finds the id: the body is not read yet. */
type EarlyIdSource = `${'params' | 'query'}.${string}`;

type CheckOf<R extends string, A extends string> = {
  resource: R;
  action: ActionOf<A>;
  /** The id is an optional filter: nothing to check when the request leaves it out. */
  optional?: boolean;
} & (
  | {
      /** Where the resource's id is; `params.id` when left out. */
      id?: IdSource;
      early?: false;
    }
  | {
      id?: EarlyIdSource;
      /**
       * Also decide as the request arrives, before its body is read (uploads: a stranger is
       * refused before sending megabytes). The check runs again before the handler, which
       * decides: a long upload may outlast a change of role.
       */
      early: true;
    }
);

export type ResourceCheck =
  | CheckOf<'page', PageRouteAction>
  /** A file attached to a page: decided as the action on its page (the grant is the page's). */
  | CheckOf<'attachment', PageRouteAction>
  | CheckOf<'space', SpaceAction>
  | CheckOf<'process', ProcessAction>
  | CheckOf<'interview', InterviewAction>
  | CheckOf<'comment', CommentAction>
  /** A template (`params.id`); its gallery decides (policy/templates.ts). */
  | CheckOf<'template', TemplateAction>
  /** Adding to a template gallery: the space's in `id`, or the global one when the request leaves it out. */
  | CheckOf<'templateGallery', 'create'>
  | CheckOf<'readingPath', ReadingPathAction>;

export interface InstanceCheck {
  resource: 'instance';
  action: ActionOf<InstanceAction>;
}

export type RouteAccess = 'signed-in' | InstanceCheck | ResourceCheck | readonly ResourceCheck[];

/** What the checks of a route learnt, by resource. */
export interface Grants {
  page?: PageGrant;
  space?: SpaceGrant;
  process?: ProcessGrant;
  interview?: InterviewGrant;
  comment?: CommentGrant;
  template?: TemplateGrant;
  templateGallery?: { user: AuthUser; spaceId: string | null };
  readingPath?: ReadingPathGrant;
}

const pick = <A extends string>(action: ActionOf<A>, request: FastifyRequest): A => (typeof action === 'function' ? action(request) : action);

function idFrom(request: FastifyRequest, source: IdSource = 'params.id'): string | undefined {
  const dot = source.indexOf('.');
  const bag = request[source.slice(0, dot) as 'params' | 'query' | 'body'] as Record<string, unknown> | null | undefined;
  const value = bag?.[source.slice(dot + 1)];
  return typeof value === 'string' ? value : undefined;
}

function decided<G>(decision: Decision<G>): G {
  if (!decision.allow) refuse(decision);
  return decision.grant;
}

async function check(db: Kysely<DB>, user: AuthUser, request: FastifyRequest, grants: Grants, entry: ResourceCheck): Promise<void> {
  if (entry.resource === 'templateGallery') {
    grants.templateGallery = decided(await decideTemplateGallery(db, user, idFrom(request, entry.id) ?? null));
    return;
  }
  const id = idFrom(request, entry.id);
  if (id === undefined) {
    if (entry.optional) return;
    refuse(hidden(entry.resource));
  }
  switch (entry.resource) {
    case 'page':
      grants.page = decided(await decidePage(db, user, id, pick(entry.action, request)));
      return;
    case 'attachment':
      grants.page = decided(await decideAttachment(db, user, id, pick(entry.action, request)));
      return;
    case 'space':
      grants.space = decided(await decideSpace(db, user, id, pick(entry.action, request)));
      return;
    case 'process':
      grants.process = decided(await decideProcess(db, user, id, pick(entry.action, request)));
      return;
    case 'interview':
      grants.interview = decided(await decideInterview(db, user, id, pick(entry.action, request)));
      return;
    case 'comment':
      grants.comment = decided(await decideComment(db, user, id, pick(entry.action, request)));
      return;
    case 'template':
      grants.template = decided(await decideTemplate(db, user, id, pick(entry.action, request)));
      return;
    case 'readingPath':
      grants.readingPath = decided(await decideReadingPath(db, user, id, pick(entry.action, request)));
      return;
  }
}

/**
 * Checks a route's declared access for the signed-in caller; refuses with 404/403/409
 * problems, else returns the grants. Checks run in order: the first refusal answers.
 */
export async function checkRouteAccess(db: Kysely<DB>, request: FastifyRequest, access: RouteAccess): Promise<Grants> {
  const user = currentUser(request);
  const grants: Grants = {};
  if (access === 'signed-in') return grants;
  if (isList(access)) {
    for (const entry of access) await check(db, user, request, grants, entry);
  } else if (access.resource === 'instance') {
    const action = pick(access.action, request);
    if (!canOnInstance(user, action)) refuse(notAllowed(instanceRefusalDetail(action, user)));
  } else {
    await check(db, user, request, grants, access);
  }
  return grants;
}

const isList = (access: RouteAccess): access is readonly ResourceCheck[] => Array.isArray(access);

/**
 * The `early: true` checks of a route, as the request arrives (after authentication, before
 * the body is read); refuses like the full check. An id that is missing or not a UUID is left
 * to validation, which answers 400 as it would without the early check.
 */
export async function checkEarlyAccess(db: Kysely<DB>, request: FastifyRequest, access: RouteAccess): Promise<void> {
  if (access === 'signed-in' || (!isList(access) && access.resource === 'instance')) return;
  for (const entry of isList(access) ? access : [access]) {
    const id = entry.early ? idFrom(request, entry.id) : undefined;
    // The grants are learnt again, fresh, by the check before the handler.
    if (id !== undefined && isUuid(id)) await check(db, currentUser(request), request, {}, entry);
  }
}

/**
 * The grant the route's access check put on the request. A route that reads a grant it did
 * not declare is a programming error (500), caught by its first test.
 */
export function grantOf<R extends keyof Grants>(request: FastifyRequest, resource: R): NonNullable<Grants[R]> {
  const grant = request.grants?.[resource];
  if (!grant) throw new Error(`${request.method} ${request.routeOptions.url} reads a ${resource} grant but declares no ${resource} access`);
  return grant as NonNullable<Grants[R]>;
}
