import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchNotices, type MailContext, sendDigests } from '../../server/src/mail/dispatch.ts';
import { defaultMailOptions } from '../../server/src/mail/options.ts';
import { drainMailQueue, mailBacklog, type SendOptions } from '../../server/src/mail/queue.ts';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedSpace } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';

interface Received {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Raw header lines by lower-case name (mailparser folds List-* headers into one object). */
  header: (name: string) => string | undefined;
}

/** A real SMTP server (smtp-server from the nodemailer project) that can refuse, hang or be down. */
async function startSmtp(port = 0) {
  const received: Received[] = [];
  const state = { mode: 'accept' as 'accept' | 'refuse', refusedRecipients: new Set<string>() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Going "down" drops open connections at once instead of waiting for them (30 s by default).
    closeTimeout: 50,
    onConnect(_session, callback) {
      if (state.mode === 'refuse') return callback(Object.assign(new Error('Service not available, try later'), { responseCode: 421 }));
      callback();
    },
    // A mailbox the server refuses for good (550), while it takes the rest.
    onRcptTo(address, _session, callback) {
      if (state.refusedRecipients.has(address.address)) return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      void simpleParser(stream).then((mail) => {
        received.push({
          messageId: mail.messageId ?? '',
          to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? '',
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : '',
          header: (name) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, ''),
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address() as net.AddressInfo;
  return { server, received, state, port: address.port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A server that takes the connection and never says hello (SMTP greeting timeout). */
async function startSilent(port: number) {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return () => new Promise<void>((r) => {
    for (const s of sockets) s.destroy();
    server.close(() => r());
  });
}

describe.each(backends)('notification mail on %s', (backend) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let author: UserClient;
  let anna: UserClient;
  let spaceId: string;
  let send: SendOptions;
  const ctx: MailContext = { baseUrl: 'https://wiki.example.org', from: 'Stafette <wiki@example.org>' };

  beforeAll(async () => {
    smtp = await startSmtp();
    const smtpUrl = `smtp://127.0.0.1:${smtp.port}`;
    t = await createTestApp(backend, { mail: { ...defaultMailOptions, smtpUrl, from: ctx.from } }, { notifications: { sweepMs: 0, mailPollMs: 0 } });
    send = { smtpUrl, sendTimeoutMs: 500, retryBaseMs: 20, retryMaxMs: 200, batchSize: 20 };
    author = await t.userClient({ displayName: 'Karl Kunz' });
    anna = await t.userClient({ displayName: 'Anna Amt' });
    spaceId = await seedSpace(t.database.db, { name: 'Standesamt', owners: [author], readers: [anna] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mention = async (pageId: string, text: string) => {
    const res = await author.post(`/api/v1/pages/${pageId}/comments`, { body: `@[Anna Amt](${anna.user.id}) ${text}` });
    expect(res.statusCode, res.body).toBe(201);
  };
  /** Drains until the queue is empty, as the worker would on its timer. */
  const drainAll = async (options = send) => {
    for (let i = 0; i < 500 && (await mailBacklog(t.database.db)) > 0; i++) {
      await drainMailQueue(t.database.db, options);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await mailBacklog(t.database.db)).toBe(0);
  };

  it('sends a mention at once: German subject, plain text and HTML, one-click unsubscribe headers', async () => {
    const pageId = await importMarkdown(author, spaceId, 'Eheschließung', 'Termin.');
    await mention(pageId, 'bitte **prüfen** <b>jetzt</b>');
    expect(await dispatchNotices(t.database.db, ctx)).toBe(1);
    // Deciding again queues nothing more.
    expect(await dispatchNotices(t.database.db, ctx)).toBe(0);
    await drainAll();
    const mail = smtp.received.at(-1)!;
    expect(mail.subject).toBe('Karl Kunz hat Sie auf „Eheschließung“ erwähnt');
    expect(mail.to).toBe(anna.user.email);
    expect(mail.text).toContain('„@Anna Amt bitte prüfen <b>jetzt</b>“');
    expect(mail.text).toContain(`https://wiki.example.org/pages/${pageId}?comment=`);
    expect(mail.html).toContain('&lt;b&gt;jetzt&lt;/b&gt;');
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /<(https:\/\/wiki\.example\.org\/api\/v1\/mail\/unsubscribe\?token=[^>]+)>/.exec(mail.header('list-unsubscribe') ?? '')?.[1];
    expect(link).toBeDefined();
    // One click (as a mail client sends it) turns mentions off; the next mention is not mailed.
    const res = await t.anonymous.post(link!.replace('https://wiki.example.org', ''), 'List-Unsubscribe=One-Click', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await anna.get('/api/v1/notifications/preferences')).json().preferences.mention).toBe('off');
    await mention(pageId, 'nochmal');
    expect(await dispatchNotices(t.database.db, ctx)).toBe(0);
    expect((await t.anonymous.post(`${link!.replace('https://wiki.example.org', '').slice(0, -3)}xyz`, 'List-Unsubscribe=One-Click', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(400);
    await anna.put('/api/v1/notifications/preferences', { preferences: { mention: 'instant' } });
  });

  it('delivers every mail exactly once through an SMTP server that refuses, hangs and is down for a while', async () => {
    const pageId = await importMarkdown(author, spaceId, 'Namensänderung', 'Antrag.');
    for (let i = 1; i <= 4; i++) await mention(pageId, `Frage ${i}`);
    expect(await dispatchNotices(t.database.db, ctx)).toBe(4);
    const before = smtp.received.length;

    // Refusing (421 at connect): nothing sent, nothing lost.
    smtp.state.mode = 'refuse';
    const refused = await drainMailQueue(t.database.db, send);
    expect(refused).toEqual({ sent: 0, failed: 4 });
    // Down: the port is closed.
    const port = smtp.port;
    await smtp.close();
    await new Promise((r) => setTimeout(r, 50));
    expect((await drainMailQueue(t.database.db, send)).sent).toBe(0);
    // Hanging: connected but never greeted (times out).
    const stopSilent = await startSilent(port);
    await new Promise((r) => setTimeout(r, 250));
    expect((await drainMailQueue(t.database.db, send)).sent).toBe(0);
    await stopSilent();
    const rows = await t.database.db.selectFrom('mail_queue').select(['attempts', 'last_error']).where('sent_at', 'is', null).execute();
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.attempts >= 2 && r.last_error)).toBe(true);

    // Back again; two workers (as two instances would) drain at once.
    const received = smtp.received;
    smtp = await startSmtp(port);
    await new Promise((r) => setTimeout(r, 250));
    for (let i = 0; i < 200 && (await mailBacklog(t.database.db)) > 0; i++) {
      await Promise.all([drainMailQueue(t.database.db, send), drainMailQueue(t.database.db, send)]);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await mailBacklog(t.database.db)).toBe(0);
    const all = [...received.slice(before), ...smtp.received];
    expect(all.map((m) => m.text.match(/Frage \d/)?.[0]).sort()).toEqual(['Frage 1', 'Frage 2', 'Frage 3', 'Frage 4']);
    expect(new Set(all.map((m) => m.messageId)).size).toBe(4);
  });

  it('keeps sending to others while one mailbox is refused, and retries that one without losing it', async () => {
    const bert = await t.userClient({ displayName: 'Bert Bote' });
    await t.database.db.insertInto('space_members').values({ space_id: spaceId, user_id: bert.user.id, role: 'reader' }).execute();
    const pageId = await importMarkdown(author, spaceId, 'Personenstand', 'Text.');
    smtp.state.refusedRecipients.add(anna.user.email);
    await mention(pageId, 'an Anna');
    const res = await author.post(`/api/v1/pages/${pageId}/comments`, { body: `@[Bert Bote](${bert.user.id}) an Bert` });
    expect(res.statusCode, res.body).toBe(201);
    expect(await dispatchNotices(t.database.db, ctx)).toBe(2);
    const before = smtp.received.length;
    // One pass: Bert's mail goes out although Anna's is refused (a fault of one mailbox, not of the server).
    expect(await drainMailQueue(t.database.db, send)).toEqual({ sent: 1, failed: 1 });
    expect(smtp.received.slice(before).map((m) => m.to)).toEqual([bert.user.email]);
    const waiting = await t.database.db.selectFrom('mail_queue').select(['to_address', 'last_error']).where('sent_at', 'is', null).execute();
    expect(waiting).toEqual([{ to_address: anna.user.email, last_error: expect.stringContaining('550') }]);
    // The mailbox takes mail again: it arrives, once.
    smtp.state.refusedRecipients.clear();
    await drainAll();
    expect(smtp.received.slice(before).map((m) => m.to).sort()).toEqual([anna.user.email, bert.user.email].sort());
  });

  it('collects digest kinds into one daily mail per person with what they can still read', async () => {
    await anna.put('/api/v1/notifications/preferences', { preferences: { reply: 'digest', mention: 'digest' } });
    const pageA = await importMarkdown(author, spaceId, 'Geburtsurkunde', 'Text.');
    const pageB = await importMarkdown(author, spaceId, 'Sterbeurkunde', 'Text.');
    await mention(pageA, 'eins');
    await mention(pageB, 'zwei');
    expect(await dispatchNotices(t.database.db, ctx)).toBe(0);
    const before = smtp.received.length;
    expect(await sendDigests(t.database.db, ctx)).toBe(1);
    // Once per day.
    await mention(pageA, 'drei');
    await dispatchNotices(t.database.db, ctx);
    expect(await sendDigests(t.database.db, ctx)).toBe(0);
    await drainAll();
    const digests = smtp.received.slice(before);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('Stafette: 2 Neuigkeiten des Tages');
    expect(digests[0]!.text).toContain('Karl Kunz hat Sie auf „Geburtsurkunde“ erwähnt');
    expect(digests[0]!.text).toContain('Karl Kunz hat Sie auf „Sterbeurkunde“ erwähnt');
    expect(digests[0]!.text).not.toContain('drei');
    // The next day, what waited goes out.
    expect(await sendDigests(t.database.db, ctx, new Date(Date.now() + 86_400_000))).toBe(1);
    await drainAll();
    expect(smtp.received.at(-1)!.subject).toBe('Stafette: 1 Neuigkeit des Tages');
    expect(smtp.received.at(-1)!.text).toContain('drei');
    // A digest day is the worker's local day (digest-schedule.ts): one digest per person and day it names.
    await mention(pageB, 'vier');
    await dispatchNotices(t.database.db, ctx);
    expect(await sendDigests(t.database.db, ctx, new Date(), '2031-03-30')).toBe(1);
    await mention(pageB, 'fünf');
    await dispatchNotices(t.database.db, ctx);
    expect(await sendDigests(t.database.db, ctx, new Date(), '2031-03-30')).toBe(0);
    // The day after: the waiting notice, unless its page can no longer be read.
    await t.database.db.deleteFrom('space_members').where('user_id', '=', anna.user.id).execute();
    expect(await sendDigests(t.database.db, ctx, new Date(), '2031-03-31')).toBe(0);
    await drainAll();
    expect(smtp.received.some((m) => m.text.includes('fünf'))).toBe(false);
  });
});
