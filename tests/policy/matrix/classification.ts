import type { ClassificationKey } from '@stafette/api';
import { Readable } from 'node:stream';
import * as Y from 'yjs';
import { attachPage, createProcess, parseUpload } from '../../../server/src/processes/process-service.ts';
import { linearModel } from '../../support/processes.ts';
import { byInstanceRole, byLevel, type Expectation, type MatrixContext, type MatrixEntry, type Persona, type PreparedRequest, signedIn } from './types.ts';

/**
 * Classification: the scheme's own routes (entries), and the classification gates of every
 * route that reads, exports, downloads or searches page content (gates), run for each level by
 * tests/policy/classification-matrix.test.ts.
 */
const LABELS = { oeffentlich: 'Öffentlich', intern: 'Intern', vertraulich: 'Vertraulich', 'streng-vertraulich': 'Streng vertraulich' };

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/admin/classification', request: () => ({ url: '/api/v1/admin/classification' }), expect: signedIn(200) },
  {
    method: 'PUT',
    route: '/api/v1/admin/classification',
    request: () => ({ url: '/api/v1/admin/classification', body: { labels: LABELS, defaultLevel: 'intern' } }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
];

/** A page whose effective level is `level`: in a new space of the shared members at that level. */
export interface ClassifiedPage {
  spaceId: string;
  pageId: string;
  level: ClassificationKey;
}

export interface ClassificationGate {
  /** What is called, e.g. `GET /api/v1/pages/:id/export`. */
  name: string;
  request(ctx: MatrixContext, page: ClassifiedPage): PreparedRequest | Promise<PreparedRequest>;
  expect(level: ClassificationKey): Expectation;
  /** The audit entry every call that got past the page's visibility (not 401/404) records at this level. */
  audits?(level: ClassificationKey): string | null;
  /** Checks on an answer with status 200; returns what is wrong, or null. */
  check?(body: unknown, page: ClassifiedPage, persona: Persona): string | null;
  /** The request needs the search index to have caught up. */
  searches?: boolean;
}

const read = byLevel({ read: 200, write: 200, manage: 200 });
const gatedExport = (level: ClassificationKey) => level === 'vertraulich' || level === 'streng-vertraulich';
const strictReads = (level: ClassificationKey) => (level === 'streng-vertraulich' ? 'page.read' : null);

/** A new stored version of the page (each caller gets its own). */
async function withVersion(ctx: MatrixContext, pageId: string): Promise<string> {
  const doc = new Y.Doc();
  const last = await ctx.db.selectFrom('page_versions').select((eb) => eb.fn.max('number').as('n')).where('page_id', '=', pageId).executeTakeFirst();
  const row = await ctx.db
    .insertInto('page_versions')
    .values({ page_id: pageId, number: Number(last?.n ?? 0) + 1, kind: 'manual', label: 'Matrix', state: Y.encodeStateAsUpdate(doc), ydoc_snapshot: Y.encodeSnapshot(Y.snapshot(doc)), text: '', created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  doc.destroy();
  return row.id;
}

/** A small PNG (a 1×1 pixel). */
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A file attached to the page by the editor. */
async function attach(ctx: MatrixContext, pageId: string, name: string, bytes: Buffer): Promise<string> {
  const editor = ctx.users.editor.id;
  const row = await ctx.app.files.create({ pageId, name, stream: Readable.from([bytes]), uploaderId: editor }, { actorId: editor, ip: null });
  return row.id;
}

const levelOf = (body: unknown) => (body as { classification?: unknown }).classification;
const expectLevel = (body: unknown, page: ClassifiedPage) => (levelOf(body) === page.level ? null : `classification ${String(levelOf(body))}, expected ${page.level}`);

/** Hits of a search in the page's space: the page with its level for whoever reads it, nothing for others. */
function searchCheck(suggest: boolean) {
  return (body: unknown, page: ClassifiedPage, persona: Persona): string | null => {
    const hits = (body as { hits: { pageId: string; classification: string }[] }).hits.filter((h) => h.pageId === page.pageId);
    const readsSpace = persona !== 'nonMember';
    const member = persona === 'reader' || persona === 'editor' || persona === 'owner';
    const offered = readsSpace && (!suggest || page.level !== 'streng-vertraulich' || member);
    if (!offered) return hits.length === 0 ? null : `${persona} was offered the page`;
    if (hits.length !== 1) return `${persona} did not find the page`;
    return hits[0]!.classification === page.level ? null : `hit classification ${hits[0]!.classification}`;
  };
}

export const gates: ClassificationGate[] = [
  {
    name: 'GET /api/v1/pages/:id',
    request: (_ctx, p) => ({ url: `/api/v1/pages/${p.pageId}` }),
    expect: () => read,
    audits: strictReads,
    check: (body, page) => expectLevel(body, page),
  },
  {
    name: 'GET /api/v1/pages/:id/export',
    request: (_ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/export?format=markdown` }),
    expect: (level) => (gatedExport(level) ? byLevel({ read: 403, write: 200, manage: 200 }) : read),
    audits: (level) => (gatedExport(level) ? 'page.export' : null),
    check: (body, page) => (String(body).startsWith(`Klassifizierung: ${LABELS[page.level]}\n`) ? null : 'export without its classification line'),
  },
  {
    name: 'GET /api/v1/pages/:id/export?format=html',
    request: (_ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/export?format=html` }),
    expect: (level) => (gatedExport(level) ? byLevel({ read: 403, write: 200, manage: 200 }) : read),
    audits: (level) => (gatedExport(level) ? 'page.export' : null),
    check: (body, page) => (String(body).includes(`Klassifizierung: ${LABELS[page.level]}</strong>`) ? null : 'export without its classification line'),
  },
  // The print formats (server/src/exports) pass the same gate; the PDF is left to tests/exports (Chromium per call is slow).
  ...['docx', 'odt&subtree=true'].map(
    (format): ClassificationGate => ({
      name: `GET /api/v1/pages/:id/export?format=${format}`,
      request: (_ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/export?format=${format}` }),
      expect: (level) => (gatedExport(level) ? byLevel({ read: 403, write: 200, manage: 200 }) : read),
      audits: (level) => (gatedExport(level) ? 'page.export' : null),
    }),
  ),
  { name: 'GET /api/v1/pages/:id/versions', request: (_ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/versions` }), expect: () => read, audits: strictReads },
  {
    name: 'GET /api/v1/pages/:id/versions/:vid',
    request: async (ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/versions/${await withVersion(ctx, p.pageId)}` }),
    expect: () => read,
    audits: strictReads,
  },
  {
    name: 'GET /api/v1/pages/:id/versions/:vid/diff',
    request: async (ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/versions/${await withVersion(ctx, p.pageId)}/diff?against=current` }),
    expect: () => read,
    audits: strictReads,
  },
  { name: 'GET /api/v1/pages/:id/backlinks', request: (_ctx, p) => ({ url: `/api/v1/pages/${p.pageId}/backlinks` }), expect: () => read },
  {
    name: 'GET /api/v1/spaces/:id/tree',
    request: (_ctx, p) => ({ url: `/api/v1/spaces/${p.spaceId}/tree` }),
    expect: () => read,
    check: (body, page) => expectLevel((body as { id: string }[]).find((n) => n.id === page.pageId) ?? {}, page),
  },
  {
    name: 'GET /api/v1/processes/:id/steps/:elementId/pages',
    request: async (ctx, p) => {
      const system = { actorId: null, ip: null };
      const parsed = await parseUpload({ bytes: Buffer.from(linearModel({ name: 'Matrixprozess', taskIds: ['Task_1'] })), fileName: null });
      const { id } = await createProcess(ctx.db, p.spaceId, parsed, system);
      await attachPage(ctx.db, id, 'Task_1', p.pageId, system);
      return { url: `/api/v1/processes/${id}/steps/Task_1/pages` };
    },
    expect: () => read,
    check: (body, page) => expectLevel((body as { id: string }[]).find((n) => n.id === page.pageId) ?? {}, page),
  },
  {
    name: 'GET /api/v1/attachments/:id (a download)',
    request: async (ctx, p) => ({ url: `/api/v1/attachments/${await attach(ctx, p.pageId, 'Merkblatt.txt', Buffer.from('Merkblatt'))}` }),
    expect: (level) => (gatedExport(level) ? byLevel({ read: 403, write: 200, manage: 200 }) : read),
    audits: (level) => (gatedExport(level) ? 'page.export' : null),
  },
  {
    name: 'GET /api/v1/attachments/:id (an image shown in the page)',
    request: async (ctx, p) => ({ url: `/api/v1/attachments/${await attach(ctx, p.pageId, 'Punkt.png', PNG_1PX)}` }),
    expect: () => read,
    audits: strictReads,
  },
  {
    name: 'GET /api/v1/search',
    request: (_ctx, p) => ({ url: `/api/v1/search?q=Seite&spaceId=${p.spaceId}` }),
    expect: () => signedIn(200),
    check: searchCheck(false),
    searches: true,
  },
  {
    name: 'GET /api/v1/search?suggest=true',
    request: (_ctx, p) => ({ url: `/api/v1/search?q=Seite&spaceId=${p.spaceId}&suggest=true` }),
    expect: () => signedIn(200),
    check: searchCheck(true),
    searches: true,
  },
];
