import type { FastifyPluginAsync } from 'fastify';
import { runAlone } from '../cluster/run-alone.ts';
import { purgeExpiredInterviews } from './retention.ts';

/**
 * Runs the retention job every `retentionIntervalMs` (0 turns it off; the admin route and the
 * CLI still run it). The timer does not keep the process alive and stops when the app closes.
 */
export const retentionTimer: FastifyPluginAsync = async (app) => {
  const { retentionDays, retentionIntervalMs } = app.config.interviews;
  if (retentionIntervalMs <= 0) return;
  // One instance runs the job at a time, once per interval between them (they share the database).
  const run = () =>
    runAlone(app.database, 'interview-retention', async () => {
      const { purged, kept } = await purgeExpiredInterviews(app.db, { retentionDays, collab: app.interviewCollab });
      if (purged.length > 0) app.log.info({ purged: purged.length }, 'interviews: retention deleted unpublished content');
      // Running interviews past their date are never purged by the job: someone has to decide.
      if (kept.length > 0) app.log.warn({ kept }, 'interviews: running interviews past their retention date wait for a decision');
    }, { everyMs: retentionIntervalMs }).catch((err: unknown) => app.log.error({ err }, 'interviews: retention job failed'));
  const timer = setInterval(run, retentionIntervalMs);
  timer.unref();
  app.addHook('onClose', () => clearInterval(timer));
};
