import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../audit/actor.ts';
import { type AttachmentRow } from './attachments-queries.ts';
import { createAttachment, type NewAttachment, type UploadSettings } from './attachments-service.ts';
import { createFileStore, type SpoolingStore } from './create-store.ts';
import { fileRetentionTimer } from './retention-timer.ts';

/** What the app offers other capabilities for files (`app.files`). */
export interface FilesRuntime {
  /** The configured store (disk or S3); `open(sha256)` reads an attachment's bytes. */
  store: SpoolingStore;
  /** The configured limits and scanner of uploads. */
  settings: UploadSettings;
  /** createAttachment with this app's store and settings. */
  create(input: NewAttachment, actor: Actor): Promise<AttachmentRow>;
}

/** Decorates the app with its file store and runs the retention sweep timer. */
export const filesPlugin = fp(async function files(app: FastifyInstance) {
  const options = app.config.files;
  const store = createFileStore(app.config.dataDir, options.s3);
  const settings: UploadSettings = {
    maxBytes: options.maxBytes,
    spaceQuotaBytes: options.spaceQuotaBytes,
    clamav: options.clamav,
    spoolDir: store.tmpDir,
  };
  app.decorate('files', {
    store,
    settings,
    create: (input: NewAttachment, actor: Actor) => createAttachment(app.db, store, input, actor, settings),
  } satisfies FilesRuntime);
  await app.register(fileRetentionTimer);
});
