/**
 * Worker thread side of document-importer.ts: a DOCX or ODT file to page JSON plus the images
 * it embeds. Time and heap are bounded by the pool; the ZIP is checked for bombs before
 * anything is inflated (files/text/zip.ts).
 */
import { checkDocComplexity, ContentTooComplexError, type PMNodeJSON } from '@stafette/schema';
import { serveJobs } from '../../workers/serve-jobs.ts';
import { zipDirectory, ZipCorruptError, ZipTooLargeError } from '../text/zip.ts';
import { XmlCorruptError } from '../text/xml-text.ts';
import { docxTree } from './docx.ts';
import { odtTree, OdtUnreadableError } from './odt.ts';
import { treeToDoc } from './tree-to-doc.ts';
import type { ImportedImage, TreeNode } from './tree.ts';

export type ImportFormat = 'docx' | 'odt';

export interface ImportJob {
  format: ImportFormat;
  bytes: Uint8Array;
  maxElements: number;
  maxImages: number;
}

export type ImportResult =
  | { kind: 'converted'; doc: PMNodeJSON; images: ImportedImage[]; firstHeading: string | null }
  | { kind: 'unreadable'; message: string }
  | { kind: 'too-complex'; message: string };

async function convert(job: ImportJob): Promise<ImportResult> {
  let parsed: { tree: TreeNode[]; images: ImportedImage[] };
  try {
    zipDirectory(job.bytes);
    parsed = job.format === 'docx' ? await docxTree(job.bytes) : odtTree(job.bytes);
  } catch (err) {
    if (err instanceof ZipTooLargeError) return { kind: 'too-complex', message: `The document inflates too far (${err.message}).` };
    if (err instanceof ZipCorruptError || err instanceof XmlCorruptError || err instanceof OdtUnreadableError) return { kind: 'unreadable', message: err.message };
    // mammoth throws plain errors for documents it cannot read (no word/document.xml, broken XML).
    if (job.format === 'docx') return { kind: 'unreadable', message: err instanceof Error ? err.message : String(err) };
    throw err;
  }
  if (parsed.images.length > job.maxImages) return { kind: 'too-complex', message: `The document holds ${parsed.images.length} images; at most ${job.maxImages} are imported.` };
  const doc = treeToDoc(parsed.tree);
  try {
    checkDocComplexity(doc, { maxElements: job.maxElements, maxDepth: 128 });
  } catch (err) {
    if (err instanceof ContentTooComplexError) return { kind: 'too-complex', message: err.message };
    throw err;
  }
  return { kind: 'converted', doc, images: parsed.images, firstHeading: firstHeading(doc) };
}

function firstHeading(doc: PMNodeJSON): string | null {
  const heading = doc.content?.find((n) => n.type === 'heading');
  const text = (heading?.content ?? []).map((n) => n.text ?? '').join('').trim();
  return text || null;
}

serveJobs<ImportJob, ImportResult>(convert);
