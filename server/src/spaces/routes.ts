import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Body, IdParams, NoBody, Uuid } from '../http/schema.ts';
import { conflict, forbidden, notFound } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { currentUser } from '../auth/auth.ts';
import { decideAccess } from '../policy/access-rules.ts';
import { readableSpaceIds, spaceAccess } from '../policy/pages.ts';
import { canCreateSpace, canOnSpace, type SpaceAction } from '../policy/spaces.ts';
import { lockSpace } from '../pages/tree.ts';
import { MemberSchema, SpaceRoleSchema, SpaceSchema, spaceJson } from './space-json.ts';
import { loadTree, TreeNodeSchema } from '../pages/tree-view.ts';

const tags = ['spaces'];
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Description = Type.String({ maxLength: 5000 });
const MemberParams = Type.Object({ id: Uuid, userId: Uuid });

export const spacesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The space row and the caller's level; 404 when the caller may not see it, 403 when they may see but not do it. */
  async function authorise(request: Parameters<typeof currentUser>[0], spaceId: string, action: SpaceAction) {
    const user = currentUser(request);
    const level = await spaceAccess(app.db, user, spaceId);
    if (level === 'none') throw notFound('space');
    if (!canOnSpace(level, false, action)) throw forbidden('Your role in this space does not allow this.');
    return { user, level };
  }

  async function spaceFor(userId: string, spaceId: string, role: Parameters<typeof decideAccess>[0]['userRole']) {
    const row = await app.db
      .selectFrom('spaces')
      .leftJoin('space_members', (j) => j.onRef('space_members.space_id', '=', 'spaces.id').on('space_members.user_id', '=', userId))
      .selectAll('spaces')
      .select('space_members.role as member_role')
      .where('spaces.id', '=', spaceId)
      .executeTakeFirstOrThrow();
    const level = decideAccess({ userRole: role, userActive: true, memberRole: row.member_role, spaceArchived: row.archived_at !== null });
    return spaceJson(row, level, row.member_role);
  }

  app.post(
    '/spaces',
    {
      schema: {
        tags,
        summary: 'Create a space; the creator becomes its owner',
        body: Body({ name: Name, description: Type.Optional(Description) }),
        response: { 201: SpaceSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!canCreateSpace(user)) throw forbidden();
      const id = await app.db.transaction().execute(async (trx) => {
        const space = await trx
          .insertInto('spaces')
          .values({ name: request.body.name.trim(), description: request.body.description ?? '', created_by: user.id })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('space_members').values({ space_id: space.id, user_id: user.id, role: 'owner' }).execute();
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'space.create',
          targetType: 'space',
          targetId: space.id,
          detail: { name: request.body.name.trim() },
        });
        return space.id;
      });
      app.events.emit('membership.changed', id, user.id);
      return reply.status(201).send(await spaceFor(user.id, id, user.role));
    },
  );

  app.get(
    '/spaces',
    {
      schema: {
        tags,
        summary: 'Spaces the caller can read, by name',
        querystring: Type.Object({ includeArchived: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(SpaceSchema) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const readable = await readableSpaceIds(app.db, user);
      if (readable !== 'all' && readable.length === 0) return [];
      let query = app.db
        .selectFrom('spaces')
        .leftJoin('space_members', (j) => j.onRef('space_members.space_id', '=', 'spaces.id').on('space_members.user_id', '=', user.id))
        .selectAll('spaces')
        .select('space_members.role as member_role')
        .orderBy('spaces.name')
        .orderBy('spaces.id');
      if (readable !== 'all') query = query.where('spaces.id', 'in', readable);
      if (!request.query.includeArchived) query = query.where('spaces.archived_at', 'is', null);
      const rows = await query.execute();
      return rows.map((row) =>
        spaceJson(
          row,
          decideAccess({ userRole: user.role, userActive: user.active, memberRole: row.member_role, spaceArchived: row.archived_at !== null }),
          row.member_role,
        ),
      );
    },
  );

  app.get('/spaces/:id', { schema: { tags, summary: 'One space', params: IdParams, response: { 200: SpaceSchema } } }, async (request) => {
    const { user } = await authorise(request, request.params.id, 'read');
    return spaceFor(user.id, request.params.id, user.role);
  });

  app.patch(
    '/spaces/:id',
    {
      schema: {
        tags,
        summary: 'Rename a space or change its description (owners)',
        params: IdParams,
        body: Body({ name: Type.Optional(Name), description: Type.Optional(Description) }),
        response: { 200: SpaceSchema },
      },
    },
    async (request) => {
      const { user } = await authorise(request, request.params.id, 'update');
      const { name, description } = request.body;
      await app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('spaces')
          .set({
            ...(name !== undefined ? { name: name.trim() } : {}),
            ...(description !== undefined ? { description } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', request.params.id)
          .execute();
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'space.update',
          targetType: 'space',
          targetId: request.params.id,
          detail: { changes: request.body },
        });
      });
      return spaceFor(user.id, request.params.id, user.role);
    },
  );

  for (const archive of [true, false]) {
    app.post(
      archive ? '/spaces/:id/archive' : '/spaces/:id/restore',
      {
        schema: {
          tags,
          summary: archive ? 'Archive a space: everything in it becomes read-only (owners)' : 'Restore an archived space (owners)',
          params: IdParams,
          body: NoBody,
          response: { 200: SpaceSchema },
        },
      },
      async (request) => {
        const { user } = await authorise(request, request.params.id, 'archive');
        const changed = await app.db.transaction().execute(async (trx) => {
          const result = await trx
            .updateTable('spaces')
            .set({ archived_at: archive ? new Date() : null, updated_at: new Date() })
            .where('id', '=', request.params.id)
            .where('archived_at', archive ? 'is' : 'is not', null)
            .executeTakeFirst();
          if (result.numUpdatedRows === 0n) return false;
          await recordAudit(trx, {
            actorId: user.id,
            ip: request.ip,
            action: archive ? 'space.archive' : 'space.restore',
            targetType: 'space',
            targetId: request.params.id,
          });
          return true;
        });
        if (changed) app.events.emit('space.changed', request.params.id);
        return spaceFor(user.id, request.params.id, user.role);
      },
    );
  }

  app.get(
    '/spaces/:id/tree',
    {
      schema: {
        tags,
        summary: 'The live pages of a space, nested, in sibling order',
        params: IdParams,
        response: { 200: Type.Array(TreeNodeSchema) },
      },
    },
    async (request) => {
      await authorise(request, request.params.id, 'read');
      return loadTree(app.db, request.params.id);
    },
  );

  app.get(
    '/spaces/:id/members',
    { schema: { tags, summary: 'Members of a space and their roles', params: IdParams, response: { 200: Type.Array(MemberSchema) } } },
    async (request) => {
      await authorise(request, request.params.id, 'listMembers');
      const rows = await app.db
        .selectFrom('space_members')
        .innerJoin('users', 'users.id', 'space_members.user_id')
        .select(['users.id', 'users.display_name', 'users.email', 'users.active', 'space_members.role', 'space_members.created_at'])
        .where('space_members.space_id', '=', request.params.id)
        .orderBy('users.display_name')
        .orderBy('users.id')
        .execute();
      return rows.map((r) => ({
        userId: r.id,
        displayName: r.display_name,
        email: r.email,
        active: r.active,
        role: r.role,
        since: r.created_at.toISOString(),
      }));
    },
  );

  app.put(
    '/spaces/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Add a member or change their role (owners)',
        params: MemberParams,
        body: Body({ role: SpaceRoleSchema }),
        response: { 200: MemberSchema },
      },
    },
    async (request) => {
      const { id: spaceId, userId } = request.params;
      const { user } = await authorise(request, spaceId, 'manageMembers');
      const role = request.body.role;
      const changed = await app.db.transaction().execute(async (trx) => {
        await lockSpace(trx, spaceId);
        const target = await trx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
        if (!target) throw notFound('user');
        const before = await trx
          .selectFrom('space_members')
          .select('role')
          .where('space_id', '=', spaceId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (before?.role === role) return false;
        if (before?.role === 'owner') await keepAnOwner(trx, spaceId, userId);
        await trx
          .insertInto('space_members')
          .values({ space_id: spaceId, user_id: userId, role })
          .onConflict((oc) => oc.columns(['space_id', 'user_id']).doUpdateSet({ role, updated_at: new Date() }))
          .execute();
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: before ? 'space.member.update' : 'space.member.add',
          targetType: 'space',
          targetId: spaceId,
          detail: { userId, role, ...(before ? { previousRole: before.role } : {}) },
        });
        return true;
      });
      if (changed) app.events.emit('membership.changed', spaceId, userId);
      const row = await app.db
        .selectFrom('space_members')
        .innerJoin('users', 'users.id', 'space_members.user_id')
        .select(['users.id', 'users.display_name', 'users.email', 'users.active', 'space_members.role', 'space_members.created_at'])
        .where('space_members.space_id', '=', spaceId)
        .where('space_members.user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return { userId: row.id, displayName: row.display_name, email: row.email, active: row.active, role: row.role, since: row.created_at.toISOString() };
    },
  );

  app.delete(
    '/spaces/:id/members/:userId',
    { schema: { tags, summary: 'Remove a member (owners; members may leave themselves)', params: MemberParams } },
    async (request, reply) => {
      const { id: spaceId, userId } = request.params;
      const user = currentUser(request);
      await authorise(request, spaceId, user.id === userId ? 'read' : 'manageMembers');
      await app.db.transaction().execute(async (trx) => {
        await lockSpace(trx, spaceId);
        const before = await trx
          .selectFrom('space_members')
          .select('role')
          .where('space_id', '=', spaceId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!before) throw notFound('member');
        if (before.role === 'owner') await keepAnOwner(trx, spaceId, userId);
        await trx.deleteFrom('space_members').where('space_id', '=', spaceId).where('user_id', '=', userId).execute();
        await recordAudit(trx, {
          actorId: user.id,
          ip: request.ip,
          action: 'space.member.remove',
          targetType: 'space',
          targetId: spaceId,
          detail: { userId, previousRole: before.role },
        });
      });
      app.events.emit('membership.changed', spaceId, userId);
      return reply.status(204).send();
    },
  );
};

/** A space keeps at least one owner who is a member: demoting or removing the last one is refused. */
async function keepAnOwner(trx: Parameters<typeof lockSpace>[0], spaceId: string, leavingUserId: string) {
  const others = await trx
    .selectFrom('space_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('space_id', '=', spaceId)
    .where('role', '=', 'owner')
    .where('user_id', '<>', leavingUserId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) throw conflict('A space needs at least one owner; make someone else owner first.', 'last-owner');
}
