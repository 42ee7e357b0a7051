import { describe, expect, it } from 'vitest';
import { shippedSynonyms } from '../synonyms-de.ts';
import { GERMAN_STOP_WORDS, indexSettings, synonymMap } from './settings.ts';

describe('Meilisearch index settings', () => {
  it('makes every term of a group point at all the others', () => {
    expect(synonymMap([['ÖPNV', 'öffentlicher Nahverkehr', 'Nahverkehr']])).toEqual({
      ÖPNV: ['öffentlicher Nahverkehr', 'Nahverkehr'],
      'öffentlicher Nahverkehr': ['ÖPNV', 'Nahverkehr'],
      Nahverkehr: ['ÖPNV', 'öffentlicher Nahverkehr'],
    });
  });

  it('merges a term that appears in several groups, case-insensitively, and cleans spacing', () => {
    expect(synonymMap([['KFZ', 'Auto'], ['kfz', ' Kraftfahrzeug  '], ['Auto', 'auto']])).toEqual({
      KFZ: ['Auto', 'Kraftfahrzeug'],
      Auto: ['KFZ'],
      Kraftfahrzeug: ['kfz'],
    });
  });

  it('carries the whole shipped list and the administrators\' groups', () => {
    const settings = indexSettings([...shippedSynonyms, ['Parkzettelbüro', 'Knöllchenstelle']]);
    expect(settings.synonyms!['AO']).toEqual(['Abgabenordnung']);
    expect(settings.synonyms!['Abgabenordnung']).toContain('AO');
    expect(settings.synonyms!['Parkzettelbüro']).toEqual(['Knöllchenstelle']);
    expect(Object.keys(settings.synonyms!).length).toBeGreaterThan(shippedSynonyms.length);
  });

  it('declares what search filters, sorts and ranks by', () => {
    const settings = indexSettings([]);
    expect(settings.filterableAttributes).toEqual(['spaceId', 'processIds', 'stepKeys', 'archived', 'authorId', 'fileTypes', 'updatedAt']);
    expect(settings.searchableAttributes![0]).toBe('title');
    expect(settings.sortableAttributes).toContain('updatedAt');
    expect(settings.typoTolerance).toMatchObject({ enabled: true });
    expect(settings.stopWords).toEqual(expect.arrayContaining(['über', 'für', 'und', 'dass']));
    expect(GERMAN_STOP_WORDS).not.toContain('satzung');
  });
});
