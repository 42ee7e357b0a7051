import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CompleteBody, CompletionSchema, ConsentBody, IdParams, InterviewSchema, NoContent, ProblemSchema, PublicationPlanSchema, ReadingListSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { notFound, Problem } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { grantOf } from '../policy/route-access.ts';
import { completeInterview, currentPlan } from './complete.ts';
import { interviewDetail } from './interview-detail.ts';
import { recordConsent, withdrawConsent } from './interview-commands.ts';
import { loadInterview, readingList } from './interview-queries.ts';

const tags = ['interviews'];

/**
 * From answers to knowledge: the consent preview, the departing person's consent, completion
 * (publication into a space) and the successor's reading list of what was published.
 */
export const publicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/interviews/:id/preview',
    {
      config: { access: { resource: 'interview', action: 'preview' } },
      schema: { tags, summary: 'Exactly what a completion would publish (consent preview)', params: IdParams, response: { 200: PublicationPlanSchema, 403: ProblemSchema, 404: ProblemSchema } },
    },
    async (request) => {
      const { id } = request.params;
      const plan = await currentPlan(app, id);
      const record = await loadInterview(app.db, id);
      if (!record) throw notFound('interview');
      await recordAudit(app.db, { ...actorOf(request), action: 'interview.preview', targetType: 'interview', targetId: id });
      return { ...plan, consent: { given: record.consentHash !== null, current: record.consentHash === plan.hash } };
    },
  );

  app.post(
    '/interviews/:id/consent',
    {
      config: { access: { resource: 'interview', action: 'consent' } },
      schema: {
        tags,
        summary: 'The departing person consents to publishing the preview they saw (its hash)',
        params: IdParams,
        body: ConsentBody,
        response: { 200: InterviewSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const plan = await currentPlan(app, id);
      if (plan.hash !== request.body.hash) {
        throw new Problem(409, 'preview-outdated', 'Conflict', 'The answers changed since you opened the preview; look at it again before consenting.');
      }
      await recordConsent(app.db, id, plan.hash, actorOf(request));
      return interviewDetail(app, grantOf(request, 'interview').user, id);
    },
  );

  app.delete(
    '/interviews/:id/consent',
    { config: { access: { resource: 'interview', action: 'consent' } }, schema: { tags, summary: 'Withdraw consent to publication', params: IdParams, response: { 204: NoContent, 403: ProblemSchema, 404: ProblemSchema } } },
    async (request, reply) => {
      await withdrawConsent(app.db, request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/interviews/:id/complete',
    {
      // Completing the interview, and creating its pages in the chosen space.
      config: {
        access: [
          { resource: 'interview', action: 'complete' },
          { resource: 'space', action: 'createPage', id: 'body.spaceId' },
        ],
      },
      schema: {
        tags,
        summary: 'Publish: a handover page in the space and one page per step-linked answer, attached to the steps the publisher may attach to',
        params: IdParams,
        body: CompleteBody,
        response: {
          200: CompletionSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) => completeInterview(app, request.params.id, request.body.spaceId, grantOf(request, 'interview').user, request.ip),
  );

  app.get(
    '/interviews/:id/reading-list',
    {
      config: { access: { resource: 'interview', action: 'view' } },
      schema: {
        tags,
        summary: 'The steps the successor inherits, with the pages published for them',
        params: IdParams,
        response: {
          200: ReadingListSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => readingList(app.db, request.params.id, await readableSpaceIds(app.db, grantOf(request, 'interview').user)),
  );
};
