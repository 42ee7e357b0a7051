import * as client from 'openid-client';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { OidcOptions } from './options.ts';

/** Seconds a request to the provider may take (discovery, token, UserInfo, keys). */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** A failed discovery is tried again after this long, not on every sign-in click. */
const RETRY_AFTER_FAILURE_MS = 10_000;

export interface Discovered {
  config: client.Configuration;
  /** The provider's signing keys (for logout tokens; openid-client keeps its own for ID tokens). */
  keys: JWTVerifyGetKey;
}

/**
 * The configured OpenID Connect provider. Discovery runs on first use, not at start, so Stafette
 * starts (and local administrators sign in) while the provider is down; a failed discovery is
 * retried after a short pause. Every check of tokens is openid-client's (ID tokens) or jose's
 * (logout tokens).
 */
export class OidcProvider {
  private discovered: Promise<Discovered> | null = null;
  private failedAt = 0;

  constructor(readonly options: OidcOptions) {}

  discover(): Promise<Discovered> {
    if (this.discovered === null) {
      if (Date.now() - this.failedAt < RETRY_AFTER_FAILURE_MS) return Promise.reject(new ProviderUnavailable('discovery failed recently'));
      const pending = this.runDiscovery();
      this.discovered = pending;
      pending.catch(() => {
        this.failedAt = Date.now();
        if (this.discovered === pending) this.discovered = null;
      });
    }
    return this.discovered;
  }

  private async runDiscovery(): Promise<Discovered> {
    const { options } = this;
    const auth = options.tokenAuth === 'client_secret_post' ? client.ClientSecretPost(options.clientSecret) : client.ClientSecretBasic(options.clientSecret);
    let config: client.Configuration;
    try {
      config = await client.discovery(
        new URL(options.issuer),
        options.clientId,
        { client_secret: options.clientSecret, [client.clockTolerance]: options.clockSkewSeconds },
        auth,
        {
          // Signatures of ID tokens are checked too, not only trusted for arriving over TLS
          // (which an http:// issuer on an internal network does not even have).
          execute: [client.enableNonRepudiationChecks, ...(options.allowHttp ? [client.allowInsecureRequests] : [])],
          timeout: PROVIDER_TIMEOUT_SECONDS,
        },
      );
    } catch (error) {
      throw new ProviderUnavailable(`discovery of ${options.issuer} failed: ${(error as Error).message}`, { cause: error });
    }
    config.timeout = PROVIDER_TIMEOUT_SECONDS;
    const jwksUri = config.serverMetadata().jwks_uri;
    if (!jwksUri) throw new ProviderUnavailable(`${options.issuer} announces no jwks_uri`);
    return { config, keys: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: PROVIDER_TIMEOUT_SECONDS * 1000 }) };
  }

  /** The provider's `end_session_endpoint` URL ending its session too, or null when it offers none. */
  async endSessionUrl(idToken: string): Promise<string | null> {
    const { config } = await this.discover();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client
      .buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: this.options.postLogoutRedirectUri, client_id: this.options.clientId })
      .toString();
  }
}

/** The provider could not be reached or answered what is no provider configuration. */
export class ProviderUnavailable extends Error {}
