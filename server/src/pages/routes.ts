import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Expression, type SqlBool, sql } from 'kysely';
import { Type } from 'typebox';
import { Body, IdParams, NoBody, Uuid } from '../http/schema.ts';
import { conflict, forbidden, notFound } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { type AuthUser, currentUser } from '../auth/auth.ts';
import { atLeast } from '../policy/access-rules.ts';
import { pageAccess, readableSpaceIds, spaceAccess } from '../policy/pages.ts';
import { canOnPage, canOnSpace, type PageAction } from '../policy/spaces.ts';
import { archiveSubtree, deleteSubtree, insertPage, lockSpace, movePage, restoreSubtree } from './tree.ts';
import { emptyDoc } from '../content/derive.ts';
import { PageListItemSchema, PageSchema, PageSummarySchema, pageSummaryColumns, pageSummaryJson } from './page-json.ts';

const tags = ['pages'];
/** Any Unicode, 1–1000 characters (counted as code points), not blank; titles repeat in real documents. */
const Title = Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' });
const Position = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const ListLimit = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

export const pagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The caller's access to the page; 404 when they may not see it, 403 (or 409 for archived pages) when they may not do this. */
  async function authorise(request: FastifyRequest, pageId: string, action: PageAction) {
    const user = currentUser(request);
    const access = await pageAccess(app.db, user, pageId);
    if (!access.page) throw notFound('page');
    if (!canOnPage(access.level, access.page.archived, action)) {
      if (access.page.archived && canOnPage(access.level, false, action)) {
        throw conflict('The page or its space is archived; restore it first.', 'page-archived');
      }
      throw forbidden('Your role in this space does not allow this.');
    }
    return { user, level: access.level, page: access.page };
  }

  async function pageJson(user: AuthUser, pageId: string) {
    const access = await pageAccess(app.db, user, pageId);
    if (!access.page) throw notFound('page');
    const row = await app.db
      .selectFrom('pages')
      .innerJoin('spaces', 'spaces.id', 'pages.space_id')
      .selectAll('pages')
      .select(['spaces.name as space_name', 'spaces.archived_at as space_archived_at'])
      .where('pages.id', '=', pageId)
      .executeTakeFirst();
    if (!row) throw notFound('page');
    const { rows: crumbs } = await sql<{ id: string; title: string }>`
      WITH RECURSIVE up(id, parent_id, title, depth) AS (
        SELECT id, parent_id, title, 0 FROM pages WHERE id = ${row.parent_id}
        UNION ALL
        SELECT p.id, p.parent_id, p.title, up.depth + 1 FROM pages p JOIN up ON p.id = up.parent_id WHERE up.depth < 10000
      )
      SELECT id, title FROM up ORDER BY depth DESC`.execute(app.db);
    return {
      ...pageSummaryJson(row),
      space: { id: row.space_id, name: row.space_name, archived: row.space_archived_at !== null },
      breadcrumbs: crumbs,
      permissions: {
        canEdit: canOnPage(access.level, access.page.archived, 'editTitle'),
        canManage: atLeast(access.level, 'manage'),
      },
      doc: row.doc ?? emptyDoc(),
    };
  }

  function audit(request: FastifyRequest, trx: Parameters<typeof recordAudit>[0], action: string, pageId: string, detail: Record<string, unknown>) {
    return recordAudit(trx, { actorId: currentUser(request).id, ip: request.ip, action, targetType: 'page', targetId: pageId, detail });
  }

  app.post(
    '/pages',
    {
      schema: {
        tags,
        summary: 'Create a page in a space, at the top level or below a parent (editors)',
        body: Body({
          spaceId: Uuid,
          parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
          title: Title,
          position: Type.Optional(Position),
        }),
        response: { 201: PageSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { spaceId, title, position } = request.body;
      const parentId = request.body.parentId ?? null;
      const level = await spaceAccess(app.db, user, spaceId);
      if (level === 'none') throw notFound('space');
      if (!canOnSpace(level, false, 'createPage')) {
        if (atLeast(level, 'manage')) throw conflict('The space is archived; restore it first.', 'space-archived');
        throw forbidden('Readers cannot create pages.');
      }
      const id = await app.db.transaction().execute(async (trx) => {
        const space = await lockSpace(trx, spaceId);
        if (space.archived) throw conflict('The space is archived; restore it first.', 'space-archived');
        const pageId = await insertPage(trx, { spaceId, parentId, title, position, userId: user.id });
        await audit(request, trx, 'page.create', pageId, { spaceId, parentId, title });
        return pageId;
      });
      return reply.status(201).send(await pageJson(user, id));
    },
  );

  app.get(
    '/pages',
    {
      schema: {
        tags,
        summary: 'Pages of a space as a flat list, e.g. its archived pages',
        querystring: Type.Object({ spaceId: Uuid, archived: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(PageSummarySchema) },
      },
    },
    async (request) => {
      const level = await spaceAccess(app.db, currentUser(request), request.query.spaceId);
      if (level === 'none') throw notFound('space');
      let query = app.db.selectFrom('pages').select(pageSummaryColumns).where('space_id', '=', request.query.spaceId);
      if (request.query.archived !== undefined) query = query.where('archived_at', request.query.archived ? 'is not' : 'is', null);
      const rows = await query.orderBy('title').orderBy('id').limit(10_000).execute();
      return rows.map(pageSummaryJson);
    },
  );

  /** Live pages in live spaces the user can read, most recently changed first. */
  async function listReadable(user: AuthUser, limit: number, extra?: (eb: any) => Expression<SqlBool>) {
    const readable = await readableSpaceIds(app.db, user);
    if (readable !== 'all' && readable.length === 0) return [];
    let query = app.db
      .selectFrom('pages')
      .innerJoin('spaces', 'spaces.id', 'pages.space_id')
      .select(pageSummaryColumns)
      .select('spaces.name as space_name')
      .where('pages.archived_at', 'is', null)
      .where('spaces.archived_at', 'is', null);
    if (readable !== 'all') query = query.where('pages.space_id', 'in', readable);
    if (extra) query = query.where(extra);
    const rows = await query.orderBy('pages.updated_at', 'desc').orderBy('pages.id').limit(limit).execute();
    return rows.map((r) => ({ ...pageSummaryJson(r), spaceName: r.space_name }));
  }

  app.get(
    '/pages/recent',
    {
      schema: {
        tags,
        summary: 'Recently changed pages the caller can read (start page)',
        querystring: Type.Object({ limit: ListLimit }),
        response: { 200: Type.Array(PageListItemSchema) },
      },
    },
    async (request) => listReadable(currentUser(request), request.query.limit),
  );

  app.get(
    '/pages/mine',
    {
      schema: {
        tags,
        summary: 'Pages the caller created or changed, most recent first (start page)',
        querystring: Type.Object({ limit: ListLimit }),
        response: { 200: Type.Array(PageListItemSchema) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return listReadable(user, request.query.limit, (eb) =>
        eb.or([
          eb('pages.created_by', '=', user.id),
          eb('pages.updated_by', '=', user.id),
          // Edits recorded in the audit log count too, whoever changed the page last.
          eb.exists(
            eb
              .selectFrom('audit_log')
              .select('audit_log.id')
              .where('audit_log.actor_id', '=', user.id)
              .where('audit_log.target_type', '=', 'page')
              .whereRef('audit_log.target_id', '=', sql<string>`pages.id::text`),
          ),
        ]),
      );
    },
  );

  app.get(
    '/pages/:id',
    { schema: { tags, summary: 'One page with breadcrumbs and the caller’s permissions', params: IdParams, response: { 200: PageSchema } } },
    async (request) => {
      const { user } = await authorise(request, request.params.id, 'read');
      return pageJson(user, request.params.id);
    },
  );

  app.patch(
    '/pages/:id',
    {
      schema: { tags, summary: 'Rename a page (editors)', params: IdParams, body: Body({ title: Title }), response: { 200: PageSchema } },
    },
    async (request) => {
      const { user } = await authorise(request, request.params.id, 'editTitle');
      await app.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('pages').select('title').where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('page');
        await trx
          .updateTable('pages')
          .set({ title: request.body.title, updated_at: new Date(), updated_by: user.id })
          .where('id', '=', request.params.id)
          .execute();
        await audit(request, trx, 'page.update', request.params.id, { title: request.body.title, previousTitle: before.title });
      });
      return pageJson(user, request.params.id);
    },
  );

  app.post(
    '/pages/:id/move',
    {
      schema: {
        tags,
        summary: 'Move a page to another parent (null: top level) and/or position among its siblings (editors)',
        params: IdParams,
        body: Body({ parentId: Type.Union([Uuid, Type.Null()]), position: Type.Optional(Position) }),
        response: { 200: PageSchema },
      },
    },
    async (request) => {
      const { user, page } = await authorise(request, request.params.id, 'move');
      const { parentId, position } = request.body;
      if (parentId !== null) {
        // A parent the caller cannot see is "not found", one in another space is a conflict.
        const parent = await pageAccess(app.db, user, parentId);
        if (!parent.page) throw notFound('parent page');
        if (parent.page.spaceId !== page.spaceId) throw conflict('Pages move within their space only.', 'cross-space-move');
      }
      await app.db.transaction().execute(async (trx) => {
        const space = await lockSpace(trx, page.spaceId);
        if (space.archived) throw conflict('The space is archived; restore it first.', 'space-archived');
        const result = await movePage(trx, page.id, parentId, position, user.id);
        await audit(request, trx, 'page.move', page.id, { ...result });
      });
      app.events.emit('page.changed', page.id);
      return pageJson(user, page.id);
    },
  );

  app.post(
    '/pages/:id/archive',
    {
      schema: { tags, summary: 'Archive a page and everything below it (editors)', params: IdParams, body: NoBody, response: { 200: PageSchema } },
    },
    async (request) => {
      const { user, page } = await authorise(request, request.params.id, 'archive');
      const changed = await app.db.transaction().execute(async (trx) => {
        await lockSpace(trx, page.spaceId);
        const ids = await archiveSubtree(trx, page.id, user.id);
        if (ids.length > 0) await audit(request, trx, 'page.archive', page.id, { pages: ids.length });
        return ids;
      });
      for (const id of changed) app.events.emit('page.changed', id);
      return pageJson(user, page.id);
    },
  );

  app.post(
    '/pages/:id/restore',
    {
      schema: { tags, summary: 'Restore an archived page and what was archived with it (owners)', params: IdParams, body: NoBody, response: { 200: PageSchema } },
    },
    async (request) => {
      const { user, page } = await authorise(request, request.params.id, 'restore');
      const changed = await app.db.transaction().execute(async (trx) => {
        const space = await lockSpace(trx, page.spaceId);
        if (space.archived) throw conflict('The space is archived; restore the space first.', 'space-archived');
        const ids = await restoreSubtree(trx, page.id, user.id);
        if (ids.length > 0) await audit(request, trx, 'page.restore', page.id, { pages: ids.length });
        return ids;
      });
      for (const id of changed) app.events.emit('page.changed', id);
      return pageJson(user, page.id);
    },
  );

  app.delete(
    '/pages/:id',
    { schema: { tags, summary: 'Delete an archived page and its subpages permanently (owners)', params: IdParams } },
    async (request, reply) => {
      const { user, page } = await authorise(request, request.params.id, 'delete');
      const deleted = await app.db.transaction().execute(async (trx) => {
        await lockSpace(trx, page.spaceId);
        const title = await trx.selectFrom('pages').select('title').where('id', '=', page.id).executeTakeFirst();
        if (!title) throw notFound('page');
        const ids = await deleteSubtree(trx, page.id);
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'page.delete',
          targetType: 'page',
          targetId: page.id,
          detail: { spaceId: page.spaceId, title: title.title, pages: ids.length },
        });
        return ids;
      });
      for (const id of deleted) app.events.emit('page.changed', id);
      return reply.status(204).send();
    },
  );
};
