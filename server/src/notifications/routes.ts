import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  EventStreamSchema,
  IdParams,
  MarkReadBody,
  NotificationListQuery,
  NotificationListSchema,
  SetWatchBody,
  UnreadCountSchema,
  WatchSchema,
} from '@stafette/api';
import { Type } from 'typebox';
import { actorOf } from '../audit/actor.ts';
import { wantsEventStream } from './event-stream.ts';
import { currentUser } from '../auth/auth.ts';
import { grantOf } from '../policy/route-access.ts';
import { isWatching, listNotifications, unreadCount } from './notification-queries.ts';
import { markRead, setWatching } from './notification-service.ts';

const tags = ['notifications'];

/** The caller's inbox, its live unread count, and watching pages. */
export const notificationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/notifications',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The caller’s notifications, newest first (unread=true: only unread)',
        description: 'Notices about pages the caller can no longer read are left out; an API token limited to spaces sees only notices about pages in them. Page on with nextCursor.',
        querystring: NotificationListQuery,
        response: { 200: NotificationListSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return listNotifications(app.db, user.id, request.query, user.spaceIds);
    },
  );

  app.post(
    '/notifications/read',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Mark notifications read: {ids:[…]} or {all:true}', body: MarkReadBody, response: { 200: UnreadCountSchema } },
    },
    async (request) => {
      const { id: userId, spaceIds } = currentUser(request);
      await markRead(app.db, userId, request.body, spaceIds);
      await app.notificationCenter.changed([userId]);
      return { unread: await unreadCount(app.db, userId, spaceIds) };
    },
  );

  app.get(
    '/notifications/stream',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The unread count, live: server-sent events (`count`: {unread}) at once and after every change',
        description: 'With Accept: text/event-stream; without it, and always for an API token limited to spaces (counting only those), the route answers the count once as JSON.',
        produces: ['text/event-stream', 'application/json'],
        response: { 200: Type.Union([UnreadCountSchema, EventStreamSchema]) },
      },
    },
    async (request, reply) => {
      const { id: userId, spaceIds } = currentUser(request);
      const unread = await unreadCount(app.db, userId, spaceIds);
      // The live count is the whole inbox's; a token limited to spaces gets its own count once.
      if (!wantsEventStream(request) || spaceIds) return { unread };
      app.notificationCenter.streams.open(request, reply, userId, userId, { event: 'count', data: { unread } });
      return reply;
    },
  );

  app.get(
    '/pages/:id/watch',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: { tags, summary: 'Whether the caller watches the page', params: IdParams, response: { 200: WatchSchema } },
    },
    async (request) => ({ watching: await isWatching(app.db, currentUser(request).id, grantOf(request, 'page').page.id) }),
  );

  app.put(
    '/pages/:id/watch',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'Watch or unwatch a page (authors, commenters and responsible persons watch automatically until they unwatch)',
        params: IdParams,
        body: SetWatchBody,
        response: { 200: WatchSchema },
      },
    },
    async (request) => {
      await setWatching(app.db, grantOf(request, 'page').page.id, request.body.watching, actorOf(request));
      return { watching: request.body.watching };
    },
  );
};
