import { describe, expect, it } from 'vitest';
import { fileSnippetOf } from './backend.ts';
import { MARK_END, MARK_START } from '../marks.ts';

const m = (s: string) => `${MARK_START}${s}${MARK_END}`;

describe('fileSnippetOf', () => {
  it('names the first file whose text matched, when the page itself did not', () => {
    const hit = fileSnippetOf(['a1', 'a2'], {
      body: 'Anfang der Seite',
      headings: [],
      attachmentNames: ['Foto.png', 'Antrag.pdf'],
      attachmentTexts: ['', `… die ${m('Sondernutzung')} <b> …`],
    });
    expect(hit).toEqual({ snippet: '… die <mark>Sondernutzung</mark> &lt;b&gt; …', attachment: { id: 'a2', name: 'Antrag.pdf' } });
  });

  it('shows a matching file name when the file has no text, and nothing when the page matched', () => {
    expect(fileSnippetOf(['a1'], { body: '', headings: [], attachmentNames: [`${m('Lageplan')}.png`], attachmentTexts: [''] })).toEqual({
      snippet: '<mark>Lageplan</mark>.png',
      attachment: { id: 'a1', name: 'Lageplan.png' },
    });
    expect(fileSnippetOf(['a1'], { body: `die ${m('Satzung')}`, headings: [], attachmentNames: ['x.pdf'], attachmentTexts: [m('Satzung')] })).toBeNull();
  });
});
