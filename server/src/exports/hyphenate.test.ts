import { describe, expect, it } from 'vitest';
import { hyphenateDoc, hyphenateText } from './hyphenate.ts';

const SHY = '\u00ad';

describe('German hyphenation for the PDF', () => {
  it('puts soft hyphens at the hyphenation points of long words and keeps the text otherwise', () => {
    const out = hyphenateText('Die Verwaltungsgebührenordnung gilt.');
    expect(out.replaceAll(SHY, '')).toBe('Die Verwaltungsgebührenordnung gilt.');
    expect(out).toContain(`Ver${SHY}wal${SHY}tungs${SHY}ge${SHY}büh${SHY}ren${SHY}ord${SHY}nung`);
  });

  it('leaves file numbers, addresses, code and links whole', () => {
    expect(hyphenateText('Aktenzeichen32-101/2026 https://example.org/sondernutzung amt@stadt.example')).not.toContain(SHY);
    const doc = {
      type: 'doc',
      content: [
        { type: 'code_block', content: [{ type: 'text', text: 'Sondernutzungserlaubnis' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Sondernutzungserlaubnis', marks: [{ type: 'link', attrs: { href: 'https://example.org' } }] }, { type: 'text', text: 'Sondernutzungserlaubnis', marks: [{ type: 'code' }] }] },
      ],
    };
    expect(JSON.stringify(hyphenateDoc(doc))).not.toContain(SHY);
  });
});
