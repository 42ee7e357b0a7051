import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageCreateTemplateBody, IdParams, NoContent, PageTemplateListQuery, PageTemplateListSchema, PageTemplateSchema, PageUpdateTemplateBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { notFound } from '../http/problem.ts';
import { grantOf } from '../policy/route-access.ts';
import { listTemplates, templateJson, templateRow } from './templates-queries.ts';
import { createTemplate, deleteTemplate, updateTemplate } from './templates-service.ts';

const tags = ['templates'];

/**
 * The template gallery: global templates (kept by administrators and knowledge managers) and
 * each space's (kept by its owners). Pages are made from them by `POST /pages` with
 * `templateId` (pages/routes.ts, page-from-template.ts).
 */
export const templatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/templates',
    {
      config: { access: [{ resource: 'space', action: 'read', id: 'query.spaceId', optional: true }] },
      schema: {
        tags,
        summary: 'Templates to start a page from: the global ones, and a space’s own with `spaceId`',
        querystring: PageTemplateListQuery,
        response: { 200: PageTemplateListSchema },
      },
    },
    async (request) => ({ items: await listTemplates(app.db, currentUser(request), request.query.spaceId) }),
  );

  app.post(
    '/templates',
    {
      config: { access: { resource: 'templateGallery', action: 'create', id: 'body.spaceId' } },
      schema: {
        tags,
        summary: 'Add a template: global without `spaceId` (administrators, knowledge managers), else to that space (owners)',
        description: 'The body is Markdown; `{{Feld}}` marks where a field’s value goes, `{{datum}}` and `{{autor}}` are filled in when a page is made. A name given twice in one gallery: 409 `template-name-taken`.',
        body: PageCreateTemplateBody,
        response: { 201: PageTemplateSchema },
      },
    },
    async (request, reply) => {
      const row = await createTemplate(app.db, request.body, actorOf(request));
      return reply.status(201).send(templateJson(row, true));
    },
  );

  app.get(
    '/templates/:id',
    {
      config: { access: { resource: 'template', action: 'read' } },
      schema: { tags, summary: 'One template with its body', params: IdParams, response: { 200: PageTemplateSchema } },
    },
    async (request) => {
      const grant = grantOf(request, 'template');
      const row = await templateRow(app.db, grant.template.id);
      if (!row) throw notFound('template');
      return templateJson(row, grant.canManage);
    },
  );

  app.patch(
    '/templates/:id',
    {
      config: { access: { resource: 'template', action: 'manage' } },
      schema: { tags, summary: 'Change a template’s name, description, fields or body', params: IdParams, body: PageUpdateTemplateBody, response: { 200: PageTemplateSchema } },
    },
    async (request) => templateJson(await updateTemplate(app.db, grantOf(request, 'template').template.id, request.body, actorOf(request)), true),
  );

  app.delete(
    '/templates/:id',
    {
      config: { access: { resource: 'template', action: 'manage' } },
      schema: { tags, summary: 'Delete a template (pages made from it stay as they are)', params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteTemplate(app.db, grantOf(request, 'template').template.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );
};
