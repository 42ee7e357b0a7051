import { describe, expect, it } from 'vitest';
import { archived, fromVerdict, hidden, notAllowed, refusalProblem } from './decision.ts';

describe('decisions', () => {
  it('answers what the caller may not see with 404, never 403', () => {
    const problem = refusalProblem(hidden('page'));
    expect(problem.status).toBe(404);
    expect(problem.type).toBe('urn:stafette:problem:not-found');
    expect(problem.detail).toBe('The page does not exist.');
  });

  it('names what is archived in the 409 slug', () => {
    expect(refusalProblem(archived('page-archived')).type).toBe('urn:stafette:problem:page-archived');
    expect(refusalProblem(archived('space-archived')).status).toBe(409);
    expect(refusalProblem(notAllowed()).type).toBe('urn:stafette:problem:forbidden');
  });

  it('turns a rule verdict into the decision for the resource it is about', () => {
    const terms = { what: 'process', archivedAs: 'process-archived' } as const;
    expect(fromVerdict('allow', { id: 1 }, terms)).toEqual({ allow: true, grant: { id: 1 } });
    expect(fromVerdict('not-found', null, terms)).toMatchObject({ status: 404, what: 'process' });
    expect(fromVerdict('forbidden', null, { ...terms, forbidden: 'Nur Verantwortliche.' })).toMatchObject({ status: 403, detail: 'Nur Verantwortliche.' });
    expect(fromVerdict('read-only', null, terms)).toMatchObject({ status: 409, type: 'process-archived' });
  });
});
