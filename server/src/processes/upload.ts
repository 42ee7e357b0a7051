import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { BpmnImportError, DEFAULT_IMPORT_LIMITS } from '@stafette/bpmn';
import { badRequest, unsupportedMediaType } from '../http/problem.ts';
import { bpmnProblem } from './bpmn-problem.ts';
import type { Upload } from './process-service.ts';

/** Largest accepted BPMN upload, raw or multipart: the parser's own limit. */
export const MAX_UPLOAD_BYTES = DEFAULT_IMPORT_LIMITS.maxBytes;

export const XML_CONTENT_TYPES = ['application/xml', 'text/xml'];

/**
 * Teaches this plugin's context to read BPMN uploads: raw XML bodies arrive as a Buffer
 * (decoded later by the XML declaration, not by the HTTP charset), multipart uploads stream
 * one file of at most MAX_UPLOAD_BYTES. Registered inside the processes plugin only.
 */
export async function registerUploadParsers(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser(XML_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 10, headerPairs: 100 },
  });
}

/** The problem for an upload over the limit, raw or multipart. */
export const tooLargeProblem = () =>
  bpmnProblem(new BpmnImportError('too-large', `The file is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB, the most a process model may have.`));

/** The uploaded file's bytes and name, from a raw XML body or the first multipart file. */
export async function readUpload(request: FastifyRequest, fileNameParam: string | undefined): Promise<Upload> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file) throw badRequest('The multipart request carries no file; send the BPMN file as a file field.');
    try {
      return { bytes: await file.toBuffer(), fileName: file.filename || fileNameParam || null };
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLargeProblem();
      throw error;
    }
  }
  if (Buffer.isBuffer(request.body)) return { bytes: request.body, fileName: fileNameParam ?? null };
  throw unsupportedMediaType('Send the BPMN file as application/xml or text/xml body, or as a multipart/form-data file.');
}
