import { Secret, TOTP } from 'otpauth';
import { startEnrolment } from '../../../server/src/auth/totp/totp-service.ts';
import { byInstanceRole, everyone, type MatrixEntry, signedIn } from './types.ts';

/** Every signed-in persona via an API token: managing the second factor needs a session. */
const tokenRefused = { nonMember: 403, reader: 403, editor: 403, owner: 403, knowledgeManager: 403, admin: 403 };

/** Two-factor sign-in (auth/totp) and the instance's sign-in rules. */
export const entries: MatrixEntry[] = [
  {
    method: 'POST',
    route: '/api/v1/auth/login/totp',
    // No challenge was issued for this one: everyone is told to sign in again.
    request: (ctx) => ({ url: '/api/v1/auth/login/totp', body: { challenge: `erfunden-${ctx.unique()}`, code: '123456' } }),
    expect: everyone(401),
  },
  { method: 'GET', route: '/api/v1/auth/totp', request: () => ({ url: '/api/v1/auth/totp' }), expect: signedIn(200) },
  {
    method: 'POST',
    route: '/api/v1/auth/totp/enrolment',
    request: () => ({ url: '/api/v1/auth/totp/enrolment', body: {} }),
    expect: signedIn(200),
    viaToken: tokenRefused,
    freshCaller: true,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/totp/confirm',
    request: async (ctx) => {
      if (!ctx.caller) return { url: '/api/v1/auth/totp/confirm', body: { code: '123456' } };
      // A pending enrolment of the caller's own and its current code.
      const { secret } = await startEnrolment(ctx.db, { actorId: ctx.caller.id, ip: null }, ctx.caller.email, null);
      const code = new TOTP({ secret: Secret.fromBase32(secret) }).generate();
      return { url: '/api/v1/auth/totp/confirm', body: { code } };
    },
    expect: signedIn(200),
    viaToken: tokenRefused,
    freshCaller: true,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/totp/recovery-codes',
    request: () => ({ url: '/api/v1/auth/totp/recovery-codes', body: { code: '123456' } }),
    // The callers have no second factor: nothing to renew.
    expect: signedIn(409),
    viaToken: tokenRefused,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/totp/disable',
    request: () => ({ url: '/api/v1/auth/totp/disable', body: { password: 'egal-welches', code: '123456' } }),
    expect: signedIn(409),
    viaToken: tokenRefused,
  },
  {
    method: 'DELETE',
    route: '/api/v1/users/:id/totp',
    request: async (ctx) => {
      const user = await ctx.user();
      await ctx.db.insertInto('user_totp').values({ user_id: user.id, secret: 'plain:JBSWY3DPEHPK3PXP', confirmed_at: new Date() }).execute();
      return { url: `/api/v1/users/${user.id}/totp` };
    },
    expect: byInstanceRole({ admin: 204, knowledgeManager: 403, others: 403 }),
  },
  { method: 'GET', route: '/api/v1/admin/security', request: () => ({ url: '/api/v1/admin/security' }), expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }) },
  {
    method: 'PUT',
    route: '/api/v1/admin/security',
    // Off, as by default: switching it on would send the matrix's admins to enrolment.
    request: () => ({ url: '/api/v1/admin/security', body: { requireSecondFactor: false } }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
];
