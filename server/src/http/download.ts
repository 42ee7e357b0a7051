import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * How anything stored or exported leaves the server (uploads, page exports, CSV lists): as a
 * download that no browser renders on our origin. A stored file can hold markup a user wrote
 * (a BPMN model with an XHTML <script>, a page exported as HTML); opened inline it would run
 * with the wiki's cookies. Raster images, once the wiki stores them, are the only exception.
 */
export interface Download {
  /** The file name without extension (a title, a process name); unsafe characters become `_`. */
  name: string;
  extension: string;
  contentType: string;
  /** A stream for long exports, so they are not held in memory whole. */
  body: string | Buffer | Readable;
}

/** Even if a browser shows the file anyway, it gets an opaque origin and may load nothing. */
const DOWNLOAD_CSP = "sandbox; default-src 'none'";

export function sendDownload(reply: FastifyReply, file: Download): FastifyReply {
  return reply
    .type(file.contentType)
    .header('content-disposition', attachmentDisposition(file.name, file.extension))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', DOWNLOAD_CSP)
    .header('cache-control', 'private, no-store')
    .send(file.body);
}

/** Longest file name stem in characters: titles run to 1000, file systems allow 255 bytes. */
const MAX_STEM = 120;

/**
 * `attachment` with the name as file name (RFC 6266): an ASCII fallback and the UTF-8 name
 * (RFC 8187). Characters file systems or headers refuse become `_`.
 */
function attachmentDisposition(name: string, extension: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const stem = [...name.replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')].slice(0, MAX_STEM).join('').trim() || 'download';
  const cleanExtension = extension.replace(/[^A-Za-z0-9]/g, '');
  const fileName = cleanExtension === '' ? stem : `${stem}.${cleanExtension}`;
  const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A stored file (an attachment) as it is served: immutable bytes under a strong ETag. */
export interface StoredFile {
  /** The original file name, extension included. */
  fileName: string;
  contentType: string;
  size: number;
  /** Strong validator of the bytes (their hash): the same for every range of them. */
  etag: string;
  /** Shown by the browser (raster images) instead of downloaded. Never for markup: SVG, HTML. */
  inline: boolean;
  /** The bytes, or the inclusive range of them. */
  open(range?: { start: number; end: number }): Promise<Readable>;
  /** `public`: anyone may see it (the public portal), so shared caches may keep it (still revalidated). Default `private`. */
  cache?: 'private' | 'public';
}

/** The one byte range of a `Range: bytes=…` header, 'unsatisfiable', or null to send everything (absent, several ranges, not bytes). */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/**
 * Serves a stored file like sendDownload (sandboxed, nosniff, RFC 6266 name) with what large
 * files need: `ETag` and `If-None-Match` (304), `Range` (206, one range; `If-Range` with a
 * stale validator gets the whole file) and `Accept-Ranges`. Browsers revalidate each time
 * (`no-cache`), so a revoked right takes effect at once.
 */
export async function sendStoredFile(request: FastifyRequest, reply: FastifyReply, file: StoredFile): Promise<FastifyReply> {
  const dot = file.fileName.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [file.fileName.slice(0, dot), file.fileName.slice(dot + 1)] : [file.fileName, ''];
  reply
    .header('content-disposition', attachmentDisposition(stem, extension, file.inline ? 'inline' : 'attachment'))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', DOWNLOAD_CSP)
    .header('cache-control', `${file.cache ?? 'private'}, no-cache`)
    .header('etag', file.etag)
    .header('accept-ranges', 'bytes');
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag || tag.trim() === '*')) {
    return reply.code(304).send();
  }
  const ifRange = request.headers['if-range'];
  const range = ifRange !== undefined && ifRange !== file.etag ? null : byteRange(request.headers.range, file.size);
  reply.type(file.contentType);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${file.size}`).type('text/plain').send('');
  }
  if (range) {
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('content-length', range.end - range.start + 1)
      .send(await file.open(range));
  }
  if (file.size === 0) return reply.header('content-length', 0).send(Buffer.alloc(0));
  return reply.header('content-length', file.size).send(await file.open());
}
