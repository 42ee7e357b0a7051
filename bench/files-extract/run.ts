/**
 * Text extraction time per MB for each format (server/src/files/text), against reading the
 * same bytes from disk (the floor any extraction pays). Documents are generated from the
 * German corpus (tests/fixtures/corpus-de) with the builders the tests use: PDF (pdf-lib),
 * DOCX (docx), ODT, XLSX and plain text, each about --mb MB. Each format runs in-process
 * (extractText, what the worker runs) and once more through the bounded worker pool the indexer
 * uses (AttachmentTexts' pool: structured clone of the bytes, worker start-up excluded).
 *
 *   node --import tsx bench/files-extract/run.ts            # --mb 2 --reps 3
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BoundedPool } from '../../server/src/workers/bounded-pool.ts';
import { extractText, type ExtractJob, type ExtractResult } from '../../server/src/files/text/extract.ts';
import type { TextKind } from '../../server/src/files/text/kinds.ts';
import { docxFile, odtFile, pdfFile, RICH, xlsxFile } from '../../tests/support/office-files.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const targetMb = Number(args.get('--mb') || 2);
const reps = Number(args.get('--reps') || 3);

const corpus = fs
  .readFileSync(fileURLToPath(new URL('../../tests/fixtures/corpus-de/docs.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean)
  .flatMap((l) => (JSON.parse(l) as { body: string }).body.split(/\n\s*\n/))
  .map((p) => p.replace(/[#*_`>|[\]()]/g, ' ').replace(/\s+/g, ' ').trim())
  .filter((p) => p.length > 40);

/** Paragraphs of the corpus, cycled, until their text is `chars` long. */
function paragraphs(chars: number): string[] {
  const out: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const p = corpus[i % corpus.length]!;
    out.push(p);
    n += p.length;
  }
  return out;
}

/** Grows the text until the built file is about the target size (files compress differently). */
async function build(make: (paras: string[]) => Promise<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  const target = targetMb * 1024 * 1024;
  let chars = 200_000;
  let bytes = await make(paragraphs(chars));
  for (let i = 0; i < 6 && Math.abs(bytes.length - target) > target * 0.15; i++) {
    chars = Math.max(10_000, Math.round(chars * (target / bytes.length)));
    bytes = await make(paragraphs(chars));
  }
  return bytes;
}

const formats: [label: string, kind: TextKind, make: (paras: string[]) => Promise<Uint8Array> | Uint8Array][] = [
  ['PDF', 'pdf', (p) => pdfFile(p)],
  ['DOCX', 'docx', (p) => docxFile({ ...RICH, image: undefined, paragraphs: p })],
  ['ODT', 'odf', (p) => odtFile({ ...RICH, image: undefined, paragraphs: p })],
  ['XLSX', 'xlsx', (p) => xlsxFile('Tabelle', p.map((s, i) => [s, i]))],
  ['Text', 'text', (p) => new TextEncoder().encode(p.join('\n\n'))],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-bench-extract-'));
const pool = new BoundedPool<ExtractJob, ExtractResult>(new URL('../../server/src/files/text/extract-worker.ts', import.meta.url), {
  name: 'bench extraction',
  size: 1,
  hardTimeoutMs: 300_000,
  maxWaitMs: 120_000,
  maxQueue: 2,
  maxHeapMb: 1024,
});

console.log(`Text extraction, ~${targetMb} MB per format, median of ${reps} (load average ${os.loadavg()[0]!.toFixed(2)})`);
console.log('| format | size | text | read from disk | extract (in-process) | per MB | ratio to read | extract (worker) | ratio to read |');
console.log('|---|---|---|---|---|---|---|---|---|');
try {
  // Start the worker once so its start-up (tsx, ~1 s) is not counted against the first format.
  await pool.run({ kind: 'text', bytes: new TextEncoder().encode('warm'), maxChars: 10 });
  for (const [label, kind, make] of formats) {
    const bytes = await build(make);
    const file = path.join(dir, `doc.${kind}`);
    fs.writeFileSync(file, bytes);
    const maxChars = 100_000_000;
    const read: number[] = [];
    const inProcess: number[] = [];
    const worker: number[] = [];
    let chars = 0;
    // One warm-up of each path (module loading, JIT), then measured rounds.
    await extractText({ kind, bytes: fs.readFileSync(file), maxChars });
    for (let r = 0; r < reps; r++) {
      let t = performance.now();
      const data = await fs.promises.readFile(file);
      read.push(performance.now() - t);
      t = performance.now();
      const result = await extractText({ kind, bytes: data, maxChars });
      inProcess.push(performance.now() - t);
      if (result.status !== 'ok') throw new Error(`${label}: ${result.status} ${result.reason}`);
      chars = result.text.length;
      t = performance.now();
      const outcome = await pool.run({ kind, bytes: data, maxChars });
      worker.push(performance.now() - t);
      if (!outcome.ok) throw new Error(`${label} in the worker: ${outcome.reason} ${outcome.detail}`);
    }
    const mb = bytes.length / (1024 * 1024);
    const r = median(read);
    const e = median(inProcess);
    const w = median(worker);
    console.log(
      `| ${label} | ${mb.toFixed(2)} MB | ${(chars / 1e6).toFixed(2)} M chars | ${r.toFixed(2)} ms | ${e.toFixed(0)} ms | ${(e / mb).toFixed(0)} ms/MB | ${(e / r).toFixed(0)}× | ${w.toFixed(0)} ms | ${(w / r).toFixed(0)}× |`,
    );
  }
} finally {
  await pool.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
