import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Problem, validationFailed } from './problem.ts';
import { addSecurityHeaders } from './security-headers.ts';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Maps Fastify's own error codes to problems; anything unknown is a 500 without internals. */
function toProblem(error: FastifyError): Problem {
  if (error instanceof Problem) return error;
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    return validationFailed(`${where}${error.message.replace(/^\w+/, '')}`, error.validation);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, 'payload-too-large', 'Payload too large', 'The request body is larger than this route accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'unsupported-media-type', 'Unsupported media type', error.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem(400, 'bad-request', 'Bad request', error.message);
  }
  // PostgreSQL's disk_full (53100), from the server or PGlite, or the file store's disk
  // (ENOSPC, EDQUOT when a quota is reached): the write did not happen.
  if (['53100', 'ENOSPC', 'EDQUOT'].includes(String((error as { code?: unknown }).code))) {
    return new Problem(507, 'storage-full', 'Storage full', "The server's disk is full; nothing was saved. Try again once space has been freed.");
  }
  if (error instanceof SyntaxError) {
    return new Problem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new Problem(status, 'bad-request', 'Bad request', error.message);
  return new Problem(500, 'internal-error', 'Internal server error', 'Something went wrong on the server.');
}

export function sendProblem(reply: FastifyReply, problem: Problem, request: FastifyRequest) {
  if (problem.status === 429 && typeof problem.extra.retryAfter === 'number') {
    reply.header('retry-after', String(problem.extra.retryAfter));
  }
  return reply.status(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem.toJSON(request.url.split('?')[0])));
}

/**
 * Errors Fastify answers before routing (a malformed URL, an over-long parameter): problem+json
 * with the security headers like every other answer, instead of Fastify's bare JSON.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  addSecurityHeaders(request, reply);
  return sendProblem(reply, new Problem(error.statusCode ?? 400, 'bad-request', 'Bad request', error.message), request);
}

export const errorsPlugin = fp(async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem, request);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new Problem(404, 'not-found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}.`), request),
  );
});
