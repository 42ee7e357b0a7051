import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docToHtml } from './html.ts';
import { markdownToJSON } from './markdown-parser.ts';
import { docToMarkdown } from './markdown-serializer.ts';
import { docToText } from './text.ts';
import { validateDocJSON } from './validate.ts';
import { yUpdateToJSON } from './ydoc-read.ts';
import { jsonToYUpdate } from './ydoc-write.ts';

interface CorpusDoc {
  id: string;
  title: string;
  body: string;
}

const corpusFile = new URL('../../../tests/fixtures/corpus-de/docs.jsonl', import.meta.url);
const docs: CorpusDoc[] = readFileSync(corpusFile, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as CorpusDoc);

describe('German administration corpus', () => {
  it('holds the documents listed in SOURCES.tsv', () => {
    expect(docs.length).toBe(704);
  });

  it('imports every document: Markdown -> PM JSON -> check() -> Yjs update -> back, unchanged', () => {
    const failures: string[] = [];
    for (const doc of docs) {
      try {
        const json = markdownToJSON(doc.body);
        expect(validateDocJSON(json)).toEqual(json);
        expect(yUpdateToJSON(jsonToYUpdate(json))).toEqual(json);
      } catch (error) {
        failures.push(`${doc.id}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('exports every document to Markdown that imports back to the same document', () => {
    const failures = docs.filter((doc) => {
      const json = markdownToJSON(doc.body);
      return JSON.stringify(markdownToJSON(docToMarkdown(json))) !== JSON.stringify(json);
    });
    expect(failures.map((doc) => doc.id)).toEqual([]);
  });

  it('covers tables and folded h5/h6 headings, and derives text and HTML for all', () => {
    const all = docs.map((doc) => markdownToJSON(doc.body));
    const count = (type: string) => all.filter((json) => JSON.stringify(json).includes(`"type":"${type}"`)).length;
    expect(count('table')).toBeGreaterThan(0);
    expect(docs.some((doc) => /^#{5,6} /m.test(doc.body))).toBe(true);
    for (const json of all) {
      expect(JSON.stringify(json)).not.toMatch(/"level":[56]/);
      expect(docToHtml(json)).not.toMatch(/<script/i);
      expect(typeof docToText(json)).toBe('string');
    }
  });
});
