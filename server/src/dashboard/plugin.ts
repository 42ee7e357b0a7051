import fp from 'fastify-plugin';
import { runAlone } from '../cluster/run-alone.ts';
import { takeCoverageSnapshot } from './coverage.ts';
import { dueSummaryWeek, queueWeeklySummaries } from './weekly-summary.ts';

export interface DashboardTimerOptions {
  /** How often the daily coverage snapshot and the weekly summary are checked (default hourly; 0: off). */
  checkMs?: number;
}

/**
 * The dashboard's background work, once across instances: today's coverage snapshot (taken at
 * start too, so a new installation has a first point) and the Monday summary mail for knowledge
 * managers. Both are idempotent per day and week; runAlone keeps instances from doing it twice at once.
 */
export const dashboardTimers = fp<DashboardTimerOptions>(
  async (app, opts) => {
    const checkMs = opts.checkMs ?? 3_600_000;
    const mail = app.config.mail;
    const ctx = { baseUrl: (app.config.publicUrl ?? `http://localhost:${app.config.port}`).replace(/\/$/, ''), from: mail.from };
    let stopping = false;
    let current: Promise<void> | null = null;
    const check = () => {
      if (current || stopping) return;
      current = run().finally(() => {
        current = null;
      });
    };
    const run = async () => {
      try {
        await runAlone(app.database, 'coverage-snapshot', async () => void (await takeCoverageSnapshot(app.db)));
        const week = mail.smtpUrl ? dueSummaryWeek(new Date(), mail.digest) : null;
        if (week) await runAlone(app.database, 'weekly-summary', async () => void (await queueWeeklySummaries(app.db, ctx, week)));
      } catch (err) {
        app.log.warn({ err }, 'dashboard: snapshot or weekly summary failed; will retry');
      }
    };
    const timers: NodeJS.Timeout[] = [];
    app.addHook('onReady', async () => {
      if (!checkMs) return;
      const first = setTimeout(check, 0);
      const timer = setInterval(check, checkMs);
      first.unref();
      timer.unref();
      timers.push(first, timer);
    });
    app.addHook('preClose', async () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      // The database closes after this: let a running check finish first.
      await current;
    });
  },
  { name: 'dashboard-timers' },
);
