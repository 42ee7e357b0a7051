import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

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
function attachmentDisposition(name: string, extension: string): string {
  const stem = [...name.replace(/[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')].slice(0, MAX_STEM).join('').trim() || 'download';
  const fileName = `${stem}.${extension.replace(/[^A-Za-z0-9]/g, '')}`;
  const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
