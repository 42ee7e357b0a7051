import { Problem } from '../http/problem.ts';

/**
 * Bounds of one print export. A subtree export reads, converts and prints every page below the
 * one asked for; without bounds one request could hold the server for minutes. The figures fit
 * a handbook of a few hundred pages (see bench/exports and README.md of this folder).
 */
export const EXPORT_LIMITS = {
  /** Pages in one document (a subtree, or the pages of a process handbook). */
  maxPages: 500,
  /** ProseMirror nodes of all pages together (a 50-page handbook has about 20,000). */
  maxElements: 400_000,
  /** One image's bytes; larger ones print as their alt text. */
  maxImageBytes: 20 * 1024 * 1024,
  /** All images of the document together. */
  maxImageTotalBytes: 150 * 1024 * 1024,
  /** Time Chromium may print one PDF. */
  pdfTimeoutMs: positive(process.env.STAFETTE_EXPORT_PDF_TIMEOUT_MS, 120_000),
};

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export const exportTooLarge = (detail: string) => new Problem(413, 'export-too-large', 'Export too large', detail);
export const exportUnavailable = (detail: string) => new Problem(503, 'export-unavailable', 'The export could not be written', detail);
