import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConfigureReviewBody, DueReviewListSchema, DueReviewsQuery, IdParams, NoBody, ReviewGapListSchema, ReviewSchema } from '@stafette/api';
import { currentUser } from '../auth/auth.ts';
import { validationFailed } from '../http/problem.ts';
import { actorOf } from '../audit/actor.ts';
import { decideReview } from '../policy/knowledge.ts';
import type { PageGrant } from '../policy/resources.ts';
import { grantOf } from '../policy/route-access.ts';
import { dueReviews, gapSpaces, reviewGaps, type ReviewState, reviewState } from './review-queries.ts';
import { configureReview, confirmReview } from './review-service.ts';

const tags = ['reviews'];

/**
 * Responsible persons and review dates of pages: who keeps a page correct, when it is due,
 * confirming it, the caller's due reviews for the start page, and pages whose responsible
 * person left with a proposal for a new one. Permissions: policy/knowledge.ts.
 */
export const reviewsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The review state with what the caller may do with it now. */
  function withPermissions(review: ReviewState, grant: PageGrant) {
    const facts = { level: grant.level, archived: grant.page.archived, userRole: grant.userRole, isResponsible: review.responsible?.id === grant.user.id };
    return {
      ...review,
      permissions: {
        canConfigure: decideReview(facts, 'configure') === 'allow',
        canConfirm: decideReview(facts, 'confirm') === 'allow',
      },
    };
  }

  app.get(
    '/pages/:id/review',
    {
      config: { access: { resource: 'page', action: 'review.view' } },
      schema: { tags, summary: 'A page’s responsible person, review interval, due date and, when that person left, a proposal', params: IdParams, response: { 200: ReviewSchema } },
    },
    async (request) => withPermissions(await reviewState(app.db, request.params.id), grantOf(request, 'page')),
  );

  app.patch(
    '/pages/:id/review',
    {
      config: { access: { resource: 'page', action: 'review.configure' } },
      schema: {
        tags,
        summary: 'Set, change or clear a page’s responsible person and review interval (space owners, admins, knowledge managers)',
        description:
          'responsibleId null clears the setting. The first setting needs responsibleId; intervalDays defaults to 365. ' +
          'The responsible person must be an active account that can read the page. A new person restarts the review clock.',
        params: IdParams,
        body: ConfigureReviewBody,
        response: { 200: ReviewSchema },
      },
    },
    async (request) => {
      const pageId = request.params.id;
      if (request.body.responsibleId === undefined && request.body.intervalDays === undefined) throw validationFailed('Send responsibleId or intervalDays.');
      await configureReview(app.db, pageId, request.body, actorOf(request));
      return withPermissions(await reviewState(app.db, pageId), grantOf(request, 'page'));
    },
  );

  app.post(
    '/pages/:id/review/confirm',
    {
      config: { access: { resource: 'page', action: 'review.confirm' } },
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
      await confirmReview(app.db, pageId, actorOf(request));
      return withPermissions(await reviewState(app.db, pageId), grantOf(request, 'page'));
    },
  );

  app.get(
    '/reviews/due',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The caller’s pages due for review (for the start page), soonest first',
        querystring: DueReviewsQuery,
        response: { 200: DueReviewListSchema },
      },
    },
    async (request) => dueReviews(app.db, currentUser(request), request.query.withinDays ?? 0),
  );

  app.get(
    '/reviews/gaps',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Pages whose responsible person left, each with a proposal for a new one',
        description: 'Knowledge managers and admins see every space; others the spaces they own.',
        response: { 200: ReviewGapListSchema },
      },
    },
    async (request) => reviewGaps(app.db, await gapSpaces(app.db, currentUser(request))),
  );
};
