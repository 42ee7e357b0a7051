import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { docToHtml, docToMarkdown, escapeHtml } from '@stafette/schema';
import { writeStepLinks, type StepLink } from '@stafette/bpmn';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload } from '../http/download.ts';
import { isUuid } from '../policy/uuid.ts';
import { versionXml } from '../processes/process-queries.ts';
import { bpmnFileStem } from '../processes/process-name.ts';
import { publicSet, type PublicSet } from './public-set.ts';
import { publicDoc } from './public-doc.ts';
import { publicDiagram } from './public-diagram.ts';
import {
  publicAncestors,
  publicChildren,
  publicPage,
  publicPageList,
  publicProcess,
  publicProcessList,
  publicStepsOfPage,
  searchPublic,
} from './portal-queries.ts';
import { changedOn, PORTAL_CSP, portalHtml, siteName, type Frame } from './portal-html.ts';
import { sendPublic } from './portal-cache.ts';
import { originOf, PORTAL, publicPagePath, publicProcessPath, stepAnchor } from './public-urls.ts';
import { readSettings } from './publishing-service.ts';
import { catalog } from './catalog.ts';

const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });
const SearchQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });
const hidden = { hide: true } as const;
const SEARCH_SNIPPET = 240;

/**
 * The public portal under `/public`: published pages, subtrees and processes for citizens,
 * without an account or JavaScript. Every request asks `publicSet` first, so only what is
 * published, live and `oeffentlich` right now appears; everything else answers the same 404.
 * No page names a person: no authors, editors, contacts or comments.
 */
export const portalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const config = { public: true } as const;

  async function html(request: FastifyRequest, reply: FastifyReply, frame: Omit<Frame, 'settings'>, status = 200) {
    const settings = await readSettings(app.db);
    reply.header('content-security-policy', PORTAL_CSP);
    return sendPublic(request, reply, portalHtml({ ...frame, settings }), 'text/html; charset=utf-8', status);
  }

  function notFoundPage(request: FastifyRequest, reply: FastifyReply) {
    return html(
      request,
      reply,
      {
        title: 'Nicht gefunden',
        canonical: null,
        main: `<h1>Nicht gefunden</h1><p>Diese Seite gibt es nicht oder sie ist nicht (mehr) veröffentlicht.</p><p><a href="${PORTAL}">Zur Startseite</a></p>`,
      },
      404,
    );
  }

  app.get('/public', { config, schema: hidden }, async (request, reply) => {
    const set = await publicSet(app.db);
    const settings = await readSettings(app.db);
    const processes = await publicProcessList(app.db, set);
    // The start page lists processes and the pages whose parent is not public (tops of what is published).
    const pages = (await publicPageList(app.db, set)).filter((p) => !p.parentId || !set.pages.has(p.parentId));
    const processList = processes.length
      ? `<ul>${processes.map((p) => `<li><a href="${publicProcessPath(p.id)}">${escapeHtml(p.name)}</a></li>`).join('')}</ul>`
      : '<p>Zurzeit sind keine Abläufe veröffentlicht.</p>';
    const pageList = pages.length
      ? `<ul>${pages.map((p) => `<li><a href="${publicPagePath(p.id)}">${escapeHtml(p.title)}</a></li>`).join('')}</ul>`
      : '<p>Zurzeit sind keine Informationsseiten veröffentlicht.</p>';
    return html(request, reply, {
      title: 'Start',
      canonical: `${originOf(request)}${PORTAL}`,
      main: `<h1>${escapeHtml(siteName(settings))}: Informationen und Abläufe</h1>
<section aria-labelledby="ablaeufe"><h2 id="ablaeufe">Abläufe</h2>${processList}</section>
<section aria-labelledby="seiten"><h2 id="seiten">Informationen</h2>${pageList}</section>`,
    });
  });

  app.get('/public/pages/:id', { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) return notFoundPage(request, reply);
    const set = await publicSet(app.db);
    const page = await publicPage(app.db, set, id);
    if (!page) return notFoundPage(request, reply);
    const body = page.doc ? docToHtml(publicDoc(page.doc, { set, titles: await titlesOf(set), origin: '' })) : '';
    const ancestors = await publicAncestors(app.db, set, id);
    const children = await publicChildren(app.db, set, id);
    const steps = await publicStepsOfPage(app.db, set, id);
    const sub = children.length
      ? `<section aria-labelledby="unterseiten"><h2 id="unterseiten">Unterseiten</h2><ul>${children.map((c) => `<li><a href="${publicPagePath(c.id)}">${escapeHtml(c.title)}</a></li>`).join('')}</ul></section>`
      : '';
    const used = steps.length
      ? `<section aria-labelledby="ablaeufe"><h2 id="ablaeufe">Gehört zu diesen Abläufen</h2><ul>${steps
          .map((s) => `<li><a href="${publicProcessPath(s.processId)}#${stepAnchor(s.elementId)}">${escapeHtml(s.processName)}: ${escapeHtml(s.stepName ?? s.elementId)}</a></li>`)
          .join('')}</ul></section>`
      : '';
    const downloads = `<section aria-labelledby="downloads"><h2 id="downloads">Herunterladen</h2><ul><li><a href="${publicPagePath(id)}/page.md">Als Markdown</a></li><li><a href="${publicPagePath(id)}/page.html">Als HTML-Datei</a></li></ul></section>`;
    return html(request, reply, {
      title: page.title,
      canonical: originOf(request) + publicPagePath(id),
      crumbs: [...ancestors.map((a) => ({ label: a.title, href: publicPagePath(a.id) })), { label: page.title }],
      main: `<article><h1>${escapeHtml(page.title)}</h1>${changedOn(page.changedAt)}<div class="content">${body}</div></article>${sub}${used}${downloads}`,
    });
  });

  for (const format of ['markdown', 'html'] as const) {
    app.get(`/public/pages/:id/page.${format === 'markdown' ? 'md' : 'html'}`, { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) return notFoundPage(request, reply);
      const set = await publicSet(app.db);
      const page = await publicPage(app.db, set, id);
      if (!page) return notFoundPage(request, reply);
      const doc = publicDoc(page.doc ?? { type: 'doc', content: [] }, { set, titles: await titlesOf(set), origin: originOf(request) });
      if (format === 'markdown') {
        return sendDownload(reply, { name: page.title, extension: 'md', contentType: 'text/markdown; charset=utf-8', body: `# ${page.title}\n\n${docToMarkdown(doc)}` });
      }
      const body = `<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(page.title)}</title>\n<link rel="canonical" href="${escapeHtml(originOf(request) + publicPagePath(id))}">\n</head>\n<body>\n<h1>${escapeHtml(page.title)}</h1>\n${docToHtml(doc)}\n</body>\n</html>\n`;
      return sendDownload(reply, { name: page.title, extension: 'html', contentType: 'text/html; charset=utf-8', body });
    });
  }

  app.get('/public/processes/:id', { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) return notFoundPage(request, reply);
    const set = await publicSet(app.db);
    const process = await publicProcess(app.db, set, id);
    if (!process) return notFoundPage(request, reply);
    const svg = await publicDiagram(app.db, id);
    const named = process.steps.filter((s) => s.name || s.pages.length > 0);
    const diagram = svg
      ? `<figure class="diagram" tabindex="0"><img src="${publicProcessPath(id)}/diagram.svg" alt="Ablaufdiagramm „${escapeHtml(process.name)}“; die Schritte stehen als Liste darunter."><figcaption>Ablaufdiagramm (BPMN 2.0)</figcaption></figure>`
      : '';
    const steps = named.length
      ? `<ol class="steps">${named
          .map((s) => {
            const role = s.role ? `<p class="meta">Zuständig: ${escapeHtml(s.role)}</p>` : '';
            const doc = s.documentation ? `<p>${escapeHtml(s.documentation)}</p>` : '';
            const pages = s.pages.length ? `<ul>${s.pages.map((p) => `<li><a href="${publicPagePath(p.id)}">${escapeHtml(p.title)}</a></li>`).join('')}</ul>` : '';
            return `<li id="${stepAnchor(s.elementId)}"><h3>${escapeHtml(s.name ?? s.elementId)}</h3>${role}${doc}${pages}</li>`;
          })
          .join('')}</ol>`
      : '<p>Dieser Ablauf hat keine benannten Schritte.</p>';
    return html(request, reply, {
      title: process.name,
      canonical: originOf(request) + publicProcessPath(id),
      crumbs: [{ label: process.name }],
      main: `<h1>${escapeHtml(process.name)}</h1>${changedOn(process.changedAt)}${diagram}
<section aria-labelledby="schritte"><h2 id="schritte">Schritte</h2>${steps}</section>
<section aria-labelledby="downloads"><h2 id="downloads">Herunterladen</h2><ul><li><a href="${publicProcessPath(id)}/process.bpmn">Als BPMN 2.0 (XML)</a></li></ul></section>`,
    });
  });

  app.get('/public/processes/:id/diagram.svg', { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) return notFoundPage(request, reply);
    const set = await publicSet(app.db);
    const svg = set.processes.has(id) ? await publicDiagram(app.db, id) : null;
    if (!svg) return notFoundPage(request, reply);
    // Shown through <img>, where nothing in it runs; opened directly, the sandbox keeps it inert.
    reply.header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'");
    return sendPublic(request, reply, svg, 'image/svg+xml; charset=utf-8');
  });

  app.get('/public/processes/:id/process.bpmn', { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) return notFoundPage(request, reply);
    const set = await publicSet(app.db);
    const process = await publicProcess(app.db, set, id);
    const found = process ? await versionXml(app.db, id) : null;
    if (!process || !found) return notFoundPage(request, reply);
    // The step → page links are written anew: public pages only, at their public addresses.
    const links = new Map<string, StepLink[]>();
    for (const step of process.steps) {
      if (step.pages.length) links.set(step.elementId, step.pages.map((p) => ({ pageId: p.id, title: p.title, href: originOf(request) + publicPagePath(p.id) })));
    }
    return sendDownload(reply, { name: bpmnFileStem(found), extension: 'bpmn', contentType: 'application/xml; charset=utf-8', body: writeStepLinks(found.xml, links) });
  });

  app.get('/public/search', { config, schema: { ...hidden, querystring: SearchQuery } }, async (request, reply) => {
    const query = (request.query.q ?? '').replace(/[\u0000-\u001f]/g, ' ').trim();
    const set = await publicSet(app.db);
    let main = '<h1>Suche</h1><p>Geben Sie oben einen Suchbegriff ein.</p>';
    if (query) {
      const found = await searchPublic(app.db, set, query);
      const total = found.pages.length + found.processes.length;
      const items = [
        ...found.processes.map((p) => `<li><a href="${publicProcessPath(p.id)}">${escapeHtml(p.name)}</a> <span class="meta">(Ablauf)</span></li>`),
        ...found.pages.map((p) => `<li><a href="${publicPagePath(p.id)}">${escapeHtml(p.title)}</a><p>${escapeHtml(snippet(p.text, query))}</p></li>`),
      ];
      main = `<h1>Suche nach „${escapeHtml(query)}“</h1><p role="status">${total === 0 ? 'Keine Treffer.' : total === 1 ? '1 Treffer.' : `${total} Treffer.`}</p>${items.length ? `<ul>${items.join('')}</ul>` : ''}`;
    }
    return html(request, reply, { title: query ? `Suche: ${query}` : 'Suche', canonical: null, query, crumbs: [{ label: 'Suche' }], main });
  });

  app.get('/public/sitemap.xml', { config, schema: hidden }, async (request, reply) => {
    const set = await publicSet(app.db);
    const origin = originOf(request);
    const entries = [
      { loc: `${origin}${PORTAL}`, lastmod: null as Date | null },
      ...(await publicProcessList(app.db, set)).map((p) => ({ loc: origin + publicProcessPath(p.id), lastmod: p.changedAt })),
      ...(await publicPageList(app.db, set)).map((p) => ({ loc: origin + publicPagePath(p.id), lastmod: p.changedAt })),
    ];
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries
      .map((e) => `<url><loc>${escapeHtml(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod.toISOString()}</lastmod>` : ''}</url>`)
      .join('\n')}\n</urlset>\n`;
    return sendPublic(request, reply, xml, 'application/xml; charset=utf-8');
  });

  app.get('/public/catalog.jsonld', { config, schema: hidden }, async (request, reply) => {
    const set = await publicSet(app.db);
    const body = JSON.stringify(await catalog(app.db, set, await readSettings(app.db), originOf(request)), null, 2);
    // Open-data portals harvest the catalogue from their own origin.
    reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
    return sendPublic(request, reply, body, 'application/ld+json; charset=utf-8');
  });

  // Any other address under /public is the portal's own "not found", not the wiki's web app.
  app.get('/public/*', { config, schema: hidden }, async (request, reply) => notFoundPage(request, reply));

  async function titlesOf(set: PublicSet): Promise<Map<string, string>> {
    return new Map((await publicPageList(app.db, set)).map((p) => [p.id, p.title]));
  }
};

/** A piece of the text around the first word of the query (the search shows where it matched). */
function snippet(text: string, query: string): string {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), Infinity) - 60);
  const start = Number.isFinite(at) ? at : 0;
  const piece = text.slice(start, start + SEARCH_SNIPPET).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '… ' : ''}${piece}${start + SEARCH_SNIPPET < text.length ? ' …' : ''}`;
}
