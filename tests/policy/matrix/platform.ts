import { createApiToken } from '../../../server/src/auth/api-tokens.ts';
import { createSession, publicSessionId } from '../../../server/src/auth/sessions.ts';
import { TEST_PASSWORD } from '../../support/test-app.ts';
import { byInstanceRole, everyone, type MatrixEntry, signedIn } from './types.ts';

/** Health, first-start setup, sign-in and accounts. */
export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/health', request: () => ({ url: '/api/v1/health' }), expect: everyone(200) },
  { method: 'GET', route: '/api/v1/setup', request: () => ({ url: '/api/v1/setup' }), expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/v1/setup',
    request: (ctx) => ({
      url: '/api/v1/setup',
      body: { token: 'erfunden', email: `setup-${ctx.unique()}@example.org`, password: TEST_PASSWORD, displayName: 'Setup' },
    }),
    // The instance has accounts already: nobody can set it up again.
    expect: everyone(409),
  },
  {
    method: 'POST',
    route: '/api/v1/auth/login',
    request: async (ctx) => ({ url: '/api/v1/auth/login', body: { email: (await ctx.user()).email, password: TEST_PASSWORD } }),
    expect: everyone(200),
    freshCaller: true,
  },
  { method: 'GET', route: '/api/v1/auth/session', request: () => ({ url: '/api/v1/auth/session' }), expect: everyone(200) },
  { method: 'GET', route: '/api/v1/auth/me', request: () => ({ url: '/api/v1/auth/me' }), expect: signedIn(200) },
  { method: 'PATCH', route: '/api/v1/auth/me', request: () => ({ url: '/api/v1/auth/me', body: { locale: 'de' } }), expect: signedIn(200) },
  { method: 'POST', route: '/api/v1/auth/logout', request: () => ({ url: '/api/v1/auth/logout' }), expect: signedIn(204), freshCaller: true },
  {
    method: 'POST',
    route: '/api/v1/auth/logout-everywhere',
    request: () => ({ url: '/api/v1/auth/logout-everywhere' }),
    expect: signedIn(204),
    freshCaller: true,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/password',
    request: () => ({ url: '/api/v1/auth/password', body: { currentPassword: TEST_PASSWORD, newPassword: 'ein-ganz-neues-Passwort-2025' } }),
    expect: signedIn(204),
    freshCaller: true,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/tokens',
    request: () => ({ url: '/api/v1/auth/tokens', body: { name: 'Skript' } }),
    expect: signedIn(201),
    // A token cannot mint tokens (a leaked one would outlive its revocation).
    viaToken: { nonMember: 403, reader: 403, editor: 403, owner: 403, knowledgeManager: 403, admin: 403 },
  },
  { method: 'GET', route: '/api/v1/auth/tokens', request: () => ({ url: '/api/v1/auth/tokens' }), expect: signedIn(200) },
  {
    method: 'DELETE',
    route: '/api/v1/auth/tokens/:id',
    request: async (ctx) => {
      // The caller's own second token (never the one it is calling with).
      const owner = ctx.caller ?? (await ctx.user());
      const token = await createApiToken(ctx.db, owner.id, 'Wegwerf', null);
      return { url: `/api/v1/auth/tokens/${token.id}` };
    },
    expect: signedIn(204),
  },
  { method: 'GET', route: '/api/v1/auth/sessions', request: () => ({ url: '/api/v1/auth/sessions' }), expect: signedIn(200) },
  {
    method: 'DELETE',
    route: '/api/v1/auth/sessions/:id',
    request: async (ctx) => {
      // A second session of the caller's own (never the one it is calling with).
      const owner = ctx.caller ?? (await ctx.user());
      const session = await createSession(ctx.db, owner.id, { idleMinutes: 60, lifetimeHours: 1 }, { ip: '192.0.2.7', userAgent: 'Matrix' });
      return { url: `/api/v1/auth/sessions/${publicSessionId(session.id)}` };
    },
    expect: signedIn(204),
  },
  {
    method: 'POST',
    route: '/api/v1/users',
    request: (ctx) => ({
      url: '/api/v1/users',
      body: { email: `neu-${ctx.unique()}@example.org`, password: TEST_PASSWORD, displayName: 'Neue Kollegin' },
    }),
    expect: byInstanceRole({ admin: 201, knowledgeManager: 403, others: 403 }),
  },
  { method: 'GET', route: '/api/v1/users', request: () => ({ url: '/api/v1/users' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/users/:id', request: (ctx) => ({ url: `/api/v1/users/${ctx.users.reader.id}` }), expect: signedIn(200) },
  {
    method: 'PATCH',
    route: '/api/v1/users/:id',
    request: async (ctx) => ({ url: `/api/v1/users/${(await ctx.user()).id}`, body: { plannedDepartureDate: '2031-03-31' } }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 200, others: 403 }),
  },
];
