import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';
import { linearModel } from './processes.ts';

/** Process packages (server/src/packages) for tests: built from parts, or changed after the export. */

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A package of a process with the given steps and one Markdown page per step (checksums right). */
export function minimalPackage(options: { name?: string; processId?: string; version?: number; instance?: string } = {}): Buffer {
  const files: Record<string, Uint8Array> = {
    'process.bpmn': strToU8(linearModel({ name: options.name ?? 'Gewerbe anmelden', taskIds: ['Annehmen'] })),
    'pages/p1.md': strToU8('## Unterlagen\n\n- Personalausweis\n'),
  };
  const manifest = {
    format: 'stafette-process-package',
    formatVersion: 1,
    source: { instance: options.instance ?? 'https://stafette.musterstadt.example', name: 'Stadt Musterstadt' },
    exportedAt: '2026-12-01T10:00:00.000Z',
    maxLevel: 'intern',
    process: { id: options.processId ?? 'proc-1', name: options.name ?? 'Gewerbe anmelden', version: options.version ?? 1, category: null, file: 'process.bpmn', publicUrl: null },
    pages: [{ id: 'p1', title: 'Gewerbeanmeldung prüfen', classification: 'intern', markdown: 'pages/p1.md', state: null, publicUrl: null }],
    links: [{ elementId: 'Annehmen', pageId: 'p1' }],
    leftOut: [],
    checksums: Object.fromEntries(Object.entries(files).map(([p, b]) => [p, sha256(b)])),
  };
  return Buffer.from(zipSync({ 'manifest.json': strToU8(JSON.stringify(manifest)), ...files }));
}

/**
 * The package with files replaced or added; `fixChecksums` keeps the manifest matching (so only
 * the change itself is what an importer must notice).
 */
export function changePackage(zip: Uint8Array, change: (files: Record<string, Uint8Array>, manifest: Record<string, any>) => void, fixChecksums = true): Buffer {
  const files = unzipSync(zip);
  const manifest = JSON.parse(strFromU8(files['manifest.json']!));
  delete files['manifest.json'];
  change(files, manifest);
  if (fixChecksums) manifest.checksums = Object.fromEntries(Object.entries(files).map(([p, b]) => [p, sha256(b)]));
  const out: Zippable = { 'manifest.json': strToU8(JSON.stringify(manifest)), ...files };
  return Buffer.from(zipSync(out));
}
