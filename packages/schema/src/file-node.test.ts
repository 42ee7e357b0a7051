import { describe, expect, it } from 'vitest';
import { docToHtml } from './html.ts';
import { docToMarkdown } from './markdown-serializer.ts';
import { docToText } from './text.ts';
import { validateDocJSON } from './validate.ts';

const ID = '0b6c2c1e-7d1a-4a55-9a8e-3f3f0c0a1b2c';
const doc = {
  type: 'doc',
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Formular: ' },
        { type: 'file', attrs: { attachmentId: ID, name: 'Antrag <neu>.pdf', size: 2048, type: 'application/pdf' } },
        { type: 'image', attrs: { src: `/api/v1/attachments/${ID}`, alt: 'Lageplan', title: null } },
      ],
    },
  ],
};

describe('file card node', () => {
  it('is part of the schema and refuses an id that is not a UUID', () => {
    expect(() => validateDocJSON(doc)).not.toThrow();
    const bad = structuredClone(doc);
    (bad.content[0]!.content[1]!.attrs as Record<string, unknown>).attachmentId = '../../x';
    expect(() => validateDocJSON(bad)).toThrow();
  });

  it('exports as a download link in HTML and a link in Markdown; its name is its text', () => {
    expect(docToHtml(doc)).toContain(`<a href="/api/v1/attachments/${ID}" class="file-card" download="" data-attachment-id="${ID}" data-name="Antrag &lt;neu&gt;.pdf" data-size="2048" data-type="application/pdf">Antrag &lt;neu&gt;.pdf</a>`);
    expect(docToHtml(doc)).toContain(`<img src="/api/v1/attachments/${ID}" alt="Lageplan">`);
    expect(docToMarkdown(doc)).toContain(`(/api/v1/attachments/${ID})`);
    expect(docToText(doc)).toContain('Antrag <neu>.pdf');
  });
});
