import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import { AuthProvidersSchema, BackchannelLogoutAnswer, BackchannelLogoutBody, OidcCallbackQuery, OidcLoginQuery } from '@stafette/api';
import { Type } from 'typebox';
import { notFound } from '../../http/problem.ts';
import { SESSION_COOKIE, setSessionCookie } from '../plugin.ts';
import { tokenHash } from '../secrets.ts';
import { backchannelLogout, verifyLogoutToken } from './backchannel.ts';
import { LOGIN_STATE_TTL_SECONDS, startLogin, takeLogin } from './login-states.ts';
import { safeReturnTo } from './return-to.ts';
import { OidcLoginFailure, redeem, signInPerson } from './sign-in.ts';

const tags = ['auth'];

/** The browser's handle on its sign-in in flight; sent only to the OpenID Connect routes. */
const LOGIN_COOKIE = 'stafette_oidc';
const LOGIN_COOKIE_PATH = '/api/v1/auth/oidc/';

const Redirect = Type.Null({ description: 'Redirect (Location header)' });

function loginCookieOptions(request: FastifyRequest) {
  // Lax: the provider's redirect back is a top-level GET from another site, which Lax lets through.
  return { path: LOGIN_COOKIE_PATH, httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https' };
}

/** Back to the login screen, which explains `code`; nothing of the session changes. */
function refuse(reply: FastifyReply, code: string) {
  return reply.header('cache-control', 'no-store').redirect(`/?loginError=${encodeURIComponent(code)}`, 302);
}

/**
 * Sign-in through OpenID Connect (authorization code flow with PKCE, state and nonce) and the
 * provider's back-channel logout; `/auth/providers` tells the login screen what it offers. All
 * are public: the callback is bound to the browser that started the sign-in (cookie + state),
 * the back-channel logout to the provider's signature, so neither can be forged from a page.
 */
export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The provider posts logout tokens as a form; only these routes read forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 32 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(
    '/auth/providers',
    {
      config: { public: true },
      schema: { tags, summary: 'How people sign in here: password form, OpenID Connect provider, LDAP login names', response: { 200: AuthProvidersSchema } },
    },
    async () => ({
      local: app.config.localLogin,
      oidc: app.config.oidc ? { name: app.config.oidc.name } : null,
      ldap: app.config.ldap !== null,
    }),
  );

  app.get(
    '/auth/oidc/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Start signing in at the OpenID Connect provider: 302 to its authorization endpoint (PKCE, state, nonce)',
        querystring: OidcLoginQuery,
        response: { 302: Redirect },
      },
    },
    async (request, reply) => {
      const provider = app.oidc;
      if (!provider) throw notFound('OpenID Connect sign-in');
      let config: client.Configuration;
      try {
        ({ config } = await provider.discover());
      } catch (error) {
        request.log.warn({ err: error }, 'OpenID Connect provider unavailable');
        return refuse(reply, 'oidc-unavailable');
      }
      const started = await startLogin(app.db, safeReturnTo(request.query.returnTo));
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: provider.options.redirectUri,
        scope: provider.options.scopes,
        code_challenge: started.codeChallenge,
        code_challenge_method: 'S256',
        state: started.state,
        nonce: started.nonce,
      });
      reply.setCookie(LOGIN_COOKIE, started.cookie, { ...loginCookieOptions(request), maxAge: LOGIN_STATE_TTL_SECONDS });
      return reply.header('cache-control', 'no-store').redirect(url.toString(), 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The provider sends the browser back here: session cookie and 302 to returnTo, or 302 to /?loginError=<code>',
        querystring: OidcCallbackQuery,
        response: { 302: Redirect },
      },
    },
    async (request, reply) => {
      const provider = app.oidc;
      if (!provider) throw notFound('OpenID Connect sign-in');
      reply.clearCookie(LOGIN_COOKIE, loginCookieOptions(request));
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      try {
        const pending = await takeLogin(app.db, request.cookies[LOGIN_COOKIE]);
        if (!pending) throw new OidcLoginFailure('oidc-state-invalid', 'no sign-in of this browser in flight (expired, answered already, or started elsewhere)');
        const person = await redeem(provider, pending, search);
        const previous = request.cookies[SESSION_COOKIE];
        const session = await signInPerson(app, person, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          replaces: previous ? tokenHash(previous) : null,
        });
        setSessionCookie(request, reply, session.token, app.config.sessionLifetimeHours);
        return reply.header('cache-control', 'no-store').redirect(pending.returnTo, 302);
      } catch (error) {
        if (!(error instanceof OidcLoginFailure)) throw error;
        request.log.warn({ code: error.code, reason: error.reason }, 'OpenID Connect sign-in refused');
        return refuse(reply, error.code);
      }
    },
  );

  app.post(
    '/auth/oidc/backchannel-logout',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'OpenID Connect Back-Channel Logout 1.0: a valid logout_token (form field) ends the sessions it names and their live sockets',
        consumes: ['application/x-www-form-urlencoded'],
        body: BackchannelLogoutBody,
        response: { 200: BackchannelLogoutAnswer },
      },
    },
    async (request, reply) => {
      const provider = app.oidc;
      if (!provider) throw notFound('OpenID Connect sign-in');
      const claims = await verifyLogoutToken(provider, request.body.logout_token);
      const ended = await backchannelLogout(app, claims, request.ip);
      request.log.info({ ended, bySid: claims.sid !== null }, 'back-channel logout');
      return reply.header('cache-control', 'no-store').status(200).send({});
    },
  );
};
