/**
 * The small document tree both importers produce (DOCX through mammoth's HTML, ODT from its
 * content.xml): HTML element names for structure and formatting, so one converter
 * (tree-to-doc.ts) turns either into the page schema.
 */
export type TreeNode = { tag: string; attrs: Record<string, string>; children: TreeNode[] } | { text: string };

export const el = (tag: string, attrs: Record<string, string> = {}, children: TreeNode[] = []): TreeNode => ({ tag, attrs, children });

/** An image found in the document: its bytes, type and alternative text; `src` of its img is `import-image:<index>`. */
export interface ImportedImage {
  bytes: Uint8Array;
  contentType: string;
  alt: string;
}

export const IMAGE_SRC_PREFIX = 'import-image:';
