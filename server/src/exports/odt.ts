import { strToU8, zipSync, type Zippable } from 'fflate';
import type { PMNodeJSON } from '@stafette/schema';
import { attachmentIdOf, type PrintDocument, type PrintImage } from './print-document.ts';

/**
 * The print document as OpenDocument Text (.odt), the format several German states prescribe:
 * the ODF 1.3 XML written here (content.xml, styles.xml, meta.xml, the manifest), zipped with
 * `mimetype` first and stored, as the standard requires. LibreOffice's own style names
 * (Heading 1…, Quotations, Preformatted Text, Contents 1…) so the file behaves like one written
 * there: the navigator lists the headings, the table of contents can be updated. German with
 * hyphenation; header with title and classification, footer with date, version and page x of y.
 */

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ' +
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" office:version="1.3"';

/** The text width of A4 with the page margins below. */
const TEXT_WIDTH_CM = 17;
const PX_PER_CM = 96 / 2.54;

/** Characters XML 1.0 does not allow (they cannot come from a valid page, but must not break the file). */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xml(value: string): string {
  return value.replace(INVALID_XML, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Text as ODF keeps it: runs of spaces, tabs and line breaks would otherwise collapse. */
function textXml(value: string): string {
  return xml(value)
    .replace(/\t/g, '<text:tab/>')
    .replace(/\n/g, '<text:line-break/>')
    .replace(/ {2,}/g, (run) => ` <text:s text:c="${run.length - 1}"/>`);
}

interface Context {
  document: PrintDocument;
  shift: number;
  pictures: Map<string, { path: string; image: PrintImage }>;
  frames: number;
  tables: number;
}

export function writeOdt(document: PrintDocument): Buffer {
  const ctx: Context = { document, shift: 0, pictures: new Map(), frames: 0, tables: 0 };
  const parts: string[] = [];
  const single = !document.toc && document.sections.length === 1 && !document.diagram;
  if (!single) {
    parts.push(`<text:p text:style-name="Title">${textXml(document.title)}</text:p>`);
    parts.push(`<text:p text:style-name="Marking">${textXml(document.marking)}</text:p>`);
    if (document.diagram?.png) parts.push(`<text:p text:style-name="Center">${frame(ctx, 'diagram', document.diagram.png, 'Prozessdiagramm')}</text:p>`);
    if (document.toc) {
      const entries = document.sections
        .map((s, i) => `<text:p text:style-name="Contents_20_${Math.min(s.depth + 1, 3)}"><text:a xlink:type="simple" xlink:href="#part-${i}">${textXml(s.title)}</text:a></text:p>`)
        .join('');
      parts.push(
        `<text:table-of-content text:name="Inhalt" text:protected="false"><text:table-of-content-source text:outline-level="3"><text:index-title-template text:style-name="Contents_20_Heading">Inhalt</text:index-title-template></text:table-of-content-source>` +
          `<text:index-body><text:index-title text:name="Inhalt_Titel"><text:p text:style-name="Contents_20_Heading">Inhalt</text:p></text:index-title>${entries}</text:index-body></text:table-of-content>`,
      );
    }
  } else {
    parts.push(`<text:p text:style-name="Marking">${textXml(document.marking)}</text:p>`);
  }
  document.sections.forEach((section, i) => {
    const level = Math.min(section.depth + 1, 3);
    const style = single ? `Heading_20_${level}` : `Break_${level}`;
    parts.push(`<text:h text:style-name="${style}" text:outline-level="${level}"><text:bookmark text:name="part-${i}"/>${textXml(section.title)}</text:h>`);
    for (const fact of section.facts ?? []) parts.push(`<text:p text:style-name="Facts">${textXml(fact)}</text:p>`);
    if (section.doc) {
      ctx.shift = level;
      parts.push(blocks(section.doc.content ?? [], ctx, 'Text_20_body'));
    }
  });

  const content = `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS}><office:font-face-decls>${FONTS}</office:font-face-decls><office:automatic-styles>${AUTOMATIC}</office:automatic-styles><office:body><office:text>${parts.join('')}</office:text></office:body></office:document-content>`;
  const files: Zippable = {
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(content),
    'styles.xml': strToU8(stylesXml(document)),
    'meta.xml': strToU8(metaXml(document)),
  };
  for (const { path, image } of ctx.pictures.values()) files[path] = [image.bytes, { level: 0 }];
  files['META-INF/manifest.xml'] = strToU8(manifestXml(ctx));
  return Buffer.from(zipSync(files, { level: 6 }));
}

function blocks(nodes: PMNodeJSON[], ctx: Context, paragraphStyle: string): string {
  return nodes.map((n) => block(n, ctx, paragraphStyle)).join('');
}

function block(node: PMNodeJSON, ctx: Context, paragraphStyle: string): string {
  switch (node.type) {
    case 'paragraph':
      return `<text:p text:style-name="${paragraphStyle}">${inlines(node.content ?? [], ctx)}</text:p>`;
    case 'heading': {
      const level = Math.min(6, (Number(node.attrs?.level) || 1) + ctx.shift);
      return `<text:h text:style-name="Heading_20_${level}" text:outline-level="${level}">${inlines(node.content ?? [], ctx)}</text:h>`;
    }
    case 'blockquote':
      return blocks(node.content ?? [], ctx, 'Quotations');
    case 'horizontal_rule':
      return '<text:p text:style-name="Horizontal_20_Line"/>';
    case 'code_block':
      return `<text:p text:style-name="Preformatted_20_Text">${textXml((node.content ?? []).map((c) => c.text ?? '').join(''))}</text:p>`;
    case 'bullet_list':
    case 'ordered_list':
      return `<text:list text:style-name="${node.type === 'ordered_list' ? 'L_numbers' : 'L_bullets'}">${(node.content ?? []).map((item) => `<text:list-item>${blocks(item.content ?? [], ctx, paragraphStyle)}</text:list-item>`).join('')}</text:list>`;
    case 'task_list':
      return (node.content ?? [])
        .map((item) => {
          const box = item.attrs?.checked === true ? '☑ ' : '☐ ';
          const [first, ...rest] = item.content ?? [];
          const head = first?.type === 'paragraph' ? `<text:p text:style-name="Task">${box}${inlines(first.content ?? [], ctx)}</text:p>` : `<text:p text:style-name="Task">${box}</text:p>${first ? block(first, ctx, 'Task_20_body') : ''}`;
          return head + blocks(rest, ctx, 'Task_20_body');
        })
        .join('');
    case 'table':
      return table(node, ctx);
    default:
      return node.content ? blocks(node.content, ctx, paragraphStyle) : '';
  }
}

function table(node: PMNodeJSON, ctx: Context): string {
  const rows = node.content ?? [];
  let head = 0;
  while (head < rows.length && (rows[head]!.content ?? []).length > 0 && rows[head]!.content!.every((c) => c.type === 'table_header')) head++;
  if (head === rows.length) head = 0;
  const span = (cell: PMNodeJSON, name: string) => (Number.isInteger(cell.attrs?.[name]) && (cell.attrs![name] as number) > 1 ? Math.min(cell.attrs![name] as number, 1000) : 1);
  // ODF writes every grid position: a merged cell is followed by covered cells to its right and
  // below. `covered[r]` holds the columns of row r that a cell above (rowspan) already covers.
  const covered: Set<number>[] = rows.map(() => new Set<number>());
  const written = rows.map((r, i) => {
    const out: string[] = [];
    let col = 0;
    for (const cell of r.content ?? []) {
      while (covered[i]!.has(col)) {
        out[col] = '<table:covered-table-cell/>';
        col++;
      }
      const cols = span(cell, 'colspan');
      const rowsSpanned = Math.min(span(cell, 'rowspan'), rows.length - i);
      const style = cell.type === 'table_header' ? 'THead' : 'TCell';
      const spanned = (cols > 1 ? ` table:number-columns-spanned="${cols}"` : '') + (rowsSpanned > 1 ? ` table:number-rows-spanned="${rowsSpanned}"` : '');
      const inner = blocks(cell.content ?? [], ctx, cell.type === 'table_header' ? 'Table_20_Heading' : 'Table_20_Contents') || '<text:p/>';
      out[col] = `<table:table-cell table:style-name="${style}" office:value-type="string"${spanned}>${inner}</table:table-cell>`;
      for (let c = col + 1; c < col + cols; c++) out[c] = '<table:covered-table-cell/>';
      for (let below = i + 1; below < i + rowsSpanned; below++) for (let c = col; c < col + cols; c++) covered[below]!.add(c);
      col += cols;
    }
    for (const c of covered[i]!) if (c >= col) out[c] = '<table:covered-table-cell/>';
    return out;
  });
  const columns = Math.max(1, ...written.map((cells) => cells.length));
  const row = (cells: string[]) => {
    let xml = '';
    for (let c = 0; c < columns; c++) xml += cells[c] ?? '<table:table-cell table:style-name="TCell" office:value-type="string"><text:p/></table:table-cell>';
    return `<table:table-row table:style-name="TRow">${xml}</table:table-row>`;
  };
  ctx.tables++;
  const header = head > 0 ? `<table:table-header-rows>${written.slice(0, head).map(row).join('')}</table:table-header-rows>` : '';
  return `<table:table table:name="Tabelle${ctx.tables}" table:style-name="Tbl"><table:table-column table:number-columns-repeated="${columns}"/>${header}${written.slice(head).map(row).join('')}</table:table>`;
}

function inlines(nodes: PMNodeJSON[], ctx: Context): string {
  let out = '';
  for (const node of nodes) {
    let inner: string;
    if (node.type === 'text') inner = textXml(node.text ?? '');
    else if (node.type === 'hard_break') inner = '<text:line-break/>';
    else if (node.type === 'mention') inner = textXml(`@${typeof node.attrs?.label === 'string' ? node.attrs.label : ''}`);
    else if (node.type === 'image') {
      const id = attachmentIdOf(node.attrs?.src);
      const image = id ? ctx.document.images.get(id) : undefined;
      const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt ? node.attrs.alt : 'Bild';
      inner = image && id ? frame(ctx, id, image, alt) : textXml(`[${alt}]`);
    } else continue;
    let link: string | null = null;
    for (const mark of [...(node.marks ?? [])].reverse()) {
      const style = { strong: 'T_strong', em: 'T_em', underline: 'T_underline', strike: 'T_strike', code: 'T_code' }[mark.type];
      if (style) inner = `<text:span text:style-name="${style}">${inner}</text:span>`;
      else if (mark.type === 'link' && typeof mark.attrs?.href === 'string') link = mark.attrs.href;
    }
    out += link ? `<text:a xlink:type="simple" xlink:href="${xml(link)}" text:style-name="Internet_20_link">${inner}</text:a>` : inner;
  }
  return out;
}

/** An image at its size (at most the text width), stored once under Pictures/. */
function frame(ctx: Context, key: string, image: PrintImage, alt: string): string {
  let picture = ctx.pictures.get(key);
  if (!picture) {
    const extension = image.type === 'image/jpeg' ? 'jpg' : image.type === 'image/gif' ? 'gif' : 'png';
    picture = { path: `Pictures/${ctx.pictures.size + 1}.${extension}`, image };
    ctx.pictures.set(key, picture);
  }
  const scale = Math.min(1, (TEXT_WIDTH_CM * PX_PER_CM) / image.width, (23 * PX_PER_CM) / image.height);
  const width = ((image.width * scale) / PX_PER_CM).toFixed(3);
  const height = ((image.height * scale) / PX_PER_CM).toFixed(3);
  ctx.frames++;
  return (
    `<draw:frame draw:style-name="Img" draw:name="Bild${ctx.frames}" text:anchor-type="as-char" svg:width="${width}cm" svg:height="${height}cm" draw:z-index="0">` +
    `<draw:image xlink:href="${picture.path}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:title>${xml(alt)}</svg:title><svg:desc>${xml(alt)}</svg:desc></draw:frame>`
  );
}

const FONTS =
  '<style:font-face style:name="Liberation Sans" svg:font-family="\'Liberation Sans\'" style:font-family-generic="swiss" style:font-pitch="variable"/>' +
  '<style:font-face style:name="Liberation Mono" svg:font-family="\'Liberation Mono\'" style:font-family-generic="modern" style:font-pitch="fixed"/>';

const CELL = 'fo:border="0.5pt solid #888888" fo:padding="0.1cm"';
const AUTOMATIC =
  [1, 2, 3]
    .map((l) => `<style:style style:name="Break_${l}" style:family="paragraph" style:parent-style-name="Heading_20_${l}"><style:paragraph-properties fo:break-before="page"/></style:style>`)
    .join('') +
  `<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="${TEXT_WIDTH_CM}cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.3cm"/></style:style>` +
  '<style:style style:name="TRow" style:family="table-row"><style:table-row-properties fo:keep-together="always"/></style:style>' +
  `<style:style style:name="TCell" style:family="table-cell"><style:table-cell-properties ${CELL}/></style:style>` +
  `<style:style style:name="THead" style:family="table-cell"><style:table-cell-properties fo:background-color="#e8e8e8" ${CELL}/></style:style>` +
  '<style:style style:name="T_strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>' +
  '<style:style style:name="T_em" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>' +
  '<style:style style:name="T_underline" style:family="text"><style:text-properties style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>' +
  '<style:style style:name="T_strike" style:family="text"><style:text-properties style:text-line-through-style="solid"/></style:style>' +
  '<style:style style:name="T_code" style:family="text"><style:text-properties style:font-name="Liberation Mono" fo:font-size="9pt" fo:hyphenate="false"/></style:style>' +
  '<style:style style:name="Img" style:family="graphic"><style:graphic-properties style:vertical-pos="top" style:vertical-rel="baseline" fo:border="none"/></style:style>' +
  '<text:list-style style:name="L_bullets">' +
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    .map((l) => `<text:list-level-style-bullet text:level="${l}" text:bullet-char="${['•', '◦', '▪'][(l - 1) % 3]}"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.45cm" fo:margin-left="${(0.63 * l).toFixed(2)}cm"/></style:list-level-properties></text:list-level-style-bullet>`)
    .join('') +
  '</text:list-style><text:list-style style:name="L_numbers">' +
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    .map((l) => `<text:list-level-style-number text:level="${l}" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.5cm" fo:margin-left="${(0.63 * l).toFixed(2)}cm"/></style:list-level-properties></text:list-level-style-number>`)
    .join('') +
  '</text:list-style>';

function paragraphStyle(name: string, display: string, paragraph: string, text: string, extra = ''): string {
  return `<style:style style:name="${name}" style:display-name="${display}" style:family="paragraph" style:parent-style-name="Standard" ${extra}><style:paragraph-properties ${paragraph}/><style:text-properties ${text}/></style:style>`;
}

function stylesXml(document: PrintDocument): string {
  const sizes = ['18pt', '14.5pt', '12.5pt', '11.5pt', '10.5pt', '10.5pt'];
  const headings = sizes
    .map((size, i) =>
      paragraphStyle(`Heading_20_${i + 1}`, `Heading ${i + 1}`, 'fo:margin-top="0.42cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"', `fo:font-size="${size}" fo:font-weight="bold" fo:hyphenate="false"`, `style:next-style-name="Text_20_body" style:default-outline-level="${i + 1}" style:class="text"`),
    )
    .join('');
  const contents = [1, 2, 3].map((l) => paragraphStyle(`Contents_20_${l}`, `Contents ${l}`, `fo:margin-left="${(l - 1) * 0.5}cm" fo:margin-bottom="0.1cm"`, '')).join('');
  const tabs = `<style:tab-stops><style:tab-stop style:position="${TEXT_WIDTH_CM}cm" style:type="right"/></style:tab-stops>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles ${NS}><office:font-face-decls>${FONTS}</office:font-face-decls><office:styles>` +
    '<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit" fo:orphans="2" fo:widows="2"/>' +
    '<style:text-properties style:font-name="Liberation Sans" fo:font-size="10.5pt" fo:language="de" fo:country="DE" fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/></style:default-style>' +
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>' +
    paragraphStyle('Text_20_body', 'Text body', 'fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="135%"', '') +
    paragraphStyle('Title', 'Title', 'fo:margin-bottom="0.3cm"', 'fo:font-size="22pt" fo:font-weight="bold" fo:hyphenate="false"') +
    paragraphStyle('Marking', 'Classification', 'fo:margin-bottom="0.3cm"', 'fo:font-weight="bold"') +
    paragraphStyle('Facts', 'Step facts', 'fo:margin-bottom="0.15cm"', 'fo:color="#333333"') +
    paragraphStyle('Center', 'Centered', 'fo:text-align="center"', '') +
    headings +
    paragraphStyle('Quotations', 'Quotations', 'fo:margin-left="0.5cm" fo:margin-bottom="0.2cm" fo:border-left="1.5pt solid #999999" fo:padding-left="0.3cm"', 'fo:color="#333333"') +
    paragraphStyle('Preformatted_20_Text', 'Preformatted Text', 'fo:background-color="#f3f3f3" fo:padding="0.15cm" fo:border="0.5pt solid #cccccc" fo:margin-bottom="0.2cm"', 'style:font-name="Liberation Mono" fo:font-size="9pt" fo:hyphenate="false"') +
    paragraphStyle('Task', 'Task', 'fo:margin-left="0.3cm" fo:margin-bottom="0.1cm"', '') +
    paragraphStyle('Task_20_body', 'Task body', 'fo:margin-left="0.8cm" fo:margin-bottom="0.1cm"', '') +
    paragraphStyle('Table_20_Contents', 'Table Contents', '', '') +
    paragraphStyle('Table_20_Heading', 'Table Heading', '', 'fo:font-weight="bold"') +
    paragraphStyle('Horizontal_20_Line', 'Horizontal Line', 'fo:border-bottom="0.5pt solid #999999" fo:margin-bottom="0.3cm"', '') +
    paragraphStyle('Contents_20_Heading', 'Contents Heading', 'fo:margin-top="0.4cm" fo:margin-bottom="0.2cm"', 'fo:font-size="14.5pt" fo:font-weight="bold"') +
    contents +
    paragraphStyle('Header', 'Header', '', 'fo:font-size="8pt"') +
    paragraphStyle('Footer', 'Footer', '', 'fo:font-size="8pt"') +
    '<style:style style:name="Internet_20_link" style:display-name="Internet link" style:family="text"><style:text-properties fo:color="#0b4f9c" style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"/></style:style>' +
    '</office:styles><office:automatic-styles>' +
    '<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1cm" fo:margin-bottom="1cm" fo:margin-left="2.2cm" fo:margin-right="1.8cm"/>' +
    '<style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.5cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>' +
    `<style:style style:name="HF" style:family="paragraph" style:parent-style-name="Header"><style:paragraph-properties>${tabs}</style:paragraph-properties></style:style>` +
    `<style:style style:name="FF" style:family="paragraph" style:parent-style-name="Footer"><style:paragraph-properties>${tabs}</style:paragraph-properties></style:style>` +
    '<style:style style:name="HB" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>' +
    '</office:automatic-styles><office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">' +
    `<style:header><text:p text:style-name="HF">${textXml(document.title)}<text:tab/><text:span text:style-name="HB">${textXml(document.marking)}</text:span></text:p></style:header>` +
    `<style:footer><text:p text:style-name="FF">Stand: ${textXml(document.date)} · ${textXml(document.version)}<text:tab/>Seite <text:page-number text:select-page="current">1</text:page-number> von <text:page-count>1</text:page-count></text:p></style:footer>` +
    '</style:master-page></office:master-styles></office:document-styles>'
  );
}

function metaXml(document: PrintDocument): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta ${NS}><office:meta><meta:generator>Stafette</meta:generator>` +
    `<dc:title>${xml(document.title)}</dc:title><dc:language>de-DE</dc:language><meta:user-defined meta:name="Klassifizierung">${xml(document.marking)}</meta:user-defined></office:meta></office:document-meta>`
  );
}

function manifestXml(ctx: Context): string {
  const pictures = [...ctx.pictures.values()]
    .map(({ path, image }) => `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="${image.type}"/>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">' +
    '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>' +
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>' +
    `<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>${pictures}</manifest:manifest>`
  );
}
