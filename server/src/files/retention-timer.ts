import type { FastifyPluginAsync } from 'fastify';
import { runAlone } from '../cluster/run-alone.ts';
import { sweepFiles } from './retention.ts';

/**
 * Runs the retention sweep a minute after start (servers restarted more often than the interval
 * would otherwise never sweep) and then every `sweepIntervalMs` (0 turns it off). The timers do
 * not keep the process alive and stop when the app closes.
 */
export const fileRetentionTimer: FastifyPluginAsync = async (app) => {
  const { retentionDays, sweepIntervalMs } = app.config.files;
  if (sweepIntervalMs <= 0) return;
  // One instance sweeps at a time, once per interval between them (they share the database and the file store).
  const run = () =>
    runAlone(app.database, 'file-retention', async () => {
      const { removed } = await sweepFiles(app.db, app.files.store, { retentionDays });
      if (removed.length > 0) app.log.info({ removed: removed.length }, 'files: retention removed unreferenced files');
    }, { everyMs: sweepIntervalMs }).catch((err: unknown) => app.log.error({ err }, 'files: retention sweep failed'));
  const first = setTimeout(run, Math.min(sweepIntervalMs, 60_000));
  const timer = setInterval(run, sweepIntervalMs);
  first.unref();
  timer.unref();
  app.addHook('onClose', () => {
    clearTimeout(first);
    clearInterval(timer);
  });
};
