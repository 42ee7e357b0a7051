import { describe, expect, it } from 'vitest';
import { docToHtml, escapeHtml } from './html.ts';
import type { PMNodeJSON } from './json.ts';
import { markdownToJSON } from './markdown-parser.ts';
import { richDoc } from './rich-doc.fixture.ts';

const para = (...content: PMNodeJSON[]): PMNodeJSON => ({ type: 'doc', content: [{ type: 'paragraph', content }] });

describe('docToHtml', () => {
  it('never lets raw HTML from Markdown through unescaped', () => {
    const html = docToHtml(
      markdownToJSON('<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> und <a href="javascript:x">a</a>\n\n| <b>x</b> |\n|---|\n| <iframe> |'),
    );
    expect(html).not.toMatch(/<script|<img|<iframe|<b>|<a href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes every text and attribute value', () => {
    const html = docToHtml(
      para(
        { type: 'text', text: '"<&>\'', marks: [{ type: 'link', attrs: { href: '/a?x="><script>', title: '" onmouseover="x' } }] },
        { type: 'page_link', attrs: { pageId: '"><script>', title: '<b>T</b>' } },
        { type: 'step_link', attrs: { processId: 'p"', elementId: 'e<', label: '' } },
        { type: 'image', attrs: { src: '/i.png?"<', alt: '" onerror="x', title: null } },
      ),
    );
    expect(html).not.toMatch(/<script|<b>|" on/);
    expect(html).toContain('&quot;&lt;&amp;&gt;&#39;');
    expect(html).toContain('href="/a?x=&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('data-page-id="&quot;&gt;&lt;script&gt;"');
    expect(html).toContain('&lt;b&gt;T&lt;/b&gt;</a>');
    expect(html).toContain('alt="&quot; onerror=&quot;x"');
  });

  it('drops unsafe URLs even when the JSON bypassed validation', () => {
    const html = docToHtml(
      para(
        { type: 'text', text: 'klick', marks: [{ type: 'link', attrs: { href: ' javascript:alert(1)' } }] },
        { type: 'image', attrs: { src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: 'Bild' } },
      ),
    );
    expect(html).toBe('<p>klickBild</p>');
  });

  it('renders unknown node and mark types as their children only', () => {
    const html = docToHtml({
      type: 'doc',
      content: [
        {
          type: 'raw_html',
          attrs: { html: '<script>x</script>' },
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'sichtbar', marks: [{ type: 'onclick' }] }] }],
        },
      ],
    });
    expect(html).toBe('<p>sichtbar</p>');
  });

  it('renders every node and mark of the rich document', () => {
    const html = docToHtml(richDoc);
    for (const fragment of [
      '<h1>Anmeldung</h1>',
      '<h4>Details</h4>',
      '<strong>immer</strong>',
      '<em><u>sofort</u></em>',
      '<s>nicht</s>',
      '<code>§ 17 BMG</code>',
      '<a href="https://www.gesetze-im-internet.de/bmg/" title="Gesetz" rel="noopener noreferrer nofollow">BMG</a>',
      '<br>',
      '<a href="/pages/page-42" class="page-link" data-page-id="page-42" data-title="Meldebescheinigung">Meldebescheinigung</a>',
      'data-process-id="proc-7" data-element-id="Task_Pruefen"',
      '<img src="/files/logo.png" alt="Logo">',
      '<ul><li><p>eins</p><ul><li><p>eins.a</p></li></ul></li></ul>',
      '<ol start="3">',
      '<input type="checkbox" disabled checked><p>Ausweis geprüft</p>',
      '<blockquote><p>Zitat</p></blockquote>',
      '<pre data-language="sql"><code class="language-sql">SELECT 1;\nSELECT 2;</code></pre>',
      '<hr>',
      '<table><tbody><tr><th><p>Gebühr</p></th>',
      '<td><p>10 €</p></td>',
      '<p></p>',
    ]) {
      expect(html).toContain(fragment);
    }
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
