/**
 * Print exports of a 50-page subtree (GET /api/v1/pages/:id/export?format=pdf|docx|odt&subtree=true)
 * against the Markdown export of the same 50 pages one by one, in the same run: median wall time
 * per format and its ratio to Markdown. The first PDF (Chromium starting) is shown apart. The
 * server runs in this process on an in-memory PGlite; requests go through app.inject, so the
 * gates, body reads and writers are all counted, the network is not.
 *
 *   node --import tsx bench/exports/run.ts            # --pages 50 --rounds 3
 */
import { performance } from 'node:perf_hooks';
import { startInProcessApp } from '../app-support/in-process.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const pages = Number(args.get('--pages') || 50);
const rounds = Number(args.get('--rounds') || 3);

/** A page as a town writes one: headings, a paragraph or two, lists, a task list, a table, a quote, code. */
function pageMarkdown(n: number): string {
  const rows = Array.from({ length: 12 }, (_, i) => `| ${i + 1} | Unterlage ${i + 1} für Vorgang ${n} | ${i % 2 ? 'Sachbearbeitung' : 'Amtsleitung'} | ${7 * (i + 1)} Tage |`).join('\n');
  return [
    `## Zweck`,
    '',
    `Diese Arbeitsanweisung ${n} beschreibt, wie Anträge auf Sondernutzung „öffentlicher Verkehrsflächen“ geprüft werden. Rechtsgrundlage ist das Straßen- und Wegegesetz des Landes in der jeweils geltenden Fassung; die Gebührenordnung gilt entsprechend.`,
    '',
    '## Schritte',
    '',
    '1. Antrag auf Vollständigkeit prüfen',
    '2. Stellungnahmen der Fachämter einholen',
    '3. Bescheid mit Nebenbestimmungen schreiben',
    '',
    '- [x] Lageplan liegt vor',
    '- [ ] Haftpflichtnachweis angefordert',
    '',
    '| Nr | Unterlage | Zuständig | Frist |',
    '| --- | --- | --- | --- |',
    rows,
    '',
    '> Hinweis: Bei Veranstaltungen über 1.000 Personen ist die Polizei zu beteiligen.',
    '',
    '```',
    `Aktenzeichen 32-${100 + n}/2026`,
    '```',
    '',
    'Weitere Informationen im [Ratsinformationssystem](https://example.org/ris).',
    '',
  ].join('\n');
}

const bench = await startInProcessApp('exports');
const { app, headers } = bench;

try {
  const space = { id: await bench.newSpace('Ordnungsamt') };

  const ids: string[] = [];
  for (let n = 0; n < pages; n++) {
    // A root, ten sections below it, the rest spread below the sections.
    const parentId = n === 0 ? null : n <= 10 ? ids[0]! : ids[1 + ((n - 11) % 10)]!;
    const res = await app.inject({ method: 'POST', url: '/api/v1/pages/import', headers, payload: { spaceId: space.id, parentId, title: `Arbeitsanweisung ${n + 1}`, markdown: pageMarkdown(n + 1) } });
    if (res.statusCode !== 201) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
    ids.push(res.json().id as string);
  }

  const get = async (url: string): Promise<number> => {
    const start = performance.now();
    const res = await app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return performance.now() - start;
  };
  const markdown = async () => {
    const start = performance.now();
    for (const id of ids) await get(`/api/v1/pages/${id}/export?format=markdown`);
    return performance.now() - start;
  };
  const subtree = (format: string) => get(`/api/v1/pages/${ids[0]}/export?format=${format}&subtree=true`);

  await markdown(); // warms the page documents up for every format alike
  const coldPdf = await subtree('pdf');
  const times: Record<string, number[]> = { markdown: [], pdf: [], docx: [], odt: [] };
  for (let r = 0; r < rounds; r++) {
    times.markdown!.push(await markdown());
    for (const format of ['pdf', 'docx', 'odt']) times[format]!.push(await subtree(format));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const base = median(times.markdown!);
  const sizes = Object.fromEntries(
    await Promise.all(['pdf', 'docx', 'odt'].map(async (f) => [f, (await app.inject({ method: 'GET', url: `/api/v1/pages/${ids[0]}/export?format=${f}&subtree=true`, headers })).rawPayload.length] as const)),
  );
  console.log(`${pages}-page subtree, ${rounds} rounds, medians; baseline: Markdown export of the ${pages} pages one by one ${base.toFixed(0)} ms`);
  console.log(`  first PDF incl. Chromium start ${coldPdf.toFixed(0)} ms (${(coldPdf / base).toFixed(1)}×)`);
  for (const format of ['pdf', 'docx', 'odt']) {
    const m = median(times[format]!);
    console.log(`  ${format.padEnd(4)} ${m.toFixed(0).padStart(6)} ms  ${(m / base).toFixed(2)}× Markdown  ${(sizes[format]! / 1024).toFixed(0)} KB`);
  }
} finally {
  await bench.close();
}
