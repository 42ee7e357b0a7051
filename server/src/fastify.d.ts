import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { DB } from './db/schema.ts';
import type { Auth } from './auth/auth.ts';
import type { AppEventBus } from './events.ts';
import type { CollabServer } from './collab/collab-server.ts';
import type { OidcProvider } from './auth/oidc/provider-client.ts';
import type { FilesRuntime } from './files/plugin.ts';
import type { Grants, RouteAccess } from './policy/route-access.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    db: Kysely<DB>;
    events: AppEventBus;
    /** Open collaborative documents: read, edit from the server, listen for changes. */
    collab: CollabServer;
    /** Open interview documents (server/src/interviews), same API as `collab`. */
    interviewCollab: CollabServer;
    /** The OpenID Connect provider (server/src/auth/oidc); null when not configured. */
    oidc: OidcProvider | null;
    /** Attachment storage (server/src/files): `files.store` reads and writes blobs, `files.create` attaches an upload. */
    files: FilesRuntime;
  }
  interface FastifyRequest {
    /** Who is asking; null for anonymous requests (only public routes see those). */
    auth: Auth | null;
    /** What the route's access check learnt (server/src/policy/access-hook.ts); read with `grantOf`. */
    grants: Grants | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
    /** Who may call the route (server/src/policy/route-access.ts); every API route declares this or `public`. */
    access?: RouteAccess;
    /**
     * Reachable by an account the instance sends to second-factor enrolment (auth/totp): every
     * other route answers 403 second-factor-enrolment-required until it has enrolled.
     */
    duringEnrolment?: boolean;
  }
}
