import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateSpaceBody,
  IdParams,
  MemberListSchema,
  MemberParams,
  MemberSchema,
  NoBody,
  NoContent,
  SetMemberBody,
  SpaceListQuery,
  SpaceListSchema,
  SpaceSchema,
  TreeSchema,
  UpdateSpaceBody,
} from '@stafette/api';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import type { SpaceAction } from '../policy/spaces.ts';
import { loadTree } from '../pages/tree-view.ts';
import { readableSpaces, spaceMember, spaceMembers, spaceView } from './spaces-queries.ts';
import { createSpace, removeMember, setMember, setSpaceArchived, updateSpace } from './spaces-service.ts';

const tags = ['spaces'];

/** Leaving a space needs only to be in it; removing someone else is managing its members. */
const leaveOrRemove = (request: FastifyRequest): SpaceAction =>
  (request.params as { userId?: string }).userId === request.auth?.user.id ? 'read' : 'manageMembers';

/**
 * Spaces and their members. Access is declared per route (server/src/policy); reads in
 * spaces-queries.ts, writes in spaces-service.ts.
 */
export const spacesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/spaces',
    {
      config: { access: { resource: 'instance', action: 'spaces.create' } },
      schema: {
        tags,
        summary: 'Create a space; the creator becomes its owner',
        body: CreateSpaceBody,
        response: { 201: SpaceSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const id = await createSpace(app.db, request.body, actorOf(request));
      app.events.emit('membership.changed', id, user.id);
      return reply.status(201).send(await spaceView(app.db, user, id));
    },
  );

  app.get(
    '/spaces',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Spaces the caller can read, by name',
        querystring: SpaceListQuery,
        response: { 200: SpaceListSchema },
      },
    },
    async (request) => readableSpaces(app.db, currentUser(request), request.query.includeArchived ?? false),
  );

  app.get(
    '/spaces/:id',
    { config: { access: { resource: 'space', action: 'read' } }, schema: { tags, summary: 'One space', params: IdParams, response: { 200: SpaceSchema } } },
    async (request) => spaceView(app.db, currentUser(request), request.params.id),
  );

  app.patch(
    '/spaces/:id',
    {
      config: { access: { resource: 'space', action: 'update' } },
      schema: {
        tags,
        summary: 'Rename a space, change its description or its classification level (owners)',
        params: IdParams,
        body: UpdateSpaceBody,
        response: { 200: SpaceSchema },
      },
    },
    async (request) => {
      const reclassified = await updateSpace(app.db, request.params.id, request.body, actorOf(request));
      // The pages' effective levels changed with it: live sockets of the space re-check.
      if (reclassified) app.events.emit('space.changed', request.params.id);
      return spaceView(app.db, currentUser(request), request.params.id);
    },
  );

  for (const archive of [true, false]) {
    app.post(
      archive ? '/spaces/:id/archive' : '/spaces/:id/restore',
      {
        config: { access: { resource: 'space', action: 'archive' } },
        schema: {
          tags,
          summary: archive ? 'Archive a space: everything in it becomes read-only (owners)' : 'Restore an archived space (owners)',
          params: IdParams,
          body: NoBody,
          response: { 200: SpaceSchema },
        },
      },
      async (request) => {
        const changed = await setSpaceArchived(app.db, request.params.id, archive, actorOf(request));
        if (changed) app.events.emit('space.changed', request.params.id);
        return spaceView(app.db, currentUser(request), request.params.id);
      },
    );
  }

  app.get(
    '/spaces/:id/tree',
    {
      config: { access: { resource: 'space', action: 'read' } },
      schema: {
        tags,
        summary: 'The live pages of a space, nested, in sibling order',
        params: IdParams,
        response: { 200: TreeSchema },
      },
    },
    async (request) => loadTree(app.db, request.params.id),
  );

  app.get(
    '/spaces/:id/members',
    {
      config: { access: { resource: 'space', action: 'listMembers' } },
      schema: { tags, summary: 'Members of a space and their roles', params: IdParams, response: { 200: MemberListSchema } },
    },
    async (request) => spaceMembers(app.db, request.params.id),
  );

  app.put(
    '/spaces/:id/members/:userId',
    {
      config: { access: { resource: 'space', action: 'manageMembers' } },
      schema: {
        tags,
        summary: 'Add a member or change their role (owners)',
        params: MemberParams,
        body: SetMemberBody,
        response: { 200: MemberSchema },
      },
    },
    async (request) => {
      const { id: spaceId, userId } = request.params;
      const changed = await setMember(app.db, spaceId, userId, request.body.role, actorOf(request));
      if (changed) app.events.emit('membership.changed', spaceId, userId);
      return spaceMember(app.db, spaceId, userId);
    },
  );

  app.delete(
    '/spaces/:id/members/:userId',
    {
      config: { access: { resource: 'space', action: leaveOrRemove } },
      schema: { tags, summary: 'Remove a member (owners; members may leave themselves)', params: MemberParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const { id: spaceId, userId } = request.params;
      await removeMember(app.db, spaceId, userId, actorOf(request));
      app.events.emit('membership.changed', spaceId, userId);
      return reply.status(204).send(null);
    },
  );
};

