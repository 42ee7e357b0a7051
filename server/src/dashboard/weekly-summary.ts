import type { Dashboard } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localClock, type DigestSchedule } from '../mail/digest-schedule.ts';
import type { MailContext } from '../mail/dispatch.ts';
import { enqueueMail } from '../mail/queue.ts';
import { dashboardFigures } from './figures.ts';

/**
 * The weekly summary for knowledge managers: the dashboard's figures as a mail on Monday after
 * the digest hour (organisation time zone). One mail per manager and week: the queue's dedupe
 * key makes a second instance, or a second run, queue nothing. Sent by the notifications' mail
 * worker like every other mail.
 */
export function dueSummaryWeek(now: Date, schedule: DigestSchedule): string | null {
  const clock = localClock(now, schedule.timeZone);
  const weekday = new Date(`${clock.day}T12:00:00Z`).getUTCDay();
  return weekday === 1 && clock.hour >= schedule.hour ? clock.day : null;
}

export async function queueWeeklySummaries(db: Kysely<DB>, ctx: MailContext, week: string, now = new Date()): Promise<number> {
  const managers = await db.selectFrom('users').select(['id', 'email', 'locale']).where('role', '=', 'knowledge_manager').where('active', '=', true).execute();
  if (managers.length === 0) return 0;
  const figures = await dashboardFigures(db, now);
  const host = new URL(ctx.baseUrl).hostname || 'stafette';
  let queued = 0;
  for (const m of managers) {
    const rendered = renderSummary(figures, `${ctx.baseUrl}/dashboard`, week);
    const message = { from: ctx.from, to: m.email, ...rendered, messageId: `<weekly-summary-${m.id}-${week}@${host}>`, headers: { 'Auto-Submitted': 'auto-generated' } };
    if (await enqueueMail(db, { dedupeKey: `weekly-summary:${m.id}:${week}`, userId: m.id, message })) queued += 1;
  }
  return queued;
}

const percent = (documented: number, steps: number) => (steps === 0 ? 100 : Math.round((documented / steps) * 100));
const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** German: the summary goes to the town's knowledge managers. */
export function renderSummary(d: Dashboard, link: string, week: string): { subject: string; text: string; html: string } {
  const now = d.coverage[d.coverage.length - 1] ?? { steps: 0, documented: 0 };
  const weekAgo = d.coverage.length > 1 ? d.coverage[Math.max(0, d.coverage.length - 8)]! : null;
  const risk6 = d.risk.reduce((s, r) => s + r.within6Months, 0);
  const risk12 = d.risk.reduce((s, r) => s + r.within12Months, 0);
  const onTime = d.reviews.reduce((s, r) => s + r.onTime, 0);
  const overdue = d.reviews.reduce((s, r) => s + r.overdue, 0);
  const lines = [
    `Dokumentierte Prozessschritte: ${now.documented} von ${now.steps} (${percent(now.documented, now.steps)} %)` +
      (weekAgo ? `, vor einer Woche ${percent(weekAgo.documented, weekAgo.steps)} %` : ''),
    `Wissen in Gefahr: ${risk6} Schritte in den nächsten 6 Monaten, ${risk12} in 12 Monaten` +
      (d.risk.length ? ` (am meisten: ${d.risk.slice(0, 3).map((r) => `${r.name} ${r.within12Months}`).join(', ')})` : ''),
    `Überprüfungen: ${onTime} rechtzeitig, ${overdue} überfällig`,
    `Übergabegespräche: ${d.interviews.planned} geplant, ${d.interviews.running} laufend, ${d.interviews.done} abgeschlossen`,
    d.gaps.length ? `Gesucht, nicht gefunden: ${d.gaps.slice(0, 5).map((g) => `„${g.query}“ (${g.count})`).join(', ')}` : 'Gesucht, nicht gefunden: keine offenen Suchlücken',
  ];
  const subject = `Wochenüberblick Wissensmanagement (Woche ab ${week.split('-').reverse().join('.')})`;
  const text = `${subject}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n\nDashboard: ${link}\n`;
  const html = `<h1 style="font-size:18px">${escape(subject)}</h1><ul>${lines.map((l) => `<li>${escape(l)}</li>`).join('')}</ul><p><a href="${escape(link)}">Zum Dashboard</a></p>`;
  return { subject, text, html };
}
