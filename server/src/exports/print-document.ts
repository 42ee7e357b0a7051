import type { PMNodeJSON } from '@stafette/schema';

/**
 * What a print export (PDF, DOCX, ODT) holds, independent of the format: built by
 * page-export.ts (a page or a subtree) and handbook.ts (a process), written by pdf.ts,
 * docx.ts and odt.ts.
 */
export interface PrintSection {
  /** A heading of the document for this section (a page title, a step name). */
  title: string;
  /** 0 for the top, 1 for a page below it … (a table of contents indents by it). */
  depth: number;
  /** Extra lines under the title (a step's lane and role), plain text. */
  facts?: string[];
  /** The page body, or null for a section made of its title and facts only. */
  doc: PMNodeJSON | null;
}

export interface PrintImage {
  bytes: Buffer;
  /** image/png, image/jpeg, image/gif or image/webp (the export turns the others into PNG). */
  type: string;
  /** Size in CSS pixels (96 per inch): images are printed at their size, at most the text width. */
  width: number;
  height: number;
}

export interface PrintDocument {
  title: string;
  /** "Klassifizierung: Intern": the header of every page. */
  marking: string;
  /** "Version 4": the footer of every page. */
  version: string;
  /** The date of the export, `dd.mm.yyyy` (German). */
  date: string;
  /** A table of contents of the sections' titles after the title. */
  toc: boolean;
  /** A diagram before the sections (the process handbook): SVG for the PDF, PNG for the others. */
  diagram?: { svg?: string; png?: PrintImage };
  sections: PrintSection[];
  /** Attachment images of the sections by attachment id; other images print as their alt text. */
  images: Map<string, PrintImage>;
}

export const MIME = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;

/** A German date for headers and footers. */
export function germanDate(date: Date): string {
  return date.toLocaleDateString('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
}

const ATTACHMENT_SRC = /^\/api\/v1\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The attachment id of an image src the wiki serves (`/api/v1/attachments/<id>`), else null. */
export function attachmentIdOf(src: unknown): string | null {
  if (typeof src !== 'string') return null;
  return ATTACHMENT_SRC.exec(src)?.[1]?.toLowerCase() ?? null;
}

/** Calls `visit` for every node of `doc`, depth first, without recursion (documents may be deep). */
export function walk(doc: PMNodeJSON, visit: (node: PMNodeJSON) => void): void {
  const stack: PMNodeJSON[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const content = node.content ?? [];
    for (let i = content.length - 1; i >= 0; i--) stack.push(content[i]!);
  }
}
