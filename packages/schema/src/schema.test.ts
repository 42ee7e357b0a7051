import { Node } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { richDoc } from './rich-doc.fixture.ts';
import { MAX_HEADING_LEVEL, schema } from './schema.ts';

const nodeNames = [
  'doc', 'paragraph', 'heading', 'bullet_list', 'ordered_list', 'list_item', 'blockquote', 'code_block',
  'horizontal_rule', 'hard_break', 'image', 'table', 'table_row', 'table_cell', 'table_header', 'text',
  'task_list', 'task_item', 'page_link', 'step_link', 'file', 'mention',
];
const markNames = ['strong', 'em', 'code', 'link', 'underline', 'strike'];

function collectTypes(json: typeof richDoc, nodes: Set<string>, marks: Set<string>): void {
  nodes.add(json.type);
  for (const mark of json.marks ?? []) marks.add(mark.type);
  for (const child of json.content ?? []) collectTypes(child, nodes, marks);
}

describe('schema', () => {
  it('has exactly the contracted node and mark names', () => {
    expect(Object.keys(schema.nodes).sort()).toEqual([...nodeNames].sort());
    expect(Object.keys(schema.marks).sort()).toEqual([...markNames].sort());
  });

  it('accepts the rich fixture, which uses every node and mark', () => {
    const nodes = new Set<string>();
    const marks = new Set<string>();
    collectTypes(richDoc, nodes, marks);
    expect([...nodes].sort()).toEqual([...nodeNames].sort());
    expect([...marks].sort()).toEqual([...markNames].sort());
    expect(() => Node.fromJSON(schema, richDoc).check()).not.toThrow();
  });

  it('keeps page and step links as inline atoms with display fallbacks', () => {
    for (const name of ['page_link', 'step_link']) {
      const type = schema.nodes[name]!;
      expect(type.isInline && type.isAtom && type.isLeaf).toBe(true);
    }
    expect(schema.nodes.page_link!.spec.attrs!.title!.default).toBe('');
    expect(schema.nodes.step_link!.spec.attrs!.label!.default).toBe('');
  });

  it('writes data- attributes in toDOM so the client can render and paste links', () => {
    const page = schema.nodes.page_link!.create({ pageId: 'p 1', title: 'Titel' });
    expect(schema.nodes.page_link!.spec.toDOM!(page)).toEqual([
      'a',
      { href: '/pages/p%201', class: 'page-link', 'data-page-id': 'p 1', 'data-title': 'Titel' },
      'Titel',
    ]);
    const step = schema.nodes.step_link!.create({ processId: 'P', elementId: 'Task_1', label: '' });
    expect(schema.nodes.step_link!.spec.toDOM!(step)).toEqual([
      'a',
      {
        href: '/processes/P/steps/Task_1',
        class: 'step-link',
        'data-process-id': 'P',
        'data-element-id': 'Task_1',
        'data-label': '',
      },
      'Task_1',
    ]);
    const task = schema.nodes.task_item!.create({ checked: true }, schema.nodes.paragraph!.create());
    expect(schema.nodes.task_item!.spec.toDOM!(task)).toEqual(['li', { 'data-type': 'task_item', 'data-checked': 'true' }, 0]);
  });

  it('parses data- attributes back from the DOM', () => {
    const el = (attrs: Record<string, string>, textContent = '') =>
      ({ getAttribute: (name: string) => attrs[name] ?? null, hasAttribute: (name: string) => name in attrs, textContent }) as never;
    const pageRule = schema.nodes.page_link!.spec.parseDOM![0]!;
    expect(pageRule.getAttrs!(el({ 'data-page-id': 'x', 'data-title': 'T' }))).toEqual({ pageId: 'x', title: 'T' });
    expect(pageRule.getAttrs!(el({ 'data-page-id': 'x' }, 'Sichtbar'))).toEqual({ pageId: 'x', title: 'Sichtbar' });
    const stepRule = schema.nodes.step_link!.spec.parseDOM![0]!;
    expect(stepRule.getAttrs!(el({ 'data-process-id': 'P', 'data-element-id': 'E', 'data-label': 'L' }))).toEqual({
      processId: 'P',
      elementId: 'E',
      label: 'L',
    });
    const taskRule = schema.nodes.task_item!.spec.parseDOM![0]!;
    expect(taskRule.getAttrs!(el({ 'data-checked': 'true' }))).toEqual({ checked: true });
  });

  it('drops unsafe link and image URLs when parsing and rendering the DOM', () => {
    const el = (attrs: Record<string, string>) => ({ getAttribute: (name: string) => attrs[name] ?? null }) as never;
    const linkRule = schema.marks.link!.spec.parseDOM![0]!;
    expect(linkRule.getAttrs!(el({ href: 'javascript:alert(1)' }))).toBe(false);
    expect(linkRule.getAttrs!(el({ href: ' JaVa\tScRiPt:alert(1)' }))).toBe(false);
    expect(linkRule.getAttrs!(el({ href: 'https://example.org' }))).toEqual({ href: 'https://example.org', title: null });
    const imageRule = schema.nodes.image!.spec.parseDOM![0]!;
    expect(imageRule.getAttrs!(el({ src: 'data:text/html,<script>' }))).toBe(false);
  });

  it('maps h5 and h6 in pasted HTML to the deepest heading level', () => {
    const rules = schema.nodes.heading!.spec.parseDOM!;
    expect(rules.map((rule) => [rule.tag, rule.attrs?.level])).toEqual([
      ['h1', 1], ['h2', 2], ['h3', 3], ['h4', 4], ['h5', MAX_HEADING_LEVEL], ['h6', MAX_HEADING_LEVEL],
    ]);
  });
});
