import { describe, expect, it } from 'vitest';
import type { PMNodeJSON } from './json.ts';
import { markdownToJSON } from './markdown-parser.ts';
import { docToMarkdown } from './markdown-serializer.ts';
import { richDoc } from './rich-doc.fixture.ts';
import { validateDocJSON } from './validate.ts';
import { yUpdateToJSON } from './ydoc-read.ts';
import { jsonToYUpdate } from './ydoc-write.ts';

const roundTrip = (markdown: string) => docToMarkdown(markdownToJSON(markdown));

function expectStable(markdown: string): PMNodeJSON {
  const json = markdownToJSON(markdown);
  expect(() => validateDocJSON(json)).not.toThrow();
  expect(markdownToJSON(docToMarkdown(json))).toEqual(json);
  return json;
}

const types = (json: PMNodeJSON): string[] => [json.type, ...(json.content ?? []).flatMap(types)];

describe('Markdown round trips', () => {
  it('keeps headings', () => {
    expect(roundTrip('# Eins\n\n## Zwei\n\n### Drei\n\n#### Vier')).toBe('# Eins\n\n## Zwei\n\n### Drei\n\n#### Vier');
  });

  it('keeps nested bullet lists and ordered lists with their start number', () => {
    const markdown = '- a\n  - b\n    - c\n- d\n\n7. sieben\n8. acht\n   1. innen';
    expect(roundTrip(markdown)).toBe(markdown);
    const json = expectStable(markdown);
    expect(json.content![1]!.attrs).toEqual({ order: 7 });
  });

  it('keeps tables with header row, inline marks and escaped pipes', () => {
    const markdown = '| Leistung | Gebühr |\n| --- | --- |\n| **Meldebescheinigung** | 10 € |\n| a \\| b | `x` |';
    expect(roundTrip(markdown)).toBe(markdown);
    const json = expectStable(markdown);
    const table = json.content![0]!;
    expect(table.type).toBe('table');
    expect(table.content![0]!.content!.map((c) => c.type)).toEqual(['table_header', 'table_header']);
    expect(table.content![1]!.content!.map((c) => c.type)).toEqual(['table_cell', 'table_cell']);
    expect(table.content![1]!.content![0]!.content![0]!.type).toBe('paragraph');
    expect(table.content![2]!.content![0]!.content![0]!.content![0]!.text).toBe('a | b');
  });

  it('keeps links with titles, autolinks, strike, code, emphasis', () => {
    const markdown =
      'Ein [Link](https://example.org/a "Titel"), <https://example.org>, ~~alt~~, `code`, *kursiv* und **fett**.';
    expect(roundTrip(markdown)).toBe(markdown);
  });

  it('keeps task items and their state', () => {
    const markdown = '- [ ] offen\n- [x] erledigt\n  - [ ] Unteraufgabe';
    expect(roundTrip(markdown)).toBe(markdown);
    const json = expectStable(markdown);
    const list = json.content![0]!;
    expect(list.type).toBe('task_list');
    expect(list.content!.map((item) => item.attrs!.checked)).toEqual([false, true]);
    expect(list.content![0]!.content![0]!.content![0]!.text).toBe('offen');
  });

  it('leaves a list that mixes tasks and plain items a bullet list', () => {
    const json = markdownToJSON('- [ ] Aufgabe\n- Punkt');
    expect(json.content![0]!.type).toBe('bullet_list');
    expect(json.content![0]!.content![0]!.content![0]!.content![0]!.text).toBe('[ ] Aufgabe');
  });

  it('keeps tables nested in list items and quotes', () => {
    const markdown = '- Punkt\n\n  | a | b |\n  | --- | --- |\n  | 1 | 2 |\n- weiter\n\n> | q |\n> | --- |\n> | z |';
    expect(roundTrip(markdown)).toBe(markdown);
    expectStable(markdown);
  });

  it('keeps fenced code with its language', () => {
    const markdown = '```typescript\nconst a = `x`;\n```\n\n````\n```\nnested\n```\n````';
    expect(roundTrip(markdown)).toBe(markdown);
    const json = markdownToJSON(markdown);
    expect(json.content![0]).toEqual({
      type: 'code_block',
      attrs: { language: 'typescript' },
      content: [{ type: 'text', text: 'const a = `x`;' }],
    });
  });

  it('keeps page and step links as readable links', () => {
    const markdown = 'Siehe [Meldebescheinigung](/pages/page-42) und [Antrag prüfen](/processes/proc-7/steps/Task_1).';
    expect(roundTrip(markdown)).toBe(markdown);
    const inline = markdownToJSON(markdown).content![0]!.content!;
    expect(inline[1]).toEqual({ type: 'page_link', attrs: { pageId: 'page-42', title: 'Meldebescheinigung' } });
    expect(inline[3]).toEqual({ type: 'step_link', attrs: { processId: 'proc-7', elementId: 'Task_1', label: 'Antrag prüfen' } });
  });

  it('round-trips the rich document through Markdown (underline has no Markdown form)', () => {
    const markdown = docToMarkdown(richDoc);
    expect(markdown).toContain('#### Details');
    expect(markdown).toContain('~~nicht~~');
    expect(markdown).toContain('- [x] Ausweis geprüft');
    expect(markdown).toContain('3. drei');
    expect(markdown).toContain('[Meldebescheinigung](/pages/page-42)');
    expect(markdown).toContain('[Antrag prüfen](/processes/proc-7/steps/Task_Pruefen)');
    expect(markdown).toContain('```sql\nSELECT 1;\nSELECT 2;\n```');
    expect(markdown).toContain('| Gebühr | Betrag |');
    expect(markdown).toContain('![Logo](/files/logo.png)');
    expect(roundTrip(markdown)).toBe(markdown);
  });
});

describe('Markdown import never fails', () => {
  it('folds h5 and h6 into level-4 headings', () => {
    const json = markdownToJSON('##### Fünf\n\n###### Sechs');
    expect(json.content!.map((n) => n.attrs)).toEqual([{ level: 4 }, { level: 4 }]);
  });

  it('keeps raw HTML, block and inline, as text', () => {
    const json = markdownToJSON('<div onclick="x()">\n<script>alert(1)</script>\n</div>\n\nText <b>fett</b> <img src=x onerror=alert(1)>');
    expect(types(json)).not.toContain('html_block');
    expect(json.content![0]!.content![0]!.text).toContain('<script>alert(1)</script>');
    expect(json.content![1]!.content![0]!.text).toBe('Text <b>fett</b> <img src=x onerror=alert(1)>');
    expect(docToMarkdown(json)).toContain('\\<script>');
  });

  it('keeps images, reference-style links and nested lists', () => {
    const json = expectStable(
      '![Plan](https://example.org/plan.png "Lageplan")\n\nDas [Formular][f] und [mehr][].\n\n[f]: https://example.org/formular\n[mehr]: /pages/mehr\n\n1. a\n   - b\n     1. c',
    );
    expect(json.content![0]!.content![0]).toEqual({
      type: 'image',
      attrs: { src: 'https://example.org/plan.png', alt: 'Plan', title: 'Lageplan' },
    });
    const links = json.content![1]!.content!;
    expect(links[1]!.marks).toEqual([{ type: 'link', attrs: { href: 'https://example.org/formular', title: null } }]);
    expect(links[3]).toEqual({ type: 'page_link', attrs: { pageId: 'mehr', title: 'mehr' } });
    expect(types(json.content![2]!)).toEqual([
      'ordered_list', 'list_item', 'paragraph', 'text', 'bullet_list', 'list_item', 'paragraph', 'text',
      'ordered_list', 'list_item', 'paragraph', 'text',
    ]);
  });

  it('keeps unsafe link targets and image sources as text', () => {
    const json = markdownToJSON('[klick](javascript:alert(1)) ![x](data:image/svg+xml;base64,AAAA) ![t](mailto:a@b)');
    expect(() => validateDocJSON(json)).not.toThrow();
    const inline = json.content![0]!.content!;
    expect(inline.every((n) => n.type === 'text' && !n.marks)).toBe(true);
  });

  it('handles empty input, blocks inside tables and list items, and odd structures', () => {
    const samples = [
      '',
      '   ',
      '-',
      '1.',
      '- # Überschrift im Punkt',
      '- ```\n  code\n  ```',
      '> - [x] zitierte Aufgabe',
      '| a | b |\n|---|---|\n| nur eins |',
      '| a |\n|---|\n| ![i](/i.png) **b** <br> c |',
      '***\n___\n---',
      'Zeile  \nmit Umbruch\\\nund noch einer',
      '[leer]()',
      '[]()',
      '&amp; &lt;x&gt; &#x26; &copy;',
      '    eingerückter Code',
      '<!-- Kommentar -->',
      'www.example.org und https://example.org/pfad',
      '* [ ]',
      '- [ ] \n- [x]',
      '0. null\n1. eins',
      '| a |\n|:-:|\n',
      '***fett kursiv*** ~~**beides**~~',
      '[Seite](/pages/) [Schritt](/processes/p/steps/)',
    ];
    for (const sample of samples) {
      const json = markdownToJSON(sample);
      expect(() => validateDocJSON(json), sample).not.toThrow();
      expect(() => docToMarkdown(json), sample).not.toThrow();
    }
  });

  it('drops marks on inline nodes, which Yjs does not store (a linked image keeps only the image)', () => {
    const json = markdownToJSON('[![Logo](/logo.png)](https://example.org) *a  \nb*');
    const inline = json.content![0]!.content!;
    expect(inline[0]).toEqual({ type: 'image', attrs: { src: '/logo.png', alt: 'Logo', title: null } });
    expect(inline.find((n) => n.type === 'hard_break')).toEqual({ type: 'hard_break' });
    expect(yUpdateToJSON(jsonToYUpdate(json))).toEqual(json);
  });

  it('parses 0-based ordered lists and line breaks', () => {
    expect(markdownToJSON('0. null\n1. eins').content![0]!.attrs).toEqual({ order: 0 });
    const inline = markdownToJSON('a  \nb').content![0]!.content!;
    expect(inline.map((n) => n.type)).toEqual(['text', 'hard_break', 'text']);
  });
});

describe('Markdown import on generated input', () => {
  it('accepts 3000 random mixes of Markdown syntax and keeps each equal to its Yjs round trip', () => {
    const pieces = [
      '#', '#####', ' ', '\n', '\n\n', '- ', '* ', '1. ', '0) ', '[ ] ', '[x] ', '|', '---', ':-:', '`', '```', '~~',
      '**', '_', '[', ']', '(', ')', '![', '/pages/', '/processes/a/steps/', 'javascript:', 'http://x', '<', '>',
      '&amp;', 'Text', 'ä', '  ', '\\', '<div>', '\t', '[a]: /pages/z\n', '[a]', '<script>',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const failures: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let markdown = '';
      const length = 1 + Math.floor(random() * 30);
      for (let j = 0; j < length; j++) markdown += pieces[Math.floor(random() * pieces.length)];
      try {
        const json = markdownToJSON(markdown);
        validateDocJSON(json);
        docToMarkdown(json);
        if (JSON.stringify(yUpdateToJSON(jsonToYUpdate(json))) !== JSON.stringify(json)) failures.push(markdown);
      } catch (error) {
        failures.push(`${JSON.stringify(markdown)}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
