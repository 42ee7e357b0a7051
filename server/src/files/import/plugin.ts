import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DocumentImporter } from './document-importer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** DOCX/ODT import as pages (server/src/files/import), used by `POST /pages/import`. */
    documentImporter: DocumentImporter;
  }
}

/** The document importer with its bounded conversion pool; the content routes use it. */
export const documentImportPlugin = fp(
  async function documentImport(app: FastifyInstance) {
    const importer = new DocumentImporter({ timeoutMs: app.config.content.convertTimeoutMs * 3, maxElements: app.config.content.maxElements }, app.log);
    app.decorate('documentImporter', importer);
    app.addHook('onClose', async () => {
      await importer.close();
    });
  },
  { name: 'document-import' },
);
