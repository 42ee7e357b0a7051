import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, InterviewSchema, OptionalNoBody, ProblemSchema, PseudonymiseBody, PseudonymiseResultSchema, PurgeBody, RetentionResultSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { grantOf } from '../policy/route-access.ts';
import { interviewDetail } from './interview-detail.ts';
import { pseudonymiseUser } from './pseudonymise.ts';
import { purgeExpiredInterviews, purgeInterviewByDecision } from './retention.ts';

const tags = ['interviews'];

/**
 * The end of an interview's personal data: the retention job on demand, the explicit decision
 * to delete a running interview's content past its date, and pseudonymising a departed account.
 */
export const retentionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { retentionDays } = app.config.interviews;

  app.post(
    '/interviews/retention/run',
    {
      config: { access: { resource: 'instance', action: 'interviews.runRetention' } },
      schema: {
        tags,
        summary: 'Run the retention job now: delete unpublished content of completed interviews past the retention period (admins)',
        description: 'Interviews still running are never purged by the job; past their date they are listed in `kept` and wait for POST /interviews/{id}/retention/purge.',
        body: OptionalNoBody,
        response: {
          200: RetentionResultSchema,
          403: ProblemSchema,
        },
      },
    },
    async () => {
      const { purged, kept } = await purgeExpiredInterviews(app.db, { retentionDays, collab: app.interviewCollab });
      return { purged, kept, retentionDays };
    },
  );

  app.post(
    '/interviews/:id/retention/purge',
    {
      // The hook checks who may; purgeInterviewByDecision refuses before the date (409 retention-not-due).
      config: { access: { resource: 'interview', action: 'purgeContent' } },
      schema: {
        tags,
        summary: 'Delete the unpublished content of an interview past its retention date, also a running one (knowledge managers, admins)',
        description:
          'The explicit decision the retention job never takes for a running interview: `confirm: true` is required, the reason is audited. ' +
          '409 retention-not-due before the date; published pages stay.',
        params: IdParams,
        body: PurgeBody,
        response: { 200: InterviewSchema, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      await purgeInterviewByDecision(app.db, id, actorOf(request), {
        retentionDays,
        reason: request.body.reason?.trim() || null,
        collab: app.interviewCollab,
      });
      return interviewDetail(app, grantOf(request, 'interview').user, id);
    },
  );

  app.post(
    '/users/:id/pseudonymise',
    {
      config: { access: { resource: 'instance', action: 'users.pseudonymise' } },
      schema: {
        tags: ['users', ...tags],
        summary: 'Pseudonymise a departed (deactivated) account; published knowledge keeps its provenance as a role (admins)',
        params: IdParams,
        body: PseudonymiseBody,
        response: { 200: PseudonymiseResultSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => pseudonymiseUser(app, request.params.id, request.body.role, actorOf(request)),
  );
};
