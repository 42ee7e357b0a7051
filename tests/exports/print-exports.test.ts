import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createPage, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createFilesApp, png, upload } from '../files/samples.ts';
import { docxHtml, readPdf, text, unzip, zipEntries } from './read-exports.ts';

// Print exports of pages and subtrees (PDF, DOCX, ODT), read back with real parsers.
describe.each(backends)('print exports on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let reader: UserClient;
  let spaceId: string;
  let rootId: string;
  let childIds: string[];

  const body = (imageId: string) =>
    [
      '# Ablauf',
      '',
      'Der Antrag wird „sorgfältig“ geprüft, siehe [Satzung](https://example.org/satzung).',
      '',
      'Die Straßenverkehrsbehörde prüft Sondernutzungserlaubnisse nach der Verwaltungsgebührenordnung; '.repeat(4),
      '',
      '- erster Punkt',
      '- zweiter Punkt',
      '',
      '1. Eingang',
      '2. Prüfung',
      '',
      '- [x] Unterlagen vollständig',
      '- [ ] Gebühr bezahlt',
      '',
      '| Frist | Zuständig |',
      '| --- | --- |',
      '| 14 Tage | Sachbearbeitung |',
      '| 4 Wochen | Amtsleitung |',
      '',
      '> Hinweis: Nur mit Unterschrift.',
      '',
      '```',
      'Aktenzeichen  32-101',
      '```',
      '',
      `![Stadtwappen](/api/v1/attachments/${imageId})`,
      '',
    ].join('\n');

  beforeAll(async () => {
    t = await createFilesApp(backend);
    owner = await t.userClient();
    reader = await t.userClient();
    spaceId = await seedSpace(t.database.db, { name: 'Bürgeramt', owners: [owner], readers: [reader] });
    rootId = await createPage(owner, spaceId, 'Sondernutzung');
    const image = (await upload(owner, rootId, 'wappen.png', await png(300, 150))).json();
    expect((await owner.put(`/api/v1/pages/${rootId}/content`, { markdown: body(image.id) })).statusCode).toBe(200);
    childIds = [];
    for (const title of ['Antrag prüfen', 'Bescheid schreiben']) {
      const id = await createPage(owner, spaceId, title, rootId);
      expect((await owner.put(`/api/v1/pages/${id}/content`, { markdown: `## ${title}\n\nText zu ${title}.\n` })).statusCode).toBe(200);
      childIds.push(id);
    }
  }, 60_000);
  afterAll(() => t?.close());

  it('writes a DOCX with headings, lists, a table with a repeating header row, the image and the classification header', async () => {
    const res = await owner.get(`/api/v1/pages/${rootId}/export?format=docx`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain('Sondernutzung.docx');
    const html = await docxHtml(res.rawPayload);
    expect(html).toMatch(/<h1>(<a id="part-0"><\/a>)?Sondernutzung<\/h1>/);
    expect(html).toContain('<h2>Ablauf</h2>');
    expect(html).toContain('„sorgfältig“');
    expect(html).toMatch(/<table><thead><tr><th><p>Frist<\/p><\/th><th><p>Zuständig<\/p><\/th><\/tr><\/thead><tbody><tr><td><p>14 Tage<\/p><\/td>/);
    expect(html).toContain('<a href="https://example.org/satzung">Satzung</a>');
    expect(html).toMatch(/<img [^>]*src="data:image\/png;base64,/);
    expect(html).toContain('☑ Unterlagen vollständig');
    const files = unzip(res.rawPayload);
    const document = text(files, 'word/document.xml');
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toContain('<w:cantSplit/>');
    const header = Object.keys(files).filter((n) => /^word\/header\d*\.xml$/.test(n)).map((n) => text(files, n)).join('');
    expect(header).toContain('Klassifizierung: Intern');
    const footer = Object.keys(files).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map((n) => text(files, n)).join('');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
    expect(text(files, 'word/settings.xml')).toContain('autoHyphenation');
  }, 60_000);

  it('writes an ODT: mimetype first and stored, headings, table header rows, the image and the classification in the page header', async () => {
    const res = await owner.get(`/api/v1/pages/${rootId}/export?format=odt`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.oasis.opendocument.text');
    const { names, firstMethod } = zipEntries(res.rawPayload);
    expect(names[0]).toBe('mimetype');
    expect(firstMethod).toBe(0);
    const files = unzip(res.rawPayload);
    expect(text(files, 'mimetype')).toBe('application/vnd.oasis.opendocument.text');
    const content = text(files, 'content.xml');
    expect(content).toMatch(/<text:h text:style-name="Heading_20_1" text:outline-level="1">.*Sondernutzung<\/text:h>/);
    expect(content).toContain('text:outline-level="2">Ablauf</text:h>');
    const headerRows = /<table:table-header-rows>(.*?)<\/table:table-header-rows>/.exec(content)?.[1] ?? '';
    expect(headerRows).toContain('Frist');
    expect(headerRows).not.toContain('14 Tage');
    expect(content).toMatch(/<\/table:table-header-rows><table:table-row[^>]*>.*?14 Tage/);
    expect(content).toContain('„sorgfältig“');
    expect(content).toContain('xlink:href="https://example.org/satzung"');
    expect(content).toContain('Aktenzeichen <text:s text:c="1"/>32-101');
    const picture = /xlink:href="(Pictures\/[^"]+)"/.exec(content)?.[1];
    expect(picture).toBeDefined();
    expect([...files[picture!]!.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(text(files, 'META-INF/manifest.xml')).toContain(picture!);
    const styles = text(files, 'styles.xml');
    expect(styles).toContain('Klassifizierung: Intern');
    expect(styles).toContain('<text:page-count>');
    expect(styles).toContain('fo:language="de"');
  }, 60_000);

  it('prints a PDF with real text, live links, embedded fonts, header and footer', async () => {
    const res = await owner.get(`/api/v1/pages/${rootId}/export?format=pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    const all = pdf.texts.join(' ');
    expect(all).toContain('Sondernutzung');
    expect(all).toContain('Klassifizierung: Intern');
    expect(all).toContain('„sorgfältig“');
    expect(all).toContain('Sachbearbeitung');
    expect(all).toMatch(/Seite 1 von \d/);
    // German hyphenation: some line ends in a hyphen inside a word, continued in lower case.
    expect(all).toMatch(/\p{Ll}[‐-] \p{Ll}/u);
    expect(pdf.links).toContain('https://example.org/satzung');
    expect(pdf.fonts.length).toBeGreaterThan(0);
    expect(pdf.fonts.filter((f) => !f.embedded)).toEqual([]);
  }, 120_000);

  it('exports a subtree as one document with a table of contents, each page on its own page', async () => {
    const res = await owner.get(`/api/v1/pages/${rootId}/export?format=pdf&subtree=true`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const pdf = await readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(4);
    expect(pdf.texts[0]).toContain('Inhalt');
    for (const title of ['Sondernutzung', 'Antrag prüfen', 'Bescheid schreiben']) expect(pdf.texts[0]).toContain(title);
    // The table of contents names the page each part starts on, and that page shows it.
    const entry = /Bescheid schreiben\s*(\d+)/.exec(pdf.texts[0]!);
    expect(entry, pdf.texts[0]).not.toBeNull();
    expect(pdf.texts[Number(entry![1]) - 1]).toContain('Text zu Bescheid schreiben');
    expect(pdf.texts.at(-1)).toContain('Text zu Bescheid schreiben');

    const odt = await owner.get(`/api/v1/pages/${rootId}/export?format=odt&subtree=true`);
    const content = text(unzip(odt.rawPayload), 'content.xml');
    expect(content).toContain('<text:table-of-content');
    expect(content.indexOf('Antrag prüfen</text:h>')).toBeLessThan(content.indexOf('Bescheid schreiben</text:h>'));

    const docx = await docxHtml((await owner.get(`/api/v1/pages/${rootId}/export?format=docx&subtree=true`)).rawPayload);
    expect(docx).toMatch(/Inhalt.*Antrag prüfen.*Bescheid schreiben.*<h2>(<a id="part-1"><\/a>)?Antrag prüfen<\/h2>.*<h2>(<a id="part-2"><\/a>)?Bescheid schreiben<\/h2>/s);
  }, 120_000);

  it('refuses a subtree with a confidential page to a reader, lets the owner export it marked with the highest level', async () => {
    expect((await owner.patch(`/api/v1/pages/${childIds[1]}`, { classification: 'vertraulich' })).statusCode).toBe(200);
    const refused = await reader.get(`/api/v1/pages/${rootId}/export?format=docx&subtree=true`);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().type).toBe('urn:stafette:problem:classification-export-denied');
    // The page alone (internal) still leaves.
    expect((await reader.get(`/api/v1/pages/${rootId}/export?format=odt`)).statusCode).toBe(200);
    const allowed = await owner.get(`/api/v1/pages/${rootId}/export?format=odt&subtree=true`);
    expect(allowed.statusCode).toBe(200);
    expect(text(unzip(allowed.rawPayload), 'styles.xml')).toContain('Klassifizierung: Vertraulich');
    const audited = await t.database.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'page.export').where('target_id', '=', childIds[1]!).execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('answers an unknown format with a validation problem', async () => {
    const res = await owner.get(`/api/v1/pages/${rootId}/export?format=rtf`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
