import { describe, expect, it } from 'vitest';
import { buildFilter, quoteFilterValue } from './filter.ts';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const P = '33333333-3333-4333-8333-333333333333';

describe('Meilisearch filter expressions', () => {
  it('restricts to the readable spaces and live documents', () => {
    expect(buildFilter([A, B], {})).toBe(`(spaceId IN ["${A}", "${B}"]) AND (archived = false)`);
  });

  it('adds space, process and step restrictions on top, never instead', () => {
    expect(buildFilter([A], { spaceId: B, processId: P, stepId: 'Task_1' })).toBe(
      `(spaceId IN ["${A}"]) AND (archived = false) AND (spaceId = "${B}") AND (processIds = "${P}") AND (stepKeys = "${P}:Task_1")`,
    );
  });

  it('adds the author, file type and changed-since filters (issue 28)', () => {
    expect(buildFilter([A], { authorId: B, fileType: 'pdf', changedSince: '2026-03-01' })).toBe(
      `(spaceId IN ["${A}"]) AND (archived = false) AND (authorId = "${B}") AND (fileTypes = "pdf") AND (updatedAt >= ${Date.UTC(2026, 2, 1)})`,
    );
  });

  it('ignores a step without its process', () => {
    expect(buildFilter([A], { stepId: 'Task_1' })).not.toContain('stepKeys');
  });

  it('escapes quotes and backslashes so a value cannot end its string', () => {
    expect(quoteFilterValue('a"b')).toBe('"a\\"b"');
    expect(quoteFilterValue('a\\')).toBe('"a\\\\"');
    const hostile = buildFilter([A], { processId: P, stepId: 'x" OR spaceId EXISTS OR stepKeys = "y' });
    // The only unescaped quotes are the ones delimiting values.
    const step = hostile.slice(hostile.indexOf('stepKeys = ') + 'stepKeys = '.length, -1);
    expect(step).toBe(`"${P}:x\\" OR spaceId EXISTS OR stepKeys = \\"y"`);
    expect(step.replace(/\\./g, '').match(/"/g)).toHaveLength(2);
    // A trailing backslash would otherwise escape the closing quote.
    expect(buildFilter([A], { processId: P, stepId: 'x\\' })).toContain(`stepKeys = "${P}:x\\\\")`);
  });

  it('refuses to build a filter without readable spaces (that search answers empty)', () => {
    expect(() => buildFilter([], {})).toThrow();
  });
});
