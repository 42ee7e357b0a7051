import { describe, expect, it } from 'vitest';
import { titleAndBody } from './markdown-file.ts';

describe('titleAndBody', () => {
  it('takes a leading level-1 heading as the title and leaves the rest as the body', () => {
    expect(titleAndBody('x.md', '\uFEFF# Gewerbe anmelden\n\nText **fett**\n')).toEqual({ title: 'Gewerbe anmelden', markdown: 'Text **fett**\n' });
  });
  it('uses the file name when the text starts with something else', () => {
    expect(titleAndBody('Bauantrag prüfen.md', 'Einleitung\n\n# Später\n')).toEqual({ title: 'Bauantrag prüfen', markdown: 'Einleitung\n\n# Später\n' });
  });
  it('does not mistake a level-2 heading for the title', () => {
    expect(titleAndBody('notiz.markdown', '## Abschnitt\n').title).toBe('notiz');
  });
});
