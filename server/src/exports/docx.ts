import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  InternalHyperlink,
  LevelFormat,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { PMNodeJSON } from '@stafette/schema';
import { attachmentIdOf, type PrintDocument, type PrintImage } from './print-document.ts';

/**
 * The print document as a Word file (.docx, written with the `docx` library): Word's own
 * heading styles (so Word's navigation and a table of contents field work), numbered and bullet
 * lists, task lists with ☐/☑, tables with repeating header rows that do not split across pages,
 * code in a monospace font, quotes indented with a rule, live links, images at their size; German
 * as the language with automatic hyphenation; header with title and classification, footer
 * with date, version and "Seite x von y".
 */

/** The text width of A4 with the margins below, in CSS pixels (170 mm). */
const TEXT_WIDTH_PX = 642;
const MONO = 'Liberation Mono';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];

interface Context {
  document: PrintDocument;
  /** Each ordered list is its own numbering instance, so numbering restarts. */
  nextInstance: number;
  shift: number;
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  strike?: boolean;
  code?: boolean;
  link?: string;
}

export async function writeDocx(document: PrintDocument): Promise<Buffer> {
  const ctx: Context = { document, nextInstance: 1, shift: 0 };
  const children: (Paragraph | Table)[] = [];
  const single = !document.toc && document.sections.length === 1 && !document.diagram;
  if (!single) {
    children.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(document.title)] }));
    children.push(new Paragraph({ children: [new TextRun({ text: document.marking, bold: true })] }));
    if (document.diagram?.png) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [imageRun(document.diagram.png, 'Prozessdiagramm')] }));
    if (document.toc) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Inhalt')] }));
      document.sections.forEach((s, i) =>
        children.push(
          new Paragraph({
            indent: { left: s.depth * 360 },
            children: [new InternalHyperlink({ anchor: `part-${i}`, children: [new TextRun({ text: s.title, style: 'Hyperlink' })] })],
          }),
        ),
      );
    }
  } else {
    children.push(new Paragraph({ children: [new TextRun({ text: document.marking, bold: true })] }));
  }
  document.sections.forEach((section, i) => {
    const level = Math.min(section.depth + 1, 3);
    children.push(
      new Paragraph({
        heading: HEADINGS[level - 1],
        pageBreakBefore: !single,
        children: [new Bookmark({ id: `part-${i}`, children: [new TextRun(section.title)] })],
      }),
    );
    for (const fact of section.facts ?? []) children.push(new Paragraph({ children: [new TextRun({ text: fact, color: '333333' })] }));
    if (section.doc) {
      ctx.shift = level;
      children.push(...blocks(section.doc.content ?? [], ctx, 0));
    }
  });

  const doc = new Document({
    title: document.title,
    creator: 'Stafette',
    hyphenation: { autoHyphenation: true },
    styles: {
      default: {
        document: { run: { font: 'Liberation Sans', size: 21, language: { value: 'de-DE' } } },
      },
      paragraphStyles: [{ id: 'Code', name: 'Code', basedOn: 'Normal', run: { font: MONO, size: 18 }, paragraph: { spacing: { before: 0, after: 0 } } }],
    },
    numbering: {
      config: [
        { reference: 'bullets', levels: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((l) => ({ level: l, format: LevelFormat.BULLET, text: ['•', '◦', '▪'][l % 3]!, alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360 * (l + 1), hanging: 260 } } } })) },
        { reference: 'numbers', levels: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((l) => ({ level: l, format: LevelFormat.DECIMAL, text: `%${l + 1}.`, alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 360 * (l + 1), hanging: 300 } } } })) },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: '210mm', height: '297mm' }, margin: { top: '24mm', bottom: '22mm', left: '22mm', right: '18mm', header: '10mm', footer: '10mm' } } },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: 9600 }],
                children: [new TextRun({ text: document.title, size: 16 }), new TextRun({ text: `\t${document.marking}`, size: 16, bold: true })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                tabStops: [{ type: TabStopType.RIGHT, position: 9600 }],
                children: [
                  new TextRun({ text: `Stand: ${document.date} · ${document.version}`, size: 16 }),
                  new TextRun({ children: ['\tSeite ', PageNumber.CURRENT, ' von ', PageNumber.TOTAL_PAGES], size: 16 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function blocks(nodes: PMNodeJSON[], ctx: Context, depth: number, quote = false): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const node of nodes) out.push(...block(node, ctx, depth, quote));
  return out;
}

const QUOTE = { indent: { left: 480 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 8 } } };

function block(node: PMNodeJSON, ctx: Context, depth: number, quote: boolean): (Paragraph | Table)[] {
  const q = quote ? QUOTE : {};
  switch (node.type) {
    case 'paragraph':
      return [new Paragraph({ ...q, children: inlines(node.content ?? [], ctx, {}) })];
    case 'heading': {
      const level = Math.min(6, (Number(node.attrs?.level) || 1) + ctx.shift);
      return [new Paragraph({ heading: HEADINGS[level - 1], children: inlines(node.content ?? [], ctx, {}) })];
    }
    case 'blockquote':
      return blocks(node.content ?? [], ctx, depth, true);
    case 'horizontal_rule':
      return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } }, children: [] })];
    case 'code_block': {
      const text = (node.content ?? []).map((c) => c.text ?? '').join('');
      return text.split('\n').map(
        (line) => new Paragraph({ style: 'Code', ...q, shading: { type: ShadingType.CLEAR, fill: 'F3F3F3', color: 'auto' }, children: [new TextRun({ text: line, font: MONO })] }),
      );
    }
    case 'bullet_list':
    case 'ordered_list': {
      const ordered = node.type === 'ordered_list';
      const instance = ordered ? ctx.nextInstance++ : 0;
      return (node.content ?? []).flatMap((item) => listItem(item, ctx, depth, quote, (p) => ({ numbering: { reference: ordered ? 'numbers' : 'bullets', level: Math.min(depth, 8), ...(ordered ? { instance } : {}) }, ...p })));
    }
    case 'task_list':
      return (node.content ?? []).flatMap((item) => {
        const box = item.attrs?.checked === true ? '☑ ' : '☐ ';
        return listItem(item, ctx, depth, quote, (p) => ({ indent: { left: 360 * (depth + 1) }, ...p }), box);
      });
    case 'table':
      return [table(node, ctx)];
    default:
      return node.content ? blocks(node.content, ctx, depth, quote) : [];
  }
}

/** A list item: its first paragraph carries the bullet or number, the rest are indented below. */
function listItem(
  item: PMNodeJSON,
  ctx: Context,
  depth: number,
  quote: boolean,
  marker: (p: Record<string, unknown>) => Record<string, unknown>,
  prefix = '',
): (Paragraph | Table)[] {
  const [first, ...rest] = item.content ?? [];
  const out: (Paragraph | Table)[] = [];
  const runs = first?.type === 'paragraph' ? inlines(first.content ?? [], ctx, {}) : [];
  out.push(new Paragraph(marker({ ...(quote ? QUOTE : {}), children: [...(prefix ? [new TextRun(prefix)] : []), ...runs] }) as ConstructorParameters<typeof Paragraph>[0]));
  const remaining = first && first.type !== 'paragraph' ? [first, ...rest] : rest;
  for (const child of remaining) {
    if (child.type === 'paragraph') out.push(new Paragraph({ indent: { left: 360 * (depth + 1) }, children: inlines(child.content ?? [], ctx, {}) }));
    else out.push(...block(child, ctx, depth + 1, quote));
  }
  return out;
}

function table(node: PMNodeJSON, ctx: Context): Table {
  const rows = node.content ?? [];
  let head = 0;
  while (head < rows.length && (rows[head]!.content ?? []).length > 0 && rows[head]!.content!.every((c) => c.type === 'table_header')) head++;
  if (head === rows.length) head = 0;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row, i) =>
        new TableRow({
          // Left out, not false, on body rows: some readers take any tblHeader element for a header row.
          tableHeader: i < head ? true : undefined,
          cantSplit: true,
          children: (row.content ?? []).map((cell) => {
            const content = blocks(cell.content ?? [], ctx, 0);
            const span = (name: string) => (Number.isInteger(cell.attrs?.[name]) && (cell.attrs![name] as number) > 1 ? (cell.attrs![name] as number) : undefined);
            return new TableCell({
              columnSpan: span('colspan'),
              rowSpan: span('rowspan'),
              shading: cell.type === 'table_header' ? { type: ShadingType.CLEAR, fill: 'E8E8E8', color: 'auto' } : undefined,
              margins: { top: 60, bottom: 60, left: 100, right: 100 },
              children: content.length > 0 ? content : [new Paragraph({ children: [] })],
            });
          }),
        }),
    ),
  });
}

function inlines(nodes: PMNodeJSON[], ctx: Context, outer: RunStyle): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes) {
    const style: RunStyle = { ...outer };
    for (const mark of node.marks ?? []) {
      if (mark.type === 'strong') style.bold = true;
      else if (mark.type === 'em') style.italics = true;
      else if (mark.type === 'underline') style.underline = true;
      else if (mark.type === 'strike') style.strike = true;
      else if (mark.type === 'code') style.code = true;
      else if (mark.type === 'link' && typeof mark.attrs?.href === 'string') style.link = mark.attrs.href;
    }
    let run: ParagraphChild | null = null;
    if (node.type === 'text') run = textRun(node.text ?? '', style);
    else if (node.type === 'hard_break') run = new TextRun({ break: 1 });
    else if (node.type === 'mention') run = textRun(`@${typeof node.attrs?.label === 'string' ? node.attrs.label : ''}`, style);
    else if (node.type === 'image') {
      const id = attachmentIdOf(node.attrs?.src);
      const image = id ? ctx.document.images.get(id) : undefined;
      const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt ? node.attrs.alt : 'Bild';
      run = image ? imageRun(image, alt) : textRun(`[${alt}]`, style);
    }
    if (!run) continue;
    out.push(style.link && node.type !== 'image' ? new ExternalHyperlink({ link: style.link, children: [run] }) : run);
  }
  return out;
}

function textRun(text: string, style: RunStyle): TextRun {
  return new TextRun({
    text,
    bold: style.bold,
    italics: style.italics,
    underline: style.underline || style.link ? {} : undefined,
    strike: style.strike,
    font: style.code ? MONO : undefined,
    color: style.link ? '0B4F9C' : undefined,
  });
}

function imageRun(image: PrintImage, alt: string): ImageRun {
  const scale = Math.min(1, TEXT_WIDTH_PX / image.width, 900 / image.height);
  const type = image.type === 'image/jpeg' ? 'jpg' : image.type === 'image/gif' ? 'gif' : 'png';
  return new ImageRun({
    type,
    data: image.bytes,
    transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
    altText: { name: alt, description: alt, title: alt },
  });
}
