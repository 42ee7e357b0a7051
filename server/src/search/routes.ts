import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema, SearchQuery, SearchResultSchema, SynonymsBody, SynonymsSchema } from '@stafette/api';
import { currentUser } from '../auth/auth.ts';
import { recordAudit } from '../audit/record.ts';
import { Problem, validationFailed } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { withClassification } from '../classification/effective.ts';
import { mayBeSuggested } from '../classification/gates.ts';
import { InvalidCursorError, SearchUnavailableError } from './backend.ts';
import { shippedSynonyms } from './synonyms-de.ts';
import { cleanSynonymGroups } from './synonyms.ts';

const tags = ['search'];

/** The search service is down; pages and edits keep working, changes wait in the outbox. */
const searchUnavailable = () =>
  new Problem(503, 'search-unavailable', 'Search unavailable', 'Search is temporarily unavailable. Changes are kept and indexed once it is back.');

/** A cursor from another search, forged or garbled (see cursor.ts); the same on every backend. */
const invalidCursor = (detail: string) => new Problem(400, 'invalid-cursor', 'Invalid cursor', detail);

/** Full-text search over the pages the caller may read, and the synonym list. */
export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Search the pages you can read (German: typos, compounds, inflections, synonyms; last word as prefix)',
        querystring: SearchQuery,
        response: { 200: SearchResultSchema, 503: ProblemSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { q, spaceId, processId, stepId, limit, cursor, suggest } = request.query;
      if (stepId && !processId) throw validationFailed('stepId needs processId: element ids are unique only within a process.');
      const readable = await readableSpaceIds(app.db, user);
      try {
        const result = await app.searchService.backend.search({ q, readable, spaceId, processId, stepId, limit, cursor });
        const hits = await withClassification(app.db, result.hits, (hit) => hit.pageId);
        if (!suggest) return { ...result, hits };
        // Suggestions offer strictly confidential pages to members of their space only.
        const memberOf = new Set((await app.db.selectFrom('space_members').select('space_id').where('user_id', '=', user.id).execute()).map((r) => r.space_id));
        return { ...result, hits: hits.filter((hit) => mayBeSuggested(hit.classification, memberOf.has(hit.spaceId))) };
      } catch (err) {
        if (err instanceof InvalidCursorError) throw invalidCursor(err.message);
        if (err instanceof SearchUnavailableError) throw searchUnavailable();
        throw err;
      }
    },
  );

  app.get(
    '/search/synonyms',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'The synonym list: shipped groups and those added by administrators', response: { 200: SynonymsSchema } } },
    async () => ({ shipped: shippedSynonyms.map((g) => [...g]), groups: await app.searchService.synonyms.custom() }),
  );

  app.put(
    '/search/synonyms',
    {
      bodyLimit: 2 * 1024 * 1024,
      config: { access: { resource: 'instance', action: 'search.editSynonyms' } },
      schema: {
        tags,
        summary: 'Replace the synonym groups added by administrators (admins); the shipped list stays',
        body: SynonymsBody,
        response: { 200: SynonymsSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const groups = cleanSynonymGroups(request.body.groups);
      const previous = await app.searchService.synonyms.custom();
      await app.searchService.synonyms.replace(groups, user.id, (trx) =>
        recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'search.synonyms.update',
          targetType: 'search',
          targetId: null,
          detail: { groups: groups.length, previousGroups: previous.length },
        }),
      );
      await app.searchService.backend.synonymsChanged?.(await app.searchService.synonyms.effective());
      return { shipped: shippedSynonyms.map((g) => [...g]), groups };
    },
  );
};
