import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DirectoryStatusSchema, DirectorySyncResultSchema, GroupMappingListSchema, OptionalNoBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { Problem } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { directoryStatus } from './directory-queries.ts';
import { listGroupMappings } from './group-mappings.ts';
import { replaceGroupMappings } from './mappings-service.ts';
import { runDirectorySync } from './sync.ts';
import { directorySyncTimer } from './sync-timer.ts';
import { deactivationWatch } from './deactivation-watch.ts';

const tags = ['directory'];
const access = { resource: 'instance', action: 'directory.manage' } as const;

const notConfigured = () => new Problem(409, 'directory-not-configured', 'No directory', 'No LDAP directory is configured (STAFETTE_LDAP_URL).');

/** Directory administration (admins): the providers' state, group → role mappings, the LDAP sync. */
export const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(directorySyncTimer);
  await app.register(deactivationWatch);

  app.get(
    '/admin/directory',
    { config: { access }, schema: { tags, summary: 'Sign-in providers and their state: LDAP (last sync, counts, last error), OpenID Connect, local passwords', response: { 200: DirectoryStatusSchema } } },
    async () => directoryStatus(app.db, app.config),
  );

  app.get(
    '/admin/directory/mappings',
    { config: { access }, schema: { tags, summary: 'Directory group → role mappings (instance roles with spaceId null)', response: { 200: GroupMappingListSchema } } },
    async () => listGroupMappings(app.db),
  );

  app.put(
    '/admin/directory/mappings',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Replace the group → role mappings; they apply at each sign-in and sync',
        description: 'Roles given by hand stay unless a mapping manages that space or instance role. Group names are DNs or common names, compared case-insensitively.',
        body: GroupMappingListSchema,
        response: { 200: GroupMappingListSchema },
      },
    },
    async (request) => {
      await replaceGroupMappings(app.db, request.body, actorOf(request));
      return listGroupMappings(app.db);
    },
  );

  app.post(
    '/admin/directory/sync',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Sync the LDAP directory now: create new people, update names and departure dates, deactivate people removed or disabled',
        description:
          'Refuses to deactivate anyone when the directory is empty or more than STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE of its accounts would go (errors says why). 503 directory-unavailable when it cannot be read (nobody deactivated); 409 directory-sync-running while a sync runs.',
        body: OptionalNoBody,
        response: { 200: DirectorySyncResultSchema },
      },
    },
    async (request) => {
      const ldap = app.config.ldap;
      if (!ldap) throw notConfigured();
      const actor = actorOf(request);
      await recordAudit(app.db, { ...actor, action: 'directory.sync', targetType: 'directory', targetId: null });
      const { created, updated, deactivated, errors } = await runDirectorySync({ db: app.db, ldap, directory: app.config.directory, events: app.events, log: app.log }, 'admin');
      return { created, updated, deactivated, errors };
    },
  );
};
