import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ContentDeriver } from './content-deriver.ts';
import { deriveFromYDoc } from './derive.ts';
import { AutoVersions } from '../versions/auto-versions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Derived page content (row doc, text, headings, links) and the content options. */
    content: ContentDeriver;
  }
}

/**
 * Keeps derived content and automatic versions in step with live editing: both listen to the
 * collaboration server's settled changes (debounced after edits, and on unload).
 */
export const contentPlugin = fp(
  async function content(app: FastifyInstance) {
    const options = app.config.content;
    const deriver = new ContentDeriver(app, options);
    app.decorate('content', deriver);

    app.collab.onChange((change) =>
      deriver
        .refresh(change.pageId, () => deriveFromYDoc(change.doc), { editors: change.editors })
        .then(() => undefined),
    );
    const versions = new AutoVersions(app, options.autoVersionIntervalMs);
    app.collab.onChange(versions.onChange);
    app.addHook('onClose', async () => {
      await versions.close();
      await deriver.idle();
    });
  },
  { name: 'content', dependencies: ['collab'] },
);
