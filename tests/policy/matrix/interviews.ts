import { byInstanceRole, type Expectation, type MatrixContext, type MatrixEntry, signedIn } from './types.ts';
import { createInterview } from '../../../server/src/interviews/interview-commands.ts';
import { createTemplate } from '../../../server/src/interviews/templates.ts';

/**
 * Exit interviews: callers who take no part in an interview get 404 whatever their space role;
 * knowledge managers and admins see every interview but only do what their part allows
 * (answers, consent and review belong to the participants). Templates: managers edit.
 */
const system = { actorId: null as unknown as string, ip: null };

async function interview(ctx: MatrixContext): Promise<string> {
  const [subject, interviewer, successor] = [await ctx.user(), await ctx.user(), await ctx.user()];
  return createInterview(ctx.db, { subjectUserId: subject.id, interviewerId: interviewer.id, successorId: successor.id, departureDate: '2031-01-31' }, system);
}

/** Not a participant: 404; managers get `managers`. */
const participantsOnly = (managers: number): Expectation => ({ ...byInstanceRole({ admin: managers, knowledgeManager: managers, others: 404 }) });

const section = { title: 'Matrix', questions: [{ id: 'frage', kind: 'rich_text' as const, prompt: 'Was?', help: '' }] };
const PROCESS = '00000000-0000-4000-8000-0000000000aa';

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/interview-templates', request: () => ({ url: '/api/v1/interview-templates' }), expect: signedIn(200) },
  {
    method: 'POST',
    route: '/api/v1/interview-templates',
    request: (ctx) => ({ url: '/api/v1/interview-templates', body: { name: `Vorlage ${ctx.unique()}`, sections: [section] } }),
    expect: byInstanceRole({ admin: 201, knowledgeManager: 201, others: 403 }),
  },
  {
    method: 'PUT',
    route: '/api/v1/interview-templates/:id',
    request: async (ctx) => {
      const template = await createTemplate(ctx.db, { name: `Vorlage ${ctx.unique()}`, sections: [section] }, system);
      return { url: `/api/v1/interview-templates/${template.id}`, body: { name: template.name, sections: [section], baseVersion: 1 } };
    },
    expect: byInstanceRole({ admin: 200, knowledgeManager: 200, others: 403 }),
  },
  {
    method: 'POST',
    route: '/api/v1/interviews',
    request: async (ctx) => ({ url: '/api/v1/interviews', body: { subjectUserId: (await ctx.user()).id, interviewerId: (await ctx.user()).id, departureDate: '2031-01-31' } }),
    expect: byInstanceRole({ admin: 201, knowledgeManager: 201, others: 403 }),
  },
  { method: 'GET', route: '/api/v1/interviews', request: () => ({ url: '/api/v1/interviews' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/interviews/:id', request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}` }), expect: participantsOnly(200) },
  {
    method: 'PATCH',
    route: '/api/v1/interviews/:id',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}`, body: { departureDate: '2031-02-28' } }),
    expect: participantsOnly(200),
  },
  {
    method: 'POST',
    route: '/api/v1/interviews/:id/transition',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/transition`, body: { to: 'in_progress' } }),
    expect: participantsOnly(200),
  },
  {
    method: 'PUT',
    route: '/api/v1/interviews/:id/answers/:questionId',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/answers/rat`, body: { private: true } }),
    expect: participantsOnly(403),
  },
  {
    method: 'PUT',
    route: '/api/v1/interviews/:id/answers/:questionId/steps/:processId/:elementId',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/answers/rat/steps/${PROCESS}/Task_1` }),
    expect: participantsOnly(403),
  },
  {
    method: 'DELETE',
    route: '/api/v1/interviews/:id/answers/:questionId/steps/:processId/:elementId',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/answers/rat/steps/${PROCESS}/Task_1` }),
    expect: participantsOnly(403),
  },
  {
    method: 'POST',
    route: '/api/v1/interviews/:id/answers/:questionId/reviews',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/answers/rat/reviews`, body: { kind: 'accept' } }),
    expect: participantsOnly(403),
  },
  { method: 'GET', route: '/api/v1/interviews/:id/preview', request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/preview` }), expect: participantsOnly(200) },
  {
    method: 'POST',
    route: '/api/v1/interviews/:id/consent',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/consent`, body: { hash: 'a'.repeat(64) } }),
    expect: participantsOnly(403),
  },
  { method: 'DELETE', route: '/api/v1/interviews/:id/consent', request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/consent` }), expect: participantsOnly(403) },
  {
    method: 'POST',
    route: '/api/v1/interviews/:id/complete',
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/complete`, body: { spaceId: ctx.spaceId } }),
    expect: participantsOnly(403),
  },
  { method: 'GET', route: '/api/v1/interviews/:id/reading-list', request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/reading-list` }), expect: participantsOnly(200) },
  {
    method: 'POST',
    route: '/api/v1/interviews/:id/retention/purge',
    // The matrix's interview departs in 2031: managers reach the date check (409), participants-only otherwise.
    request: async (ctx) => ({ url: `/api/v1/interviews/${await interview(ctx)}/retention/purge`, body: { confirm: true } }),
    expect: participantsOnly(409),
  },
  { method: 'POST', route: '/api/v1/interviews/retention/run', request: () => ({ url: '/api/v1/interviews/retention/run' }), expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }) },
  {
    method: 'POST',
    route: '/api/v1/users/:id/pseudonymise',
    request: async (ctx) => ({ url: `/api/v1/users/${(await ctx.user()).id}/pseudonymise`, body: { role: 'Sachbearbeiter:in' } }),
    expect: byInstanceRole({ admin: 409, knowledgeManager: 403, others: 403 }),
  },
];
