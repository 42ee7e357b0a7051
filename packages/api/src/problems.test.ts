import { describe, expect, it } from 'vitest';
import { PROBLEM_BASE, PROBLEM_SLUGS, problemSlugOf } from './problems.ts';

describe('problem slugs', () => {
  it('lists each condition once', () => {
    expect(new Set(PROBLEM_SLUGS).size).toBe(PROBLEM_SLUGS.length);
  });

  it('reads the slug of a problem type and nothing else', () => {
    expect(problemSlugOf(`${PROBLEM_BASE}page-archived`)).toBe('page-archived');
    expect(problemSlugOf(`${PROBLEM_BASE}bpmn-doctype-forbidden`)).toBe('bpmn-doctype-forbidden');
    // Unknown slugs, other URIs and missing types are not ours: the caller falls back to the status.
    expect(problemSlugOf(`${PROBLEM_BASE}made-up`)).toBeNull();
    expect(problemSlugOf('about:blank')).toBeNull();
    expect(problemSlugOf('https://example.org/page-archived')).toBeNull();
    expect(problemSlugOf(undefined)).toBeNull();
  });
});
