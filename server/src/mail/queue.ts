import { type Kysely, sql, type Transaction } from 'kysely';
import nodemailer from 'nodemailer';
import type { DB } from '../db/schema.ts';

/**
 * The durable outgoing mail queue (`mail_queue`). Enqueuing is idempotent by `dedupe_key`
 * (a notice or a day's digest is queued once, in the transaction that marks it). Sending:
 * a worker claims due rows with `FOR UPDATE SKIP LOCKED` and leases them (`locked_until`), so
 * several instances never send the same row at once; success marks the row sent, a failure
 * (refused, timed out, server down) schedules the next try with exponential backoff. Nothing
 * is dropped: an SMTP outage only delays. Each mail keeps one Message-ID across retries.
 */
export interface QueuedMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export async function enqueueMail(db: Kysely<DB> | Transaction<DB>, mail: { dedupeKey: string; userId: string | null; message: QueuedMessage }): Promise<boolean> {
  const row = await db
    .insertInto('mail_queue')
    .values({ dedupe_key: mail.dedupeKey, user_id: mail.userId, to_address: mail.message.to, message: JSON.stringify(mail.message) })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface SendOptions {
  smtpUrl: string;
  sendTimeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  batchSize: number;
}

export const retryDelayMs = (attempts: number, base: number, max: number) => Math.min(max, base * 2 ** Math.max(0, attempts - 1));

export interface DrainResult {
  sent: number;
  failed: number;
}

/**
 * nodemailer's options from STAFETTE_SMTP_URL. Taken apart here: given as `url`, nodemailer
 * ignores the timeouts beside it, and a server that accepts the connection but never greets
 * would hold the worker forever.
 */
export function transportOptions(smtpUrl: string, timeoutMs: number) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}

/** Claims due mail and sends it; returns what happened. One call is one pass. */
export async function drainMailQueue(db: Kysely<DB>, options: SendOptions): Promise<DrainResult> {
  // The lease outlives one send attempt with room to spare; a crashed sender's rows come back after it.
  const leaseMs = options.sendTimeoutMs * 3 + 10_000;
  const claimed = await sql<{ id: string; message: QueuedMessage; attempts: number }>`
    UPDATE mail_queue SET locked_until = now() + ${leaseMs} * interval '1 millisecond', attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM mail_queue
      WHERE sent_at IS NULL AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
      ORDER BY next_attempt_at, created_at
      LIMIT ${options.batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, message, attempts`.execute(db);
  const result: DrainResult = { sent: 0, failed: 0 };
  if (claimed.rows.length === 0) return result;
  const transport = nodemailer.createTransport(transportOptions(options.smtpUrl, options.sendTimeoutMs));
  const started = Date.now();
  const reschedule = async (id: string, attempts: number, message: string) => {
    const delay = retryDelayMs(attempts, options.retryBaseMs, options.retryMaxMs);
    await sql`
      UPDATE mail_queue SET locked_until = NULL, last_error = ${message.slice(0, 1000)},
        next_attempt_at = now() + ${delay} * interval '1 millisecond'
      WHERE id = ${id} AND sent_at IS NULL`.execute(db);
    result.failed += 1;
  };
  try {
    for (let i = 0; i < claimed.rows.length; i++) {
      const row = claimed.rows[i]!;
      // Never send on a lease about to run out (another instance could claim the row): the rest goes back.
      if (Date.now() - started > leaseMs / 2) {
        await db.updateTable('mail_queue').set({ locked_until: null }).where('id', 'in', claimed.rows.slice(i).map((r) => r.id)).where('sent_at', 'is', null).execute();
        break;
      }
      const m = typeof row.message === 'string' ? (JSON.parse(row.message) as QueuedMessage) : row.message;
      try {
        await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: m.headers });
        await db.updateTable('mail_queue').set({ sent_at: new Date(), locked_until: null, last_error: null }).where('id', '=', row.id).execute();
        result.sent += 1;
      } catch (err) {
        await reschedule(row.id, row.attempts, String((err as Error).message));
        // The server is unreachable, refusing or hanging (not this one message): the rest of
        // the batch waits too instead of each timing out while its lease runs down.
        if (serverFault(err)) {
          for (const rest of claimed.rows.slice(i + 1)) await reschedule(rest.id, rest.attempts, `not tried: ${String((err as Error).message)}`);
          break;
        }
      }
    }
  } finally {
    transport.close();
  }
  return result;
}

/** A failure of the SMTP server as a whole (connection, greeting, timeout, 421), not of one message. */
function serverFault(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROTOCOL', 'EAUTH', 'ETLS'].includes(e.code ?? '') || e.responseCode === 421;
}

/** Mail not sent yet (due or waiting out a backoff): for health and tests. */
export async function mailBacklog(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('mail_queue').select((eb) => eb.fn.countAll<number>().as('n')).where('sent_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
