import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentUser } from '../auth/auth.ts';
import { importPage } from '../content/import-page.ts';
import { validationFailed } from '../http/problem.ts';
import { germanDate, renderTemplate } from './render.ts';
import { templateRow } from './templates-queries.ts';

export interface PageFromTemplateInput {
  spaceId: string;
  parentId: string | null;
  title: string;
  position?: number;
  templateId: string;
  fields: Record<string, string>;
}

/**
 * A new page whose body is the template filled in (render.ts), created like a Markdown import
 * (one transaction: page, Yjs document, derived content, audit). The route checked that the
 * caller may create pages in the space and read the template; a space's template makes pages
 * in that space only.
 */
export async function createPageFromTemplate(app: FastifyInstance, request: FastifyRequest, input: PageFromTemplateInput): Promise<string> {
  const template = await templateRow(app.db, input.templateId);
  if (!template) throw validationFailed('The template does not exist.');
  if (template.space_id !== null && template.space_id !== input.spaceId) throw validationFailed('This template belongs to another space; choose a global template or one of this space.');
  const user = currentUser(request);
  const author = await app.db.selectFrom('users').select('display_name').where('id', '=', user.id).executeTakeFirstOrThrow();
  const markdown = renderTemplate(template.body, input.fields, { datum: germanDate(), autor: author.display_name });
  const { row } = await importPage(app, request, {
    spaceId: input.spaceId,
    parentId: input.parentId,
    title: input.title,
    position: input.position,
    markdown,
    source: `template:${template.id}`,
  });
  return row.id;
}
