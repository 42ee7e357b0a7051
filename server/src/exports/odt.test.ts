import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { PMNodeJSON } from '@stafette/schema';
import { writeOdt } from './odt.ts';
import type { PrintDocument } from './print-document.ts';

const cell = (text: string, attrs: Record<string, unknown> = {}, type = 'table_cell'): PMNodeJSON => ({ type, attrs, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

function contentOf(doc: PMNodeJSON): string {
  const document: PrintDocument = { title: 'T', marking: 'Klassifizierung: Intern', version: 'Version 1', date: '05.12.2026', toc: false, sections: [{ title: 'T', depth: 0, doc }], images: new Map() };
  return strFromU8(unzipSync(new Uint8Array(writeOdt(document)))['content.xml']!);
}

describe('ODT tables', () => {
  it('writes merged cells with covered cells to their right and below, so every row has the full width', () => {
    const xml = contentOf({
      type: 'doc',
      content: [
        {
          type: 'table',
          content: [
            { type: 'table_row', content: [cell('Frist', {}, 'table_header'), cell('Zuständig', { colspan: 2 }, 'table_header')] },
            { type: 'table_row', content: [cell('14 Tage', { rowspan: 2 }), cell('Amt'), cell('Sachgebiet')] },
            { type: 'table_row', content: [cell('Leitung'), cell('Vertretung')] },
          ],
        },
      ],
    });
    const rows = [...xml.matchAll(/<table:table-row [^>]*>(.*?)<\/table:table-row>/g)].map((m) => m[1]!);
    expect(rows).toHaveLength(3);
    const positions = (row: string) => (row.match(/<table:(table-cell|covered-table-cell)\b/g) ?? []).length;
    expect(rows.map(positions)).toEqual([3, 3, 3]);
    expect(rows[0]).toContain('table:number-columns-spanned="2"');
    expect(rows[1]).toContain('table:number-rows-spanned="2"');
    expect(rows[2]!.startsWith('<table:covered-table-cell/>')).toBe(true);
    expect(xml).toContain('<table:table-column table:number-columns-repeated="3"/>');
  });

  it('keeps what a page could hold but XML cannot out of the file', () => {
    const xml = contentOf({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a\u0001b <c> & "d"' }] }] });
    expect(xml).toContain('ab &lt;c&gt; &amp; &quot;d&quot;');
  });
});
