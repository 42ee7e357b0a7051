import type { FastifyPluginAsync } from 'fastify';
import { answerRoutes } from './answer-routes.ts';
import { interviewRoutes } from './interview-routes.ts';
import { publicationRoutes } from './publication-routes.ts';
import { retentionRoutes } from './retention-routes.ts';
import { retentionTimer } from './retention-timer.ts';
import { templateRoutes } from './template-routes.ts';

/**
 * Exit interviews: templates, interviews and their lifecycle, answer metadata and the
 * successor's review, consent preview, completion (publication) and reading list, retention and
 * pseudonymisation. Each route declares its access; the privacy rule in
 * server/src/policy/interviews.ts decides, and callers outside an interview get 404 as if it
 * did not exist.
 */
export const interviewsRoutes: FastifyPluginAsync = async (app) => {
  await app.register(templateRoutes);
  await app.register(interviewRoutes);
  await app.register(answerRoutes);
  await app.register(publicationRoutes);
  await app.register(retentionRoutes);
  await app.register(retentionTimer);
};
