import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProblemSchema, SearchQuery, SearchResultSchema, SuggestionsQuery, SuggestionsSchema, SynonymsBody, SynonymsSchema } from '@stafette/api';
import { currentUser } from '../auth/auth.ts';
import { recordAudit } from '../audit/record.ts';
import { Problem, validationFailed } from '../http/problem.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { withClassification } from '../classification/effective.ts';
import { mayBeSuggested } from '../classification/gates.ts';
import { InvalidCursorError, type SearchQuery as BackendQuery, SearchUnavailableError } from './backend.ts';
import { shippedSynonyms } from './synonyms-de.ts';
import { cleanSynonymGroups } from './synonyms.ts';
import { refiningFacets } from './facets.ts';
import { suggest as suggestions } from './suggestions.ts';

const tags = ['search'];

/** The search service is down; pages and edits keep working, changes wait in the outbox. */
const searchUnavailable = () =>
  new Problem(503, 'search-unavailable', 'Search unavailable', 'Search is temporarily unavailable. Changes are kept and indexed once it is back.');

/** A cursor from another search, forged or garbled (see cursor.ts); the same on every backend. */
const invalidCursor = (detail: string) => new Problem(400, 'invalid-cursor', 'Invalid cursor', detail);

/** Full-text search over the pages the caller may read, and the synonym list. */
export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** A corrected query, offered only when it finds pages the caller may read with the same filters. */
  const didYouMean = async (query: BackendQuery): Promise<string | null> => {
    const corrected = await app.searchService.backend.correct?.(query.q, query.readable);
    if (!corrected) return null;
    const check = await app.searchService.backend.search({ ...query, q: corrected });
    return check.hits.length > 0 ? corrected : null;
  };

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
      const { q, spaceId, processId, stepId, limit, cursor, suggest, classification, authorId, changedSince, fileType, sort, fromStepId } = request.query;
      if (stepId && !processId) throw validationFailed('stepId needs processId: element ids are unique only within a process.');
      if (fromStepId && !processId) throw validationFailed('fromStepId needs processId: element ids are unique only within a process.');
      const readable = await readableSpaceIds(app.db, user);
      try {
        const filters = { classification, authorId, changedSince, fileType, sort, preferStepId: fromStepId };
        const { pageIds, refining: counted, ...result } = await app.searchService.backend.search({ q, readable, spaceId, processId, stepId, limit, cursor, ...filters });
        const hits = await withClassification(app.db, result.hits, (hit) => hit.pageId);
        if (!suggest) {
          const refining = counted ?? (pageIds ? await refiningFacets(app.db, pageIds) : {});
          const correction = hits.length === 0 && !cursor ? await didYouMean({ q, readable, spaceId, processId, stepId, limit: 1, ...filters }) : null;
          return { ...result, hits, facets: { ...result.facets, ...refining }, ...(correction ? { correction } : {}) };
        }
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
    '/search/suggestions',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Suggestions while typing: page titles, process steps and people with a word starting with q (pages and steps of readable spaces only)',
        querystring: SuggestionsQuery,
        response: { 200: SuggestionsSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const readable = await readableSpaceIds(app.db, user);
      return { suggestions: await suggestions(app.db, user.id, readable, request.query.q, request.query.limit) };
    },
  );

  app.get(
    '/search/synonyms',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'The synonym list: shipped groups and those added by knowledge managers and administrators', response: { 200: SynonymsSchema } } },
    async () => ({ shipped: shippedSynonyms.map((g) => [...g]), groups: await app.searchService.synonyms.custom() }),
  );

  app.put(
    '/search/synonyms',
    {
      bodyLimit: 2 * 1024 * 1024,
      config: { access: { resource: 'instance', action: 'search.editSynonyms' } },
      schema: {
        tags,
        summary: 'Replace the synonym groups added on top of the shipped list (knowledge managers and admins); the shipped list stays',
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
