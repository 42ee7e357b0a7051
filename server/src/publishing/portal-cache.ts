import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Portal answers may be kept by browsers and proxies but are revalidated on every use
 * (`no-cache` with an ETag): an unpublished page is gone with the next request, while an
 * unchanged one costs a 304.
 */
export function sendPublic(request: FastifyRequest, reply: FastifyReply, body: string, contentType: string, status = 200): FastifyReply {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  reply.header('cache-control', 'public, no-cache').header('etag', etag).header('vary', 'accept-encoding');
  const ifNoneMatch = request.headers['if-none-match'];
  if (status === 200 && typeof ifNoneMatch === 'string' && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    return reply.code(304).send();
  }
  return reply.code(status).type(contentType).send(body);
}
