import { describe, expect, it } from 'vitest';
import { alternateSpellings } from './spellings.ts';

describe('alternate spellings for Meilisearch', () => {
  it('adds ae/oe/ue/ss forms of words with umlauts or ß, once each', () => {
    expect(alternateSpellings(['Pflege der Grünfläche', 'Maßstab der Grünfläche', 'Übersicht'])).toEqual(['gruenflaeche', 'massstab', 'uebersicht']);
  });

  it('leaves words without umlauts alone (no Dauer → Däuer games)', () => {
    expect(alternateSpellings(['Dauer der Mauer', 'Bauer'])).toEqual([]);
  });

  it('adds the umlaut spelling of words a page writes with ae/oe/ue, as the PostgreSQL index does', () => {
    expect(alternateSpellings(['Fuehrungszeugnis und Strassenreinigungsgebuehren'])).toEqual(['führungszeugnis', 'strassenreinigungsgebühren']);
  });
});
