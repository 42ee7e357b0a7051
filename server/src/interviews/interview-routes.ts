import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateInterviewBody, IdParams, InterviewSchema, InterviewSummaryListSchema, ProblemSchema, TransitionBody, UpdateInterviewBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { currentUser } from '../auth/auth.ts';
import { notFound } from '../http/problem.ts';
import { refuse } from '../policy/decision.ts';
import { decideTransition, visibleInterviewScope } from '../policy/interviews.ts';
import { grantOf } from '../policy/route-access.ts';
import { interviewDetail, retentionShown } from './interview-detail.ts';
import { createInterview, transitionInterview, updateInterview } from './interview-commands.ts';
import { interviewSummaryJson } from './interview-json.ts';
import { listInterviewRecords, loadInterview } from './interview-queries.ts';

const tags = ['interviews'];

/** Scheduling, listing, reading and changing interviews, and moving their status. */
export const interviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/interviews',
    {
      config: { access: { resource: 'instance', action: 'interviews.manage' } },
      schema: {
        tags,
        summary: 'Schedule an exit interview (knowledge managers, admins)',
        body: CreateInterviewBody,
        response: { 201: InterviewSchema, 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const id = await createInterview(app.db, request.body, actorOf(request));
      return reply.status(201).send(await interviewDetail(app, currentUser(request), id));
    },
  );

  app.get(
    '/interviews',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'Interviews the caller may see', response: { 200: InterviewSummaryListSchema } } },
    async (request) => {
      const user = currentUser(request);
      const scope = await visibleInterviewScope(app.db, user);
      if (scope === 'none') return [];
      const records = await listInterviewRecords(app.db, scope === 'all' ? 'all' : { userId: user.id });
      const retention = retentionShown(app);
      return records.map((r) => interviewSummaryJson(r, retention));
    },
  );

  app.get(
    '/interviews/:id',
    { config: { access: { resource: 'interview', action: 'view' } }, schema: { tags, summary: 'An interview with its questions and answers (access is audited)', params: IdParams, response: { 200: InterviewSchema, 404: ProblemSchema } } },
    async (request) => {
      const grant = grantOf(request, 'interview');
      const body = await interviewDetail(app, grant.user, request.params.id, grant);
      await recordAudit(app.db, { ...actorOf(request), action: 'interview.view', targetType: 'interview', targetId: request.params.id });
      return body;
    },
  );

  app.patch(
    '/interviews/:id',
    {
      config: { access: { resource: 'interview', action: 'updateDetails' } },
      schema: {
        tags,
        summary: 'Change interviewer, successor, departure date or role (knowledge managers, admins)',
        params: IdParams,
        body: UpdateInterviewBody,
        response: { 200: InterviewSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const record = await loadInterview(app.db, id);
      if (!record) throw notFound('interview');
      await updateInterview(app.db, id, request.body, actorOf(request), record.subject.id);
      // Participants changed: connections of people who lost their part close.
      app.interviewCollab.revalidate(id);
      return interviewDetail(app, grantOf(request, 'interview').user, id);
    },
  );

  app.post(
    '/interviews/:id/transition',
    {
      // Any participant gets past the hook; which of them may make this move depends on the status.
      config: { access: { resource: 'interview', action: 'view' } },
      schema: {
        tags,
        summary: 'Move the status: start (planned → in_progress), submit for review (→ in_review), reopen (in_review → in_progress)',
        params: IdParams,
        body: TransitionBody,
        response: { 200: InterviewSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const access = grantOf(request, 'interview');
      const decision = decideTransition(access, request.body.to);
      if (!decision.allow) refuse(decision);
      await transitionInterview(app.db, id, access.status, request.body.to, actorOf(request));
      app.interviewCollab.revalidate(id);
      return interviewDetail(app, access.user, id);
    },
  );
};
