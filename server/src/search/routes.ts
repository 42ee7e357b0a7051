import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentUser } from '../auth/auth.ts';
import { recordAudit } from '../audit/record.ts';
import { Problem, validationFailed } from '../http/problem.ts';
import { Body, ProblemSchema, Uuid } from '../http/schema.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { InvalidCursorError, SearchUnavailableError } from './backend.ts';
import { shippedSynonyms } from './synonyms-de.ts';
import { cleanSynonymGroups } from './synonyms.ts';

const tags = ['search'];

/** The search service is down; pages and edits keep working, changes wait in the outbox. */
const searchUnavailable = () =>
  new Problem(503, 'search-unavailable', 'Search unavailable', 'Search is temporarily unavailable. Changes are kept and indexed once it is back.');

/** A cursor from another search, forged or garbled (see cursor.ts); the same on every backend. */
const invalidCursor = (detail: string) => new Problem(400, 'invalid-cursor', 'Invalid cursor', detail);

const StepSchema = Type.Object({ processId: Uuid, elementId: Type.String(), name: Type.Union([Type.String(), Type.Null()]) });
const FacetSchema = Type.Array(Type.Object({ id: Uuid, count: Type.Integer() }));
const ResultSchema = Type.Object({
  hits: Type.Array(
    Type.Object({
      pageId: Uuid,
      title: Type.String(),
      snippet: Type.String({ description: 'HTML-escaped excerpt; matches wrapped in <mark>' }),
      spaceId: Uuid,
      steps: Type.Array(StepSchema),
    }),
  ),
  facets: Type.Object({ spaces: FacetSchema, processes: FacetSchema }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
const Term = Type.String({ minLength: 1, maxLength: 200 });
const Groups = Type.Array(Type.Array(Term, { minItems: 2, maxItems: 20 }), { maxItems: 5000 });
const SynonymsSchema = Type.Object({
  shipped: Type.Array(Type.Array(Type.String()), { description: 'The list shipped with Stafette (read-only)' }),
  groups: Type.Array(Type.Array(Type.String()), { description: 'Groups added by administrators' }),
});

/** Full-text search over the pages the caller may read, and the synonym list. */
export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Search the pages you can read (German: typos, compounds, inflections, synonyms; last word as prefix)',
        querystring: Type.Object({
          q: Type.String({ minLength: 1, maxLength: 500 }),
          spaceId: Type.Optional(Uuid),
          processId: Type.Optional(Uuid),
          stepId: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'BPMN element id; needs processId' })),
          limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: ResultSchema, 503: ProblemSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { q, spaceId, processId, stepId, limit, cursor } = request.query;
      if (stepId && !processId) throw validationFailed('stepId needs processId: element ids are unique only within a process.');
      const readable = await readableSpaceIds(app.db, user);
      try {
        return await app.searchService.backend.search({ q, readable, spaceId, processId, stepId, limit, cursor });
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
        body: Body({ groups: Groups }),
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
