/**
 * A page body that uses every node type, every mark and every non-default attribute of the
 * schema; shared by the tests.
 */
import type { PMNodeJSON } from './json.ts';

const text = (value: string, ...marks: PMNodeJSON['marks'] & object): PMNodeJSON =>
  marks.length ? { type: 'text', text: value, marks } : { type: 'text', text: value };
const paragraph = (...content: PMNodeJSON[]): PMNodeJSON => ({ type: 'paragraph', content });
const cell = (type: 'table_cell' | 'table_header', value: string, attrs: Record<string, unknown> = {}): PMNodeJSON => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null, ...attrs },
  content: [paragraph(text(value))],
});

export const richDoc: PMNodeJSON = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1 }, content: [text('Anmeldung')] },
    { type: 'heading', attrs: { level: 4 }, content: [text('Details')] },
    paragraph(
      text('Bitte '),
      text('immer', { type: 'strong' }),
      text(' und '),
      text('sofort', { type: 'em' }, { type: 'underline' }),
      text(' '),
      text('nicht', { type: 'strike' }),
      text(' '),
      text('§ 17 BMG', { type: 'code' }),
      text(' lesen: '),
      text('BMG', { type: 'link', attrs: { href: 'https://www.gesetze-im-internet.de/bmg/', title: 'Gesetz' } }),
      text(' oder ', { type: 'link', attrs: { href: 'mailto:amt@example.org', title: null } }, { type: 'strong' }),
      { type: 'hard_break' },
      { type: 'page_link', attrs: { pageId: 'page-42', title: 'Meldebescheinigung' } },
      text(' dann '),
      { type: 'step_link', attrs: { processId: 'proc-7', elementId: 'Task_Pruefen', label: 'Antrag prüfen' } },
      { type: 'image', attrs: { src: '/files/logo.png', alt: 'Logo', title: null } },
      { type: 'file', attrs: { attachmentId: '0b6c2c1e-7d1a-4a55-9a8e-3f3f0c0a1b2c', name: 'Antrag.pdf', size: 2048, type: 'application/pdf' } },
      { type: 'mention', attrs: { id: '0b7c3a52-4a53-4a5e-9d56-1f0e7f3b2c11', label: 'Karl' } },
    ),
    {
      type: 'bullet_list',
      content: [
        {
          type: 'list_item',
          content: [
            paragraph(text('eins')),
            { type: 'bullet_list', content: [{ type: 'list_item', content: [paragraph(text('eins.a'))] }] },
          ],
        },
      ],
    },
    { type: 'ordered_list', attrs: { order: 3 }, content: [{ type: 'list_item', content: [paragraph(text('drei'))] }] },
    {
      type: 'task_list',
      content: [
        { type: 'task_item', attrs: { checked: true }, content: [paragraph(text('Ausweis geprüft'))] },
        { type: 'task_item', attrs: { checked: false }, content: [paragraph(text('Gebühr kassiert'))] },
      ],
    },
    { type: 'blockquote', content: [paragraph(text('Zitat'))] },
    { type: 'code_block', attrs: { language: 'sql' }, content: [text('SELECT 1;\nSELECT 2;')] },
    { type: 'horizontal_rule' },
    {
      type: 'table',
      content: [
        { type: 'table_row', content: [cell('table_header', 'Gebühr'), cell('table_header', 'Betrag')] },
        { type: 'table_row', content: [cell('table_cell', 'Bescheinigung'), cell('table_cell', '10 €', { colwidth: [120] })] },
      ],
    },
    { type: 'paragraph' },
  ],
};
