import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GapPageBody, GapPageSchema, KnowledgeGapListSchema, KnowledgeGapsQuery, NoContent, SearchMissBody, WorklistQuery, WorklistSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { forbidden } from '../http/problem.ts';
import { canOnInstance, instanceRefusalDetail } from '../policy/instance.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { SearchUnavailableError } from '../search/backend.ts';
import { createGapPage } from './gap-page.ts';
import { knowledgeGaps } from './gap-queries.ts';
import { MIN_ASKERS, recordGap } from './record-gap.ts';
import { worklist } from './worklist.ts';

const tags = ['knowledge-gaps'];

/**
 * Knowledge gaps: the search screens report a search the user left without opening a result;
 * the server checks whether it found anything and counts it as "no hits" or "no click", without
 * storing who asked (record-gap.ts). Knowledge managers and admins see the queries at least
 * MIN_ASKERS different people asked, and turn one into a page with one click.
 */
export const knowledgeGapsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/search/misses',
    {
      config: { access: { resource: 'space', action: 'read', id: 'body.spaceId', optional: true } },
      schema: {
        tags,
        summary: 'Report a search left without opening a result (search screens send it)',
        description: `The server searches again to tell "no hits" from "no click". Only the normalised query, counts and a keyed hash of the asker (rotated and discarded) are kept; a query is reported once ${MIN_ASKERS} different people asked it.`,
        body: SearchMissBody,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { q, spaceId } = request.body;
      try {
        const result = await app.searchService.backend.search({ q, readable: await readableSpaceIds(app.db, user), spaceId, limit: 1 });
        await recordGap(app.db, { q, userId: user.id, spaceId: spaceId ?? null, kind: result.hits.length === 0 ? 'no_hits' : 'no_click' });
      } catch (err) {
        // Without the search service the search cannot be classified; nothing is counted.
        if (!(err instanceof SearchUnavailableError)) throw err;
      }
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/knowledge-gaps',
    {
      config: { access: { resource: 'instance', action: 'knowledgeGaps.read' } },
      schema: {
        tags,
        summary: '"Gesucht, nicht gefunden": queries searched without result (knowledge managers, admins)',
        description: `Queries at least ${MIN_ASKERS} different people searched without hits or without opening a result, with their searches in the last \`days\` days (per week) and the spaces searched in. Most searched first.`,
        querystring: KnowledgeGapsQuery,
        response: { 200: KnowledgeGapListSchema },
      },
    },
    async (request) => {
      const days = request.query.days ?? 90;
      return { days, items: await knowledgeGaps(app.db, days, await readableSpaceIds(app.db, currentUser(request))) };
    },
  );

  app.get(
    '/knowledge-gaps/worklist',
    {
      config: { access: { resource: 'instance', action: 'knowledgeGaps.read' } },
      schema: {
        tags,
        summary: 'The worklist: steps without pages, pages without a responsible person, overdue reviews, interviews not started (knowledge managers, admins)',
        description: 'Organisation-wide. Interviews not started: active people whose planned departure is within horizonDays and who have no interview or only a planned one.',
        querystring: WorklistQuery,
        response: { 200: WorklistSchema },
      },
    },
    async (request) => worklist(app.db, request.query.horizonDays ?? 180),
  );

  app.post(
    '/knowledge-gaps/pages',
    {
      config: { access: { resource: 'space', action: 'createPage', id: 'body.spaceId' } },
      schema: {
        tags,
        summary: 'Create the missing page: titled with the query, in a space, with a responsible person (knowledge managers, admins)',
        description: 'The caller must be able to create pages in the space. 400 when the responsible person cannot read the space.',
        body: GapPageBody,
        response: { 201: GapPageSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!canOnInstance(user, 'knowledgeGaps.read')) throw forbidden(instanceRefusalDetail('knowledgeGaps.read', user));
      return reply.status(201).send(await createGapPage(app.db, user, request.body, actorOf(request)));
    },
  );
};
