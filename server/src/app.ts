import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppEventBus } from './events.ts';
import { errorsPlugin, frameworkErrors } from './http/errors.ts';
import { securityHeadersPlugin } from './http/security-headers.ts';
import { lingeringClosePlugin } from './http/lingering-close.ts';
import { bodyParsersPlugin } from './http/body-parsers.ts';
import { validationPlugin } from './http/validation.ts';
import { openapiPlugin } from './http/openapi.ts';
import { authPlugin } from './auth/plugin.ts';
import { trustProxyOption } from './auth/trust-proxy.ts';
import { authRoutes } from './auth/routes.ts';
import { oidcRoutes } from './auth/oidc/routes.ts';
import { OidcProvider } from './auth/oidc/provider-client.ts';
import { LoginLimiter } from './auth/login-limiter.ts';
import { totpRoutes } from './auth/totp/routes.ts';
import { usersRoutes } from './users/routes.ts';
import { processesRoutes } from './processes/routes.ts';
import { setupRoutes } from './setup/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { spacesRoutes } from './spaces/routes.ts';
import { pagesRoutes } from './pages/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { backupRoutes } from './backup/routes.ts';
import { trackRoutes } from './policy/route-table.ts';
import { accessHookPlugin } from './policy/access-hook.ts';
import { clientFilesPlugin } from './web/client-files.ts';
import { collabPlugin } from './collab/plugin.ts';
import { pageKind } from './collab/page-kind.ts';
import { collabTokenRoutes } from './collab/token-routes.ts';
import { interviewKind } from './interviews/interview-document.ts';
import { interviewsRoutes } from './interviews/routes.ts';
import type { CollabOptions } from './collab/options.ts';
import { contentPlugin } from './content/plugin.ts';
import { contentRoutes } from './content/routes.ts';
import { templatesRoutes } from './templates/routes.ts';
import { importsRoutes } from './imports/routes.ts';
import type { ContentOptions } from './content/options.ts';
import type { InterviewOptions } from './interviews/options.ts';
import type { FileOptions } from './files/options.ts';
import { versionRoutes } from './versions/routes.ts';
import { redactPaths, serializers } from './logging.ts';
import { searchPlugin, type SearchPluginOptions } from './search/plugin.ts';
import { searchRoutes } from './search/routes.ts';
import { knowledgeRiskRoutes } from './knowledge-risk/routes.ts';
import { reviewsRoutes } from './reviews/routes.ts';
import { readConfirmationsRoutes } from './read-confirmations/routes.ts';
import { directoryRoutes } from './directory/routes.ts';
import { notificationsPlugin, type NotificationPluginOptions } from './notifications/plugin.ts';
import { redisPlugin } from './cluster/redis-plugin.ts';
import { eventRelayPlugin } from './cluster/event-relay.ts';
import { collabRelayPlugin } from './cluster/collab-relay.ts';
import { SharedLoginLimiter } from './cluster/shared-login-limiter.ts';
import { notificationsRoutes } from './notifications/routes.ts';
import { commentsRoutes } from './comments/routes.ts';
import { mailRoutes } from './mail/routes.ts';
import { filesPlugin } from './files/plugin.ts';
import { filesRoutes } from './files/routes.ts';
import { attachmentTextPlugin } from './files/text/plugin.ts';
import { documentImportPlugin } from './files/import/plugin.ts';
import { classificationRoutes } from './classification/routes.ts';
import { offlineMarkerPlugin } from './classification/offline.ts';
import { publishingRoutes } from './publishing/routes.ts';
import { portalRoutes } from './publishing/portal-routes.ts';
import { packageRoutes } from './packages/routes.ts';
import { onboardingRoutes } from './onboarding/routes.ts';
import { knowledgeGapsRoutes } from './knowledge-gaps/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';
import { dashboardTimers } from './dashboard/plugin.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  /** Pino options or `false` to silence logging (tests). */
  logger?: boolean | Record<string, unknown>;
  loginLimiter?: LoginLimiter;
  /** Collaboration tunables over `config.collab` (tests shorten timers). */
  collab?: Partial<CollabOptions>;
  /** Content and version tunables over `config.content` (tests shorten intervals). */
  content?: Partial<ContentOptions>;
  /** Interview tunables over `config.interviews` (tests). */
  interviews?: Partial<InterviewOptions>;
  /** Attachment limits over `config.files` (tests). */
  files?: Partial<FileOptions>;
  /** Search indexer tunables (tests, benchmark). */
  search?: SearchPluginOptions;
  /** Notification sweep and mail worker timers (tests). */
  notifications?: NotificationPluginOptions;
}

export const defaultClientDist = fileURLToPath(new URL('../../client/dist/', import.meta.url));

/** Builds the Fastify application: every capability is a plugin registered here. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { database } = options;
  // Overrides become part of app.config: plugins read their options there and nowhere else.
  const config: Config = {
    ...options.config,
    collab: { ...options.config.collab, ...options.collab },
    content: { ...options.config.content, ...options.content },
    interviews: { ...options.config.interviews, ...options.interviews },
    files: { ...options.config.files, ...options.files },
  };
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, redact: redactPaths, serializers, ...(typeof options.logger === 'object' ? options.logger : {}) },
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('config', config);
  app.decorate('database', database);
  app.decorate('db', database.db);
  app.decorate('events', new AppEventBus());
  app.decorate('oidc', config.oidc ? new OidcProvider(config.oidc) : null);
  trackRoutes(app);

  await app.register(securityHeadersPlugin);
  await app.register(lingeringClosePlugin);
  await app.register(errorsPlugin);
  await app.register(bodyParsersPlugin);
  await app.register(validationPlugin);
  await app.register(openapiPlugin);
  await app.register(websocket, { options: { maxPayload: 16 * 1024 * 1024 } });
  await app.register(redisPlugin);
  await app.register(authPlugin);
  await app.register(accessHookPlugin);
  await app.register(collabPlugin, { kinds: [pageKind, interviewKind] });
  await app.register(collabRelayPlugin);
  await app.register(searchPlugin, options.search ?? {});
  await app.register(contentPlugin);
  await app.register(notificationsPlugin, options.notifications ?? {});
  await app.register(dashboardTimers);
  await app.register(eventRelayPlugin);
  await app.register(filesPlugin);
  await app.register(attachmentTextPlugin);
  await app.register(documentImportPlugin);
  await app.register(offlineMarkerPlugin);

  await app.register(
    async (api) => {
      await api.register(healthRoutes, {
        searchBackend: () => app.searchService.backend.name,
        dataDir: config.dataDir,
        ...(app.redis ? { redisAvailable: app.redis.available } : {}),
        ...(app.searchService.backend.available ? { searchAvailable: () => app.searchService.backend.available!() } : {}),
      });
      await api.register(setupRoutes);
      // One budget of failed attempts for passwords and second-factor codes.
      // Several instances with a shared Redis share it too: a second instance does not double it.
      const local = options.loginLimiter ?? new LoginLimiter();
      const limiter = app.redis ? new SharedLoginLimiter(app.redis, local) : local;
      await api.register(authRoutes, { limiter });
      await api.register(totpRoutes, { limiter });
      await api.register(oidcRoutes);
      await api.register(usersRoutes);
      await api.register(processesRoutes);
      await api.register(spacesRoutes);
      await api.register(pagesRoutes);
      await api.register(auditRoutes);
      await api.register(backupRoutes);
      await api.register(collabTokenRoutes);
      await api.register(interviewsRoutes);
      await api.register(searchRoutes);
      await api.register(contentRoutes);
      await api.register(templatesRoutes);
      await api.register(importsRoutes);
      await api.register(versionRoutes);
      await api.register(knowledgeRiskRoutes);
      await api.register(reviewsRoutes);
      await api.register(readConfirmationsRoutes);
      await api.register(directoryRoutes);
      await api.register(commentsRoutes);
      await api.register(notificationsRoutes);
      await api.register(mailRoutes);
      await api.register(filesRoutes);
      await api.register(classificationRoutes);
      await api.register(publishingRoutes);
      await api.register(packageRoutes);
      await api.register(onboardingRoutes);
      await api.register(knowledgeGapsRoutes);
      await api.register(peopleRoutes);
      await api.register(dashboardRoutes);
    },
    { prefix: '/api/v1' },
  );

  // The public portal (open government): server-rendered pages for citizens, outside the API.
  await app.register(portalRoutes);

  const clientDist = config.clientDist ?? defaultClientDist;
  if (fs.existsSync(clientDist)) await app.register(clientFilesPlugin, { root: clientDist });
  return app;
}
