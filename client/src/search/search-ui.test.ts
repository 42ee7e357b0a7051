import { describe, expect, it } from 'vitest';
import { stepFirst } from './ProcessSearch.tsx';
import { parseTerms } from './SynonymSection.tsx';
import { searchQueryString } from './api.ts';

describe('search screen helpers', () => {
  it('puts the group of the step searched from first and keeps the process order of the rest', () => {
    const groups = [{ elementId: 'Antrag' }, { elementId: 'Pruefung' }, { elementId: 'Bescheid' }];
    expect(stepFirst(groups, 'Bescheid').map((g) => g.elementId)).toEqual(['Bescheid', 'Antrag', 'Pruefung']);
    expect(stepFirst(groups, 'Antrag')).toBe(groups);
    expect(stepFirst(groups, null)).toBe(groups);
    expect(stepFirst(groups, 'Ausgabe')).toBe(groups);
  });

  it('reads a synonym group typed with commas', () => {
    expect(parseTerms(' Knolle,  Verwarnungsgeld , knolle,, Strafzettel ')).toEqual(['Knolle', 'Verwarnungsgeld', 'Strafzettel']);
    expect(parseTerms('Kita')).toEqual(['Kita']);
  });

  it('sends the filters and the order, and the step searched from only with its process', () => {
    const qs = new URLSearchParams(searchQueryString({ q: ' Wohngeld ', classification: 'intern', authorId: 'a', changedSince: '2026-01-01', fileType: 'pdf', sort: 'date', fromStepId: 'Task_1' }));
    expect(Object.fromEntries(qs)).toEqual({ q: 'Wohngeld', classification: 'intern', authorId: 'a', changedSince: '2026-01-01', fileType: 'pdf', sort: 'date' });
    expect(new URLSearchParams(searchQueryString({ q: 'x', processId: 'p', fromStepId: 'Task_1', sort: 'relevance' })).get('fromStepId')).toBe('Task_1');
  });
});
