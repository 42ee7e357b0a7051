/**
 * The process package format (`.stafette.zip`), version 1. `manifest.json` names everything
 * else in the archive with its SHA-256, so an importer can refuse a package whose files do not
 * match; what the export left out is listed with the reason.
 *
 * | path | holds |
 * |---|---|
 * | `manifest.json` | format, source instance, export time, process, pages, step → page links, checksums, left out |
 * | `process.bpmn` | the BPMN 2.0 XML of the current version (without step links: they are in the manifest) |
 * | `pages/<id>.md` | a page body as Markdown (GFM) |
 * | `pages/<id>.yjs` | the page's Yjs state (`Y.encodeStateAsUpdate`), so formatting survives exactly |
 * | `files/<id>` | an attached file of a carried page, its bytes as stored (version 2) |
 *
 * Version 2 adds `attachments`; version 1 packages (page text only) are still read.
 */
export const PACKAGE_FORMAT = 'stafette-process-package';
export const PACKAGE_FORMAT_VERSION = 2;
/** The versions this instance reads. */
export const PACKAGE_FORMAT_VERSIONS: readonly number[] = [1, 2];

export interface PackageManifest {
  format: typeof PACKAGE_FORMAT;
  formatVersion: number;
  source: { instance: string; name: string };
  exportedAt: string;
  /** Export rule: pages up to this level were included. */
  maxLevel: string;
  process: { id: string; name: string; version: number; category: string | null; file: string; publicUrl: string | null };
  pages: { id: string; title: string; classification: string; markdown: string; state: string; publicUrl: string | null }[];
  links: { elementId: string; pageId: string }[];
  /** Files attached to the carried pages (version 2); `file` is their path in the archive. */
  attachments?: PackageAttachment[];
  leftOut: { kind: 'page' | 'attachment' | 'attachments'; id: string | null; title: string | null; reason: string }[];
  /** SHA-256 (hex) of every other file in the archive. */
  checksums: Record<string, string>;
}

export interface PackageAttachment {
  id: string;
  pageId: string;
  name: string;
  type: string;
  size: number;
  file: string;
}
