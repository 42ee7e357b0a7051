import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { docToHtml, docToMarkdown, escapeHtml } from '@stafette/schema';
import { writeStepLinks, type StepLink } from '@stafette/bpmn';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendDownload, sendStoredFile } from '../http/download.ts';
import { isUuid } from '../policy/uuid.ts';
import { versionXml } from '../processes/process-queries.ts';
import { bpmnFileStem } from '../processes/process-name.ts';
import { publicSet, type PublicSet } from './public-set.ts';
import { publicDoc } from './public-doc.ts';
import { isPublicImage, publicFiles } from './public-files.ts';
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
import { idsWithShortId, LEGACY_PAGES, LEGACY_PROCESSES, originOf, PAGES, PORTAL, PROCESSES, publicPagePath, publicProcessPath, shortIdOf, stepAnchor } from './public-urls.ts';
import { readSettings } from './publishing-service.ts';
import { catalog } from './catalog.ts';

const IdParam = Type.Object({ id: Type.String({ maxLength: 100 }) });
const RefParam = Type.Object({ ref: Type.String({ maxLength: 300 }) });
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
      ? `<ul>${processes.map((p) => `<li><a href="${publicProcessPath(p.id, p.name)}">${escapeHtml(p.name)}</a></li>`).join('')}</ul>`
      : '<p>Zurzeit sind keine Abläufe veröffentlicht.</p>';
    const pageList = pages.length
      ? `<ul>${pages.map((p) => `<li><a href="${publicPagePath(p.id, p.title)}">${escapeHtml(p.title)}</a></li>`).join('')}</ul>`
      : '<p>Zurzeit sind keine Informationsseiten veröffentlicht.</p>';
    return html(request, reply, {
      title: 'Start',
      canonical: `${originOf(request)}${PORTAL}`,
      main: `<h1>${escapeHtml(siteName(settings))}: Informationen und Abläufe</h1>
<section aria-labelledby="ablaeufe"><h2 id="ablaeufe">Abläufe</h2>${processList}</section>
<section aria-labelledby="seiten"><h2 id="seiten">Informationen</h2>${pageList}</section>`,
    });
  });

  /**
   * The public page a readable address names (`<slug>-<short id>`), with its canonical path; null
   * when none. The slug may be outdated (the title changed): the short id decides, and the
   * caller redirects to the canonical path.
   */
  async function findPage(set: PublicSet, ref: string) {
    const short = shortIdOf(ref);
    if (!short) return null;
    const found = [];
    for (const id of idsWithShortId(set.pages, short)) {
      const page = await publicPage(app.db, set, id);
      if (page) found.push({ page, path: publicPagePath(id, page.title) });
    }
    return found.find((f) => f.path === `${PAGES}/${ref}`) ?? (found.length === 1 ? found[0]! : null);
  }

  async function findProcess(set: PublicSet, ref: string) {
    const short = shortIdOf(ref);
    if (!short) return null;
    const found = [];
    for (const id of idsWithShortId(set.processes, short)) {
      const process = await publicProcess(app.db, set, id);
      if (process) found.push({ process, path: publicProcessPath(id, process.name) });
    }
    return found.find((f) => f.path === `${PROCESSES}/${ref}`) ?? (found.length === 1 ? found[0]! : null);
  }

  /** A permanent move to the canonical address (old UUID forms, outdated slugs); revalidated like the pages. */
  function moved(reply: FastifyReply, path: string) {
    return reply.code(301).header('cache-control', 'public, no-cache').header('location', path).send();
  }

  const PAGE_SUFFIXES = ['', '/page.md', '/page.html'] as const;
  const PROCESS_SUFFIXES = ['', '/diagram.svg', '/process.bpmn'] as const;
  for (const suffix of PAGE_SUFFIXES) {
    app.get(`${LEGACY_PAGES}/:id${suffix}`, { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) return notFoundPage(request, reply);
      const set = await publicSet(app.db);
      const page = await publicPage(app.db, set, id);
      return page ? moved(reply, publicPagePath(id, page.title) + suffix) : notFoundPage(request, reply);
    });
  }
  for (const suffix of PROCESS_SUFFIXES) {
    app.get(`${LEGACY_PROCESSES}/:id${suffix}`, { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
      const { id } = request.params;
      if (!isUuid(id)) return notFoundPage(request, reply);
      const set = await publicSet(app.db);
      const process = set.processes.has(id) ? await publicProcess(app.db, set, id) : null;
      return process ? moved(reply, publicProcessPath(id, process.name) + suffix) : notFoundPage(request, reply);
    });
  }

  app.get(`${PAGES}/:ref`, { config, schema: { ...hidden, params: RefParam } }, async (request, reply) => {
    const set = await publicSet(app.db);
    const found = await findPage(set, request.params.ref);
    if (!found) return notFoundPage(request, reply);
    if (found.path !== `${PAGES}/${request.params.ref}`) return moved(reply, found.path);
    const { page } = found;
    const id = page.id;
    const ctx = { set, titles: await titlesOf(set), processNames: await processNamesOf(set), origin: '' };
    const body = page.doc ? docToHtml(publicDoc(page.doc, { ...ctx, files: await publicFiles(app.db, set, page.doc) })) : '';
    const ancestors = await publicAncestors(app.db, set, id);
    const children = await publicChildren(app.db, set, id);
    const steps = await publicStepsOfPage(app.db, set, id);
    const sub = children.length
      ? `<section aria-labelledby="unterseiten"><h2 id="unterseiten">Unterseiten</h2><ul>${children.map((c) => `<li><a href="${publicPagePath(c.id, c.title)}">${escapeHtml(c.title)}</a></li>`).join('')}</ul></section>`
      : '';
    const used = steps.length
      ? `<section aria-labelledby="ablaeufe"><h2 id="ablaeufe">Gehört zu diesen Abläufen</h2><ul>${steps
          .map((s) => `<li><a href="${publicProcessPath(s.processId, s.processName)}#${stepAnchor(s.elementId)}">${escapeHtml(s.processName)}: ${escapeHtml(s.stepName ?? s.elementId)}</a></li>`)
          .join('')}</ul></section>`
      : '';
    const downloads = `<section aria-labelledby="downloads"><h2 id="downloads">Herunterladen</h2><ul><li><a href="${found.path}/page.md">Als Markdown</a></li><li><a href="${found.path}/page.html">Als HTML-Datei</a></li></ul></section>`;
    return html(request, reply, {
      title: page.title,
      canonical: originOf(request) + found.path,
      crumbs: [...ancestors.map((a) => ({ label: a.title, href: publicPagePath(a.id, a.title) })), { label: page.title }],
      main: `<article><h1>${escapeHtml(page.title)}</h1>${changedOn(page.changedAt)}<div class="content">${body}</div></article>${sub}${used}${downloads}`,
    });
  });

  for (const format of ['markdown', 'html'] as const) {
    const suffix = `/page.${format === 'markdown' ? 'md' : 'html'}`;
    app.get(`${PAGES}/:ref${suffix}`, { config, schema: { ...hidden, params: RefParam } }, async (request, reply) => {
      const set = await publicSet(app.db);
      const found = await findPage(set, request.params.ref);
      if (!found) return notFoundPage(request, reply);
      if (found.path !== `${PAGES}/${request.params.ref}`) return moved(reply, found.path + suffix);
      const { page } = found;
      const source = page.doc ?? { type: 'doc', content: [] };
      const doc = publicDoc(source, { set, titles: await titlesOf(set), processNames: await processNamesOf(set), origin: originOf(request), files: await publicFiles(app.db, set, source) });
      if (format === 'markdown') {
        return sendDownload(reply, { name: page.title, extension: 'md', contentType: 'text/markdown; charset=utf-8', body: `# ${page.title}\n\n${docToMarkdown(doc)}` });
      }
      const body = `<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(page.title)}</title>\n<link rel="canonical" href="${escapeHtml(originOf(request) + found.path)}">\n</head>\n<body>\n<h1>${escapeHtml(page.title)}</h1>\n${docToHtml(doc)}\n</body>\n</html>\n`;
      return sendDownload(reply, { name: page.title, extension: 'html', contentType: 'text/html; charset=utf-8', body });
    });
  }

  /** The process a readable address names, or the answer already sent (404, or 301 to the canonical address). */
  async function processAt(request: FastifyRequest<{ Params: { ref: string } }>, reply: FastifyReply, suffix: string) {
    const set = await publicSet(app.db);
    const found = await findProcess(set, request.params.ref);
    if (!found) return { sent: await notFoundPage(request, reply) };
    if (found.path !== `${PROCESSES}/${request.params.ref}`) return { sent: moved(reply, found.path + suffix) };
    return { ...found, set };
  }

  app.get(`${PROCESSES}/:ref`, { config, schema: { ...hidden, params: RefParam } }, async (request, reply) => {
    const at = await processAt(request, reply, '');
    if ('sent' in at) return at.sent;
    const { process, path } = at;
    const id = process.id;
    const svg = await publicDiagram(app.db, id);
    const named = process.steps.filter((s) => s.name || s.pages.length > 0);
    const diagram = svg
      ? `<figure class="diagram" tabindex="0"><img src="${path}/diagram.svg" alt="Ablaufdiagramm „${escapeHtml(process.name)}“; die Schritte stehen als Liste darunter."><figcaption>Ablaufdiagramm (BPMN 2.0)</figcaption></figure>`
      : '';
    const steps = named.length
      ? `<ol class="steps">${named
          .map((s) => {
            const role = s.role ? `<p class="meta">Zuständig: ${escapeHtml(s.role)}</p>` : '';
            const doc = s.documentation ? `<p>${escapeHtml(s.documentation)}</p>` : '';
            const pages = s.pages.length ? `<ul>${s.pages.map((p) => `<li><a href="${publicPagePath(p.id, p.title)}">${escapeHtml(p.title)}</a></li>`).join('')}</ul>` : '';
            return `<li id="${stepAnchor(s.elementId)}"><h3>${escapeHtml(s.name ?? s.elementId)}</h3>${role}${doc}${pages}</li>`;
          })
          .join('')}</ol>`
      : '<p>Dieser Ablauf hat keine benannten Schritte.</p>';
    return html(request, reply, {
      title: process.name,
      canonical: originOf(request) + path,
      crumbs: [{ label: process.name }],
      main: `<h1>${escapeHtml(process.name)}</h1>${changedOn(process.changedAt)}${diagram}
<section aria-labelledby="schritte"><h2 id="schritte">Schritte</h2>${steps}</section>
<section aria-labelledby="downloads"><h2 id="downloads">Herunterladen</h2><ul><li><a href="${path}/process.bpmn">Als BPMN 2.0 (XML)</a></li></ul></section>`,
    });
  });

  app.get(`${PROCESSES}/:ref/diagram.svg`, { config, schema: { ...hidden, params: RefParam } }, async (request, reply) => {
    const at = await processAt(request, reply, '/diagram.svg');
    if ('sent' in at) return at.sent;
    const svg = await publicDiagram(app.db, at.process.id);
    if (!svg) return notFoundPage(request, reply);
    // Shown through <img>, where nothing in it runs; opened directly, the sandbox keeps it inert.
    reply.header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'");
    return sendPublic(request, reply, svg, 'image/svg+xml; charset=utf-8');
  });

  app.get(`${PROCESSES}/:ref/process.bpmn`, { config, schema: { ...hidden, params: RefParam } }, async (request, reply) => {
    const at = await processAt(request, reply, '/process.bpmn');
    if ('sent' in at) return at.sent;
    const { process } = at;
    const found = await versionXml(app.db, process.id);
    if (!found) return notFoundPage(request, reply);
    // The step → page links are written anew: public pages only, at their public addresses.
    const links = new Map<string, StepLink[]>();
    for (const step of process.steps) {
      if (step.pages.length) links.set(step.elementId, step.pages.map((p) => ({ pageId: p.id, title: p.title, href: originOf(request) + publicPagePath(p.id, p.title) })));
    }
    return sendDownload(reply, { name: bpmnFileStem(found), extension: 'bpmn', contentType: 'application/xml; charset=utf-8', body: writeStepLinks(found.xml, links) });
  });

  // A file attached to a public page: raster images inline (shown in the page), anything else
  // only as a download; always sandboxed and nosniff. Deleted files and files of pages that are
  // not public answer the portal's 404.
  app.get('/public/dateien/:id', { config, schema: { ...hidden, params: IdParam } }, async (request, reply) => {
    const { id } = request.params;
    if (!isUuid(id)) return notFoundPage(request, reply);
    const set = await publicSet(app.db);
    const file = (await publicFiles(app.db, set, [id])).get(id.toLowerCase());
    if (!file) return notFoundPage(request, reply);
    return sendStoredFile(request, reply, {
      fileName: file.name,
      contentType: file.type.startsWith('text/') ? `${file.type}; charset=utf-8` : file.type,
      size: file.size,
      etag: `"${file.sha256}"`,
      inline: isPublicImage(file.type),
      cache: 'public',
      open: (range) => app.files.store.open(file.sha256, range),
    });
  });

  app.get('/public/search', { config, schema: { ...hidden, querystring: SearchQuery } }, async (request, reply) => {
    const query = (request.query.q ?? '').replace(/[\u0000-\u001f]/g, ' ').trim();
    const set = await publicSet(app.db);
    let main = '<h1>Suche</h1><p>Geben Sie oben einen Suchbegriff ein.</p>';
    if (query) {
      const found = await searchPublic(app.db, set, query);
      const total = found.pages.length + found.processes.length;
      const items = [
        ...found.processes.map((p) => `<li><a href="${publicProcessPath(p.id, p.name)}">${escapeHtml(p.name)}</a> <span class="meta">(Ablauf)</span></li>`),
        ...found.pages.map((p) => `<li><a href="${publicPagePath(p.id, p.title)}">${escapeHtml(p.title)}</a><p>${escapeHtml(snippet(p.text, query))}</p></li>`),
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
      ...(await publicProcessList(app.db, set)).map((p) => ({ loc: origin + publicProcessPath(p.id, p.name), lastmod: p.changedAt })),
      ...(await publicPageList(app.db, set)).map((p) => ({ loc: origin + publicPagePath(p.id, p.title), lastmod: p.changedAt })),
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

  async function processNamesOf(set: PublicSet): Promise<Map<string, string>> {
    return new Map((await publicProcessList(app.db, set)).map((p) => [p.id, p.name]));
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
