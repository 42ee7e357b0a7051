import { envIntegers } from '../../env-integers.ts';

/** Bounds of text extraction from attachments for search. */
export interface FileTextOptions {
  /** Files larger than this are not read for text (skipped, `too-large`). */
  maxBytes: number;
  /** Longest one file's extraction may run in its worker; past it the worker is ended (`timeout`). */
  timeoutMs: number;
  /** Heap of the extraction worker; a file that needs more ends it (`memory`). */
  maxHeapMb: number;
  /** Characters of text kept per file; the rest of a longer text is not read (searchable: the start). */
  maxChars: number;
  /** Largest DOCX/ODT file `POST /pages/import` takes (held in memory while converted). */
  importMaxBytes: number;
}

export const defaultFileTextOptions: FileTextOptions = {
  maxBytes: 50 * 1024 * 1024,
  timeoutMs: 60_000,
  maxHeapMb: 512,
  maxChars: 500_000,
  importMaxBytes: 25 * 1024 * 1024,
};

const ENV: Record<keyof FileTextOptions, string> = {
  maxBytes: 'STAFETTE_FILE_TEXT_MAX_BYTES',
  timeoutMs: 'STAFETTE_FILE_TEXT_TIMEOUT_MS',
  maxHeapMb: 'STAFETTE_FILE_TEXT_MAX_HEAP_MB',
  maxChars: 'STAFETTE_FILE_TEXT_MAX_CHARS',
  importMaxBytes: 'STAFETTE_IMPORT_MAX_BYTES',
};

/** Options from `STAFETTE_FILE_TEXT_*` environment variables over the defaults. */
export function fileTextOptionsFrom(env: NodeJS.ProcessEnv): FileTextOptions {
  return envIntegers(env, defaultFileTextOptions, ENV, 1);
}
