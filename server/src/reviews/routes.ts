import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { currentUser } from '../auth/auth.ts';
import { validationFailed } from '../http/problem.ts';
import { Body, IdParams, NoBody, Uuid } from '../http/schema.ts';
import { type ReviewAction, decideReview, seesAllReviewGaps } from '../policy/knowledge.ts';
import { refuse } from './refuse.ts';
import { pageAccess } from '../policy/pages.ts';
import { DueReviewSchema, ReviewGapSchema, ReviewSchema } from './review-json.ts';
import { dueReviews, reviewGaps, reviewState } from './review-queries.ts';
import { configureReview, confirmReview } from './review-service.ts';

const tags = ['reviews'];

/**
 * Responsible persons and review dates of pages: who keeps a page correct, when it is due,
 * confirming it, the caller's due reviews for the start page, and pages whose responsible
 * person left with a proposal for a new one. Permissions: policy/knowledge.ts.
 */
export const reviewsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Fresh role and state, as the shared policy reads them. */
  async function freshRole(userId: string) {
    const row = await app.db.selectFrom('users').select(['role']).where('id', '=', userId).executeTakeFirst();
    return row?.role ?? 'user';
  }

  async function facts(request: FastifyRequest, pageId: string) {
    const user = currentUser(request);
    const access = await pageAccess(app.db, user, pageId);
    const review = access.page ? await reviewState(app.db, pageId) : null;
    const base = {
      level: access.level,
      archived: access.page?.archived ?? false,
      userRole: await freshRole(user.id),
      isResponsible: review?.responsible?.id === user.id,
    };
    return { user, access, review, base };
  }

  async function authorise(request: FastifyRequest, pageId: string, action: ReviewAction) {
    const f = await facts(request, pageId);
    const decision = decideReview(f.base, action);
    if (decision !== 'allow') refuse(decision, 'page');
    return f;
  }

  function withPermissions(review: Awaited<ReturnType<typeof reviewState>>, base: Parameters<typeof decideReview>[0]) {
    return {
      ...review,
      permissions: {
        canConfigure: decideReview(base, 'configure') === 'allow',
        canConfirm: decideReview(base, 'confirm') === 'allow',
      },
    };
  }

  app.get(
    '/pages/:id/review',
    { schema: { tags, summary: 'A page’s responsible person, review interval, due date and, when that person left, a proposal', params: IdParams, response: { 200: ReviewSchema } } },
    async (request) => {
      const { review, base } = await authorise(request, request.params.id, 'view');
      return withPermissions(review!, base);
    },
  );

  app.patch(
    '/pages/:id/review',
    {
      schema: {
        tags,
        summary: 'Set, change or clear a page’s responsible person and review interval (space owners, admins, knowledge managers)',
        description:
          'responsibleId null clears the setting. The first setting needs responsibleId; intervalDays defaults to 365. ' +
          'The responsible person must be an active account that can read the page. A new person restarts the review clock.',
        params: IdParams,
        body: Body({
          responsibleId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          intervalDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
        }),
        response: { 200: ReviewSchema },
      },
    },
    async (request) => {
      const pageId = request.params.id;
      const { user, base } = await authorise(request, pageId, 'configure');
      if (request.body.responsibleId === undefined && request.body.intervalDays === undefined) throw validationFailed('Send responsibleId or intervalDays.');
      await configureReview(app.db, pageId, request.body, { actorId: user.id, ip: request.ip });
      const review = await reviewState(app.db, pageId);
      return withPermissions(review, { ...base, isResponsible: review.responsible?.id === user.id });
    },
  );

  app.post(
    '/pages/:id/review/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the page is still correct (its responsible person); the next review is due one interval from now',
        params: IdParams,
        body: NoBody,
        response: { 200: ReviewSchema },
      },
    },
    async (request) => {
      const pageId = request.params.id;
      const { user, base } = await authorise(request, pageId, 'confirm');
      await confirmReview(app.db, pageId, { actorId: user.id, ip: request.ip });
      return withPermissions(await reviewState(app.db, pageId), base);
    },
  );

  app.get(
    '/reviews/due',
    {
      schema: {
        tags,
        summary: 'The caller’s pages due for review (for the start page), soonest first',
        querystring: Type.Object({ withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 0, description: 'Also list reviews due within this many days' })) }),
        response: { 200: Type.Array(DueReviewSchema) },
      },
    },
    async (request) => dueReviews(app.db, currentUser(request), request.query.withinDays ?? 0),
  );

  app.get(
    '/reviews/gaps',
    {
      schema: {
        tags,
        summary: 'Pages whose responsible person left, each with a proposal for a new one',
        description: 'Knowledge managers and admins see every space; others the spaces they own.',
        response: { 200: Type.Array(ReviewGapSchema) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      if (seesAllReviewGaps({ ...user, role: await freshRole(user.id) })) return reviewGaps(app.db, 'all');
      const owned = await app.db.selectFrom('space_members').select('space_id').where('user_id', '=', user.id).where('role', '=', 'owner').execute();
      return reviewGaps(app.db, owned.map((r) => r.space_id));
    },
  );
};
