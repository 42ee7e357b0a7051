import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/record.ts';
import { sendDownload } from '../http/download.ts';
import { Body, IdParams, Uuid } from '../http/schema.ts';
import { notFound } from '../http/problem.ts';
import { PageSummarySchema, pageSummaryJson } from '../pages/page-json.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { authoriseContent } from './authorise.ts';
import { bodyFromInput } from './body-input.ts';
import { BacklinkSchema, ContentSchema, DocSchema } from './content-json.ts';
import { exportFile } from './export-file.ts';
import { importPage } from './import-page.ts';
import { readBody, readDerived, replaceBody } from './page-body.ts';

const tags = ['content'];
/** As in the pages routes: any Unicode, 1–1000 characters, not blank. */
const Title = Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' });
/** Markdown as sent; the body limit bounds it (several hundred KB are normal). */
const Markdown = Type.String({ description: 'GitHub-flavoured Markdown; any text is accepted' });

export const contentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const bodyLimit = app.content.options.maxBodyBytes;

  app.put(
    '/pages/:id/content',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Replace a page body with Markdown or ProseMirror JSON (editors); connected editors see it live',
        description: 'Send exactly one of `markdown` and `doc`. The change is a Yjs edit of the live document; derived content is written before the answer.',
        params: IdParams,
        body: Body({ markdown: Type.Optional(Markdown), doc: Type.Optional(DocSchema) }),
        response: { 200: ContentSchema },
      },
    },
    async (request) => {
      const { user, page } = await authoriseContent(app, request, request.params.id, 'edit');
      const json = bodyFromInput(request.body);
      const changed = await replaceBody(app, page.id, json, `rest:${user.id}`);
      const derived = await app.content.refresh(page.id, () => readDerived(app, page.id), {
        editors: changed ? [user.id] : [],
        inTransaction: async (trx) => {
          if (!changed) return;
          await recordAudit(trx, {
            actorId: user.id,
            ip: request.ip,
            action: 'page.content.replace',
            targetType: 'page',
            targetId: page.id,
            detail: { format: request.body.markdown !== undefined ? 'markdown' : 'doc' },
          });
        },
      });
      return { id: page.id, doc: derived.doc, headings: derived.headings, links: derived.links, changed };
    },
  );

  app.post(
    '/pages/import',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Create a page from Markdown (editors of the space)',
        description: 'h5/h6 become level-4 headings, raw HTML stays text, tables become table nodes. Derived content is written before the answer.',
        body: Body({ spaceId: Uuid, parentId: Type.Optional(Type.Union([Uuid, Type.Null()])), title: Title, markdown: Markdown }),
        response: { 201: Type.Object({ ...PageSummarySchema.properties, doc: DocSchema }) },
      },
    },
    async (request, reply) => {
      const { spaceId, title, markdown } = request.body;
      const { row, derived } = await importPage(app, request, { spaceId, parentId: request.body.parentId ?? null, title, markdown });
      return reply.status(201).send({ ...pageSummaryJson(row), doc: derived.doc });
    },
  );

  app.get(
    '/pages/:id/export',
    {
      schema: {
        tags,
        summary: 'Download a page as Markdown or HTML',
        params: IdParams,
        querystring: Type.Object({ format: Type.Union([Type.Literal('markdown'), Type.Literal('html')], { default: 'markdown' }) }),
        produces: ['text/markdown', 'text/html'],
        response: { 200: Type.String({ description: 'The file, named after the page title' }) },
      },
    },
    async (request, reply) => {
      const { page } = await authoriseContent(app, request, request.params.id, 'read');
      const row = await app.db.selectFrom('pages').select('title').where('id', '=', page.id).executeTakeFirst();
      if (!row) throw notFound('page');
      return sendDownload(reply, exportFile(row.title, await readBody(app, page.id), request.query.format));
    },
  );

  app.get(
    '/pages/:id/backlinks',
    {
      schema: {
        tags,
        summary: 'Live pages the caller can read whose body links to this page',
        params: IdParams,
        response: { 200: Type.Array(BacklinkSchema) },
      },
    },
    async (request) => {
      const { user, page } = await authoriseContent(app, request, request.params.id, 'read');
      const readable = await readableSpaceIds(app.db, user);
      if (readable !== 'all' && readable.length === 0) return [];
      let query = app.db
        .selectFrom('page_links')
        .innerJoin('pages', 'pages.id', 'page_links.source_page_id')
        .innerJoin('spaces', 'spaces.id', 'pages.space_id')
        .select(['pages.id', 'pages.title', 'pages.space_id', 'spaces.name as space_name'])
        .where('page_links.target_page_id', '=', page.id)
        .where('pages.archived_at', 'is', null)
        .where('spaces.archived_at', 'is', null);
      if (readable !== 'all') query = query.where('pages.space_id', 'in', readable);
      const rows = await query.orderBy('pages.title').orderBy('pages.id').limit(1000).execute();
      return rows.map((r) => ({ id: r.id, title: r.title, spaceId: r.space_id, spaceName: r.space_name }));
    },
  );
};
