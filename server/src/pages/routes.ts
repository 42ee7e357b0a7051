import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreatePageBody, IdParams, MovePageBody, NoBody, NoContent, PageFeedQuery, PageListItemListSchema, PageListQuery, PageSchema, PageSummaryListSchema, UpdatePageBody } from '@stafette/api';
import { conflict, notFound } from '../http/problem.ts';
import { actorOf } from '../audit/actor.ts';
import { setPageClassification } from '../classification/classification-service.ts';
import { auditClassifiedRead } from '../classification/gates.ts';
import { keepOffDevices } from '../classification/offline.ts';
import { withClassification } from '../classification/effective.ts';
import { atLeast } from '../policy/access-rules.ts';
import { currentUser } from '../auth/auth.ts';
import { pageAccess } from '../policy/pages.ts';
import { grantOf } from '../policy/route-access.ts';
import { myPages, pageDetail, recentPages, spacePages } from './pages-queries.ts';
import { createPageFromTemplate } from '../templates/page-from-template.ts';
import { archivePage, createPage, deletePage, movePageTo, renamePage, restorePage } from './pages-service.ts';

const tags = ['pages'];

/**
 * Pages and the page tree: create, list, rename, move, archive, restore, delete. Access is
 * declared per route (server/src/policy); reads in pages-queries.ts, writes in pages-service.ts.
 */
export const pagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/pages',
    {
      // With a template: the caller must also see it (a space's template: read the space).
      config: {
        access: [
          { resource: 'space', action: 'createPage', id: 'body.spaceId' },
          { resource: 'template', action: 'read', id: 'body.templateId', optional: true },
        ],
      },
      schema: {
        tags,
        summary: 'Create a page in a space, at the top level or below a parent (editors); blank or from a template',
        description: 'With `templateId` (global, or of this space) the body is the template with `{{datum}}`, `{{autor}}` and the `fields` given filled in; fields left out stay visible as `{{Feld}}`.',
        body: CreatePageBody,
        response: { 201: PageSchema },
      },
    },
    async (request, reply) => {
      const { spaceId, title, position, templateId } = request.body;
      const parentId = request.body.parentId ?? null;
      const id = templateId
        ? await createPageFromTemplate(app, request, { spaceId, parentId, title, position, templateId, fields: request.body.fields ?? {} })
        : await createPage(app.db, { spaceId, parentId, title, position }, actorOf(request));
      return reply.status(201).send(await pageDetail(app.db, currentUser(request), id));
    },
  );

  app.get(
    '/pages',
    {
      config: { access: { resource: 'space', action: 'read', id: 'query.spaceId' } },
      schema: {
        tags,
        summary: 'Pages of a space as a flat list, e.g. its archived pages',
        querystring: PageListQuery,
        response: { 200: PageSummaryListSchema },
      },
    },
    async (request) => spacePages(app.db, request.query.spaceId, request.query.archived),
  );

  app.get(
    '/pages/recent',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Recently changed pages the caller can read (start page)',
        querystring: PageFeedQuery,
        response: { 200: PageListItemListSchema },
      },
    },
    async (request) => withClassification(app.db, await recentPages(app.db, currentUser(request), request.query.limit), (page) => page.id),
  );

  app.get(
    '/pages/mine',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'Pages the caller created or changed, most recent first (start page)',
        querystring: PageFeedQuery,
        response: { 200: PageListItemListSchema },
      },
    },
    async (request) => withClassification(app.db, await myPages(app.db, currentUser(request), request.query.limit), (page) => page.id),
  );

  app.get(
    '/pages/:id',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: { tags, summary: 'One page with breadcrumbs, the caller’s permissions and its classification', params: IdParams, response: { 200: PageSchema } },
    },
    async (request, reply) => {
      const page = await pageDetail(app.db, currentUser(request), request.params.id);
      // Strictly confidential: the read is recorded, and the answer is not kept on the device.
      await auditClassifiedRead(app.db, actorOf(request), page.id, 'page', page.classification);
      keepOffDevices(reply, page.classification);
      return page;
    },
  );

  app.patch(
    '/pages/:id',
    {
      config: { access: { resource: 'page', action: 'editTitle' } },
      schema: {
        tags,
        summary: 'Rename a page and/or set its own classification level (editors raise it; lowering it is for owners)',
        description: '`classification` null: the page inherits from its space and the pages above it. A level below the space’s answers 409 `classification-below-space`, below a parent page’s 409 `classification-below-parent`.',
        params: IdParams,
        body: UpdatePageBody,
        response: { 200: PageSchema },
      },
    },
    async (request) => {
      const { user, level, page } = grantOf(request, 'page');
      const { title, classification } = request.body;
      if (classification !== undefined) {
        const { affected } = await setPageClassification(app.db, page, classification, atLeast(level, 'manage'), actorOf(request));
        // Live sockets of the page and the pages below it re-check their access.
        for (const id of affected) app.events.emit('page.changed', id);
      }
      if (title !== undefined) await renamePage(app.db, page.id, title, actorOf(request));
      return pageDetail(app.db, user, page.id);
    },
  );

  app.post(
    '/pages/:id/move',
    {
      config: { access: { resource: 'page', action: 'move' } },
      schema: {
        tags,
        summary: 'Move a page to another parent (null: top level) and/or position among its siblings (editors)',
        params: IdParams,
        body: MovePageBody,
        response: { 200: PageSchema },
      },
    },
    async (request) => {
      const { user, page } = grantOf(request, 'page');
      const { parentId, position } = request.body;
      if (parentId !== null) {
        // A parent the caller cannot see is "not found", one in another space is a conflict.
        const parent = await pageAccess(app.db, user, parentId);
        if (!parent.page) throw notFound('parent page');
        if (parent.page.spaceId !== page.spaceId) throw conflict('Pages move within their space only.', 'cross-space-move');
      }
      await movePageTo(app.db, page, parentId, position, actorOf(request));
      app.events.emit('page.changed', page.id);
      return pageDetail(app.db, user, page.id);
    },
  );

  for (const archive of [true, false]) {
    app.post(
      archive ? '/pages/:id/archive' : '/pages/:id/restore',
      {
        config: { access: { resource: 'page', action: archive ? 'archive' : 'restore' } },
        schema: {
          tags,
          summary: archive ? 'Archive a page and everything below it (editors)' : 'Restore an archived page and what was archived with it (owners)',
          params: IdParams,
          body: NoBody,
          response: { 200: PageSchema },
        },
      },
      async (request) => {
        const { user, page } = grantOf(request, 'page');
        const changed = await (archive ? archivePage : restorePage)(app.db, page, actorOf(request));
        for (const id of changed) app.events.emit('page.changed', id);
        return pageDetail(app.db, user, page.id);
      },
    );
  }

  app.delete(
    '/pages/:id',
    {
      config: { access: { resource: 'page', action: 'delete' } },
      schema: { tags, summary: 'Delete an archived page and its subpages permanently (owners)', params: IdParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const deleted = await deletePage(app.db, grantOf(request, 'page').page, actorOf(request));
      for (const id of deleted) app.events.emit('page.changed', id);
      return reply.status(204).send(null);
    },
  );
};
