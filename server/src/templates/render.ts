/**
 * Filling a template: `{{datum}}` (today, German style) and `{{autor}}` (the person making the
 * page) always, each field from the values given. A field left out or left blank stays as
 * written, `{{Feld}}`, so the new page shows what is still to be filled in.
 */

const PLACEHOLDER = /\{\{\s*([^{}\n]{1,60}?)\s*\}\}/g;

/** Today as Germans write it (05.12.2026), in German time. */
export function germanDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(now);
}

/**
 * A value as literal Markdown text: on one line (values also fill table cells) with every
 * character escaped that could start markup, so "a *b*" or "| x" stay what was typed.
 */
export function markdownLiteral(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()<>#+!|~&-]/g, (c) => `\\${c}`);
}

export interface Filled {
  datum: string;
  autor: string;
}

/** The template body with its placeholders filled; names match case-insensitively. */
export function renderTemplate(body: string, values: Record<string, string>, filled: Filled): string {
  const byName = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value.trim() !== '') byName.set(name.trim().toLocaleLowerCase('de'), value);
  }
  return body.replace(PLACEHOLDER, (whole, rawName: string) => {
    const name = rawName.trim().toLocaleLowerCase('de');
    const given = byName.get(name);
    if (given !== undefined) return markdownLiteral(given);
    if (name === 'datum') return filled.datum;
    if (name === 'autor') return markdownLiteral(filled.autor);
    return whole;
  });
}

/** The placeholder names a body uses, in order of first use (without datum and autor). */
export function placeholderNames(body: string): string[] {
  const names = new Map<string, string>();
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1]!.trim();
    const key = name.toLocaleLowerCase('de');
    if (key !== 'datum' && key !== 'autor' && !names.has(key)) names.set(key, name);
  }
  return [...names.values()];
}
