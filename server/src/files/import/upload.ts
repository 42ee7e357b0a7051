import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { IMPORT_DOCUMENT_EXTENSIONS } from '@stafette/api';
import { badRequest, Problem, unsupportedMediaType, validationFailed } from '../../http/problem.ts';
import type { ImportFormat } from './import-worker.ts';

const FORMATS: Record<string, ImportFormat> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
};

const uploads = new WeakMap<FastifyRequest, Uint8Array>();

/**
 * preValidation of `POST /pages/import`: a multipart request's fields become the body and its
 * file (at most `maxBytes`, held in memory) is kept for the handler. The format comes from the
 * bytes (file-type), never from the name or the part's declared type. JSON requests pass.
 */
export async function readImportUpload(request: FastifyRequest, maxBytes: number): Promise<void> {
  if (!request.isMultipart()) return;
  const fields: Record<string, string> = {};
  let file: { name: string; bytes: Buffer } | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw badRequest('Send the document in the multipart field "file", once.');
      }
      file = { name: part.filename, bytes: await part.toBuffer() };
    }
  } catch (err) {
    if (err instanceof Problem) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new Problem(413, 'payload-too-large', 'Document too large', `The document is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB, the most an import may have.`, { maxBytes });
    }
    if (code?.startsWith('FST_')) throw badRequest(`The multipart request cannot be read: ${(err as Error).message}`);
    throw err;
  }
  if (!file) throw badRequest('The multipart request carries no field "file"; send the .docx or .odt document in it.');
  const detected = await fileTypeFromBuffer(file.bytes);
  const format = detected ? FORMATS[detected.mime] : undefined;
  if (!format) {
    throw unsupportedMediaType(`An import takes a Word (.docx) or LibreOffice (.odt) document${detected ? `; this file is ${detected.mime}` : ''}. Markdown is sent as JSON.`);
  }
  uploads.set(request, file.bytes);
  const body: Record<string, unknown> = { spaceId: fields.spaceId ?? '', file: { name: file.name || `Dokument.${format}`, size: file.bytes.length, format } };
  if (fields.parentId) body.parentId = fields.parentId;
  if (fields.title?.trim()) body.title = fields.title.trim();
  for (const name of Object.keys(fields)) {
    if (name !== 'spaceId' && name !== 'parentId' && name !== 'title') throw validationFailed(`Unknown field "${name}"; an import takes spaceId, parentId, title and file.`);
  }
  request.body = body;
}

/** The document bytes of a multipart import; a JSON body that claims a file has none (400). */
export function importedDocument(request: FastifyRequest): Uint8Array {
  const bytes = uploads.get(request);
  if (!bytes) throw badRequest(`Send the document as multipart/form-data in the field "file" (${IMPORT_DOCUMENT_EXTENSIONS.join(', ')}).`);
  return bytes;
}
