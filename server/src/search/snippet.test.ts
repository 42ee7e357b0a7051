import { describe, expect, it } from 'vitest';
import { hasMatch, queryLexemes, snippetWindows, wordMatcher } from './snippet.ts';

const filler = (n: number, word = 'Wort') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('snippet windows', () => {
  it('shows the passage where the query words are, not the start of a long page', () => {
    const body = `${filler(200, 'Vorne')} Die Hundesteuer wird jährlich erhoben. ${filler(200)}`;
    const [window] = snippetWindows(body, wordMatcher(queryLexemes("'hundesteu'")));
    expect(window).toContain('Hundesteuer wird jährlich');
    expect(window).not.toContain('Vorne0 ');
  });

  it('prefers the passage with more different query words, and keeps two passages in text order', () => {
    const body = `${filler(60)} Gebühr hier. ${filler(60)} Die Gebühr für die Sporthalle. ${filler(60)} Gebühr dort. ${filler(60)}`;
    const windows = snippetWindows(body, wordMatcher(queryLexemes("'gebuhr' | 'sporthall'")));
    expect(windows).toHaveLength(2);
    expect(windows.some((w) => w.includes('Gebühr für die Sporthalle'))).toBe(true);
    expect(body.indexOf(windows[0]!.replace(/^… | …$/g, ''))).toBeLessThan(body.indexOf(windows[1]!.replace(/^… | …$/g, '')));
  });

  it('matches umlaut spellings, words inside compounds and lexemes with punctuation', () => {
    const match = wordMatcher(queryLexemes("'gebuhr' | 'steuer' | 'ersatz-fuhrerschein' | 'z.b'"));
    expect(hasMatch('Die Gebühren steigen', match)).toBe(true);
    expect(hasMatch('Der Hundesteuerbescheid kam', match)).toBe(true);
    expect(hasMatch('Nichts davon', match)).toBe(false);
    // "." in a lexeme is a character, not any character.
    expect(hasMatch('zxb', match)).toBe(false);
  });

  it('finds the words in the raw text whatever their case, umlauts or ß', () => {
    const body = `${filler(100)} Die STRASSENREINIGUNG und die Straßenbeleuchtung. ${filler(100)} Gebühren: ÜBERSICHT der Gebuehr. ${filler(100)}`;
    const windows = snippetWindows(body, wordMatcher(queryLexemes("'strass':* | 'gebuhr'")));
    expect(windows).toHaveLength(2);
    expect(windows[0]).toContain('STRASSENREINIGUNG und die Straßenbeleuchtung');
    expect(windows[1]).toContain('Gebühren: ÜBERSICHT');
    // A word that only contains a short lexeme is no match; one that contains a long one is.
    expect(snippetWindows(`${filler(100)} Abgebühr`, wordMatcher(['gebuhr']))[0]).toMatch(/Abgebühr$/);
    expect(snippetWindows(`${filler(100)} Amtsrat`, wordMatcher(['rat']))[0]).toMatch(/^Wort0/);
  });

  it('opens a window six words before the match, also after very long words, and marks what was left out', () => {
    const long = Array.from({ length: 10 }, (_, i) => `Lang${i}${'x'.repeat(60)}`).join(' ');
    const [window] = snippetWindows(`${long} Treffer ${filler(40)}`, wordMatcher(['treff']));
    expect(window).toMatch(/^… Lang4x+ Lang5/);
    expect(window).toMatch(/Wort16 …$/);
  });

  it('looks back past a long run without words to the words before the match', () => {
    const hits = Array.from({ length: 6 }, (_, i) => `Treffer${i}`).join(' ');
    const [window] = snippetWindows(`Anfang ${'-'.repeat(150)} ${hits}`, wordMatcher(['treff']));
    expect(window).toMatch(/^Anfang -{150} Treffer0 Treffer1 Treffer2 Treffer3 Treffer4 Treffer5$/);
  });

  it('keeps a window short when a long run without spaces lies in it, with the match and the marks', () => {
    const hits = Array.from({ length: 6 }, (_, i) => `Treffer${i}`).join(' ');
    const [before] = snippetWindows(`Anfang ${'-'.repeat(150_000)} ${hits}`, wordMatcher(['treff']));
    expect(before).toMatch(/^… -{249} Treffer0 Treffer1 Treffer2 Treffer3 Treffer4 Treffer5$/);
    // A link of 100,000 characters after the match: cut after the window's first 1,000 characters.
    const [after] = snippetWindows(`Gebühren ${'x'.repeat(100_000)} Ende`, wordMatcher(['gebuhr']));
    expect(after).toMatch(/^Gebühren x+ …$/);
    expect(after!.length).toBeLessThanOrEqual(1_000 + 2);
  });

  it('starts at the beginning of the page when nothing matches', () => {
    expect(snippetWindows(`Erster Satz. ${filler(100)}`, wordMatcher(['zzz']))[0]).toMatch(/^Erster Satz\. Wort0/);
  });
});
