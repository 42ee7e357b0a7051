import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { CreateUserBody, IdParams, UpdateUserBody, UserListQuery, UserListSchema, UserSchema } from '@stafette/api';
import { conflict, forbidden, notFound } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { currentUser } from '../auth/auth.ts';
import { endAllSessions } from '../auth/sessions.ts';
import { canOnInstance, type InstanceAction } from '../policy/instance.ts';
import { userJson, userSelect } from './user-json.ts';
import { emailTaken, insertUser, normaliseEmail } from './users-service.ts';

const tags = ['users'];

/** Setting only a planned departure date is a knowledge manager's job too; anything else is an admin's. */
const changeAction = (request: FastifyRequest): InstanceAction =>
  Object.keys((request.body as object | null) ?? {}).every((k) => k === 'plannedDepartureDate') ? 'users.setDeparture' : 'users.update';

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/users',
    {
      config: { access: { resource: 'instance', action: 'users.create' } },
      schema: {
        tags,
        summary: 'Create an account (admins)',
        body: CreateUserBody,
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => {
      const actor = currentUser(request);
      if (!canOnInstance(actor, 'users.create')) throw forbidden('Only administrators create accounts.');
      const row = await app.db.transaction().execute(async (trx) => {
        const created = await insertUser(trx, request.body);
        await recordAudit(trx, {
          actorId: actor.id,
          ip: request.ip,
          action: 'user.create',
          targetType: 'user',
          targetId: created.id,
          detail: { email: created.email, role: created.role },
        });
        return created;
      });
      return reply.status(201).send(userJson(row));
    },
  );

  app.get(
    '/users',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'List accounts (everyone sees active ones; admins and knowledge managers all)',
        querystring: UserListQuery,
        response: { 200: UserListSchema },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      let query = app.db.selectFrom('users').select(userSelect).orderBy('display_name').limit(1000);
      if (!(request.query.includeInactive && canOnInstance(actor, 'users.seeAll'))) query = query.where('active', '=', true);
      if (request.query.q) {
        const like = `%${request.query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
        query = query.where((eb) => eb.or([eb('display_name', 'ilike', like), eb('email', 'ilike', like)]));
      }
      return (await query.execute()).map(userJson);
    },
  );

  app.get(
    '/users/:id',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'One account (the list’s rule: active ones for everyone; admins and knowledge managers all)', params: IdParams, response: { 200: UserSchema } } },
    async (request) => {
      const actor = currentUser(request);
      let query = app.db.selectFrom('users').select(userSelect).where('id', '=', request.params.id);
      // Deactivated and pseudonymised accounts exist only for those who may list them: 404, as for no account.
      if (!canOnInstance(actor, 'users.seeAll')) query = query.where('active', '=', true);
      const row = await query.executeTakeFirst();
      if (!row) throw notFound('user');
      return userJson(row);
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: { resource: 'instance', action: changeAction } },
      schema: {
        tags,
        summary: 'Change an account: name, role, active, planned departure date (admins; knowledge managers set departure dates)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      const body = request.body;
      const onlyDeparture = Object.keys(body).every((k) => k === 'plannedDepartureDate');
      const allowed = canOnInstance(actor, 'users.update') || (onlyDeparture && canOnInstance(actor, 'users.setDeparture'));
      if (!allowed) throw forbidden('Only administrators change accounts.');
      const id = request.params.id;
      if (actor.id === id && (body.active === false || (body.role && body.role !== 'admin'))) {
        throw conflict('You cannot deactivate or demote yourself; ask another administrator.', 'self-lockout');
      }
      const row = await app.db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('users').select(userSelect).where('id', '=', id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('user');
        if (body.email && (await emailTaken(trx, body.email, id))) throw conflict('A user with this email exists already.', 'email-taken');
        const after = await trx
          .updateTable('users')
          .set({
            ...(body.email !== undefined ? { email: normaliseEmail(body.email) } : {}),
            ...(body.displayName !== undefined ? { display_name: body.displayName.trim() } : {}),
            ...(body.role !== undefined ? { role: body.role } : {}),
            ...(body.locale !== undefined ? { locale: body.locale } : {}),
            ...(body.plannedDepartureDate !== undefined ? { planned_departure_date: body.plannedDepartureDate } : {}),
            ...(body.active !== undefined ? { active: body.active, deactivated_at: body.active ? null : new Date() } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .returning(userSelect)
          .executeTakeFirstOrThrow();
        // Deactivation ends every session at once; API tokens stop working through the active check.
        if (body.active === false) await endAllSessions(trx, id);
        const changes = Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'email' || body.email !== before.email));
        await recordAudit(trx, {
          actorId: actor.id,
          ip: request.ip,
          action: body.active === false ? 'user.deactivate' : body.active === true && !before.active ? 'user.reactivate' : 'user.update',
          targetType: 'user',
          targetId: id,
          detail: { changes },
        });
        return after;
      });
      if (body.active !== undefined || body.role !== undefined) app.events.emit('user.changed', id);
      return userJson(row);
    },
  );
};
