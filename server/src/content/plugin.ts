import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { BodyConverter } from './body-converter.ts';
import { ContentDeriver } from './content-deriver.ts';
import { deriveFromYDoc } from './derive.ts';
import { AutoVersions } from '../versions/auto-versions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Derived page content (row doc, text, headings, links) and the content options. */
    content: ContentDeriver;
    /** Markdown/JSON bodies to ProseMirror and Yjs, bounded, in worker threads. */
    bodyConverter: BodyConverter;
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
    const converter = new BodyConverter(options, app.log);
    app.decorate('bodyConverter', converter);

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
      await converter.close();
    });
  },
  { name: 'content', dependencies: ['collab'] },
);
