import type { NotificationKind } from '@stafette/api';
import { escapeHtml } from '@stafette/schema';

/**
 * Notification mails in German and English, each with a plain-text and an HTML part. Texts are
 * plain strings put into the HTML escaped; nothing a user wrote reaches a mail as markup.
 * `quote` false (strictly confidential page): no title, excerpt or names of what changed, only
 * that something changed and the link.
 */
export type Locale = 'de' | 'en';

export interface NoticeMail {
  kind: NotificationKind;
  actor: string | null;
  pageTitle: string | null;
  excerpt: string | null;
  editors: string[];
  link: string;
  quote: boolean;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const T = {
  de: {
    someone: 'Jemand',
    aPage: 'einer Seite',
    subject: {
      mention: (a: string, p: string) => `${a} hat Sie auf „${p}“ erwähnt`,
      reply: (a: string, p: string) => `${a} hat auf „${p}“ geantwortet`,
      comment: (a: string, p: string) => `Neuer Kommentar von ${a} auf „${p}“`,
      'page.changed': (_a: string, p: string) => `„${p}“ wurde geändert`,
      'review.due': (_a: string, p: string) => `Überprüfung fällig: „${p}“`,
      'read.requested': (_a: string, p: string) => `Bitte lesen und bestätigen: „${p}“`,
      'interview.state': () => 'Wissensinterview: neuer Stand',
    },
    restricted: 'Auf einer streng vertraulichen Seite hat sich etwas geändert. Melden Sie sich an, um es zu sehen.',
    editedBy: 'Bearbeitet von',
    state: 'Neuer Stand',
    due: 'Fällig am',
    open: 'Öffnen',
    footer: 'Sie erhalten diese Nachricht, weil Sie Benachrichtigungen dieser Art per E-Mail gewählt haben.',
    unsubscribe: 'Diese Art von E-Mails abbestellen',
    digestSubject: (n: number) => `Stafette: ${n} ${n === 1 ? 'Neuigkeit' : 'Neuigkeiten'} des Tages`,
    digestIntro: 'Ihre Zusammenfassung von Stafette:',
    states: { planned: 'geplant', in_progress: 'läuft', in_review: 'in Prüfung', completed: 'abgeschlossen' } as Record<string, string>,
  },
  en: {
    someone: 'Someone',
    aPage: 'a page',
    subject: {
      mention: (a: string, p: string) => `${a} mentioned you on “${p}”`,
      reply: (a: string, p: string) => `${a} replied on “${p}”`,
      comment: (a: string, p: string) => `New comment by ${a} on “${p}”`,
      'page.changed': (_a: string, p: string) => `“${p}” was changed`,
      'review.due': (_a: string, p: string) => `Review due: “${p}”`,
      'read.requested': (_a: string, p: string) => `Please read and confirm: “${p}”`,
      'interview.state': () => 'Knowledge interview: new state',
    },
    restricted: 'Something changed on a strictly confidential page. Sign in to see it.',
    editedBy: 'Edited by',
    state: 'New state',
    due: 'Due on',
    open: 'Open',
    footer: 'You receive this because you chose e-mail for notifications of this kind.',
    unsubscribe: 'Unsubscribe from this kind of e-mail',
    digestSubject: (n: number) => `Stafette: ${n} ${n === 1 ? 'update' : 'updates'} of the day`,
    digestIntro: 'Your Stafette summary:',
    states: { planned: 'planned', in_progress: 'in progress', in_review: 'in review', completed: 'completed' } as Record<string, string>,
  },
};

/** One notice: its subject and its lines of body text. */
function parts(locale: Locale, m: NoticeMail): { subject: string; lines: string[] } {
  const t = T[locale];
  if (!m.quote) return { subject: t.subject[m.kind](t.someone, t.aPage), lines: [t.restricted] };
  const subject = t.subject[m.kind](m.actor ?? t.someone, m.pageTitle ?? t.aPage);
  const lines: string[] = [];
  if (m.kind === 'page.changed' && m.editors.length > 0) lines.push(`${t.editedBy}: ${m.editors.join(', ')}`);
  else if (m.kind === 'interview.state' && m.excerpt) lines.push(`${t.state}: ${t.states[m.excerpt] ?? m.excerpt}`);
  else if (m.kind === 'review.due' && m.excerpt) lines.push(`${t.due}: ${m.excerpt}`);
  else if (m.excerpt) lines.push(locale === 'de' ? `„${m.excerpt}“` : `“${m.excerpt}”`);
  return { subject, lines };
}

const htmlDoc = (body: string) =>
  `<!doctype html>\n<html><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.5">${body}</body></html>\n`;

function footer(locale: Locale, unsubscribeUrl: string): { text: string; html: string } {
  const t = T[locale];
  return {
    text: `\n--\n${t.footer}\n${t.unsubscribe}: ${unsubscribeUrl}\n`,
    html: `<hr><p style="color:#555;font-size:small">${escapeHtml(t.footer)}<br><a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(t.unsubscribe)}</a></p>`,
  };
}

export function renderNoticeMail(locale: Locale, m: NoticeMail, unsubscribeUrl: string): RenderedMail {
  const t = T[locale];
  const { subject, lines } = parts(locale, m);
  const foot = footer(locale, unsubscribeUrl);
  const text = `${subject}\n\n${lines.map((l) => `${l}\n`).join('')}\n${t.open}: ${m.link}\n${foot.text}`;
  const html = htmlDoc(
    `<p><strong>${escapeHtml(subject)}</strong></p>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p><a href="${escapeHtml(m.link)}">${escapeHtml(t.open)}</a></p>${foot.html}`,
  );
  return { subject, text, html };
}

export function renderDigestMail(locale: Locale, notices: NoticeMail[], unsubscribeUrl: string): RenderedMail {
  const t = T[locale];
  const subject = t.digestSubject(notices.length);
  const items = notices.map((m) => ({ ...parts(locale, m), link: m.link }));
  const foot = footer(locale, unsubscribeUrl);
  const text = `${t.digestIntro}\n\n${items.map((i) => `* ${i.subject}\n${i.lines.map((l) => `  ${l}\n`).join('')}  ${i.link}\n`).join('\n')}${foot.text}`;
  const html = htmlDoc(
    `<p>${escapeHtml(t.digestIntro)}</p><ul>${items
      .map((i) => `<li><a href="${escapeHtml(i.link)}">${escapeHtml(i.subject)}</a>${i.lines.map((l) => `<br>${escapeHtml(l)}`).join('')}</li>`)
      .join('')}</ul>${foot.html}`,
  );
  return { subject, text, html };
}
