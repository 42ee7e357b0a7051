import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AttachmentTexts } from './attachment-texts.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Text of attachments for search (server/src/files/text): extracted when the indexer reaches their page. */
    attachmentTexts: AttachmentTexts;
  }
}

/**
 * Text extraction for search: the search indexer extracts the text of a page's new files
 * before it indexes the page (the attachments trigger of migration 0016 queued it), in a
 * bounded worker; outcomes are kept in attachment_texts. Needs the search and files plugins.
 */
export const attachmentTextPlugin = fp(
  async function attachmentText(app: FastifyInstance) {
    const texts = new AttachmentTexts(app.db, (sha256) => app.files.store.open(sha256), app.config.fileText, app.log);
    app.decorate('attachmentTexts', texts);
    app.searchService.indexer.beforeIndex((pageIds) => texts.prepare(pageIds));
    app.addHook('onReady', async () => {
      // Files added while no indexer ran, or before text extraction existed.
      await texts.queueMissing();
    });
    app.addHook('onClose', async () => {
      await texts.close();
    });
  },
  { name: 'attachment-text', dependencies: ['search'] },
);
