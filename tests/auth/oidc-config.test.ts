/**
 * The OpenID Connect settings are read once at start; a half or unsafe configuration stops the
 * start with a message naming the variable.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';

const BASE = {
  STAFETTE_PUBLIC_URL: 'https://wiki.rathaus.example/',
  STAFETTE_OIDC_ISSUER: 'https://login.rathaus.example/realms/stadt',
  STAFETTE_OIDC_CLIENT_ID: 'stafette',
  STAFETTE_OIDC_CLIENT_SECRET: 'geheim',
};

describe('OpenID Connect settings', () => {
  it('is off without an issuer, and password sign-in is on', () => {
    const config = loadConfig({});
    expect(config.oidc).toBeNull();
    expect(config.localLogin).toBe(true);
  });

  it('has the documented defaults and makes the redirect URI from the public URL', () => {
    expect(loadConfig(BASE).oidc).toEqual({
      issuer: 'https://login.rathaus.example/realms/stadt',
      clientId: 'stafette',
      clientSecret: 'geheim',
      name: 'Dienstkonto',
      groupsClaim: 'groups',
      scopes: 'openid profile email',
      tokenAuth: 'client_secret_basic',
      allowHttp: false,
      clockSkewSeconds: 30,
      redirectUri: 'https://wiki.rathaus.example/api/v1/auth/oidc/callback',
      postLogoutRedirectUri: 'https://wiki.rathaus.example/',
    });
  });

  it('reads every variable', () => {
    const oidc = loadConfig({
      ...BASE,
      STAFETTE_OIDC_NAME: 'Windows-Anmeldung',
      STAFETTE_OIDC_GROUPS_CLAIM: 'roles',
      STAFETTE_OIDC_SCOPES: 'openid email profile groups',
      STAFETTE_OIDC_TOKEN_AUTH: 'client_secret_post',
      STAFETTE_OIDC_CLOCK_SKEW_SECONDS: '120',
      STAFETTE_LOCAL_LOGIN: 'false',
    });
    expect(oidc.oidc).toMatchObject({ name: 'Windows-Anmeldung', groupsClaim: 'roles', scopes: 'openid email profile groups', tokenAuth: 'client_secret_post', clockSkewSeconds: 120 });
    expect(oidc.localLogin).toBe(false);
  });

  it.each([
    [{ STAFETTE_OIDC_CLIENT_ID: '' }, /STAFETTE_OIDC_CLIENT_ID/],
    [{ STAFETTE_OIDC_CLIENT_SECRET: '' }, /STAFETTE_OIDC_CLIENT_SECRET/],
    [{ STAFETTE_OIDC_ISSUER: '', STAFETTE_OIDC_CLIENT_SECRET: 'x' }, /STAFETTE_OIDC_ISSUER/],
    [{ STAFETTE_OIDC_ISSUER: 'http://login.rathaus.example' }, /https.*STAFETTE_OIDC_ALLOW_HTTP/],
    [{ STAFETTE_OIDC_ISSUER: 'kein url' }, /STAFETTE_OIDC_ISSUER/],
    [{ STAFETTE_PUBLIC_URL: '' }, /STAFETTE_PUBLIC_URL/],
    [{ STAFETTE_OIDC_TOKEN_AUTH: 'private_key_jwt' }, /STAFETTE_OIDC_TOKEN_AUTH/],
    [{ STAFETTE_OIDC_SCOPES: 'profile email' }, /STAFETTE_OIDC_SCOPES.*openid/],
    [{ STAFETTE_OIDC_CLOCK_SKEW_SECONDS: '-5' }, /STAFETTE_OIDC_CLOCK_SKEW_SECONDS/],
    [{ STAFETTE_OIDC_ALLOW_HTTP: 'vielleicht' }, /STAFETTE_OIDC_ALLOW_HTTP/],
    [{ STAFETTE_LOCAL_LOGIN: 'nein danke' }, /STAFETTE_LOCAL_LOGIN/],
  ])('refuses to start with %j', (change, message) => {
    expect(() => loadConfig({ ...BASE, ...change })).toThrow(message);
  });

  it('takes an http issuer only with STAFETTE_OIDC_ALLOW_HTTP=true', () => {
    expect(loadConfig({ ...BASE, STAFETTE_OIDC_ISSUER: 'http://keycloak.intern:8080/realms/stadt', STAFETTE_OIDC_ALLOW_HTTP: 'true' }).oidc?.allowHttp).toBe(true);
  });
});
