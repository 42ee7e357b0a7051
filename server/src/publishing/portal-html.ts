import { createHash } from 'node:crypto';
import { escapeHtml } from '@stafette/schema';
import type { PublishingSettings } from '@stafette/api';
import { PORTAL } from './public-urls.ts';

/**
 * The frame of every portal page: server-rendered, no script, readable on a phone (BITV 2.0 /
 * WCAG 2.1 AA: language, skip link, landmarks, labelled search, visible focus, contrast above
 * 4.5:1). The one style sheet is inline and admitted by its hash; nothing else may load but our
 * own images.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.6;color:#1b1b1b;background:#fff}
a{color:#0b4a8b}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:.5rem}
header,footer{background:#f2f4f7;border-color:#d0d5dd;border-style:solid;border-width:0}
header{border-bottom-width:1px}
footer{border-top-width:1px;margin-top:3rem}
.wrap{max-width:60rem;margin:0 auto;padding:1rem}
.site{font-size:1.25rem;font-weight:700;color:#1b1b1b;text-decoration:none}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-top:.75rem}
form.search label{flex-basis:100%;font-weight:600}
form.search input{flex:1 1 14rem;font:inherit;padding:.4rem .6rem;border:1px solid #667085;border-radius:4px}
form.search button{font:inherit;padding:.4rem 1rem;border:1px solid #0b4a8b;background:#0b4a8b;color:#fff;border-radius:4px}
nav.crumbs ol{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.25rem}
nav.crumbs li+li::before{content:"›";margin-right:.25rem;color:#475467}
.meta{color:#475467;font-size:.95rem}
.diagram{overflow-x:auto;border:1px solid #d0d5dd;border-radius:4px;padding:.5rem;background:#fff}
.diagram img{max-width:none;height:auto}
ol.steps>li{margin-bottom:1rem}
table{border-collapse:collapse}td,th{border:1px solid #d0d5dd;padding:.25rem .5rem}
pre{overflow-x:auto;background:#f2f4f7;padding:.5rem}
img{max-width:100%}
`;

export const PORTAL_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}`;

/** No script at all; styles only from the inline sheet above; images only our own (the diagram). */
export const PORTAL_CSP = [
  "default-src 'none'",
  `style-src '${PORTAL_STYLE_HASH}'`,
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

export interface Frame {
  settings: PublishingSettings;
  /** The document title (the municipality's name is added). */
  title: string;
  /** Absolute canonical address of this page, null for pages that should not be indexed (search results, not found). */
  canonical: string | null;
  /** Breadcrumbs below the start page: links, the last one the current page (no href). */
  crumbs?: { label: string; href?: string }[];
  /** The search box's current text. */
  query?: string;
  main: string;
}

export function siteName(settings: PublishingSettings): string {
  return settings.municipalityName.trim() || 'Bürgerinformationen';
}

export function portalHtml(frame: Frame): string {
  const site = siteName(frame.settings);
  const crumbs = frame.crumbs
    ? `<nav class="crumbs" aria-label="Brotkrumennavigation"><ol><li><a href="${PORTAL}">Start</a></li>${frame.crumbs
        .map((c) => (c.href ? `<li><a href="${escapeHtml(c.href)}">${escapeHtml(c.label)}</a></li>` : `<li><span aria-current="page">${escapeHtml(c.label)}</span></li>`))
        .join('')}</ol></nav>`
    : '';
  const imprint = frame.settings.imprintUrl ? `<li><a href="${escapeHtml(frame.settings.imprintUrl)}">Impressum</a></li>` : '';
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(frame.title)} – ${escapeHtml(site)}</title>
${frame.canonical ? `<link rel="canonical" href="${escapeHtml(frame.canonical)}">` : '<meta name="robots" content="noindex">'}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#inhalt">Zum Inhalt springen</a>
<header><div class="wrap">
<a class="site" href="${PORTAL}">${escapeHtml(site)}</a>
<form class="search" role="search" method="get" action="${PORTAL}/search">
<label for="suche">Veröffentlichte Inhalte durchsuchen</label>
<input id="suche" name="q" type="search" maxlength="200" value="${escapeHtml(frame.query ?? '')}">
<button type="submit">Suchen</button>
</form>
</div></header>
<main id="inhalt" class="wrap" tabindex="-1">
${crumbs}
${frame.main}
</main>
<footer><div class="wrap">
<ul>
${imprint}
<li><a href="${PORTAL}/catalog.jsonld">Offene Daten (DCAT-AP.de-Katalog)</a></li>
<li><a href="${PORTAL}/sitemap.xml">Sitemap</a></li>
</ul>
</div></footer>
</body>
</html>
`;
}

const DATE = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Berlin' });

/** "Zuletzt geändert am 5. Dezember 2026" as a `<time>` element. */
export function changedOn(date: Date): string {
  return `<p class="meta">Zuletzt geändert am <time datetime="${date.toISOString()}">${escapeHtml(DATE.format(date))}</time></p>`;
}
