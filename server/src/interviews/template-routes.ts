import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateTemplateBody, IdParams, ProblemSchema, TemplateListSchema, TemplateSchema, UpdateTemplateBody } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { createTemplate, listTemplates, updateTemplate } from './templates.ts';

const tags = ['interviews'];

/** Interview templates: everyone signed in reads them; knowledge managers and admins edit them (each edit a new version). */
export const templateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/interview-templates', { config: { access: 'signed-in' }, schema: { tags, summary: 'List interview templates (latest versions, German texts)', response: { 200: TemplateListSchema } } }, async () =>
    listTemplates(app.db),
  );

  app.post(
    '/interview-templates',
    { config: { access: { resource: 'instance', action: 'interviews.manage' } }, schema: { tags, summary: 'Create an interview template (knowledge managers, admins)', body: CreateTemplateBody, response: { 201: TemplateSchema, 403: ProblemSchema } } },
    async (request, reply) => reply.status(201).send(await createTemplate(app.db, request.body, actorOf(request))),
  );

  app.put(
    '/interview-templates/:id',
    {
      config: { access: { resource: 'instance', action: 'interviews.manage' } },
      schema: {
        tags,
        summary: 'Edit a template: writes a new version (running interviews keep theirs)',
        params: IdParams,
        body: UpdateTemplateBody,
        response: { 200: TemplateSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => updateTemplate(app.db, request.params.id, request.body, actorOf(request)),
  );
};
