import type { FastifyPluginAsync } from 'fastify';
import { sweepFiles } from './retention.ts';

/**
 * Runs the retention sweep a minute after start (servers restarted more often than the interval
 * would otherwise never sweep) and then every `sweepIntervalMs` (0 turns it off). The timers do
 * not keep the process alive and stop when the app closes.
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
  const first = setTimeout(run, Math.min(sweepIntervalMs, 60_000));
  const timer = setInterval(run, sweepIntervalMs);
  first.unref();
  timer.unref();
  app.addHook('onClose', () => {
    clearTimeout(first);
    clearInterval(timer);
  });
};
