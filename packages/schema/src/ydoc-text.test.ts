import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { jsonToYDoc } from './ydoc-write.ts';
import { firstParagraphText, fragmentText } from './ydoc-text.ts';

describe('plain text access to a body fragment', () => {
  it('types into the first paragraph, creating it once in an empty document', () => {
    const doc = new Y.Doc();
    firstParagraphText(doc).insert(0, 'Meldeschein');
    firstParagraphText(doc).insert(11, ' mitbringen');
    expect(doc.getXmlFragment('prosemirror').length).toBe(1);
    expect(fragmentText(doc, '|')).toBe('Meldeschein mitbringen');
  });

  it('finds the paragraph y-prosemirror wrote and reads every text node in order', () => {
    const doc = jsonToYDoc({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Erster' }] },
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Zweiter' }] },
      ],
    });
    expect(firstParagraphText(doc).toString()).toBe('Erster');
    expect(fragmentText(doc, '\n')).toBe('Erster\nZweiter');
  });

  it('works on any named fragment (interview answers)', () => {
    const doc = new Y.Doc();
    firstParagraphText(doc, 'answer:q1').insert(0, 'Antwort');
    expect(fragmentText(doc, '|', 'answer:q1')).toBe('Antwort');
    expect(fragmentText(doc, '|')).toBe('');
  });
});
