import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import type { TestApp } from '../support/test-app.ts';
import type { Client } from '../support/test-app.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestApp } from '../support/test-app.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { FileOptions } from '../../server/src/files/options.ts';
import type { Backend } from '../support/databases.ts';

/** Real files of the kinds a municipality uploads, made here (no binary fixtures in the repository). */
export async function pdf(text = 'Antrag auf Erteilung einer Sondernutzungserlaubnis'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save());
}

export async function docx(text = 'Dienstanweisung Fundsachen'): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [new Paragraph({ text, heading: HeadingLevel.HEADING_1 }), new Paragraph('Fundsachen werden sieben Tage verwahrt.')] }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** An OpenDocument text: `mimetype` stored first and uncompressed, as the format requires. */
export function odt(text = 'Vermerk zur Baustellenbegehung'): Buffer {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:p>${text}</text:p></office:text></office:body></office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  return Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(content),
      'META-INF/manifest.xml': strToU8(manifest),
    }),
  );
}

/** A minimal Office Open XML workbook with one sheet. */
export function xlsx(): Buffer {
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const wb = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Gebühren" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Gebühr</t></is></c><c r="B1"><v>25</v></c></row></sheetData></worksheet>`;
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(ct),
      '_rels/.rels': strToU8(rels),
      'xl/workbook.xml': strToU8(wb),
      'xl/_rels/workbook.xml.rels': strToU8(wbRels),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    }),
  );
}

export function zip(): Buffer {
  return Buffer.from(zipSync({ 'liesmich.txt': strToU8('Formulare 2026') }));
}

/** A field photo: 40×20 pixels stored sideways (EXIF orientation 6), with camera make and GPS position. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: '#b22222' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Feldkamera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export function png(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 90, b: 160, alpha: 1 } } }).png().toBuffer();
}

export const svgWithScript = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("/api/v1/users")</script><rect width="10" height="10"/></svg>';
export const html = '<!doctype html><html><body><script>document.cookie</script><p>Hallo</p></body></html>';

/** A multipart/form-data body with one file in `field`. */
export function multipart(fileName: string, content: Buffer | string, field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----stafette${Math.random().toString(16).slice(2)}`;
  const quoted = fileName.replace(/"/g, '%22');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Uploads a file to a page through the API. */
export function upload(client: Client, pageId: string, fileName: string, content: Buffer | string, field = 'file') {
  const { body, contentType } = multipart(fileName, content, field);
  return client.post(`/api/v1/pages/${pageId}/attachments`, body, { headers: { 'content-type': contentType } });
}

/** A test app whose files go to a temporary data directory, with the given file options. */
export async function createFilesApp(backend: Backend, files: Partial<FileOptions> = {}): Promise<TestApp & { dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-files-'));
  const defaults = loadConfig({});
  const t = await createTestApp(backend, { dataDir, files: { ...defaults.files, sweepIntervalMs: 0, ...files } });
  const closeApp = t.close;
  return Object.assign(t, {
    dataDir,
    async close() {
      await closeApp();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
