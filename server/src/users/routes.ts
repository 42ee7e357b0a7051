import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateUserBody, IdParams, UpdateUserBody, UserListQuery, UserListSchema, UserSchema } from '@stafette/api';
import { notFound } from '../http/problem.ts';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { canOnInstance } from '../policy/instance.ts';
import { accountChangeAction } from '../policy/users.ts';
import { findUser, listUsers } from './users-queries.ts';
import { createUser, updateUser } from './users-service.ts';

const tags = ['users'];

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
    async (request, reply) => reply.status(201).send(await createUser(app.db, request.body, actorOf(request))),
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
      // Asking for inactive accounts without the right to see them lists the active ones.
      const includeInactive = request.query.includeInactive === true && canOnInstance(currentUser(request), 'users.seeAll');
      return listUsers(app.db, { includeInactive, q: request.query.q });
    },
  );

  app.get(
    '/users/:id',
    { config: { access: 'signed-in' }, schema: { tags, summary: 'One account (the list’s rule: active ones for everyone; admins and knowledge managers all)', params: IdParams, response: { 200: UserSchema } } },
    async (request) => {
      // Deactivated and pseudonymised accounts exist only for those who may list them: 404, as for no account.
      const user = await findUser(app.db, request.params.id, { includeInactive: canOnInstance(currentUser(request), 'users.seeAll') });
      if (!user) throw notFound('user');
      return user;
    },
  );

  app.patch(
    '/users/:id',
    {
      config: { access: { resource: 'instance', action: (request) => accountChangeAction(request.body as object | null) } },
      schema: {
        tags,
        summary: 'Change an account: name, role, active, planned departure date (admins; knowledge managers set departure dates)',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const user = await updateUser(app.db, request.params.id, request.body, actorOf(request));
      // Role and active state decide access: open collaboration sockets check again.
      if (request.body.active !== undefined || request.body.role !== undefined) app.events.emit('user.changed', user.id);
      return user;
    },
  );
};
