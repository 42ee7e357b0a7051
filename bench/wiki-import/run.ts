/**
 * Wiki import (issue 27): a generated Markdown export of N pages in folders with links between
 * them and images, imported into a space by the migration service (the code behind
 * `POST /spaces/:id/import` and `pnpm stafette import`), against the raw Markdown import of the
 * same pages one by one (`POST /pages/import`, no tree, links or files), in the same process on
 * an in-memory PGlite. Prints pages/s of both, their ratio, and the time of a second run of
 * the same export (which finds everything unchanged).
 *
 *   node --import tsx bench/wiki-import/run.ts            # --pages 200
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFolder } from '../../server/src/imports/archive.ts';
import { runMigration } from '../../server/src/imports/import-service.ts';
import { readMarkdownExport } from '../../server/src/imports/markdown-source.ts';
import { startInProcessApp } from '../app-support/in-process.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const pages = Number(args.get('--pages') || 200);
const FOLDERS = 10;

// A 1×1 PNG: every tenth page shows one.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function pageMarkdown(n: number): string {
  const next = ((n + 1) % pages) + 1;
  return [
    `# Arbeitsanweisung ${n}`,
    '',
    `Wie Anträge auf Sondernutzung geprüft werden (Nr. ${n}). Siehe auch [Anweisung ${next}](../Bereich ${next % FOLDERS}/Anweisung ${next}.md).`,
    '',
    '## Schritte',
    '',
    '1. Antrag auf Vollständigkeit prüfen',
    '2. Stellungnahmen einholen',
    '3. Bescheid schreiben',
    '',
    '| Nr | Unterlage | Frist |',
    '| --- | --- | --- |',
    ...Array.from({ length: 8 }, (_, i) => `| ${i + 1} | Unterlage ${i + 1} | ${7 * (i + 1)} Tage |`),
    '',
    n % 10 === 0 ? `![Lageplan](../bilder/plan-${n}.png)` : '> Hinweis: Fristen beachten.',
    '',
  ].join('\n');
}

const source = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-bench-wiki-'));
fs.mkdirSync(path.join(source, 'bilder'));
for (let n = 1; n <= pages; n++) {
  const folder = path.join(source, `Bereich ${n % FOLDERS}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `Anweisung ${n}.md`), pageMarkdown(n));
  if (n % 10 === 0) fs.writeFileSync(path.join(source, 'bilder', `plan-${n}.png`), PNG);
}

const bench = await startInProcessApp('wiki-import');
const { app, headers, newSpace } = bench;

try {
  const actor = { actorId: bench.user.id, ip: null };

  // Warm-up: the conversion workers start.
  await app.inject({ method: 'POST', url: '/api/v1/pages/import', headers, payload: { spaceId: await newSpace('Warm'), title: 'Warm', markdown: pageMarkdown(1) } });

  const rawSpace = await newSpace('Roh');
  let started = performance.now();
  for (let n = 1; n <= pages; n++) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/pages/import', headers, payload: { spaceId: rawSpace, title: `Anweisung ${n}`, markdown: pageMarkdown(n) } });
    if (res.statusCode !== 201) throw new Error(`raw import failed: ${res.statusCode} ${res.body}`);
  }
  const rawMs = performance.now() - started;

  const wikiSpace = await newSpace('Wiki');
  started = performance.now();
  const first = await runMigration(app, { spaceId: wikiSpace, parentId: null, format: 'markdown', source: readMarkdownExport(readFolder(source)) }, actor);
  const wikiMs = performance.now() - started;
  started = performance.now();
  const second = await runMigration(app, { spaceId: wikiSpace, parentId: null, format: 'markdown', source: readMarkdownExport(readFolder(source)) }, actor);
  const againMs = performance.now() - started;

  const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(1);
  console.log(`pages: ${pages} Markdown files in ${FOLDERS} folders (+${FOLDERS} folder pages), ${pages / 10} images`);
  console.log(`raw POST /pages/import, one by one: ${rawMs.toFixed(0)} ms, ${rate(pages, rawMs)} pages/s`);
  console.log(`wiki import (tree, links, files):   ${wikiMs.toFixed(0)} ms, ${rate(first.created, wikiMs)} pages/s (created ${first.created}, files ${first.files})`);
  console.log(`ratio wiki / raw per page:           ${(wikiMs / first.created / (rawMs / pages)).toFixed(2)}`);
  console.log(`second run (unchanged ${second.unchanged}): ${againMs.toFixed(0)} ms, ${(againMs / wikiMs).toFixed(2)} of the first`);
} finally {
  await bench.close();
  fs.rmSync(source, { recursive: true, force: true });
}
