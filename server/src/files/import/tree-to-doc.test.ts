import { describe, expect, it } from 'vitest';
import { parseDocJSON } from '@stafette/schema';
import { treeToDoc } from './tree-to-doc.ts';
import { withImages } from './document-importer.ts';
import { el, IMAGE_SRC_PREFIX } from './tree.ts';

const t = (text: string) => ({ text });

describe('treeToDoc', () => {
  it('keeps nested lists, header cells and spans, marks across runs, and is valid page JSON', () => {
    const doc = treeToDoc([
      el('h5', {}, [t('Tiefe Überschrift')]),
      el('ul', {}, [el('li', {}, [el('p', {}, [t('Außen')]), el('ol', {}, [el('li', {}, [el('p', {}, [t('Innen')])])])])]),
      el('table', {}, [el('tbody', {}, [el('tr', {}, [el('th', {}, [el('p', {}, [t('Kopf')])]), el('td', { colspan: '2' }, [el('p', {}, [t('Zelle')])])])])]),
      el('p', {}, [el('strong', {}, [t('fett '), el('em', {}, [t('und kursiv')])]), t(' danach')]),
    ]);
    expect(() => parseDocJSON(doc)).not.toThrow();
    expect(doc.content![0]).toEqual({ type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: 'Tiefe Überschrift' }] });
    const list = doc.content![1]!;
    expect(list.type).toBe('bullet_list');
    expect(list.content![0]!.content!.map((n) => n.type)).toEqual(['paragraph', 'ordered_list']);
    const row = doc.content![2]!.content![0]!;
    expect(row.content!.map((c) => [c.type, c.attrs ?? null])).toEqual([
      ['table_header', null],
      ['table_cell', { colspan: 2 }],
    ]);
    const texts = doc.content![3]!.content!;
    expect(texts).toEqual([
      { type: 'text', text: 'fett ', marks: [{ type: 'strong' }] },
      { type: 'text', text: 'und kursiv', marks: [{ type: 'strong' }, { type: 'em' }] },
      { type: 'text', text: ' danach' },
    ]);
  });

  it('drops unsafe and internal link targets but keeps their text, and images that are not the document’s own', () => {
    const doc = treeToDoc([
      el('p', {}, [el('a', { href: 'javascript:alert(1)' }, [t('böse')]), t(' '), el('a', { href: '#_Toc1' }, [t('Inhalt')]), el('img', { src: 'https://tracker.example/x.png' })]),
    ]);
    expect(doc.content![0]!.content).toEqual([
      { type: 'text', text: 'böse' },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'Inhalt' },
    ]);
    expect(JSON.stringify(doc)).not.toContain('link');
  });

  it('points images at their attachments and leaves out the ones that were refused', () => {
    const doc = treeToDoc([el('p', {}, [el('img', { src: `${IMAGE_SRC_PREFIX}0`, alt: 'Plan' }), el('img', { src: `${IMAGE_SRC_PREFIX}1` })])]);
    const done = withImages(doc, ['/api/v1/attachments/3f1e0c8e-7c2a-4a59-9a51-0c1f2b3d4e5f', null]);
    expect(done.content![0]!.content).toEqual([{ type: 'image', attrs: { src: '/api/v1/attachments/3f1e0c8e-7c2a-4a59-9a51-0c1f2b3d4e5f', alt: 'Plan', title: null } }]);
    expect(() => parseDocJSON(done)).not.toThrow();
  });

  it('gives an empty document one empty paragraph', () => {
    expect(treeToDoc([])).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
  });
});
