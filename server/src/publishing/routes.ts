import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, PublicationSchema, PublishingSettingsSchema, PublishPageBody, OptionalNoBody, UpdatePublishingSettingsBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import {
  pagePublication,
  processPublication,
  publishPage,
  publishProcess,
  readSettings,
  unpublishPage,
  unpublishProcess,
  updateSettings,
} from './publishing-service.ts';
import { originOf } from './public-urls.ts';

const tags = ['publishing'];
const LEVEL_NOTE = 'Only content classified `oeffentlich` may be published (409 classification-not-public otherwise).';

/**
 * Publishing to the public portal (`/public`, portal-routes.ts): space owners publish a page (with
 * its subtree if asked) or a process (with the public pages of its steps) and take them off
 * again; anyone who reads them sees whether and where they are published. Administrators set
 * the municipality's name, imprint and open-data licence.
 */
export const publishingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/pages/:id/publish',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: { tags, summary: 'Whether the page is published, its public address, and whether it may be published', params: IdParams, response: { 200: PublicationSchema } },
    },
    async (request) => pagePublication(app.db, request.params.id, originOf(request)),
  );

  app.post(
    '/pages/:id/publish',
    {
      config: { access: { resource: 'page', action: 'publish' } },
      schema: {
        tags,
        summary: 'Publish the page (and with `subtree` its sub-pages) on the public portal (space owners)',
        description: `${LEVEL_NOTE} Sub-pages are shown only while they are public themselves; \`leftOut\` counts those that are not.`,
        params: IdParams,
        body: PublishPageBody,
        response: { 200: PublicationSchema },
      },
    },
    async (request) => {
      await publishPage(app.db, request.params.id, request.body?.subtree ?? false, actorOf(request));
      return pagePublication(app.db, request.params.id, originOf(request));
    },
  );

  app.delete(
    '/pages/:id/publish',
    {
      config: { access: { resource: 'page', action: 'publish' } },
      schema: { tags, summary: 'Take the page (and its published subtree) off the public portal, at once', params: IdParams, response: { 200: PublicationSchema } },
    },
    async (request) => {
      await unpublishPage(app.db, request.params.id, actorOf(request));
      return pagePublication(app.db, request.params.id, originOf(request));
    },
  );

  app.get(
    '/processes/:id/publish',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: { tags, summary: 'Whether the process is published, its public address, and whether it may be published', params: IdParams, response: { 200: PublicationSchema } },
    },
    async (request) => processPublication(app.db, request.params.id, originOf(request)),
  );

  app.post(
    '/processes/:id/publish',
    {
      config: { access: { resource: 'process', action: 'publish' } },
      schema: {
        tags,
        summary: 'Publish the process with its diagram, steps and the public pages attached to them (space owners)',
        description: `${LEVEL_NOTE} The process's level is its space's. Attached pages appear only while they are public themselves; \`leftOut\` counts those that are not.`,
        params: IdParams,
        body: OptionalNoBody,
        response: { 200: PublicationSchema },
      },
    },
    async (request) => {
      await publishProcess(app.db, request.params.id, actorOf(request));
      return processPublication(app.db, request.params.id, originOf(request));
    },
  );

  app.delete(
    '/processes/:id/publish',
    {
      config: { access: { resource: 'process', action: 'publish' } },
      schema: { tags, summary: 'Take the process off the public portal, at once', params: IdParams, response: { 200: PublicationSchema } },
    },
    async (request) => {
      await unpublishProcess(app.db, request.params.id, actorOf(request));
      return processPublication(app.db, request.params.id, originOf(request));
    },
  );

  app.get(
    '/admin/publishing',
    {
      config: { access: { resource: 'instance', action: 'publishing.manage' } },
      schema: { tags, summary: 'The public portal’s settings: municipality name, imprint address, open-data licence (admins)', response: { 200: PublishingSettingsSchema } },
    },
    async () => readSettings(app.db),
  );

  app.put(
    '/admin/publishing',
    {
      config: { access: { resource: 'instance', action: 'publishing.manage' } },
      schema: { tags, summary: 'Change the public portal’s settings (admins)', body: UpdatePublishingSettingsBody, response: { 200: PublishingSettingsSchema } },
    },
    async (request) => {
      await updateSettings(app.db, request.body, actorOf(request));
      return readSettings(app.db);
    },
  );
};
