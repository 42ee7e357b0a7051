import { type MatrixContext, type MatrixEntry, signedIn } from './types.ts';
import { createInterview } from '../../../server/src/interviews/interview-commands.ts';

/**
 * Reading paths: knowledge managers, admins and space owners build them; whoever built one,
 * knowledge managers and admins manage it; the people it is assigned to follow it; everyone
 * else is told it does not exist.
 */
const system = { actorId: null as unknown as string, ip: null };

/** A one-page path built by the space's owner and assigned to the reader. */
async function path(ctx: MatrixContext): Promise<string> {
  const pageId = await ctx.page();
  const row = await ctx.db.insertInto('reading_paths').values({ title: `Einarbeitung ${ctx.unique()}`, created_by: ctx.users.owner.id }).returning('id').executeTakeFirstOrThrow();
  await ctx.db.insertInto('reading_path_items').values({ path_id: row.id, position: 0, page_id: pageId }).execute();
  await ctx.db.insertInto('reading_path_assignments').values({ path_id: row.id, user_id: ctx.users.reader.id, assigned_by: ctx.users.owner.id }).execute();
  return row.id;
}

const managers = { ...signedIn(404), reader: 403, owner: 200, knowledgeManager: 200, admin: 200 };

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/reading-paths', request: () => ({ url: '/api/v1/reading-paths' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/reading-paths/mine', request: () => ({ url: '/api/v1/reading-paths/mine' }), expect: signedIn(200) },
  {
    method: 'POST',
    route: '/api/v1/reading-paths',
    request: async (ctx) => ({ url: '/api/v1/reading-paths', body: { title: 'Einarbeitung Bürgerbüro', items: [{ pageId: await ctx.page(), note: 'Zuerst lesen' }] } }),
    expect: { ...signedIn(403), owner: 201, knowledgeManager: 201, admin: 201 },
  },
  { method: 'GET', route: '/api/v1/reading-paths/:id', request: async (ctx) => ({ url: `/api/v1/reading-paths/${await path(ctx)}` }), expect: managers },
  {
    method: 'POST',
    route: '/api/v1/reading-paths/:id/assign',
    request: async (ctx) => ({ url: `/api/v1/reading-paths/${await path(ctx)}/assign`, body: { userId: (await ctx.user()).id } }),
    expect: managers,
  },
  {
    method: 'POST',
    route: '/api/v1/reading-paths/:id/items/:index/done',
    request: async (ctx) => ({ url: `/api/v1/reading-paths/${await path(ctx)}/items/0/done` }),
    // Only the reader is on the path; those who manage it see it but have nothing to mark.
    expect: { ...signedIn(404), reader: 200, owner: 409, knowledgeManager: 409, admin: 409 },
  },
  {
    method: 'POST',
    route: '/api/v1/interviews/:id/reading-path',
    request: async (ctx) => {
      const [subject, interviewer, successor] = [await ctx.user(), await ctx.user(), await ctx.user()];
      const id = await createInterview(ctx.db, { subjectUserId: subject.id, interviewerId: interviewer.id, successorId: successor.id, departureDate: '2031-01-31' }, system);
      return { url: `/api/v1/interviews/${id}/reading-path` };
    },
    // Interviews are hidden from non-participants; the matrix's interview is not completed yet.
    expect: { ...signedIn(404), knowledgeManager: 409, admin: 409 },
  },
];
