import { createHash } from 'node:crypto';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import * as Y from 'yjs';
import { CLASSIFICATION_KEYS, type ClassificationKey, PAGE_TITLE_MAX_LENGTH } from '@stafette/api';
import { isBpmnImportError } from '@stafette/bpmn';
import { type PMNodeJSON, yDocToJSON } from '@stafette/schema';
import { pageKind } from '../collab/page-kind.ts';
import { checkUpdate } from '../collab/validate-update.ts';
import { Problem } from '../http/problem.ts';
import { type ArchiveLimits, archiveUnsafe, readZip } from '../imports/archive.ts';
import { bpmnProblem } from '../processes/bpmn-problem.ts';
import { type ParsedUpload, parseUpload } from '../processes/process-service.ts';
import { MAX_UPLOAD_BYTES } from '../processes/upload.ts';
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSIONS, type PackageManifest } from './package-format.ts';

/**
 * Reads a process package (`.stafette.zip`, package-format.ts) from another instance without
 * writing anything. Refused with 422 problem+json, before anything is stored:
 * - hostile archives (`archive-unsafe`, from `imports/archive.ts`: bombs by ratio and total size,
 *   paths leaving the archive, symbolic links, duplicate names, encrypted/ZIP64 entries);
 * - oversized files (`archive-unsafe`): the BPMN above the upload limit, a page file above
 *   `PAGE_FILE_MAX_BYTES`, the manifest above 1 MB, an attached file above this instance's
 *   upload limit (`STAFETTE_FILE_MAX_BYTES`);
 * - a manifest that does not describe the archive (`package-invalid`): unknown format or version,
 *   missing fields, a file without checksum or a checksum without file, a checksum that differs,
 *   links to pages the package does not carry, a Yjs state that is not a page body;
 * - BPMN the normal (lenient) importer refuses (`bpmn-*`).
 */

export const PAGE_FILE_MAX_BYTES = 8 * 1024 * 1024;
const MANIFEST_MAX_BYTES = 1024 * 1024;
export const PACKAGE_LIMITS: ArchiveLimits = { maxEntries: 5_000, maxTotalBytes: 256 * 1024 * 1024, maxEntryBytes: Math.max(MAX_UPLOAD_BYTES, PAGE_FILE_MAX_BYTES), maxRatio: 200 };

export const packageInvalid = (detail: string) => new Problem(422, 'package-invalid', 'Package refused', `The process package was refused: ${detail}. Nothing was imported.`);

const Text = (max: number) => Type.String({ maxLength: max });
const ManifestSchema = Type.Object({
  format: Type.Literal(PACKAGE_FORMAT),
  formatVersion: Type.Integer(),
  source: Type.Object({ instance: Type.String({ minLength: 1, maxLength: 2000 }), name: Text(500) }),
  exportedAt: Text(100),
  process: Type.Object({
    id: Type.String({ minLength: 1, maxLength: 200 }),
    name: Text(500),
    version: Type.Integer({ minimum: 1 }),
    file: Text(500),
    publicUrl: Type.Union([Text(2000), Type.Null()]),
  }),
  pages: Type.Array(
    Type.Object({
      id: Type.String({ minLength: 1, maxLength: 200 }),
      title: Type.String({ minLength: 1, maxLength: PAGE_TITLE_MAX_LENGTH }),
      classification: Text(100),
      markdown: Text(500),
      state: Type.Optional(Type.Union([Text(500), Type.Null()])),
      publicUrl: Type.Union([Text(2000), Type.Null()]),
    }),
    { maxItems: 2_000 },
  ),
  links: Type.Array(Type.Object({ elementId: Text(500), pageId: Text(200) }), { maxItems: 20_000 }),
  attachments: Type.Optional(
    Type.Array(
      Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }), pageId: Text(200), name: Text(1000), type: Text(200), size: Type.Integer({ minimum: 0 }), file: Text(500) }),
      { maxItems: 4_000 },
    ),
  ),
  leftOut: Type.Array(Type.Object({ kind: Text(100), title: Type.Union([Text(500), Type.Null()]), reason: Text(2000) }), { maxItems: 20_000 }),
  checksums: Type.Record(Type.String(), Type.String({ pattern: '^[0-9a-f]{64}$' })),
});

export interface PackagePage {
  sourceId: string;
  title: string;
  /** The source's level when it is one of ours; imported pages keep it when above the space's. */
  classification: ClassificationKey | null;
  publicUrl: string | null;
  /** The body from the Yjs state (exact), or null when the package carries Markdown only. */
  doc: PMNodeJSON | null;
  markdown: string;
}

export interface PackageFile {
  sourceId: string;
  sourcePageId: string;
  name: string;
  bytes: Uint8Array;
}

export interface ReadPackage {
  manifest: PackageManifest;
  bpmn: ParsedUpload;
  pages: PackagePage[];
  /** Attached files of the pages (format version 2), checked against the manifest but not yet scanned. */
  attachments: PackageFile[];
  files: { path: string; bytes: number }[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function text(bytes: Uint8Array, path: string): string {
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (decoded.includes('\0')) throw new Error('NUL');
    return decoded;
  } catch {
    throw packageInvalid(`"${path}" is not UTF-8 text (or contains NUL characters)`);
  }
}

export interface ReadOptions {
  /** The largest attached file this instance takes (its upload limit). */
  fileMaxBytes: number;
}

export async function readPackage(bytes: Uint8Array, options: ReadOptions): Promise<ReadPackage> {
  const entries = readZip(bytes, { ...PACKAGE_LIMITS, maxEntryBytes: Math.max(PACKAGE_LIMITS.maxEntryBytes, Math.min(options.fileMaxBytes, PACKAGE_LIMITS.maxTotalBytes)) });
  const files = new Map(entries.map((e) => [e.path, e.bytes]));
  const rawManifest = files.get('manifest.json');
  if (!rawManifest) throw packageInvalid('it has no manifest.json (not a Stafette process package)');
  if (rawManifest.byteLength > MANIFEST_MAX_BYTES) throw archiveUnsafe(`manifest.json has ${rawManifest.byteLength} bytes, more than ${MANIFEST_MAX_BYTES}`);
  let json: unknown;
  try {
    json = JSON.parse(text(rawManifest, 'manifest.json'));
  } catch (error) {
    if (error instanceof Problem) throw error;
    throw packageInvalid('manifest.json is not JSON');
  }
  if (!Value.Check(ManifestSchema, json)) {
    const first = Value.Errors(ManifestSchema, json)[0];
    throw packageInvalid(`manifest.json does not describe a process package${first ? ` (${first.instancePath || '/'}: ${first.message})` : ''}`);
  }
  // PostgreSQL stores no NUL in text: refused here rather than failing in the transaction.
  if (JSON.stringify(json).includes('\\u0000')) throw packageInvalid('manifest.json contains a NUL character');
  const manifest = json as unknown as PackageManifest;
  if (!PACKAGE_FORMAT_VERSIONS.includes(manifest.formatVersion)) throw packageInvalid(`format version ${manifest.formatVersion} is not known here (this instance reads versions ${PACKAGE_FORMAT_VERSIONS.join(', ')})`);

  // The manifest names every other file with its checksum, and nothing else is in the archive.
  for (const [path, data] of files) {
    if (path === 'manifest.json') continue;
    const sum = manifest.checksums[path];
    if (sum === undefined) throw packageInvalid(`"${path}" is in the archive but not in the manifest`);
    if (sha256(data) !== sum) throw packageInvalid(`the checksum of "${path}" does not match the manifest`);
  }
  for (const path of Object.keys(manifest.checksums)) if (!files.has(path)) throw packageInvalid(`"${path}" is in the manifest but not in the archive`);

  const bpmnBytes = files.get(manifest.process.file);
  if (!bpmnBytes) throw packageInvalid(`the process file "${manifest.process.file}" is missing`);
  if (bpmnBytes.byteLength > MAX_UPLOAD_BYTES) throw archiveUnsafe(`"${manifest.process.file}" has ${bpmnBytes.byteLength} bytes, more than ${MAX_UPLOAD_BYTES}`);
  let bpmn: ParsedUpload;
  try {
    bpmn = await parseUpload({ bytes: bpmnBytes, fileName: `${manifest.process.name || 'process'}.bpmn` });
  } catch (error) {
    if (isBpmnImportError(error)) throw bpmnProblem(error);
    throw error;
  }

  const pages: PackagePage[] = [];
  const seen = new Set<string>();
  for (const page of manifest.pages) {
    if (seen.has(page.id)) throw packageInvalid(`the page "${page.id}" is listed twice`);
    seen.add(page.id);
    const md = files.get(page.markdown);
    if (!md) throw packageInvalid(`the page file "${page.markdown}" is missing`);
    if (md.byteLength > PAGE_FILE_MAX_BYTES) throw archiveUnsafe(`"${page.markdown}" has ${md.byteLength} bytes, more than ${PAGE_FILE_MAX_BYTES}`);
    let doc: PMNodeJSON | null = null;
    if (page.state) {
      const state = files.get(page.state);
      if (!state) throw packageInvalid(`the page file "${page.state}" is missing`);
      if (state.byteLength > PAGE_FILE_MAX_BYTES) throw archiveUnsafe(`"${page.state}" has ${state.byteLength} bytes, more than ${PAGE_FILE_MAX_BYTES}`);
      // Checked like a client's update: decodes, complete, writes only a page body.
      const verdict = checkUpdate(state, new Map(), pageKind);
      if (!verdict.ok) throw packageInvalid(`"${page.state}" is not a page body (${verdict.reason})`);
      const ydoc = new Y.Doc();
      Y.applyUpdate(ydoc, state);
      doc = yDocToJSON(ydoc);
      ydoc.destroy();
      if (JSON.stringify(doc).includes('\\u0000')) throw packageInvalid(`"${page.state}" contains a NUL character`);
    }
    const level = (CLASSIFICATION_KEYS as readonly string[]).includes(page.classification) ? (page.classification as ClassificationKey) : null;
    pages.push({ sourceId: page.id, title: page.title.trim() || page.id, classification: level, publicUrl: page.publicUrl, doc, markdown: text(md, page.markdown) });
  }
  for (const link of manifest.links) if (!seen.has(link.pageId)) throw packageInvalid(`a step link points at the page "${link.pageId}", which the package does not carry`);

  const attachments = readAttachments(manifest, files, seen, options.fileMaxBytes);
  const listed = [...files].filter(([path]) => path !== 'manifest.json').map(([path, data]) => ({ path, bytes: data.byteLength }));
  return { manifest, bpmn, pages, attachments, files: listed };
}

/** The attached files the manifest lists: each of a carried page, present, of the stated size and within the upload limit. */
function readAttachments(manifest: PackageManifest, files: Map<string, Uint8Array>, pageIds: Set<string>, fileMaxBytes: number): PackageFile[] {
  if (manifest.formatVersion < 2 && manifest.attachments !== undefined) throw packageInvalid('a version 1 package lists attached files');
  const out: PackageFile[] = [];
  const seen = new Set<string>();
  const paths = new Set<string>();
  for (const entry of manifest.attachments ?? []) {
    if (seen.has(entry.id)) throw packageInvalid(`the file "${entry.id}" is listed twice`);
    if (paths.has(entry.file)) throw packageInvalid(`"${entry.file}" is listed for two files`);
    seen.add(entry.id);
    paths.add(entry.file);
    if (!pageIds.has(entry.pageId)) throw packageInvalid(`the file "${entry.file}" belongs to the page "${entry.pageId}", which the package does not carry`);
    const data = files.get(entry.file);
    if (!data) throw packageInvalid(`the attached file "${entry.file}" is missing`);
    if (data.byteLength !== entry.size) throw packageInvalid(`"${entry.file}" has ${data.byteLength} bytes, the manifest says ${entry.size}`);
    if (data.byteLength > fileMaxBytes) throw archiveUnsafe(`"${entry.file}" has ${data.byteLength} bytes, more than ${fileMaxBytes}, the most a file may have here`);
    if (entry.name.includes('\0')) throw packageInvalid('a file name contains a NUL character');
    out.push({ sourceId: entry.id, sourcePageId: entry.pageId, name: entry.name, bytes: data });
  }
  return out;
}
