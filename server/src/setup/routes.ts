import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SessionSchema, SetupBody, SetupStatusSchema } from '@stafette/api';
import { conflict, Problem } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { safeEqual, tokenHash } from '../auth/secrets.ts';
import { createSession } from '../auth/sessions.ts';
import { sessionPolicyOf, setSessionCookie } from '../auth/plugin.ts';
import { userJson } from '../users/user-json.ts';
import { insertUser } from '../users/users-service.ts';

const tags = ['setup'];

export const setupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/setup',
    { config: { public: true }, schema: { tags, summary: 'Whether the instance still needs its first administrator', response: { 200: SetupStatusSchema } } },
    async () => ({ required: !(await app.db.selectFrom('users').select('id').limit(1).executeTakeFirst()) }),
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
      const { token, ...account } = request.body;
      const created = await app.db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) throw conflict('The instance is set up already.', 'setup-done');
        const stored = await trx.selectFrom('setup_tokens').select('token_hash').where('used_at', 'is', null).forUpdate().executeTakeFirst();
        if (!stored || !safeEqual(stored.token_hash, tokenHash(token))) {
          throw new Problem(403, 'setup-token-invalid', 'Setup link not valid', 'Use the link printed by the server at its first start.');
        }
        await trx.updateTable('setup_tokens').set({ used_at: new Date() }).execute();
        const user = await insertUser(trx, { ...account, role: 'admin' });
        await recordAudit(trx, { actorId: user.id, ip: request.ip, action: 'user.create', targetType: 'user', targetId: user.id, detail: { role: 'admin', via: 'setup' } });
        return user;
      });
      const session = await createSession(app.db, created.id, sessionPolicyOf(app), { ip: request.ip, userAgent: request.headers['user-agent'] ?? null });
      setSessionCookie(request, reply, session.token, app.config.sessionLifetimeHours);
      return reply.status(201).send({ user: userJson(created), csrfToken: session.csrfToken });
    },
  );
};
