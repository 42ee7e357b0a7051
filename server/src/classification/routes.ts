import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ClassificationSchemeSchema, UpdateClassificationSchemeBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { readScheme, updateScheme } from './scheme.ts';

const tags = ['classification'];

/**
 * The classification scheme. Every signed-in user reads it (the labels appear on every page,
 * search hit and export); administrators rename levels and choose the default for new spaces.
 */
export const classificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/admin/classification',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'The classification levels (lowest first) with their labels, and the default for new spaces', response: { 200: ClassificationSchemeSchema } },
    },
    async () => readScheme(app.db),
  );

  app.put(
    '/admin/classification',
    {
      config: { access: { resource: 'instance', action: 'classification.manage' } },
      schema: {
        tags,
        summary: 'Rename the classification levels and choose the default for new spaces (admins); keys and order stay',
        body: UpdateClassificationSchemeBody,
        response: { 200: ClassificationSchemeSchema },
      },
    },
    async (request) => {
      await updateScheme(app.db, request.body, actorOf(request));
      return readScheme(app.db);
    },
  );
};
