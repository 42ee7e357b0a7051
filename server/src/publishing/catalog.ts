import type { Kysely } from 'kysely';
import type { PublishingSettings } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { publicPageList, publicProcessList, publicTexts } from './portal-queries.ts';
import type { PublicSet } from './public-set.ts';
import { PORTAL, publicPagePath, publicProcessPath } from './public-urls.ts';
import { siteName } from './portal-html.ts';

/**
 * The open-data catalogue (DCAT-AP.de 2.0 as JSON-LD): one dataset per public process (its BPMN
 * 2.0 file) and per public page (Markdown and HTML). Each dataset and distribution carries what
 * DCAT-AP.de requires (title, description, publisher; access URL and licence), dates as ISO 8601
 * date-times and absolute URLs.
 */

const CONTEXT = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  dcatde: 'http://dcat-ap.de/def/dcatde/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};

const LICENCE_BASE = 'http://dcat-ap.de/def/licenses/';
/** The short ids administrators know, as the licence vocabulary of DCAT-AP.de names them. */
const LICENCE_IDS: Record<string, string> = {
  'dl-de/by-2-0': 'dl-by-de/2.0',
  'dl-de/zero-2-0': 'dl-zero-de/2.0',
  'cc-by/4.0': 'cc-by/4.0',
  'cc-by-4.0': 'cc-by/4.0',
  'cc-zero': 'cc-zero',
  cc0: 'cc-zero',
};
const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/';
const GOVERNMENT_THEME = { '@id': 'http://publications.europa.eu/resource/authority/data-theme/GOVE' };
const GERMAN = { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' };
const DESCRIPTION_LENGTH = 500;

export function licenceUri(licence: string): string {
  if (/^https?:\/\//.test(licence)) return licence;
  return LICENCE_BASE + (LICENCE_IDS[licence.toLowerCase()] ?? licence);
}

const dateTime = (date: Date) => ({ '@value': date.toISOString(), '@type': 'xsd:dateTime' });

function describe(text: string, fallback: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return fallback;
  return clean.length > DESCRIPTION_LENGTH ? `${clean.slice(0, DESCRIPTION_LENGTH - 1)}…` : clean;
}

export async function catalog(db: Kysely<DB>, set: PublicSet, settings: PublishingSettings, origin: string) {
  const publisherName = siteName(settings);
  const publisher = { '@type': 'foaf:Agent', 'foaf:name': publisherName };
  const license = { '@id': licenceUri(settings.licence) };
  const attribution = licenceUri(settings.licence).includes('/dl-by-de/') ? { 'dcatde:licenseAttributionByText': publisherName } : {};
  const distribution = (url: string, title: string, format: string, mediaType: string, modified: Date) => ({
    '@id': `${url}#distribution`,
    '@type': 'dcat:Distribution',
    'dct:title': title,
    'dcat:accessURL': { '@id': url },
    'dcat:downloadURL': { '@id': url },
    'dct:format': { '@id': FILE_TYPE + format },
    'dcat:mediaType': { '@id': `https://www.iana.org/assignments/media-types/${mediaType}` },
    'dct:license': license,
    ...attribution,
    'dct:modified': dateTime(modified),
  });

  const processes = (await publicProcessList(db, set)).map((p) => {
    const landing = origin + publicProcessPath(p.id, p.name);
    return {
      '@id': landing,
      '@type': 'dcat:Dataset',
      'dct:identifier': landing,
      'dct:title': p.name,
      'dct:description': `Ablauf „${p.name}“ (${p.spaceName}) als BPMN-2.0-Prozessmodell, Version ${p.version}.`,
      'dct:publisher': publisher,
      'dct:language': GERMAN,
      'dcat:theme': GOVERNMENT_THEME,
      'dcat:keyword': ['Verwaltungsablauf', 'BPMN'],
      'dcat:landingPage': { '@id': landing },
      'dct:modified': dateTime(p.changedAt),
      'dcat:distribution': [distribution(`${landing}/process.bpmn`, `${p.name} (BPMN 2.0)`, 'XML', 'application/xml', p.changedAt)],
    };
  });
  const texts = await publicTexts(db, set);
  const pages = (await publicPageList(db, set)).map((p) => {
    const landing = origin + publicPagePath(p.id, p.title);
    return {
      '@id': landing,
      '@type': 'dcat:Dataset',
      'dct:identifier': landing,
      'dct:title': p.title,
      'dct:description': describe(texts.get(p.id)?.text ?? '', p.title),
      'dct:publisher': publisher,
      'dct:language': GERMAN,
      'dcat:theme': GOVERNMENT_THEME,
      'dcat:landingPage': { '@id': landing },
      'dct:modified': dateTime(p.changedAt),
      'dcat:distribution': [
        distribution(`${landing}/page.md`, `${p.title} (Markdown)`, 'MARKDOWN', 'text/markdown', p.changedAt),
        distribution(`${landing}/page.html`, `${p.title} (HTML)`, 'HTML', 'text/html', p.changedAt),
      ],
    };
  });
  const datasets = [...processes, ...pages];
  const newest = datasets.reduce<Date | null>((max, d) => {
    const at = new Date(d['dct:modified']['@value']);
    return !max || at > max ? at : max;
  }, null);
  return {
    '@context': CONTEXT,
    '@id': `${origin}${PORTAL}/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': `Offene Daten: ${publisherName}`,
    'dct:description': `Veröffentlichte Abläufe und Informationsseiten von ${publisherName}.`,
    'dct:publisher': publisher,
    'dct:language': GERMAN,
    'foaf:homepage': { '@id': `${origin}${PORTAL}` },
    'dct:license': license,
    ...(newest ? { 'dct:modified': dateTime(newest) } : {}),
    'dcat:dataset': datasets,
  };
}
