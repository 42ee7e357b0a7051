import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AddAnswerReviewBody, AnswerStepParams, InterviewSchema, NoContent, OptionalNoBody, ProblemSchema, QuestionParams, SetPrivateBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { notFound, validationFailed } from '../http/problem.ts';
import { grantOf } from '../policy/route-access.ts';
import { interviewDetail } from './interview-detail.ts';
import { addReview, linkAnswerStep, setAnswerPrivate, unlinkAnswerStep } from './interview-commands.ts';
import { hasQuestion } from './interview-queries.ts';

const tags = ['interviews'];

/**
 * What participants say about single answers (the text itself is written on the collaboration
 * socket): private flags, the process steps an answer documents, the successor's reviews.
 */
export const answerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function requireQuestion(interviewId: string, questionId: string): Promise<void> {
    if (!(await hasQuestion(app.db, interviewId, questionId))) throw notFound('question');
  }

  app.put(
    '/interviews/:id/answers/:questionId',
    {
      config: { access: { resource: 'interview', action: (request) => ((request.body as { private?: boolean }).private ? 'markPrivate' : 'unmarkPrivate') } },
      schema: {
        tags,
        summary: 'Mark an answer private (never published) or publishable again (only the departing person)',
        params: QuestionParams,
        body: SetPrivateBody,
        response: { 200: InterviewSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id, questionId } = request.params;
      await requireQuestion(id, questionId);
      await setAnswerPrivate(app.db, id, questionId, request.body.private, actorOf(request));
      return interviewDetail(app, grantOf(request, 'interview').user, id);
    },
  );

  app.put(
    '/interviews/:id/answers/:questionId/steps/:processId/:elementId',
    {
      // A step of a process the caller can see (no linking into spaces they cannot read), not in
      // an archived process or space: nothing could be attached there at publication.
      config: {
        access: [
          { resource: 'interview', action: 'linkSteps' },
          { resource: 'process', action: 'linkAnswer', id: 'params.processId' },
        ],
      },
      schema: {
        tags,
        summary: 'Attach an answer to a process step',
        params: AnswerStepParams,
        body: OptionalNoBody,
        response: { 200: InterviewSchema, 201: InterviewSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id, questionId, processId, elementId } = request.params;
      await requireQuestion(id, questionId);
      const created = await linkAnswerStep(app.db, id, questionId, { processId, elementId }, actorOf(request));
      return reply.status(created ? 201 : 200).send(await interviewDetail(app, grantOf(request, 'interview').user, id));
    },
  );

  app.delete(
    '/interviews/:id/answers/:questionId/steps/:processId/:elementId',
    { config: { access: { resource: 'interview', action: 'linkSteps' } }, schema: { tags, summary: 'Detach an answer from a process step', params: AnswerStepParams, response: { 204: NoContent, 403: ProblemSchema, 404: ProblemSchema } } },
    async (request, reply) => {
      const { id, questionId, processId, elementId } = request.params;
      await unlinkAnswerStep(app.db, id, questionId, { processId, elementId }, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/interviews/:id/answers/:questionId/reviews',
    {
      config: { access: { resource: 'interview', action: 'review' } },
      schema: {
        tags,
        summary: 'Successor review: accept an answer, comment on it, or ask a follow-up question',
        params: QuestionParams,
        body: AddAnswerReviewBody,
        response: { 201: InterviewSchema, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id, questionId } = request.params;
      await requireQuestion(id, questionId);
      const text = request.body.body?.trim() ?? '';
      if (request.body.kind !== 'accept' && text === '') {
        throw validationFailed('A comment or follow-up question needs a text.');
      }
      await addReview(app.db, id, questionId, { kind: request.body.kind, body: text }, actorOf(request));
      return reply.status(201).send(await interviewDetail(app, grantOf(request, 'interview').user, id));
    },
  );
};
