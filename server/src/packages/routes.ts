import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, ProcessPackageFileSchema } from '@stafette/api';
import { actorOf } from '../audit/actor.ts';
import { sendDownload } from '../http/download.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { grantOf } from '../policy/route-access.ts';
import { originOf } from '../publishing/public-urls.ts';
import { exportPackage, PACKAGE_MAX_LEVEL } from './package-export.ts';

const tags = ['processes'];

/** Process packages for other municipalities: export (this file); see README.md for the format. */
export const packageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/processes/:id/package',
    {
      config: { access: { resource: 'process', action: 'view' } },
      schema: {
        tags,
        summary: 'Export the process with its knowledge as one .stafette.zip for another Stafette instance',
        description:
          `The current BPMN, the pages on its current steps the caller can read up to the level "${PACKAGE_MAX_LEVEL}" as Markdown and Yjs state, ` +
          'the step → page links and a manifest with checksums and what was left out and why. A process whose space is classified above that level answers 403 classification-export-denied. Sent as a download.',
        params: IdParams,
        produces: ['application/zip'],
        response: { 200: ProcessPackageFileSchema },
      },
    },
    async (request, reply) => {
      const readable = await readableSpaceIds(app.db, grantOf(request, 'process').user);
      const { name, bytes } = await exportPackage(app, request.params.id, readable, actorOf(request), originOf(request));
      return sendDownload(reply, { name, extension: 'zip', contentType: 'application/zip', body: Buffer.from(bytes) });
    },
  );
};
