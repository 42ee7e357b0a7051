import fs from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractText, type ExtractResult } from '../../server/src/files/text/extract.ts';
import { textKindOf } from '../../server/src/files/text/kinds.ts';
import { docxFile, odsFile, odtFile, pdfFile, RICH, xlsxFile } from '../support/office-files.ts';

/**
 * Text extraction per format, at the module level (what the extraction worker runs): real
 * files built in the test, German text; encrypted, corrupt and inflating documents are
 * skipped with their reason instead of failing.
 */
const ok = (r: ExtractResult) => {
  if (r.status !== 'ok') throw new Error(`expected text, got ${r.status}: ${r.reason} (${r.detail})`);
  return r.text;
};

describe('text extraction', () => {
  it('reads the text of a PDF, page after page', async () => {
    const pdf = await pdfFile(['Die Straßenreinigungsgebühr beträgt 3,50 € je Meter Frontlänge.', ...Array.from({ length: 80 }, (_, i) => `Zeile ${i} über Öffnungszeiten`), 'Schlusswort der Kämmerei']);
    const text = ok(await extractText({ kind: 'pdf', bytes: pdf, maxChars: 100_000 }));
    expect(text).toContain('Straßenreinigungsgebühr beträgt 3,50 €');
    // The last line sits on the second page.
    expect(text).toContain('Schlusswort der Kämmerei');
  });

  it('reads a DOCX: headings, runs, lists, table cells and link texts', async () => {
    const text = ok(await extractText({ kind: 'docx', bytes: await docxFile(RICH), maxChars: 100_000 }));
    for (const part of [RICH.title, RICH.intro, RICH.bold, RICH.italic, ...RICH.bullets, ...RICH.numbered, 'bis 10 m²', RICH.link.text]) expect(text).toContain(part);
  });

  it('reads an ODT without the deleted text of tracked changes', async () => {
    const text = ok(await extractText({ kind: 'odf', bytes: odtFile({ ...RICH, paragraphs: ['Öffnungszeiten Bürgerbüro: montags 8–12 Uhr'] }), maxChars: 100_000 }));
    expect(text).toContain(RICH.title);
    expect(text).toContain('bis 10 m²');
    expect(text).toContain('Öffnungszeiten Bürgerbüro: montags 8–12 Uhr');

    const withChanges = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(
        '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>' +
          '<text:tracked-changes><text:changed-region><text:deletion><text:p>Gelöschter Entwurf</text:p></text:deletion></text:changed-region></text:tracked-changes>' +
          '<text:p>Gültige<text:s/>Fassung</text:p></office:text></office:body></office:document-content>',
      ),
    });
    const changed = ok(await extractText({ kind: 'odf', bytes: withChanges, maxChars: 1000 }));
    expect(changed).toBe('Gültige Fassung');
  });

  it('reads sheet names, strings and numbers of XLSX and ODS', async () => {
    const rows = [
      ['Leistung', 'Betrag'],
      ['Hundesteuer Ersthund', 96],
    ];
    const xlsx = ok(await extractText({ kind: 'xlsx', bytes: xlsxFile('Gebührenübersicht', rows), maxChars: 1000 }));
    expect(xlsx).toContain('Gebührenübersicht');
    expect(xlsx).toContain('Hundesteuer Ersthund');
    expect(xlsx).toContain('96');
    const ods = ok(await extractText({ kind: 'odf', bytes: odsFile('Gebühren', rows), maxChars: 1000 }));
    expect(ods).toContain('Hundesteuer Ersthund');
    expect(ods).toContain('96');
  });

  it('reads plain text in UTF-8 and in Windows-1252, and HTML without its scripts', async () => {
    expect(ok(await extractText({ kind: 'text', bytes: strToU8('\uFEFFMüllabfuhr: Straße A–Z'), maxChars: 100 }))).toBe('Müllabfuhr: Straße A–Z');
    const latin = Uint8Array.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0x61, 0x75, 0x73, 0x20, 0xd6, 0x73, 0x74, 0x65, 0x72, 0x72, 0x65, 0x69, 0x63, 0x68]);
    expect(ok(await extractText({ kind: 'text', bytes: latin, maxChars: 100 }))).toBe('Grüße aus Österreich');
    const html = '<html><head><title>Amt</title><script>var geheim = "Skriptinhalt";</script></head><body><p>Fundbüro &amp; Verlust</p></body></html>';
    const text = ok(await extractText({ kind: 'html', bytes: strToU8(html), maxChars: 1000 }));
    expect(text).toContain('Fundbüro & Verlust');
    expect(text).not.toContain('Skriptinhalt');
  });

  it('keeps at most maxChars characters and says so', async () => {
    const r = await extractText({ kind: 'text', bytes: strToU8('Wort '.repeat(10_000)), maxChars: 1000 });
    expect(r.status).toBe('ok');
    if (r.status === 'ok') {
      expect(r.truncated).toBe(true);
      expect(r.text.length).toBeLessThanOrEqual(1000);
    }
  });

  it('skips a password-protected PDF as encrypted', async () => {
    const bytes = new Uint8Array(fs.readFileSync(new URL('../fixtures/files/encrypted-de.pdf', import.meta.url)));
    const r = await extractText({ kind: 'pdf', bytes, maxChars: 1000 });
    expect(r).toMatchObject({ status: 'skipped', reason: 'encrypted' });
  });

  it('skips a corrupt DOCX and a corrupt PDF as corrupt', async () => {
    const docx = await docxFile(RICH);
    expect(await extractText({ kind: 'docx', bytes: docx.slice(0, Math.floor(docx.length / 2)), maxChars: 1000 })).toMatchObject({ status: 'skipped', reason: 'corrupt' });
    // A well-formed ZIP whose document part is not XML.
    const garbled = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document><w:body>kaputt') });
    expect(await extractText({ kind: 'docx', bytes: garbled, maxChars: 1000 })).toMatchObject({ status: 'skipped', reason: 'corrupt' });
    const pdf = await pdfFile(['kaputt']);
    expect(await extractText({ kind: 'pdf', bytes: pdf.slice(0, 300), maxChars: 1000 })).toMatchObject({ status: 'skipped', reason: 'corrupt' });
  });

  it('refuses a ZIP bomb from its directory, before inflating it', async () => {
    // 4 MB of zeros deflate to 4 kB; the directory then declares 300 MB, as a bomb's does.
    const zip = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    const bomb = declareSize(zip, 'content.xml', 300 * 1024 * 1024);
    expect(await extractText({ kind: 'odf', bytes: bomb, maxChars: 1000 })).toMatchObject({ status: 'skipped', reason: 'too-large' });
    expect(await extractText({ kind: 'xlsx', bytes: declareSize(xlsxFile('A', [['x']]), 'xl/sharedStrings.xml', 300 * 1024 * 1024), maxChars: 1000 })).toMatchObject({
      status: 'skipped',
      reason: 'too-large',
    });
  });

  it('says which files carry no text, and spots encrypted Office files by their container', () => {
    expect(textKindOf('application/pdf', 'a.pdf')).toBe('pdf');
    expect(textKindOf('text/plain; charset=utf-8', 'liste.txt')).toBe('text');
    expect(textKindOf('text/csv', 'liste.csv')).toBe('text');
    expect(textKindOf('image/png', 'foto.png')).toEqual({ skip: 'no-text' });
    expect(textKindOf('image/svg+xml', 'logo.svg')).toEqual({ skip: 'no-text' });
    expect(textKindOf('application/x-cfb', 'Vertrag.docx')).toEqual({ skip: 'encrypted' });
    expect(textKindOf('application/x-cfb', 'alt.doc')).toEqual({ skip: 'no-text' });
  });
});

/** The ZIP with the central directory's uncompressed size of `name` set to `size`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i < out.length - 46; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    if (Buffer.from(out.subarray(i + 46, i + 46 + nameLength)).toString() === name) {
      view.setUint32(i + 24, size, true);
      return out;
    }
  }
  throw new Error(`${name} not in the ZIP`);
}
