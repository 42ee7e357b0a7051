import { parseDocument } from 'htmlparser2';
import { el, IMAGE_SRC_PREFIX, type ImportedImage, type TreeNode } from './tree.ts';

type DomNode = ReturnType<typeof parseDocument>['children'][number];

/**
 * A DOCX document as a tree, through mammoth's HTML (Word styles mapped to headings, lists
 * from the numbering definitions, tables, bold/italic/underline/strike, links, images).
 * Embedded images are collected with their bytes; files the document links to on disk or on
 * the web are never read (externalFileAccess off).
 */
export async function docxTree(bytes: Uint8Array): Promise<{ tree: TreeNode[]; images: ImportedImage[] }> {
  const mammoth = (await import('mammoth')).default;
  const images: ImportedImage[] = [];
  const { value: html } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      externalFileAccess: false,
      ignoreEmptyParagraphs: true,
      convertImage: mammoth.images.imgElement(async (image) => {
        const index = images.push({ bytes: new Uint8Array(await image.readAsBuffer()), contentType: image.contentType, alt: altOf(image) }) - 1;
        return { src: `${IMAGE_SRC_PREFIX}${index}`, alt: images[index]!.alt } as { src: string };
      }),
    },
  );
  return { tree: parseDocument(html, { decodeEntities: true }).children.map(toTree), images };
}

function altOf(image: unknown): string {
  const alt = (image as { altText?: unknown }).altText;
  return typeof alt === 'string' ? alt.slice(0, 500) : '';
}

function toTree(node: DomNode): TreeNode {
  if (node.type === 'text') return { text: (node as { data: string }).data };
  if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
    const tag = node as { name: string; attribs: Record<string, string>; children: DomNode[] };
    return el(tag.name.toLowerCase(), tag.attribs, tag.children.map(toTree));
  }
  return { text: '' };
}
