import { Readable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { attachmentHref, type PMNodeJSON } from '@stafette/schema';
import { actorOf } from '../../audit/actor.ts';
import { recordAudit } from '../../audit/record.ts';
import { currentUser } from '../../auth/auth.ts';
import { importPage } from '../../content/import-page.ts';
import type { DerivedContent } from '../../content/derive.ts';
import { readDerived, replaceBodyFrom } from '../../content/page-body.ts';
import { Problem, unavailable } from '../../http/problem.ts';
import type { PageRow } from '../../pages/page-json.ts';
import { BoundedPool, DEFAULT_POOL_SIZE } from '../../workers/bounded-pool.ts';
import type { ImportFormat, ImportJob, ImportResult } from './import-worker.ts';
import { IMAGE_SRC_PREFIX, type ImportedImage } from './tree.ts';

export type { ImportFormat } from './import-worker.ts';

export interface DocumentImportInput {
  spaceId: string;
  parentId: string | null;
  /** The page title; when absent, the document's first heading, else the file name. */
  title: string | undefined;
  fileName: string;
  format: ImportFormat;
  bytes: Uint8Array;
}

const MAX_IMAGES = 200;

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/svg+xml': 'svg', 'image/tiff': 'tif', 'image/bmp': 'bmp' };

/**
 * Imports a Word (DOCX) or LibreOffice (ODT) document as a page: converted in a bounded worker
 * (headings, lists, tables, bold/italic, links, images), the page created like a Markdown
 * import, each embedded image stored as an attachment of the page (files-core's createAttachment:
 * sniffing, quota, scan, metadata removal), then the body written with the images pointing at
 * their attachments. When an attachment is refused for the space (quota, malware) the new page
 * is removed again, so a failed import leaves nothing behind; an image whose bytes no reader
 * can show (a Windows metafile) is left out of the page.
 */
export class DocumentImporter {
  private readonly pool: BoundedPool<ImportJob, ImportResult>;

  constructor(
    private readonly options: { timeoutMs: number; maxElements: number },
    log?: FastifyBaseLogger,
  ) {
    this.pool = new BoundedPool(
      new URL('./import-worker.ts', import.meta.url),
      { name: 'document import', size: DEFAULT_POOL_SIZE, hardTimeoutMs: options.timeoutMs, maxWaitMs: 15_000, maxQueue: 8, maxHeapMb: 512 },
      log,
    );
  }

  async import(app: FastifyInstance, request: FastifyRequest, input: DocumentImportInput): Promise<{ row: PageRow; derived: DerivedContent }> {
    const converted = await this.convert(input);
    const user = currentUser(request);
    const base = input.fileName.replace(/\.[^.]*$/, '').trim() || 'Dokument';
    const title = (input.title ?? converted.firstHeading ?? base).slice(0, 200);
    const { row, derived: empty } = await importPage(app, request, {
      spaceId: input.spaceId,
      parentId: input.parentId,
      title,
      markdown: '',
      source: `${input.format}-import`,
    });
    try {
      const sources = await this.attachImages(app, request, row.id, base, converted.images);
      const doc = withImages(converted.doc, sources);
      const changed = await replaceBodyFrom(app, row.id, { doc }, `rest:${user.id}`);
      if (!changed) return { row, derived: empty };
      const derived = await app.content.refresh(row.id, () => readDerived(app, row.id), { editors: [user.id] });
      return { row, derived };
    } catch (err) {
      await removeHalfImported(app, request, row.id, err);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async convert(input: DocumentImportInput): Promise<Extract<ImportResult, { kind: 'converted' }>> {
    const outcome = await this.pool.run({ format: input.format, bytes: input.bytes, maxElements: this.options.maxElements, maxImages: MAX_IMAGES });
    if (outcome.ok) {
      const result = outcome.value;
      if (result.kind === 'converted') return result;
      if (result.kind === 'unreadable') throw new Problem(422, 'document-unreadable', 'Document cannot be read', `The ${input.format.toUpperCase()} file cannot be read (damaged or password-protected): ${result.message}`);
      throw tooComplex(`${result.message} Split it into several documents.`);
    }
    switch (outcome.reason) {
      case 'timeout':
        throw tooComplex(`The document could not be converted within ${this.options.timeoutMs / 1000} s. Split it into several documents.`);
      case 'crashed':
        throw tooComplex('Converting the document needed more memory than an import may use. Split it into several documents.');
      case 'busy':
      case 'closed':
        throw unavailable('Too many documents are being imported right now; try again shortly.');
      case 'error':
        throw new Error(`document import failed: ${outcome.detail}`);
    }
  }

  /** Each image as an attachment of the page; its src, or null when its bytes are refused as unreadable. */
  private async attachImages(app: FastifyInstance, request: FastifyRequest, pageId: string, base: string, images: ImportedImage[]): Promise<(string | null)[]> {
    const sources: (string | null)[] = [];
    for (const [i, image] of images.entries()) {
      const ext = EXTENSIONS[image.contentType] ?? 'bin';
      try {
        const row = await app.files.create({ pageId, name: `${base} – Bild ${i + 1}.${ext}`, stream: Readable.from([Buffer.from(image.bytes)]), uploaderId: currentUser(request).id }, actorOf(request));
        sources.push(attachmentHref(row.id));
      } catch (err) {
        // 415: the bytes are no image a browser shows (EMF/WMF) or contradict their type.
        if (err instanceof Problem && err.status === 415) {
          sources.push(null);
          continue;
        }
        throw err;
      }
    }
    return sources;
  }
}

function tooComplex(detail: string): Problem {
  return new Problem(422, 'content-too-complex', 'Content too complex', detail);
}

/** The converted body with each image pointing at its attachment; images left out are dropped. */
export function withImages(doc: PMNodeJSON, sources: readonly (string | null)[]): PMNodeJSON {
  const walk = (node: PMNodeJSON): PMNodeJSON | null => {
    if (node.type === 'image') {
      const src = String(node.attrs?.src ?? '');
      const index = src.startsWith(IMAGE_SRC_PREFIX) ? Number(src.slice(IMAGE_SRC_PREFIX.length)) : NaN;
      const target = Number.isInteger(index) ? sources[index] : null;
      return target ? { ...node, attrs: { ...node.attrs, src: target } } : null;
    }
    if (!node.content) return node;
    const content = node.content.map(walk).filter((n): n is PMNodeJSON => n !== null);
    // A paragraph that held only a dropped image stays, empty: the schema allows it.
    return { ...node, content };
  };
  return walk(doc)!;
}

/** A failed import's page goes again (with its attachments, by cascade), audited. */
async function removeHalfImported(app: FastifyInstance, request: FastifyRequest, pageId: string, cause: unknown): Promise<void> {
  await app.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('pages').where('id', '=', pageId).execute();
    await recordAudit(trx, {
      ...actorOf(request),
      action: 'page.delete',
      targetType: 'page',
      targetId: pageId,
      detail: { reason: 'import-failed', problem: cause instanceof Problem ? cause.slug : 'error' },
    });
  });
}
