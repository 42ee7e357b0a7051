/**
 * Real office documents built in the test, for text extraction, search and import: PDF
 * (pdf-lib), DOCX (docx), ODT, ODS and XLSX (their XML parts zipped with fflate, the way
 * LibreOffice and Excel lay them out). German text throughout, umlauts and ß included.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';

/** A 2×2 red PNG. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64'),
);

/** A PDF with the paragraphs as text, wrapped onto as many A4 pages as they need. */
export async function pdfFile(paragraphs: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const size = 11;
  // The standard fonts speak WinAnsi: other characters (arrows, emoji) become spaces.
  const lines = paragraphs.flatMap((p) => [...wrap(p.replace(/[^\x20-\x7e\xa0-\xff€–—„“”‚‘’•…]/g, ' '), 90), '']);
  for (let i = 0; i < lines.length; i += 60) {
    const page = doc.addPage([595, 842]);
    lines.slice(i, i + 60).forEach((line, n) => page.drawText(line, { x: 40, y: 800 - n * 12.5, size, font }));
  }
  return doc.save();
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

export interface RichDocument {
  title: string;
  intro: string;
  bold: string;
  italic: string;
  bullets: string[];
  numbered: string[];
  table: string[][];
  link: { text: string; href: string };
  image?: { png: Uint8Array; alt: string };
  paragraphs?: string[];
}

/** The document the import tests use: every structure the import keeps. */
export const RICH: RichDocument = {
  title: 'Sondernutzung öffentlicher Straßen',
  intro: 'Wer Gehwege für Tische und Stühle nutzen möchte, braucht eine Erlaubnis.',
  bold: 'Antrag spätestens zwei Wochen vorher',
  italic: 'gebührenpflichtig',
  bullets: ['Lageplan beifügen', 'Haftpflichtversicherung nachweisen'],
  numbered: ['Antrag prüfen', 'Gebühr festsetzen'],
  table: [
    ['Fläche', 'Gebühr'],
    ['bis 10 m²', '25 €'],
  ],
  link: { text: 'Satzung der Stadt', href: 'https://www.musterstadt.de/satzung' },
  image: { png: TINY_PNG, alt: 'Lageplan Marktplatz' },
};

/** A DOCX (Word) file of the document. */
export async function docxFile(d: RichDocument): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: d.title, heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: d.intro }),
    new Paragraph({ text: 'Fristen', heading: HeadingLevel.HEADING_2 }),
    new Paragraph({ children: [new TextRun({ text: d.bold, bold: true }), new TextRun(' und '), new TextRun({ text: d.italic, italics: true })] }),
    ...d.bullets.map((text) => new Paragraph({ text, bullet: { level: 0 } })),
    ...d.numbered.map((text) => new Paragraph({ text, numbering: { reference: 'schritte', level: 0 } })),
    new Table({ rows: d.table.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })) }),
    new Paragraph({ children: [new TextRun('Siehe '), new ExternalHyperlink({ link: d.link.href, children: [new TextRun({ text: d.link.text, style: 'Hyperlink' })] })] }),
    ...(d.paragraphs ?? []).map((text) => new Paragraph({ text })),
  ];
  if (d.image) {
    children.push(
      new Paragraph({
        children: [new ImageRun({ type: 'png', data: d.image.png, transformation: { width: 40, height: 40 }, altText: { name: 'Bild', title: d.image.alt, description: d.image.alt } })],
      }),
    );
  }
  const doc = new Document({
    numbering: { config: [{ reference: 'schritte', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
    sections: [{ children }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"';

function odfPackage(mimetype: string, content: string, extra: Zippable = {}): Uint8Array {
  const manifestEntries = Object.keys(extra)
    .map((p) => `<manifest:file-entry manifest:full-path="${p}" manifest:media-type="image/png"/>`)
    .join('');
  return zipSync(
    {
      // The mimetype entry comes first and uncompressed: that is how readers (and file-type) know the format.
      mimetype: [strToU8(mimetype), { level: 0 }],
      'META-INF/manifest.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
          `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>${manifestEntries}</manifest:manifest>`,
      ),
      'content.xml': strToU8(content),
      ...extra,
    },
    { level: 6 },
  );
}

/** An ODT (LibreOffice Writer) file of the document. */
export function odtFile(d: RichDocument): Uint8Array {
  const p = (text: string, style = 'Standard') => `<text:p text:style-name="${style}">${xmlEscape(text)}</text:p>`;
  const body = [
    `<text:h text:outline-level="1">${xmlEscape(d.title)}</text:h>`,
    p(d.intro),
    `<text:h text:outline-level="2">Fristen</text:h>`,
    `<text:p><text:span text:style-name="T1">${xmlEscape(d.bold)}</text:span> und <text:span text:style-name="T2">${xmlEscape(d.italic)}</text:span></text:p>`,
    `<text:list text:style-name="L1">${d.bullets.map((b) => `<text:list-item>${p(b)}</text:list-item>`).join('')}</text:list>`,
    `<text:list text:style-name="L2">${d.numbered.map((b) => `<text:list-item>${p(b)}</text:list-item>`).join('')}</text:list>`,
    `<table:table table:name="Tabelle1"><table:table-column table:number-columns-repeated="${d.table[0]!.length}"/>` +
      d.table.map((row) => `<table:table-row>${row.map((c) => `<table:table-cell office:value-type="string">${p(c)}</table:table-cell>`).join('')}</table:table-row>`).join('') +
      `</table:table>`,
    `<text:p>Siehe <text:a xlink:type="simple" xlink:href="${xmlEscape(d.link.href)}">${xmlEscape(d.link.text)}</text:a></text:p>`,
    ...(d.paragraphs ?? []).map((t) => p(t)),
    d.image
      ? `<text:p><draw:frame draw:name="Bild1" svg:width="1cm" svg:height="1cm"><draw:image xlink:href="Pictures/bild1.png" xlink:type="simple"/><svg:title>${xmlEscape(d.image.alt)}</svg:title></draw:frame></text:p>`
      : '',
  ].join('');
  const content =
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS}><office:automatic-styles>` +
    `<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>` +
    `<style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>` +
    `<text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>` +
    `<text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="1"/></text:list-style>` +
    `</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  return odfPackage('application/vnd.oasis.opendocument.text', content, d.image ? { 'Pictures/bild1.png': [d.image.png, { level: 0 }] } : {});
}

/** An ODS (LibreOffice Calc) file with one sheet of these rows. */
export function odsFile(sheet: string, rows: readonly (readonly (string | number)[])[]): Uint8Array {
  const cell = (v: string | number) =>
    typeof v === 'number'
      ? `<table:table-cell office:value-type="float" office:value="${v}"><text:p>${v}</text:p></table:table-cell>`
      : `<table:table-cell office:value-type="string"><text:p>${xmlEscape(v)}</text:p></table:table-cell>`;
  const content =
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS}><office:body><office:spreadsheet>` +
    `<table:table table:name="${xmlEscape(sheet)}">${rows.map((r) => `<table:table-row>${r.map(cell).join('')}</table:table-row>`).join('')}</table:table>` +
    `</office:spreadsheet></office:body></office:document-content>`;
  return odfPackage('application/vnd.oasis.opendocument.spreadsheet', content);
}

/** An XLSX (Excel) file with one sheet of these rows: strings shared, numbers as values. */
export function xlsxFile(sheet: string, rows: readonly (readonly (string | number)[])[]): Uint8Array {
  const strings: string[] = [];
  const index = (s: string) => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const col = (n: number) => String.fromCharCode(65 + n);
  const sheetXml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
    rows
      .map(
        (r, y) =>
          `<row r="${y + 1}">${r
            .map((v, x) => (typeof v === 'number' ? `<c r="${col(x)}${y + 1}"><v>${v}</v></c>` : `<c r="${col(x)}${y + 1}" t="s"><v>${index(v)}</v></c>`))
            .join('')}</row>`,
      )
      .join('') +
    `</sheetData></worksheet>`;
  const shared =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t>${xmlEscape(s)}</t></si>`).join('') +
    `</sst>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
          `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
          `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
      ),
      '_rels/.rels': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      'xl/workbook.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
          `<sheets><sheet name="${xmlEscape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml),
      'xl/sharedStrings.xml': strToU8(shared),
    },
    { level: 6 },
  );
}
