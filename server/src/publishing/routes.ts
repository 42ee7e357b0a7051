import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TSchema } from 'typebox';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/actor.ts';
import type { DB } from '../db/schema.ts';
import type { ResourceCheck } from '../policy/route-access.ts';
import { IdParams, type Publication, PublicationSchema, PublishingSettingsSchema, PublishPageBody, OptionalNoBody, UpdatePublishingSettingsBody } from '@stafette/api';
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

/** What differs between publishing a page and a process; the three routes are the same shape. */
interface PublishTarget {
  /** `/pages/:id/publish` or `/processes/:id/publish`. */
  path: string;
  /** Who may see the status (readers of the page, viewers of the process) and who may change it (the `publish` action). */
  access: { status: ResourceCheck; change: ResourceCheck };
  summaries: { status: string; publish: string; publishDescription: string; unpublish: string };
  body: TSchema;
  publish(db: Kysely<DB>, id: string, body: { subtree?: boolean } | undefined, actor: Actor): Promise<void>;
  unpublish(db: Kysely<DB>, id: string, actor: Actor): Promise<void>;
  status(db: Kysely<DB>, id: string, origin: string): Promise<Publication>;
}

const TARGETS: PublishTarget[] = [
  {
    path: '/pages/:id/publish',
    access: { status: { resource: 'page', action: 'read' }, change: { resource: 'page', action: 'publish' } },
    summaries: {
      status: 'Whether the page is published, its public address, and whether it may be published',
      publish: 'Publish the page (and with `subtree` its sub-pages) on the public portal (space owners)',
      publishDescription: `${LEVEL_NOTE} Sub-pages are shown only while they are public themselves; \`leftOut\` counts those that are not.`,
      unpublish: 'Take the page (and its published subtree) off the public portal, at once',
    },
    body: PublishPageBody,
    publish: (db, id, body, actor) => publishPage(db, id, body?.subtree ?? false, actor),
    unpublish: unpublishPage,
    status: pagePublication,
  },
  {
    path: '/processes/:id/publish',
    access: { status: { resource: 'process', action: 'view' }, change: { resource: 'process', action: 'publish' } },
    summaries: {
      status: 'Whether the process is published, its public address, and whether it may be published',
      publish: 'Publish the process with its diagram, steps and the public pages attached to them (space owners)',
      publishDescription: `${LEVEL_NOTE} The process's level is its space's. Attached pages appear only while they are public themselves; \`leftOut\` counts those that are not.`,
      unpublish: 'Take the process off the public portal, at once',
    },
    body: OptionalNoBody,
    publish: (db, id, _body, actor) => publishProcess(db, id, actor),
    unpublish: unpublishProcess,
    status: processPublication,
  },
];

/**
 * Publishing to the public portal (`/public`, portal-routes.ts): space owners publish a page (with
 * its subtree if asked) or a process (with the public pages of its steps) and take them off
 * again; anyone who reads them sees whether and where they are published. Administrators set
 * the municipality's name, imprint and open-data licence.
 */
export const publishingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const target of TARGETS) {
    app.get(
      target.path,
      {
        config: { access: target.access.status },
        schema: { tags, summary: target.summaries.status, params: IdParams, response: { 200: PublicationSchema } },
      },
      async (request) => target.status(app.db, request.params.id, originOf(request)),
    );

    app.post(
      target.path,
      {
        config: { access: target.access.change },
        schema: { tags, summary: target.summaries.publish, description: target.summaries.publishDescription, params: IdParams, body: target.body, response: { 200: PublicationSchema } },
      },
      async (request) => {
        await target.publish(app.db, request.params.id, request.body as { subtree?: boolean } | undefined, actorOf(request));
        return target.status(app.db, request.params.id, originOf(request));
      },
    );

    app.delete(
      target.path,
      {
        config: { access: target.access.change },
        schema: { tags, summary: target.summaries.unpublish, params: IdParams, response: { 200: PublicationSchema } },
      },
      async (request) => {
        await target.unpublish(app.db, request.params.id, actorOf(request));
        return target.status(app.db, request.params.id, originOf(request));
      },
    );
  }

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
