import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  AddAnswerReviewBody,
  AnswerStepParams,
  CompleteBody,
  CompletionSchema,
  ConsentBody,
  CreateInterviewBody,
  CreateTemplateBody,
  IdParams,
  InterviewSchema,
  InterviewSummaryListSchema,
  NoContent,
  OptionalNoBody,
  ProblemSchema,
  PseudonymiseBody,
  PseudonymiseResultSchema,
  PublicationPlanSchema,
  PurgeBody,
  QuestionParams,
  ReadingListSchema,
  RetentionResultSchema,
  SetPrivateBody,
  TemplateListSchema,
  TemplateSchema,
  TransitionBody,
  UpdateInterviewBody,
  UpdateTemplateBody,
} from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { recordAudit } from '../audit/record.ts';
import { conflict, forbidden, notFound, Problem, validationFailed } from '../http/problem.ts';
import { canManageInterviews, canOnInterview, canPseudonymise, type InterviewAction, type InterviewAccess, interviewAccess, visibleInterviewScope } from '../policy/interviews.ts';
import { decideAnswerStepLink, processAccess } from '../policy/processes.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { completeInterview, currentPlan } from './complete.ts';
import {
  addReview,
  createInterview,
  linkAnswerStep,
  recordConsent,
  setAnswerPrivate,
  transitionInterview,
  unlinkAnswerStep,
  updateInterview,
  withdrawConsent,
} from './interview-commands.ts';
import { interviewJson, interviewSummaryJson } from './interview-json.ts';
import { answerMeta, interviewSections, listInterviewRecords, loadInterview, questionIds } from './interview-queries.ts';
import { interviewOptionsFrom } from './options.ts';
import { pseudonymiseUser } from './pseudonymise.ts';
import { purgeExpiredInterviews, purgeInterviewByDecision, type RetentionOptions } from './retention.ts';
import { createTemplate, listTemplates, updateTemplate } from './templates.ts';

const tags = ['interviews'];
/**
 * Exit interviews: templates, interviews and their lifecycle, answer metadata, the successor's
 * review, consent preview, completion (publication), reading list, retention and
 * pseudonymisation. Every route asks the privacy rule in server/src/policy/interviews.ts; callers
 * outside an interview get 404 as if it did not exist.
 */
export const interviewsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const options = interviewOptionsFrom(process.env);
  const retention: RetentionOptions = { retentionDays: options.retentionDays, warningDays: options.retentionWarningDays };

  if (options.retentionIntervalMs > 0) {
    const run = () =>
      purgeExpiredInterviews(app.db, { retentionDays: options.retentionDays, collab: app.interviewCollab }).then(
        ({ purged, kept }) => {
          if (purged.length > 0) app.log.info({ purged: purged.length }, 'interviews: retention deleted unpublished content');
          // Running interviews past their date are never purged by the job: someone has to decide.
          if (kept.length > 0) app.log.warn({ kept }, 'interviews: running interviews past their retention date wait for a decision');
        },
        (err) => app.log.error({ err }, 'interviews: retention job failed'),
      );
    const timer = setInterval(run, options.retentionIntervalMs);
    timer.unref();
    app.addHook('onClose', () => clearInterval(timer));
  }

  /** The caller's access, or 404; with `action`, 403 when they see it but may not do that. */
  async function require(request: FastifyRequest, id: string, action?: InterviewAction): Promise<InterviewAccess> {
    const access = await interviewAccess(app.db, currentUser(request), id);
    if (!access) throw notFound('interview');
    if (action && !canOnInterview(access, action)) {
      throw forbidden(access.purged ? 'The interview content was deleted after the retention period.' : 'You may not do this with this interview in its current state.');
    }
    return access;
  }

  async function requireQuestion(interviewId: string, questionId: string): Promise<void> {
    const record = await loadInterview(app.db, interviewId);
    if (!record || !questionIds(await interviewSections(app.db, record)).has(questionId)) throw notFound('question');
  }

  async function detail(request: FastifyRequest, id: string) {
    const access = await require(request, id);
    const record = await loadInterview(app.db, id);
    if (!record) throw notFound('interview');
    return interviewJson(app, record, access, retention);
  }

  // ---- templates ----------------------------------------------------------------------

  app.get('/interview-templates', { config: { access: 'signed-in' }, schema: { tags, summary: 'List interview templates (latest versions, German texts)', response: { 200: TemplateListSchema } } }, async () =>
    listTemplates(app.db),
  );

  app.post(
    '/interview-templates',
    { config: { access: { resource: 'instance', action: 'interviews.manage' } }, schema: { tags, summary: 'Create an interview template (knowledge managers, admins)', body: CreateTemplateBody, response: { 201: TemplateSchema, 403: ProblemSchema } } },
    async (request, reply) => {
      const user = currentUser(request);
      if (!canManageInterviews(user)) throw forbidden('Only knowledge managers and admins edit interview templates.');
      return reply.status(201).send(await createTemplate(app.db, request.body, { actorId: user.id, ip: request.ip }));
    },
  );

  app.put(
    '/interview-templates/:id',
    {
      config: { access: { resource: 'instance', action: 'interviews.manage' } },
      schema: {
        tags,
        summary: 'Edit a template: writes a new version (running interviews keep theirs)',
        params: IdParams,
        body: UpdateTemplateBody,
        response: { 200: TemplateSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      if (!canManageInterviews(user)) throw forbidden('Only knowledge managers and admins edit interview templates.');
      return updateTemplate(app.db, request.params.id, request.body, { actorId: user.id, ip: request.ip });
    },
  );

  // ---- interviews ---------------------------------------------------------------------

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
      const user = currentUser(request);
      if (!canManageInterviews(user)) throw forbidden('Only knowledge managers and admins schedule exit interviews.');
      const id = await createInterview(app.db, request.body, { actorId: user.id, ip: request.ip });
      return reply.status(201).send(await detail(request, id));
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
      return records.map((r) => interviewSummaryJson(r, retention));
    },
  );

  app.get(
    '/interviews/:id',
    { config: { access: { resource: 'interview', action: 'view' } }, schema: { tags, summary: 'An interview with its questions and answers (access is audited)', params: IdParams, response: { 200: InterviewSchema, 404: ProblemSchema } } },
    async (request) => {
      const body = await detail(request, request.params.id);
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
      await require(request, id, 'updateDetails');
      const record = (await loadInterview(app.db, id))!;
      await updateInterview(app.db, id, request.body, { actorId: currentUser(request).id, ip: request.ip }, record.subject.id);
      // Participants changed: connections of people who lost their part close.
      app.interviewCollab.revalidate(id);
      return detail(request, id);
    },
  );

  app.post(
    '/interviews/:id/transition',
    {
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
      const access = await require(request, id);
      const { to } = request.body;
      const action: InterviewAction = to === 'in_review' ? 'submitForReview' : access.status === 'planned' ? 'start' : 'reopen';
      if (!canOnInterview(access, action)) throw forbidden(`The interview cannot move from ${access.status} to ${to} by you.`);
      await transitionInterview(app.db, id, access.status, to, { actorId: currentUser(request).id, ip: request.ip });
      app.interviewCollab.revalidate(id);
      return detail(request, id);
    },
  );

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
      await require(request, id, request.body.private ? 'markPrivate' : 'unmarkPrivate');
      await requireQuestion(id, questionId);
      await setAnswerPrivate(app.db, id, questionId, request.body.private, { actorId: currentUser(request).id, ip: request.ip });
      return detail(request, id);
    },
  );

  app.put(
    '/interviews/:id/answers/:questionId/steps/:processId/:elementId',
    {
      config: { access: { resource: 'interview', action: 'linkSteps' } },
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
      await require(request, id, 'linkSteps');
      await requireQuestion(id, questionId);
      // A step the caller can see (no linking into processes of spaces they cannot read), not in
      // an archived process or space: nothing could be attached there at publication.
      const decision = decideAnswerStepLink(await processAccess(app.db, currentUser(request), processId));
      if (decision === 'not-found') throw notFound('step');
      if (decision === 'read-only') throw conflict('The process or its space is archived and cannot be changed.', 'process-archived');
      const created = await linkAnswerStep(app.db, id, questionId, { processId, elementId }, { actorId: currentUser(request).id, ip: request.ip });
      return reply.status(created ? 201 : 200).send(await detail(request, id));
    },
  );

  app.delete(
    '/interviews/:id/answers/:questionId/steps/:processId/:elementId',
    { config: { access: { resource: 'interview', action: 'linkSteps' } }, schema: { tags, summary: 'Detach an answer from a process step', params: AnswerStepParams, response: { 204: NoContent, 403: ProblemSchema, 404: ProblemSchema } } },
    async (request, reply) => {
      const { id, questionId, processId, elementId } = request.params;
      await require(request, id, 'linkSteps');
      await unlinkAnswerStep(app.db, id, questionId, { processId, elementId }, { actorId: currentUser(request).id, ip: request.ip });
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
      await require(request, id, 'review');
      await requireQuestion(id, questionId);
      const text = request.body.body?.trim() ?? '';
      if (request.body.kind !== 'accept' && text === '') {
        throw validationFailed('A comment or follow-up question needs a text.');
      }
      await addReview(app.db, id, questionId, { kind: request.body.kind, body: text }, { actorId: currentUser(request).id, ip: request.ip });
      return reply.status(201).send(await detail(request, id));
    },
  );

  app.get(
    '/interviews/:id/preview',
    {
      config: { access: { resource: 'interview', action: 'view' } },
      schema: { tags, summary: 'Exactly what a completion would publish (consent preview)', params: IdParams, response: { 200: PublicationPlanSchema, 403: ProblemSchema, 404: ProblemSchema } },
    },
    async (request) => {
      const { id } = request.params;
      const access = await require(request, id);
      if (access.purged) throw forbidden('The interview content was deleted after the retention period.');
      const plan = await currentPlan(app, id);
      const record = (await loadInterview(app.db, id))!;
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
      await require(request, id, 'consent');
      const plan = await currentPlan(app, id);
      if (plan.hash !== request.body.hash) {
        throw new Problem(409, 'preview-outdated', 'Conflict', 'The answers changed since you opened the preview; look at it again before consenting.');
      }
      await recordConsent(app.db, id, plan.hash, { actorId: currentUser(request).id, ip: request.ip });
      return detail(request, id);
    },
  );

  app.delete(
    '/interviews/:id/consent',
    { config: { access: { resource: 'interview', action: 'consent' } }, schema: { tags, summary: 'Withdraw consent to publication', params: IdParams, response: { 204: NoContent, 403: ProblemSchema, 404: ProblemSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      await require(request, id, 'consent');
      await withdrawConsent(app.db, id, { actorId: currentUser(request).id, ip: request.ip });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/interviews/:id/complete',
    {
      config: { access: { resource: 'interview', action: 'complete' } },
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
    async (request) => {
      const { id } = request.params;
      await require(request, id, 'complete');
      return completeInterview(app, id, request.body.spaceId, currentUser(request), request.ip);
    },
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
    async (request) => {
      const { id } = request.params;
      await require(request, id);
      const meta = await answerMeta(app.db, id);
      const readable = await readableSpaceIds(app.db, currentUser(request));
      const published = await app.db
        .selectFrom('interview_publications as ip')
        .innerJoin('process_step_pages as sp', 'sp.page_id', 'ip.page_id')
        .innerJoin('pages as p', 'p.id', 'ip.page_id')
        .select(['sp.process_id', 'sp.element_id', 'p.id', 'p.title', 'p.space_id', 'p.archived_at'])
        .where('ip.interview_id', '=', id)
        .execute();
      const items = new Map<string, { processId: string; processName: string; elementId: string; stepName: string | null; questionIds: string[]; pages: { id: string; title: string }[] }>();
      for (const [questionId, m] of meta) {
        if (m.private) continue;
        for (const step of m.steps) {
          const key = `${step.processId}/${step.elementId}`;
          const item = items.get(key) ?? { processId: step.processId, processName: step.processName, elementId: step.elementId, stepName: step.name, questionIds: [], pages: [] };
          item.questionIds.push(questionId);
          items.set(key, item);
        }
      }
      for (const row of published) {
        const key = `${row.process_id}/${row.element_id}`;
        const item = items.get(key);
        if (!item || row.archived_at || (readable !== 'all' && !readable.includes(row.space_id))) continue;
        if (!item.pages.some((p) => p.id === row.id)) item.pages.push({ id: row.id, title: row.title });
      }
      return [...items.values()];
    },
  );

  // ---- retention and pseudonymisation --------------------------------------------------

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
    async (request) => {
      const user = currentUser(request);
      if (!canPseudonymise(user)) throw forbidden('Only admins run the retention job.');
      const { purged, kept } = await purgeExpiredInterviews(app.db, { retentionDays: options.retentionDays, collab: app.interviewCollab });
      return { purged, kept, retentionDays: options.retentionDays };
    },
  );

  app.post(
    '/interviews/:id/retention/purge',
    {
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
      await require(request, id, 'purgeContent');
      await purgeInterviewByDecision(app.db, id, { actorId: currentUser(request).id, ip: request.ip }, {
        retentionDays: options.retentionDays,
        reason: request.body.reason?.trim() || null,
        collab: app.interviewCollab,
      });
      return detail(request, id);
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
    async (request) => {
      const user = currentUser(request);
      if (!canPseudonymise(user)) throw forbidden('Only admins pseudonymise accounts.');
      return pseudonymiseUser(app, request.params.id, request.body.role, { actorId: user.id, ip: request.ip });
    },
  );
};
