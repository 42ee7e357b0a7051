import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CommentListSchema,
  CommentSchema,
  CommentSettingsSchema,
  CreateCommentBody,
  EventStreamSchema,
  IdParams,
  MentionableListSchema,
  MentionableQuery,
  NoBody,
  NoContent,
  UpdateCommentBody,
  UpdateCommentSettingsBody,
  type UserRef,
  type WrittenComment,
  WrittenCommentSchema,
} from '@stafette/api';
import { Type } from 'typebox';
import { actorOf } from '../audit/actor.ts';
import { wantsEventStream } from '../notifications/event-stream.ts';
import { currentUser } from '../auth/auth.ts';
import { notFound, validationFailed } from '../http/problem.ts';
import { type CommentGrant, readersMayComment } from '../policy/comments.ts';
import type { PageGrant } from '../policy/resources.ts';
import { canOnSpace } from '../policy/spaces.ts';
import { grantOf } from '../policy/route-access.ts';
import { isUuid } from '../policy/uuid.ts';
import { getComment, listComments, mentionable, type Viewer } from './comment-queries.ts';
import { createComment, deleteComment, setCommentSettings, setResolved, updateComment } from './comment-service.ts';

const tags = ['comments'];

/**
 * Comments on pages: inline threads anchored to a text selection (Yjs relative positions the
 * client resolves), page-level discussion (no anchor), replies, resolve/reopen, edit and delete,
 * live arrival over server-sent events, and whom `@` offers. Permissions: policy/comments.ts.
 */
export const commentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function viewerOf(grant: PageGrant): Promise<Viewer> {
    return { userId: grant.user.id, level: grant.level, archived: grant.page.archived, readersMayComment: await readersMayComment(app.db, grant.page.spaceId) };
  }

  async function commentOrGone(id: string, grant: PageGrant) {
    const comment = await getComment(app.db, id, await viewerOf(grant));
    if (!comment) throw notFound('comment');
    return comment;
  }

  /** The written comment, with whom it mentions who cannot read the page and whether the writer may let them in. */
  async function written(id: string, grant: PageGrant, unreadableMentions: UserRef[]): Promise<WrittenComment> {
    return { ...(await commentOrGone(id, grant)), unreadableMentions, mayGrantAccess: canOnSpace(grant.level, grant.page.archived, 'manageMembers') };
  }

  /** After commit: the page's viewers reload, and the notified see their count. */
  async function announce(pageId: string, event: Parameters<typeof app.liveComments.publish>[1], notified: string[]) {
    await app.liveComments.publish(pageId, event);
    await app.notificationCenter.changed(notified);
  }

  app.get(
    '/pages/:id/comments',
    {
      config: { access: { resource: 'page', action: 'comments.read' } },
      schema: { tags, summary: 'A page’s comment threads, each first comment followed by its replies', params: IdParams, response: { 200: CommentListSchema } },
    },
    async (request) => {
      const grant = grantOf(request, 'page');
      return listComments(app.db, grant.page.id, await viewerOf(grant));
    },
  );

  app.post(
    '/pages/:id/comments',
    {
      config: { access: { resource: 'page', action: 'comments.create' } },
      schema: {
        tags,
        summary: 'Comment on a page: a new thread (inline with an anchor, or page-level without) or a reply (parentId)',
        description:
          'Readers may comment unless the space turned it off. Mentions (@[Name](user-id)) notify the mentioned person once if they can read the page; ' +
          'those who cannot are listed in `unreadableMentions` and hear of it once they can read the page (added to its space within 30 days). ' +
          'A reply to a resolved thread reopens it.',
        params: IdParams,
        body: CreateCommentBody,
        response: { 201: WrittenCommentSchema },
      },
    },
    async (request, reply) => {
      const grant = grantOf(request, 'page');
      const change = await createComment(app.db, grant.page.id, request.body, actorOf(request));
      await announce(grant.page.id, { type: 'created', id: change.id, threadId: change.threadId }, change.notified);
      return reply.status(201).send(await written(change.id, grant, change.unreadableMentions));
    },
  );

  app.patch(
    '/comments/:id',
    {
      config: { access: { resource: 'comment', action: 'edit' } },
      schema: {
        tags,
        summary: 'Edit one’s own comment',
        description: 'Newly mentioned readers are notified; mentioned people who cannot read the page are listed in `unreadableMentions`.',
        params: IdParams,
        body: UpdateCommentBody,
        response: { 200: WrittenCommentSchema },
      },
    },
    async (request) => {
      const grant: CommentGrant = grantOf(request, 'comment');
      const change = await updateComment(app.db, grant.comment.id, request.body.body, actorOf(request));
      await announce(grant.page.id, { type: 'updated', id: change.id, threadId: change.threadId }, change.notified);
      return written(change.id, grant, change.unreadableMentions);
    },
  );

  app.delete(
    '/comments/:id',
    {
      config: { access: { resource: 'comment', action: 'delete' } },
      schema: { tags, summary: 'Delete a comment (its author, or an owner any); a thread’s first comment takes the replies with it', params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const grant = grantOf(request, 'comment');
      const change = await deleteComment(app.db, grant.comment.id, actorOf(request));
      await announce(grant.page.id, { type: 'deleted', id: change.id, threadId: change.threadId }, []);
      return reply.status(204).send(null);
    },
  );

  for (const [path, resolved] of [['resolve', true], ['reopen', false]] as const) {
    app.post(
      `/comments/:id/${path}`,
      {
        config: { access: { resource: 'comment', action: 'resolve' } },
        schema: {
          tags,
          summary: resolved ? 'Resolve the comment’s thread (editors, owners, whoever started it)' : 'Reopen the comment’s resolved thread',
          params: IdParams,
          body: NoBody,
          response: { 200: CommentSchema },
        },
      },
      async (request) => {
        const grant = grantOf(request, 'comment');
        const rootId = await setResolved(app.db, grant.comment.id, resolved, actorOf(request));
        await announce(grant.page.id, { type: resolved ? 'resolved' : 'reopened', id: rootId, threadId: null }, []);
        return commentOrGone(rootId, grant);
      },
    );
  }

  app.get(
    '/pages/:id/comments/stream',
    {
      config: { access: { resource: 'page', action: 'comments.read' } },
      schema: {
        tags,
        summary: 'Comments arriving live: server-sent events (`comment`: {type, id, threadId}) while the page is open',
        description:
          'With Accept: text/event-stream. Each event is sent only if the viewer can still read the page; reload the list with GET /pages/:id/comments. ' +
          'Without that Accept header the route answers the current list once, as GET /pages/:id/comments.',
        params: IdParams,
        produces: ['text/event-stream', 'application/json'],
        response: { 200: Type.Union([CommentListSchema, EventStreamSchema]) },
      },
    },
    async (request, reply) => {
      const grant = grantOf(request, 'page');
      if (!wantsEventStream(request)) return listComments(app.db, grant.page.id, await viewerOf(grant));
      app.liveComments.streams.open(request, reply, grant.page.id, currentUser(request).id);
      return reply;
    },
  );

  app.get(
    '/pages/:id/mentionable',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'People who can read the page, to offer after @ (or the current names of the given ids)',
        description: 'Only readers of the page are offered, so a mention never reveals the page to someone who cannot read it.',
        params: IdParams,
        querystring: MentionableQuery,
        response: { 200: MentionableListSchema },
      },
    },
    async (request) => {
      const ids = request.query.ids?.split(',').filter((s) => s.length > 0);
      if (ids && (ids.length > 200 || !ids.every(isUuid))) throw validationFailed('ids: up to 200 comma-separated user ids.');
      return mentionable(app.db, grantOf(request, 'page').page.id, { q: request.query.q, ids: ids?.map((s) => s.toLowerCase()) });
    },
  );

  app.get(
    '/spaces/:id/comment-settings',
    {
      config: { access: { resource: 'space', action: 'read' } },
      schema: { tags, summary: 'Whether readers of the space may comment (default: yes)', params: IdParams, response: { 200: CommentSettingsSchema } },
    },
    async (request) => ({ readersMayComment: await readersMayComment(app.db, grantOf(request, 'space').space.id) }),
  );

  app.put(
    '/spaces/:id/comment-settings',
    {
      config: { access: { resource: 'space', action: 'update' } },
      schema: { tags, summary: 'Let readers of the space comment, or only editors and owners (space owners)', params: IdParams, body: UpdateCommentSettingsBody, response: { 200: CommentSettingsSchema } },
    },
    async (request) => {
      const spaceId = grantOf(request, 'space').space.id;
      await setCommentSettings(app.db, spaceId, request.body.readersMayComment, actorOf(request));
      return { readersMayComment: request.body.readersMayComment };
    },
  );
};
