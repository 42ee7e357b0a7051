import type { FastifyPluginAsync } from 'fastify';
import { Problem } from '../http/problem.ts';
import { runAlone } from '../cluster/run-alone.ts';
import { runDirectorySync } from './sync.ts';

const FIRST_RUN_DELAY_MS = 60_000;

/**
 * Syncs the LDAP directory a minute after start and then every `STAFETTE_LDAP_SYNC_MINUTES` (0
 * turns the timer off; admins and the CLI can still sync). Runs inside the server, so deactivated
 * people's open sockets close at once. The timers do not keep the process alive and stop when the
 * app closes.
 */
export const directorySyncTimer: FastifyPluginAsync = async (app) => {
  const ldap = app.config.ldap;
  if (!ldap || ldap.syncMinutes <= 0) return;
  // Every instance has the timer; one syncs per interval (the others skip the round).
  const run = () =>
    runAlone(app.database, 'directory-sync', async () => {
      await runDirectorySync({ db: app.db, ldap, directory: app.config.directory, events: app.events, log: app.log }, 'timer');
    }, { everyMs: ldap.syncMinutes * 60_000 }).catch((err: unknown) => {
      // Another run going on is fine; an unreachable directory is recorded in the run and logged there.
      if (err instanceof Problem && (err.slug === 'directory-sync-running' || err.slug === 'directory-unavailable')) return;
      app.log.error({ err }, 'directory sync failed');
    });
  // A first run shortly after start (a new or changed configuration shows its effect soon), then on the interval.
  const first = setTimeout(run, FIRST_RUN_DELAY_MS);
  const timer = setInterval(run, ldap.syncMinutes * 60_000);
  first.unref();
  timer.unref();
  app.addHook('onClose', () => {
    clearTimeout(first);
    clearInterval(timer);
  });
};
