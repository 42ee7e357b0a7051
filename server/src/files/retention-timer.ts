import type { FastifyPluginAsync } from 'fastify';
import { sweepFiles } from './retention.ts';

/**
 * Runs the retention sweep every `sweepIntervalMs` (0 turns it off). The timer does not keep
 * the process alive and stops when the app closes.
 */
export const fileRetentionTimer: FastifyPluginAsync = async (app) => {
  const { retentionDays, sweepIntervalMs } = app.config.files;
  if (sweepIntervalMs <= 0) return;
  const run = () =>
    sweepFiles(app.db, app.files.store, { retentionDays }).then(
      ({ removed }) => {
        if (removed.length > 0) app.log.info({ removed: removed.length }, 'files: retention removed unreferenced files');
      },
      (err) => app.log.error({ err }, 'files: retention sweep failed'),
    );
  const timer = setInterval(run, sweepIntervalMs);
  timer.unref();
  app.addHook('onClose', () => clearInterval(timer));
};
