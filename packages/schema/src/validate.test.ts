import { describe, expect, it } from 'vitest';
import { richDoc } from './rich-doc.fixture.ts';
import { InvalidDocumentError, parseDocJSON, validateDocJSON } from './validate.ts';

const doc = (...content: unknown[]) => ({ type: 'doc', content });
const para = (...content: unknown[]) => ({ type: 'paragraph', content });

describe('validateDocJSON', () => {
  it('returns the canonical JSON of a valid document', () => {
    const minimal = doc({ type: 'heading', content: [{ type: 'text', text: 'x' }] });
    expect(validateDocJSON(minimal)).toEqual(doc({ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'x' }] }));
    expect(parseDocJSON(richDoc).type.name).toBe('doc');
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not an object', 'hello', /type "doc"/],
    ['a root that is not doc', para(), /type "doc"/],
    ['an unknown node type', doc({ type: 'iframe' }), /Unknown node type: iframe/],
    ['an unknown mark', doc(para({ type: 'text', text: 'x', marks: [{ type: 'blink' }] })), /no mark type blink/i],
    ['text directly in doc', doc({ type: 'text', text: 'x' }), /Invalid content/],
    ['an empty doc', doc(), /Invalid content/],
    ['heading level 5', doc({ type: 'heading', attrs: { level: 5 } }), /heading level/],
    ['a javascript: link', doc(para({ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] })), /link href/],
    ['a data: image', doc(para({ type: 'image', attrs: { src: 'data:image/svg+xml,<svg onload=alert(1)>' } })), /image src/],
    ['a page link without id', doc(para({ type: 'page_link', attrs: { pageId: '' } })), /non-empty/],
    ['a task item with a string state', doc({ type: 'task_list', content: [{ type: 'task_item', attrs: { checked: 'yes' }, content: [para()] }] }), /boolean/],
    ['marks in a code block', doc({ type: 'code_block', content: [{ type: 'text', text: 'x', marks: [{ type: 'strong' }] }] }), /Invalid content|mark/i],
    ['an empty text node', doc(para({ type: 'text', text: '' })), /Empty text/],
  ];
  for (const [name, json, message] of invalid) {
    it(`rejects ${name} with a clear error`, () => {
      let error: unknown;
      try {
        validateDocJSON(json);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidDocumentError);
      expect((error as Error).message).toMatch(/^Invalid document: /);
      expect((error as Error).message).toMatch(message);
    });
  }
});
