import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/record.ts';
import { currentUser } from '../auth/auth.ts';
import { conflict } from '../http/problem.ts';
import { writeNewPageBody } from '../collab/page-documents.ts';
import { insertPage, lockSpace } from '../pages/tree.ts';
import { recordContributions } from './contributors.ts';
import type { DerivedContent } from './derive.ts';
import { writeNewPageContent } from './derived-store.ts';
import type { PageRow } from '../pages/page-json.ts';

export interface ImportInput {
  spaceId: string;
  parentId: string | null;
  title: string;
  markdown: string;
  /** Position among its siblings; the end when left out. */
  position?: number;
  /** What the page was made from, for the audit entry (default `markdown-import`; DOCX/ODT import: server/src/files/import). */
  source?: string;
}

/**
 * Creates a page from Markdown in one transaction: the page row (through the tree service, so
 * position and checks match `POST /pages`), its Yjs document, derived content, search queue
 * entry, contributor and audit entry. A failure leaves nothing behind.
 *
 * The document is written in the page's transaction (`writeNewPageBody`), which keeps a
 * half-imported page impossible.
 */
export async function importPage(app: FastifyInstance, request: FastifyRequest, input: ImportInput): Promise<{ row: PageRow; derived: DerivedContent }> {
  // The route's access check (createPage in the space) ran before this.
  const user = currentUser(request);
  // Converted before the transaction, in a worker and bounded: parsing holds neither a lock nor
  // the event loop, and a body that is too complex is refused before anything is written.
  const { update, derived } = await app.bodyConverter.create(input.markdown);

  const row = await app.db.transaction().execute(async (trx) => {
    const space = await lockSpace(trx, input.spaceId);
    if (space.archived) throw conflict('The space is archived; restore it first.', 'space-archived');
    const pageId = await insertPage(trx, { spaceId: input.spaceId, parentId: input.parentId, title: input.title, userId: user.id, position: input.position });
    await writeNewPageBody(trx, pageId, update);
    const written = await writeNewPageContent(trx, pageId, derived);
    await recordContributions(trx, pageId, [user.id]);
    await recordAudit(trx, {
      actorId: user.id,
      ip: request.ip,
      action: 'page.create',
      targetType: 'page',
      targetId: pageId,
      detail: { spaceId: input.spaceId, parentId: input.parentId, title: input.title, source: input.source ?? 'markdown-import', bytes: Buffer.byteLength(input.markdown) },
    });
    // The derived columns are not read from the row: the caller holds `derived`.
    return { ...written, doc: null, text: '', headings: [], classification: null } satisfies PageRow;
  });
  return { row, derived };
}
