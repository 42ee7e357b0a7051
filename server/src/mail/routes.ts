import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MailPreferencesSchema, type MailMode, type NotificationKind, UnsubscribePageSchema, UnsubscribeQuery, UnsubscribeResultSchema, UpdateMailPreferencesBody } from '@stafette/api';
import { escapeHtml } from '@stafette/schema';
import { actorOf } from '../audit/actor.ts';
import { currentUser } from '../auth/auth.ts';
import { Problem } from '../http/problem.ts';
import { mailPreferences, setMailPreferences } from './preferences.ts';
import { verifyUnsubscribeToken } from './unsubscribe-token.ts';

const tags = ['notifications'];

const invalidLink = () => new Problem(400, 'unsubscribe-link-invalid', 'Invalid unsubscribe link', 'The link was altered or is not from this instance.');

/** Mail preferences per kind (profile screen) and the one-click unsubscribe of RFC 8058. */
export const mailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Mail clients send the one-click unsubscribe as a form: "List-Unsubscribe=One-Click".
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(
    '/notifications/preferences',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'How the caller gets each kind of notification by mail: instant, daily digest or off', response: { 200: MailPreferencesSchema } },
    },
    async (request) => ({ preferences: await mailPreferences(app.db, currentUser(request).id), mailEnabled: app.config.mail.smtpUrl !== null }),
  );

  app.put(
    '/notifications/preferences',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Change the mail mode of some kinds', body: UpdateMailPreferencesBody, response: { 200: MailPreferencesSchema } },
    },
    async (request) => {
      const userId = currentUser(request).id;
      await setMailPreferences(app.db, userId, request.body.preferences as Partial<Record<NotificationKind, MailMode>>, actorOf(request));
      return { preferences: await mailPreferences(app.db, userId), mailEnabled: app.config.mail.smtpUrl !== null };
    },
  );

  app.get(
    '/mail/unsubscribe',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The page behind an unsubscribe link: a button that unsubscribes (a GET changes nothing, link scanners follow links)',
        querystring: UnsubscribeQuery,
        produces: ['text/html'],
        response: { 200: UnsubscribePageSchema },
      },
    },
    async (request, reply) => {
      const target = await verifyUnsubscribeToken(app.db, request.query.token);
      if (!target) throw invalidLink();
      const action = `/api/v1/mail/unsubscribe?token=${encodeURIComponent(request.query.token)}`;
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>E-Mails abbestellen</title></head><body>` +
            `<h1>E-Mails abbestellen</h1><p>Keine E-Mails dieser Art mehr erhalten (Benachrichtigungen im Posteingang bleiben).</p>` +
            `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit">Abbestellen</button></form></body></html>`,
        );
    },
  );

  app.post(
    '/mail/unsubscribe',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'One-click unsubscribe (RFC 8058): turns off mail of the link’s kind for its person',
        description: 'The token is signed; no session is needed. Body as mail clients send it: List-Unsubscribe=One-Click.',
        querystring: UnsubscribeQuery,
        response: { 200: UnsubscribeResultSchema },
      },
    },
    async (request) => {
      const target = await verifyUnsubscribeToken(app.db, request.query.token);
      // A link of an account deleted since is as good as an altered one.
      if (!target || !(await app.db.selectFrom('users').select('id').where('id', '=', target.userId).executeTakeFirst())) throw invalidLink();
      await setMailPreferences(app.db, target.userId, { [target.kind]: 'off' }, { actorId: target.userId, ip: request.ip });
      return { kind: target.kind, mode: 'off' as const };
    },
  );
};
