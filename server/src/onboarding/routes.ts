import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignReadingPathBody,
  CreateReadingPathBody,
  IdParams,
  MyReadingPathListSchema,
  NoBody,
  ReadingPathItemParams,
  ReadingPathListSchema,
  ReadingPathSchema,
} from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { forbidden } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { managesAllReadingPaths, mayBuildReadingPaths } from '../policy/reading-paths.ts';
import { grantOf } from '../policy/route-access.ts';
import { createFromInterview } from './from-interview.ts';
import { managedReadingPaths, myReadingPaths } from './reading-path-queries.ts';
import { assignReadingPath, createReadingPath, markItemDone } from './reading-path-service.ts';

const tags = ['onboarding'];
const BUILDERS_ONLY = 'Only knowledge managers, administrators and space owners build reading paths.';

/**
 * Onboarding (Einarbeitung): reading paths of pages and process steps that knowledge managers
 * and space owners build and assign to newcomers; the newcomer marks items read, a page that
 * changes afterwards shows up again. Permissions: policy/reading-paths.ts.
 */
export const onboardingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function onePath(pathId: string, user: ReturnType<typeof currentUser>) {
    const [path] = await managedReadingPaths(app.db, { pathId }, await readableSpaceIds(app.db, user));
    return path!;
  }

  app.get(
    '/reading-paths',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The reading paths the caller manages, with every assignee’s progress',
        description: 'Knowledge managers and administrators see all paths, everyone else the ones they built.',
        response: { 200: ReadingPathListSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const readable = await readableSpaceIds(app.db, user);
      return managedReadingPaths(app.db, managesAllReadingPaths(user) ? {} : { createdBy: user.id }, readable);
    },
  );

  app.post(
    '/reading-paths',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Build a reading path of pages and process steps (knowledge managers, admins, space owners)',
        description: 'Every item must be a page or a current process step the caller reads (404 otherwise). Items keep their order; an item’s index is its position.',
        body: CreateReadingPathBody,
        response: { 201: ReadingPathSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(await mayBuildReadingPaths(app.db, user))) throw forbidden(BUILDERS_ONLY);
      const id = await createReadingPath(app.db, user, request.body, actorOf(request));
      return reply.status(201).send(await onePath(id, user));
    },
  );

  app.get(
    '/reading-paths/mine',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The reading paths assigned to the caller, with what they read',
        description: 'An item counts as done when marked read and, for a page, not changed since (changedSinceRead: “geändert seit Sie es gelesen haben”).',
        response: { 200: MyReadingPathListSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return myReadingPaths(app.db, user.id, await readableSpaceIds(app.db, user));
    },
  );

  app.get(
    '/reading-paths/:id',
    {
      config: { access: { resource: 'readingPath', action: 'manage' } },
      schema: { tags, summary: 'One reading path with every assignee’s progress (whoever built it, knowledge managers, admins)', params: IdParams, response: { 200: ReadingPathSchema } },
    },
    async (request) => onePath(request.params.id, grantOf(request, 'readingPath').user),
  );

  app.post(
    '/reading-paths/:id/assign',
    {
      config: { access: { resource: 'readingPath', action: 'manage' } },
      schema: {
        tags,
        summary: 'Assign the path to a newcomer (whoever built it, knowledge managers, admins)',
        description: '409 assignee-inactive for a deactivated account. Assigning again keeps the progress.',
        params: IdParams,
        body: AssignReadingPathBody,
        response: { 200: ReadingPathSchema },
      },
    },
    async (request) => {
      await assignReadingPath(app.db, request.params.id, request.body.userId, actorOf(request));
      return onePath(request.params.id, grantOf(request, 'readingPath').user);
    },
  );

  app.post(
    '/reading-paths/:id/items/:index/done',
    {
      config: { access: { resource: 'readingPath', action: 'follow' } },
      schema: {
        tags,
        summary: 'Mark an item of one’s reading path as read (again, after its page changed)',
        description: '409 not-assigned when the path is not assigned to the caller; 404 for an index the path does not have.',
        params: ReadingPathItemParams,
        body: NoBody,
        response: { 200: MyReadingPathListSchema },
      },
    },
    async (request) => {
      const { user } = grantOf(request, 'readingPath');
      await markItemDone(app.db, request.params.id, request.params.index, user.id);
      return myReadingPaths(app.db, user.id, await readableSpaceIds(app.db, user));
    },
  );

  app.post(
    '/interviews/:id/reading-path',
    {
      config: { access: { resource: 'interview', action: 'view' } },
      schema: {
        // Listed with the interview routes too: it starts from an interview.
        tags: ['interviews', ...tags],
        summary: 'Turn a completed interview’s reading list into a reading path assigned to the successor',
        description:
          'For knowledge managers, admins and space owners who see the interview. 409 interview-not-completed, 409 no-successor. ' +
          'The path lists each inherited step followed by the pages published for it that the caller reads.',
        params: IdParams,
        body: NoBody,
        response: { 201: ReadingPathSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(await mayBuildReadingPaths(app.db, user))) throw forbidden(BUILDERS_ONLY);
      const id = await createFromInterview(app.db, request.params.id, user, actorOf(request));
      return reply.status(201).send(await onePath(id, user));
    },
  );
};
