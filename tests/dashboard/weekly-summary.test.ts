import net from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueSummaryWeek, queueWeeklySummaries } from '../../server/src/dashboard/weekly-summary.ts';
import { drainMailQueue } from '../../server/src/mail/queue.ts';
import { backends } from '../support/databases.ts';
import { importMarkdown, seedProcess, seedSpace } from '../support/seed.ts';
import { attach } from '../support/knowledge.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** The Monday summary for knowledge managers goes through the mail queue to a real SMTP server, once per manager and week. */
describe.each(backends)('weekly summary mail on %s', (backend) => {
  let t: TestApp;
  let smtp: SMTPServer;
  let port: number;
  const received: { to: string; subject: string; text: string; html: string }[] = [];
  const ctx = { baseUrl: 'https://wiki.musterstadt.de', from: 'Stafette <wiki@musterstadt.de>' };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onData(stream, _session, callback) {
        void simpleParser(stream).then((mail) => {
          received.push({ to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text ?? '', subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' });
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as net.AddressInfo).port;
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  it('is due on Monday after the digest hour, office time', () => {
    const schedule = { hour: 6, timeZone: 'Europe/Berlin' };
    expect(dueSummaryWeek(new Date('2026-12-07T05:30:00Z'), schedule)).toBe('2026-12-07');
    expect(dueSummaryWeek(new Date('2026-12-07T04:30:00Z'), schedule)).toBeNull();
    expect(dueSummaryWeek(new Date('2026-12-08T09:00:00Z'), schedule)).toBeNull();
    expect(dueSummaryWeek(new Date('2026-12-07T22:30:00Z'), schedule)).toBe('2026-12-07');
    expect(dueSummaryWeek(new Date('2026-12-06T23:30:00Z'), schedule)).toBeNull();
  });

  it('mails each knowledge manager the figures once a week, even when two instances queue it', async () => {
    const first = await t.userClient({ role: 'knowledge_manager', displayName: 'Wiebke Wissen' });
    const second = await t.userClient({ role: 'knowledge_manager', displayName: 'Karl Kenntnis' });
    const clerk = await t.userClient({ displayName: 'Anna Amt' });
    await t.userClient({ role: 'admin', displayName: 'Ada Admin' });
    const spaceId = await seedSpace(t.database.db, { name: 'Bauamt', editors: [clerk] });
    const processId = await seedProcess(t.database.db, spaceId, 'Bauantrag', ['Task_Eingang', 'Task_Pruefen']);
    await attach(t.database.db, processId, 'Task_Eingang', await importMarkdown(clerk, spaceId, 'Eingang prüfen'));

    const queued = await Promise.all([queueWeeklySummaries(t.database.db, ctx, '2026-12-07'), queueWeeklySummaries(t.database.db, ctx, '2026-12-07')]);
    expect(queued[0] + queued[1]).toBe(2);
    expect(await queueWeeklySummaries(t.database.db, ctx, '2026-12-07')).toBe(0);
    const sent = await drainMailQueue(t.database.db, { smtpUrl: `smtp://127.0.0.1:${port}`, sendTimeoutMs: 5_000, retryBaseMs: 1_000, retryMaxMs: 60_000, batchSize: 20 });
    expect(sent).toEqual({ sent: 2, failed: 0 });
    expect(received.map((m) => m.to).sort()).toEqual([first.user.email, second.user.email].sort());
    for (const mail of received) {
      expect(mail.subject).toBe('Wochenüberblick Wissensmanagement (Woche ab 07.12.2026)');
      expect(mail.text).toContain('Dokumentierte Prozessschritte: 1 von 2 (50 %)');
      expect(mail.text).toContain('Übergabegespräche: 0 geplant, 0 laufend, 0 abgeschlossen');
      expect(mail.text).toContain('https://wiki.musterstadt.de/dashboard');
      expect(mail.html).toContain('Zum Dashboard');
      // Figures only: no names of people.
      expect(mail.text).not.toContain('Anna Amt');
    }
    // The next week is a new mail.
    expect(await queueWeeklySummaries(t.database.db, ctx, '2026-12-14')).toBe(2);
  });
});
