import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, PeopleQuery, PeopleResultSchema, PersonSchema, PersonTagsBody, PersonTagsSchema } from '@stafette/api';
import { currentUser } from '../auth/auth.ts';
import { notFound } from '../http/problem.ts';
import { canOnInstance } from '../policy/instance.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { ownTags, saveOwnTags } from './expertise-tags.ts';
import { personDetail } from './person-detail.ts';
import { searchPeople } from './people-search.ts';

const tags = ['people'];

/**
 * Who knows what (Expertenverzeichnis): find people by name or topic with the evidence why, and
 * a page per person. Every signed-in account may look people up (the account list is open to
 * them too); what is shown of pages, steps and offices is limited to what the caller reads.
 */
export const peopleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/people',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Find people by name or topic ("Wer kennt sich mit Sondernutzung aus?"), ranked by evidence',
        description: 'Evidence: the name matches; they wrote pages a topic search finds (weighted by their share of the edits); they are contacts for matching steps or for the steps those pages document; they own a matching process. Active accounts only.',
        querystring: PeopleQuery,
        response: { 200: PeopleResultSchema },
      },
    },
    async (request) => searchPeople(app.db, app.searchService.backend, request.query.q, await readableSpaceIds(app.db, currentUser(request))),
  );

  app.get(
    '/people/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'A person page: role, offices, the steps they are a contact for, the pages they wrote most',
        description: 'The planned departure only for knowledge managers and admins; deactivated accounts only for them (404 for others).',
        params: IdParams,
        response: { 200: PersonSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const managers = canOnInstance(user, 'users.seeAll');
      const person = await personDetail(app.db, request.params.id, await readableSpaceIds(app.db, user), managers, user.id === request.params.id);
      if (!person || (!person.active && !managers)) throw notFound('person');
      return person;
    },
  );

  app.get(
    '/people/me/tags',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The caller\'s own expertise tags: declared, suggested from what they wrote, and the suggestions they hid',
        response: { 200: PersonTagsSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return ownTags(app.db, user.id, await readableSpaceIds(app.db, user));
    },
  );

  app.put(
    '/people/me/tags',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Declare one\'s own expertise tags and hide suggested ones (hidden tags are neither shown nor searched by)',
        body: PersonTagsBody,
        response: { 200: PersonTagsSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return saveOwnTags(app.db, user.id, request.body, await readableSpaceIds(app.db, user));
    },
  );
};
