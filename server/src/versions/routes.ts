import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { docToMarkdown, InvalidDocumentError, type PMNodeJSON, validateDocJSON, yUpdateToJSON } from '@stafette/schema';
import {
  CreateVersionBody,
  DiffQuery,
  DiffSchema,
  IdParams,
  RestoredVersionSchema,
  RestoreVersionBody,
  VersionListQuery,
  VersionParams,
  VersionSchema,
  VersionSummaryListSchema,
  VersionSummarySchema,
} from '@stafette/api';
import { notFound, Problem } from '../http/problem.ts';
import { grantOf } from '../policy/route-access.ts';
import { actorOf } from '../audit/actor.ts';
import { auditClassifiedRead } from '../classification/gates.ts';
import { readDerived, replaceBody } from '../content/page-body.ts';
import { captureState, storeVersion } from './capture.ts';
import { DiffPool } from './diff-pool.ts';
import { versionSummaryJson } from './version-json.ts';
import { getVersion, listVersions, type VersionSummary } from './version-store.ts';

const tags = ['versions'];

function markdownOrNull(doc: PMNodeJSON): string | null {
  try {
    return docToMarkdown(doc);
  } catch (err) {
    if (err instanceof InvalidDocumentError) return null;
    throw err;
  }
}

function versionName(v: VersionSummary): string {
  return v.label ? `Version ${v.number} (${v.label})` : `Version ${v.number}`;
}

async function findVersion(app: FastifyInstance, pageId: string, versionId: string) {
  const version = await getVersion(app.db, pageId, versionId);
  if (!version) throw notFound('version');
  return version;
}

export const versionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Any reader may ask for a diff: it runs bounded, off the event loop.
  const diffs = new DiffPool({}, app.log);
  app.addHook('onClose', () => diffs.close());

  app.post(
    '/pages/:id/versions',
    {
      config: { access: { resource: 'page', action: 'createVersion' } },
      schema: {
        tags,
        summary: 'Keep the current state of a page as a version, optionally labelled (editors)',
        params: IdParams,
        body: CreateVersionBody,
        response: { 201: VersionSummarySchema },
      },
    },
    async (request, reply) => {
      const { user, page } = grantOf(request, 'page');
      const captured = captureState(await app.collab.getDocument(page.id));
      const stored = await storeVersion(app, page.id, captured, {
        kind: 'manual',
        label: request.body.label?.trim() ?? null,
        userId: user.id,
        audit: { ip: request.ip },
      });
      if (!stored) throw notFound('page');
      const version = await findVersion(app, page.id, stored.id);
      return reply.status(201).send(versionSummaryJson(version));
    },
  );

  app.get(
    '/pages/:id/versions',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'Versions of a page, newest first, with author and time',
        params: IdParams,
        querystring: VersionListQuery,
        response: { 200: VersionSummaryListSchema },
      },
    },
    async (request) => {
      const { page } = grantOf(request, 'page');
      await auditClassifiedRead(app.db, actorOf(request), page.id, 'versions');
      const versions = await listVersions(app.db, page.id, request.query.limit, request.query.before);
      return versions.map(versionSummaryJson);
    },
  );

  app.get(
    '/pages/:id/versions/:vid',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: { tags, summary: 'One version of a page: its body as ProseMirror JSON, Markdown and text', params: VersionParams, response: { 200: VersionSchema } },
    },
    async (request) => {
      const { page } = grantOf(request, 'page');
      const version = await findVersion(app, page.id, request.params.vid);
      await auditClassifiedRead(app.db, actorOf(request), page.id, 'version');
      const doc = yUpdateToJSON(version.state);
      return { ...versionSummaryJson(version), doc, markdown: markdownOrNull(doc), text: version.text };
    },
  );

  app.get(
    '/pages/:id/versions/:vid/diff',
    {
      config: { access: { resource: 'page', action: 'read' } },
      schema: {
        tags,
        summary: 'Compare a version with the current page or another version: a line and word diff of the text',
        params: VersionParams,
        querystring: DiffQuery,
        response: { 200: DiffSchema },
      },
    },
    async (request) => {
      const { page } = grantOf(request, 'page');
      const from = await findVersion(app, page.id, request.params.vid);
      await auditClassifiedRead(app.db, actorOf(request), page.id, 'diff');
      const against = request.query.against;
      const to = against === 'current' ? null : await findVersion(app, page.id, against);
      const toText = to ? to.text : (await readDerived(app, page.id)).text;
      const names = { before: versionName(from), after: to ? versionName(to) : 'current' };
      const diff = await diffs.diff(from.text, toText, names);
      return {
        from: { version: versionSummaryJson(from), name: names.before },
        to: { version: to ? versionSummaryJson(to) : null, name: names.after },
        ...diff,
      };
    },
  );

  app.post(
    '/pages/:id/versions/:vid/restore',
    {
      config: { access: { resource: 'page', action: 'restoreVersion' } },
      schema: {
        tags,
        summary: 'Restore a version as a new edit on top of the current page (editors); connected editors see it live',
        description: 'The state before is kept as an automatic version when it is not one already; the result is kept as a restore version.',
        params: VersionParams,
        body: RestoreVersionBody,
        response: { 200: RestoredVersionSchema },
      },
    },
    async (request) => {
      const { user, page } = grantOf(request, 'page');
      const source = await findVersion(app, page.id, request.params.vid);
      let doc: PMNodeJSON;
      try {
        doc = validateDocJSON(yUpdateToJSON(source.state));
      } catch (err) {
        if (err instanceof InvalidDocumentError) {
          throw new Problem(422, 'version-not-restorable', 'Version cannot be restored', `The version holds content outside the page schema: ${err.message}`);
        }
        throw err;
      }
      // Nothing of the current state is lost from the version list.
      await storeVersion(app, page.id, captureState(await app.collab.getDocument(page.id)), { kind: 'auto', userId: null, onlyIfChanged: true });
      const changed = await replaceBody(app, page.id, doc, `restore:${source.id}`);
      await app.content.refresh(page.id, () => readDerived(app, page.id), { editors: changed ? [user.id] : [] });
      const captured = captureState(await app.collab.getDocument(page.id));
      const stored = await storeVersion(app, page.id, captured, {
        kind: 'restore',
        userId: user.id,
        restoredFrom: source.id,
        audit: { ip: request.ip },
      });
      if (!stored) throw notFound('page');
      const version = await findVersion(app, page.id, stored.id);
      return { version: versionSummaryJson(version), doc: yUpdateToJSON(captured.state), changed };
    },
  );
};
