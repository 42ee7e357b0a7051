import { describe, expect, it } from 'vitest';
import { docToHeadings } from './headings.ts';
import { docToLinks } from './links.ts';
import { markdownToJSON } from './markdown-parser.ts';
import { richDoc } from './rich-doc.fixture.ts';
import { docToText } from './text.ts';

describe('docToText', () => {
  it('writes one line per textblock and reads atoms as their display text', () => {
    expect(docToText(richDoc)).toBe(
      [
        'Anmeldung',
        'Details',
        'Bitte immer und sofort nicht § 17 BMG lesen: BMG oder ',
        'Meldebescheinigung dann Antrag prüfenLogoAntrag.pdf@Karl',
        'eins',
        'eins.a',
        'drei',
        'Ausweis geprüft',
        'Gebühr kassiert',
        'Zitat',
        'SELECT 1;\nSELECT 2;',
        'Gebühr',
        'Betrag',
        'Bescheinigung',
        '10 €',
      ].join('\n'),
    );
  });

  it('keeps text of unknown nodes and tolerates an empty doc', () => {
    expect(docToText({ type: 'doc', content: [{ type: 'future_box', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'drin' }] }] }] })).toBe('drin');
    expect(docToText({ type: 'doc' })).toBe('');
  });
});

describe('docToHeadings', () => {
  it('lists headings in order with level and text', () => {
    expect(docToHeadings(richDoc)).toEqual([
      { level: 1, text: 'Anmeldung' },
      { level: 4, text: 'Details' },
    ]);
  });

  it('finds headings nested in quotes and reads folded h5/h6 as level 4', () => {
    const json = markdownToJSON('> ## In *Zitat*\n\n###### Ganz tief\n\nText');
    expect(docToHeadings(json)).toEqual([
      { level: 2, text: 'In Zitat' },
      { level: 4, text: 'Ganz tief' },
    ]);
  });
});

describe('docToLinks', () => {
  it('collects page and step atoms', () => {
    expect(docToLinks(richDoc)).toEqual({
      pageIds: ['page-42'],
      steps: [{ processId: 'proc-7', elementId: 'Task_Pruefen' }],
    });
  });

  it('also counts ordinary links to page and step paths, each target once, in order', () => {
    const json = {
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: '/pages/b', title: null } }] },
            { type: 'page_link', attrs: { pageId: 'a', title: '' } },
            { type: 'page_link', attrs: { pageId: 'b', title: '' } },
            { type: 'text', text: 'c', marks: [{ type: 'link', attrs: { href: '/processes/p/steps/e', title: null } }] },
            { type: 'step_link', attrs: { processId: 'p', elementId: 'e', label: '' } },
            { type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://example.org/pages/z', title: null } }] },
          ],
        },
      ],
    };
    expect(docToLinks(json)).toEqual({ pageIds: ['b', 'a'], steps: [{ processId: 'p', elementId: 'e' }] });
  });

  it('finds links written in Markdown', () => {
    const json = markdownToJSON('Siehe [Meldeamt](/pages/melde-1) und [Prüfen](/processes/bau/steps/Task_2).\n\n| a |\n|---|\n| [x](/pages/t) |');
    expect(docToLinks(json)).toEqual({ pageIds: ['melde-1', 't'], steps: [{ processId: 'bau', elementId: 'Task_2' }] });
  });
});
