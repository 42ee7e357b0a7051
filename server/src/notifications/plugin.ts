import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { LiveComments } from '../comments/live-comments.ts';
import { deliverWaitingMentions } from '../comments/mentions.ts';
import { type MailContext, dispatchNotices, sendDigests } from '../mail/dispatch.ts';
import { dueDigestDay } from '../mail/digest-schedule.ts';
import { drainMailQueue } from '../mail/queue.ts';
import { NotificationCenter } from './center.ts';
import { sweepOnce } from './sweep.ts';
import { runAlone } from '../cluster/run-alone.ts';
import { readBody } from '../content/page-body.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Live comment events per page (server/src/comments). */
    liveComments: LiveComments;
    /** Live unread counts per user. */
    notificationCenter: NotificationCenter;
  }
}

export interface NotificationPluginOptions {
  /** How often the sweep turns edits, read requests, interviews and due reviews into notices (ms); 0: never (tests drive it). */
  sweepMs?: number;
  /** How often the mail worker runs (ms; default config.mail.pollMs); 0: never (tests drive it). */
  mailPollMs?: number;
  /** Retry backoff of failed sends: base and cap (ms). */
  mailRetryBaseMs?: number;
  mailRetryMaxMs?: number;
}

/**
 * Comments' live events, the inbox's live count, and the background work of notifications: the
 * sweep (sweep.ts) and, when STAFETTE_SMTP_URL is set, the mail worker (decide notices, daily
 * digests, drain the queue; server/src/mail). Timers stop and event streams end with the app.
 */
export const notificationsPlugin = fp<NotificationPluginOptions>(
  async function notifications(app: FastifyInstance, opts) {
    const live = new LiveComments(app.db);
    const center = new NotificationCenter(app.db);
    app.decorate('liveComments', live);
    app.decorate('notificationCenter', center);

    // Access changed: counts are recomputed for whoever listens; signed-out credentials end streams.
    const refresh = () => void center.refreshAll().catch((err) => app.log.warn({ err }, 'notification count refresh failed'));
    app.events.on('user.changed', refresh);
    app.events.on('membership.changed', refresh);
    // Added to a space: comment mentions that found the person without access reach them now
    // (the sweep does it again from the audit log, should this instance stop before). Done by the
    // instance where the change happened; the others only refresh counts.
    // A role that reads every space (administrator, knowledge manager) lets them in everywhere.
    const deliverWaiting = (spaceId: string | null, userId: string) =>
      void deliverWaitingMentions(app.db, spaceId, userId)
        .then((notified) => center.changed(notified))
        .catch((err) => app.log.warn({ err }, 'delivering waiting mentions failed'));
    app.events.onOrigin('membership.changed', deliverWaiting);
    app.events.onOrigin('user.changed', (userId) => deliverWaiting(null, userId));
    app.events.on('space.changed', refresh);
    app.events.on('page.changed', refresh);
    app.events.on('credentials.revoked', (userId) => {
      for (const l of [...center.streams.find((s) => s.userId === userId), ...live.streams.find((s) => s.userId === userId)]) l.close();
    });

    const timers: NodeJS.Timeout[] = [];
    let stopping = false;
    const every = (ms: number, name: string, job: () => Promise<void>) => {
      if (!ms) return;
      let running = false;
      const timer = setInterval(() => {
        if (running || stopping) return;
        running = true;
        job()
          .catch((err) => app.log.warn({ err }, `${name} failed; will retry`))
          .finally(() => {
            running = false;
          });
      }, ms);
      timer.unref();
      timers.push(timer);
    };

    const mail = app.config.mail;
    const ctx: MailContext = { baseUrl: (app.config.publicUrl ?? `http://localhost:${app.config.port}`).replace(/\/$/, ''), from: mail.from };
    app.addHook('onReady', async () => {
      // Sweeps and mail dispatch run on one instance at a time; sending is shared (the queue is claimed row by row).
      every(opts.sweepMs ?? 30_000, 'notification sweep', async () => {
        await runAlone(app.database, 'notification-sweep', async () => center.changed(await sweepOnce(app.db, new Date(), (pageId) => readBody(app, pageId))));
      });
      if (mail.smtpUrl) {
        const smtpUrl = mail.smtpUrl;
        every(opts.mailPollMs ?? mail.pollMs, 'mail worker', async () => {
          await runAlone(app.database, 'mail-dispatch', async () => {
            await dispatchNotices(app.db, ctx);
            const now = new Date();
            const day = dueDigestDay(now, mail.digest);
            if (day) await sendDigests(app.db, ctx, now, day);
          });
          await drainMailQueue(app.db, {
            smtpUrl,
            sendTimeoutMs: mail.sendTimeoutMs,
            retryBaseMs: opts.mailRetryBaseMs ?? 30_000,
            retryMaxMs: opts.mailRetryMaxMs ?? 3_600_000,
            batchSize: 20,
          });
        });
      }
    });
    app.addHook('preClose', async () => {
      stopping = true;
      for (const t of timers) clearInterval(t);
      live.streams.closeAll();
      center.streams.closeAll();
    });
  },
  { name: 'notifications' },
);
