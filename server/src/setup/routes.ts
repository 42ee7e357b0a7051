import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionSchema, SetupBody, SetupStatusSchema } from '@stafette/api';
import { createSession } from '../auth/sessions.ts';
import { sessionPolicyOf, setSessionCookie } from '../auth/plugin.ts';
import { hasAccounts } from '../users/users-queries.ts';
import { completeSetup } from './setup-service.ts';

const tags = ['setup'];

export const setupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/setup',
    { config: { public: true }, schema: { tags, summary: 'Whether the instance still needs its first administrator', response: { 200: SetupStatusSchema } } },
    async () => ({ required: !(await hasAccounts(app.db)) }),
  );

  app.post(
    '/setup',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Create the first administrator with the one-time setup token printed at first start',
        body: SetupBody,
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) => {
      const user = await completeSetup(app.db, request.body, request.ip);
      const session = await createSession(app.db, user.id, sessionPolicyOf(app), { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, session.token, app.config.sessionLifetimeHours);
      return reply.status(201).send({ user, csrfToken: session.csrfToken });
    },
  );
};
