import type { FastifyPluginAsync } from 'fastify';

/** How often the server looks for accounts deactivated by another process. */
const WATCH_INTERVAL_MS = 3_000;

/**
 * Closes what a deactivation by another process leaves open here: `pnpm stafette
 * directory-sync` (or a second server) deactivates accounts in the database, whose sessions and
 * tokens then fail at once, but the collaboration sockets this server holds only close on its
 * own events. Every few seconds the server looks for accounts deactivated since it last looked
 * and hands this instance's listeners the events its own deactivations emit; every instance
 * looks for itself, so they are not relayed. Runs where a directory is configured.
 */
export const deactivationWatch: FastifyPluginAsync = async (app) => {
  if (!app.config.ldap) return;
  let since = new Date();
  let running = false;
  const look = async () => {
    if (running) return;
    running = true;
    try {
      const rows = await app.db.selectFrom('users').select(['id', 'deactivated_at']).where('active', '=', false).where('deactivated_at', '>', since).execute();
      for (const row of rows) {
        if (row.deactivated_at && row.deactivated_at > since) since = row.deactivated_at;
        app.events.deliverHere('user.changed', row.id);
        app.events.deliverHere('credentials.revoked', row.id, true);
      }
    } catch (err) {
      app.log.warn({ err }, 'directory: looking for deactivated accounts failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void look(), WATCH_INTERVAL_MS);
  timer.unref();
  app.addHook('onClose', () => clearInterval(timer));
};
