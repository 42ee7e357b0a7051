import { everyone, type MatrixEntry } from './types.ts';

/**
 * Sign-in providers and OpenID Connect. Public routes: the answer is the same for every caller.
 * The matrix app has no provider configured, so the OpenID Connect routes answer 404 for all;
 * their behaviour with a provider is in tests/auth/oidc*.test.ts.
 */
export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/auth/providers', request: () => ({ url: '/api/v1/auth/providers' }), expect: everyone(200) },
  { method: 'GET', route: '/api/v1/auth/oidc/login', request: () => ({ url: '/api/v1/auth/oidc/login?returnTo=/' }), expect: everyone(404) },
  { method: 'GET', route: '/api/v1/auth/oidc/callback', request: () => ({ url: '/api/v1/auth/oidc/callback?code=abc&state=def' }), expect: everyone(404) },
  {
    method: 'POST',
    route: '/api/v1/auth/oidc/backchannel-logout',
    request: () => ({ url: '/api/v1/auth/oidc/backchannel-logout', body: 'logout_token=a.b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    expect: everyone(404),
  },
];
