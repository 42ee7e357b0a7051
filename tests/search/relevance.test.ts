import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { meiliCombinations, meiliUrl, postgresCombinations, reportMeiliSkip, startSearchApp, type Combination } from './backends.ts';
import { seedSpace } from '../support/seed.ts';
import { indexed, insertPages, loadCorpus, search } from './support.ts';

/**
 * Judged queries over the German corpus (704 documents): what people type, with the document(s)
 * that answer it. Several ids where the corpus holds near-duplicates (Germany and Austria).
 */
const JUDGED: { q: string; kind: string; want: string[]; why: string }[] = [
  // typos
  { kind: 'typo', q: 'Persnalausweis beantragen', want: ['tg-de-015', 'tg-at-036'], why: 'letter dropped in the first word' },
  { kind: 'typo', q: 'Füherschein', want: ['tg-de-012', 'tg-at-010', 'tg-at-023', 'tg-at-019'], why: 'letters swapped after the umlaut' },
  { kind: 'typo', q: 'Kindergld', want: ['tg-de-030', 'tg-at-007'], why: 'vowel dropped' },
  { kind: 'typo', q: 'Einbürgerng', want: ['tg-de-004'], why: 'vowel dropped at the end' },
  { kind: 'typo', q: 'Hundesteur', want: ['sat-016'], why: 'vowel dropped in the head' },
  { kind: 'typo', q: 'Baugenemigung', want: ['tg-de-010', 'tg-at-014'], why: 'silent h left out' },
  { kind: 'typo', q: 'Geburtsurkunfe', want: ['tg-de-024', 'tg-at-025'], why: 'neighbouring key (d/f)' },
  { kind: 'typo', q: 'Aufenthaltstiel', want: ['tg-de-006', 'tg-de-011', 'tg-at-012'], why: 'letters swapped in the head' },
  { kind: 'typo', q: 'Sterbeurkunte beantragen', want: ['tg-de-038', 'tg-at-041'], why: 'd/t as heard' },
  { kind: 'typo', q: 'Vatterschaft anerkennen', want: ['tg-de-042'], why: 'doubled consonant' },
  { kind: 'typo', q: 'Rundfunkbeitrg', want: ['tg-de-035'], why: 'vowel dropped' },
  // compounds, both ways
  { kind: 'compound', q: 'Friedhofssatzung', want: ['sat-023'], why: 'linking s the title leaves out (Friedhofsatzung)' },
  { kind: 'compound', q: 'Steuer für Hunde', want: ['sat-016'], why: 'Hundesteuer written apart' },
  { kind: 'compound', q: 'Abwasser Satzung', want: ['sat-001'], why: 'Abwassersatzung written apart' },
  { kind: 'compound', q: 'Kostenersatz Feuerwehr', want: ['sat-019'], why: 'title writes Kostenersatz … Feuerwehr in a sentence' },
  { kind: 'compound', q: 'Wasserversorgungssatzung', want: ['sat-035', 'sat-014'], why: 'compound the titles write as Satzung … Wasserversorgung' },
  { kind: 'compound', q: 'Gebühren Kindertageseinrichtungen', want: ['sat-029'], why: 'Benutzungsgebühren … Kindertageseinrichtungen' },
  { kind: 'compound', q: 'Kitagebühren', want: ['sat-029'], why: 'short form in a compound, the statute writes Kindertageseinrichtungen' },
  { kind: 'compound', q: 'Erschließungsbeitrag', want: ['sat-017'], why: 'singular of the compound in the title' },
  { kind: 'compound', q: 'Jagdsteuer', want: ['sat-043'], why: 'compound as in the title' },
  { kind: 'compound', q: 'Hebesatz Grundsteuer', want: ['sat-028'], why: 'Hebesatzsatzung and Grund- und Gewerbesteuer' },
  { kind: 'compound', q: 'Ordnung für den Markt', want: ['sat-031'], why: 'Marktordnung written apart' },
  { kind: 'compound', q: 'Obdachlosenunterkunft', want: ['sat-013'], why: 'the title writes Obdachlosen- und Flüchtlingsunterkünfte' },
  { kind: 'compound', q: 'Sammelplatz für Grünmasse', want: ['sat-010'], why: 'Grünmassesammelplatz written apart' },
  { kind: 'compound', q: 'Katzenschutz', want: ['sat-037'], why: 'head of Katzenschutzverordnung' },
  { kind: 'compound', q: 'Aufzug', want: ['lr-0307'], why: 'a word that is the head of many compounds' },
  { kind: 'compound', q: 'Gewerbeanmeldung ändern', want: ['tg-de-028'], why: 'verb for Änderung' },
  // inflections
  { kind: 'inflection', q: 'Verträge mit der Gemeinde', want: ['lr-0187'], why: 'plural with umlaut' },
  { kind: 'inflection', q: 'Fraktion Gemeinderat', want: ['lr-0103'], why: 'singular for Fraktionen' },
  { kind: 'inflection', q: 'Bürgerentscheide', want: ['lr-0091'], why: 'plural' },
  { kind: 'inflection', q: 'Kredit aufnehmen Gemeinde', want: ['lr-0145'], why: 'verb phrase for Kreditaufnahmen' },
  { kind: 'inflection', q: 'Aufgabe der Feuerwehren', want: ['lr-0031'], why: 'plural and singular swapped' },
  { kind: 'inflection', q: 'tragende Wand Stütze', want: ['lr-0295'], why: 'adjective and singulars for tragende Wände und Stützen' },
  { kind: 'inflection', q: 'Sporthalle Benutzung', want: ['sat-003'], why: 'singular for Sporthallen' },
  { kind: 'inflection', q: 'Verkaufssonntag', want: ['sat-036'], why: 'singular for Verkaufssonntage' },
  // umlauts and ß
  { kind: 'umlaut', q: 'Fuehrungszeugnis', want: ['tg-de-013', 'tg-de-023', 'tg-de-014'], why: 'ue for ü' },
  { kind: 'umlaut', q: 'Gruenmassesammelplatz', want: ['sat-010'], why: 'ue for ü in a long compound' },
  { kind: 'umlaut', q: 'Sondernutzung Strasse', want: ['sat-032'], why: 'ss for ß' },
  { kind: 'umlaut', q: 'Einbuergerung', want: ['tg-de-004'], why: 'ue for ü' },
  { kind: 'umlaut', q: 'Namensaenderung', want: ['tg-de-020', 'tg-at-035'], why: 'ae for ä in a compound' },
  { kind: 'umlaut', q: 'Bucherei Benutzungsordnung', want: ['sat-002'], why: 'umlaut dropped (u for ü)' },
  { kind: 'umlaut', q: 'Schuelerbetreuung Gebuehren', want: ['sat-024'], why: 'ue twice' },
  { kind: 'umlaut', q: 'Strassenanlieger Schneeraeumen', want: ['sat-033'], why: 'ss for ß and ae for ä' },
  { kind: 'umlaut', q: 'Freizuegigkeitsbescheinigung', want: ['tg-de-022'], why: 'ue for ü in a long compound' },
  // synonyms and abbreviations
  { kind: 'synonym', q: 'Ausbildungsförderung Studierende', want: ['tg-de-009'], why: 'the long name of BAföG' },
  { kind: 'synonym', q: 'Perso beantragen', want: ['tg-de-015', 'tg-at-036'], why: 'colloquial short form of Personalausweis' },
  { kind: 'synonym', q: 'Hochzeit in Deutschland', want: ['tg-de-029'], why: 'everyday word for Eheschließung' },
  { kind: 'synonym', q: 'Kfz abmelden', want: ['tg-de-002', 'tg-at-020'], why: 'abbreviation for Fahrzeug' },
  { kind: 'synonym', q: 'Meldebescheinigung', want: ['tg-at-047', 'tg-de-003', 'tg-de-040', 'tg-at-002', 'tg-at-034'], why: 'for Wohnsitznachweis and Anmeldung' },
  { kind: 'synonym', q: 'Datenschutz-Grundverordnung Auskunft', want: ['tg-at-016'], why: 'long form of DSGVO' },
  { kind: 'synonym', q: 'Müllabfuhr Satzung', want: ['sat-040', 'sat-041'], why: 'everyday word for Abfallwirtschaft' },
  { kind: 'synonym', q: 'Steuer-ID beantragen', want: ['tg-de-008'], why: 'short form of Steueridentifikationsnummer' },
  { kind: 'synonym', q: 'Heirat Urkunde', want: ['tg-de-018', 'tg-at-028', 'tg-at-029'], why: 'Heirat for Ehe, words apart' },
  { kind: 'synonym', q: 'Nummernschild für kurze Zeit', want: ['tg-de-031'], why: 'everyday words for Kurzzeitkennzeichen' },
  { kind: 'synonym', q: 'Kindergarten Gebühren', want: ['sat-029'], why: 'everyday word for Kindertageseinrichtung' },
  { kind: 'synonym', q: 'GemO Fraktionen', want: ['lr-0103'], why: 'abbreviation of Gemeindeordnung' },
  // questions
  { kind: 'question', q: 'Wie melde ich meinen Wohnsitz ab?', want: ['tg-de-001', 'tg-at-001'], why: 'separable verb around the object' },
  { kind: 'question', q: 'Was kostet ein neuer Reisepass?', want: ['tg-de-016', 'tg-at-037', 'tg-at-038', 'tg-de-044'], why: 'cost question' },
  { kind: 'question', q: 'Wo beantrage ich Elterngeld?', want: ['tg-de-019', 'tg-at-018'], why: 'where question' },
  { kind: 'question', q: 'Wie kann ich ein Gewerbe anmelden?', want: ['tg-de-026'], why: 'how-to question with modal verb' },
  { kind: 'question', q: 'Wie melde ich meinen Hund an?', want: ['tg-at-030'], why: 'separable verb, Hundeanmeldung' },
  { kind: 'question', q: 'Wer erstattet die Kosten der Schülerbeförderung?', want: ['sat-055'], why: 'who question over a statute' },
  { kind: 'question', q: 'Wie hoch ist die Hundesteuer?', want: ['sat-016'], why: 'amount question' },
  { kind: 'question', q: 'Wie lange dauert die Einbürgerung?', want: ['tg-de-004'], why: 'duration question' },
  { kind: 'question', q: 'Ich habe meinen Personalausweis verloren', want: ['tg-at-045'], why: 'statement instead of a question' },
  { kind: 'question', q: 'Wann ist die Badeordnung im Freibad gültig', want: ['sat-022'], why: 'when question, no question mark' },
  // search as you type
  { kind: 'prefix', q: 'Kurzzeitkennz', want: ['tg-de-031'], why: 'typed so far' },
  { kind: 'prefix', q: 'Vaterschaftsaner', want: ['tg-de-042'], why: 'typed so far' },
  { kind: 'prefix', q: 'Immatrikul', want: ['tg-de-039'], why: 'typed so far' },
  { kind: 'prefix', q: 'Mutterschaftsg', want: ['tg-de-033'], why: 'typed so far' },
  // ---- Issue 28: written from the service descriptions in the corpus (Bürgerservice guides,
  // Bad Boll and Göppingen statutes, Baden-Württemberg law); `why` says what each one tests.
  { kind: 'typo', q: 'Reisepas beantragen', want: ['tg-de-016', 'tg-at-037', 'tg-at-038'], why: 'final letter dropped' },
  { kind: 'typo', q: 'Elterngelt', want: ['tg-de-019', 'tg-at-018'], why: 'd/t at the end, as heard' },
  { kind: 'typo', q: 'Arbeitslosengled', want: ['tg-de-005', 'tg-at-006'], why: 'two letters swapped' },
  { kind: 'typo', q: 'Heiratsurkunde beantrgen', want: ['tg-de-018', 'tg-at-028', 'tg-at-029'], why: 'vowel dropped in the verb' },
  { kind: 'typo', q: 'Niederlassungserlaubniss', want: ['tg-de-034'], why: 'doubled final s (old spelling habit)' },
  { kind: 'typo', q: 'Fahrzeugzulasung', want: ['tg-de-048', 'tg-at-048'], why: 'ss written as s in a compound' },
  { kind: 'typo', q: 'Gebursturkunde', want: ['tg-de-024', 'tg-at-025'], why: 'letters swapped at the compound joint' },
  { kind: 'typo', q: 'Feuerwehrsatzng', want: ['sat-020'], why: 'vowel dropped in the head' },
  { kind: 'typo', q: 'Mutterschaftgeld', want: ['tg-de-033'], why: 'linking s left out' },
  { kind: 'typo', q: 'Strafregisterauszg', want: ['tg-at-024'], why: 'vowel dropped, Austrian term' },
  { kind: 'typo', q: 'Kindergeld Antarg', want: ['tg-de-030', 'tg-at-007'], why: 'swapped letters in the second word' },
  { kind: 'typo', q: 'Einbürgerungstets', want: ['tg-de-004'], why: 'swapped letters in a compound the corpus does not write' },
  { kind: 'compound', q: 'Hundesteuersatzung', want: ['sat-016'], why: 'three-part compound as in the title' },
  { kind: 'compound', q: 'Satzung Hundesteuer', want: ['sat-016'], why: 'the compound written as two words' },
  { kind: 'compound', q: 'Antrag Personalausweis', want: ['tg-de-015', 'tg-at-036'], why: 'words apart, pages write Beantragung/Antrag' },
  { kind: 'compound', q: 'Personalausweisantrag', want: ['tg-de-015', 'tg-at-036'], why: 'three-part compound, pages write it apart' },
  { kind: 'compound', q: 'Reisepassantrag', want: ['tg-de-016', 'tg-at-037', 'tg-at-038'], why: 'compound, pages write Beantragung eines Reisepasses' },
  { kind: 'compound', q: 'Anmeldung Wohnsitz', want: ['tg-de-003', 'tg-at-002', 'tg-at-034'], why: 'apart, one page writes Wohnsitzanmeldung' },
  { kind: 'compound', q: 'Abmeldung Fahrzeug', want: ['tg-de-002', 'tg-at-020'], why: 'apart, Austrian page writes Fahrzeugabmeldung' },
  { kind: 'compound', q: 'Fahrzeug-Abmeldung', want: ['tg-de-002', 'tg-at-020'], why: 'hyphenated compound' },
  { kind: 'compound', q: 'Gebühren für Sondernutzung', want: ['sat-032'], why: 'apart, the statute writes Sondernutzungsgebühren' },
  { kind: 'compound', q: 'Ordnung Friedhof', want: ['sat-023'], why: 'Friedhofsordnung written apart' },
  { kind: 'compound', q: 'Katzenschutzverordnung', want: ['sat-037'], why: 'three-part compound from the title' },
  { kind: 'compound', q: 'Verordnung Schutz Katzen', want: ['sat-037'], why: 'the three parts written apart' },
  { kind: 'compound', q: 'Steuer auf die Jagd', want: ['sat-043'], why: 'Jagdsteuer written apart' },
  { kind: 'compound', q: 'Anmeldung Hund', want: ['tg-at-030', 'sat-016'], why: 'Hundeanmeldung written apart' },
  { kind: 'compound', q: 'Kosten Beförderung Schüler', want: ['sat-055'], why: 'Schülerbeförderungskosten written apart' },
  { kind: 'compound', q: 'Schülerbeförderungskosten', want: ['sat-055'], why: 'three-part compound from the title' },
  { kind: 'compound', q: 'Abfallwirtschaftssatzung', want: ['sat-040', 'sat-041'], why: 'three-part compound from the title' },
  { kind: 'compound', q: 'Benutzung Sporthalle Ordnung', want: ['sat-003'], why: 'Benutzungsordnung written apart' },
  { kind: 'inflection', q: 'Führerscheine', want: ['tg-de-012', 'tg-at-010', 'tg-at-023', 'tg-at-019', 'tg-at-022'], why: 'plural' },
  { kind: 'inflection', q: 'Geburtsurkunden', want: ['tg-de-024', 'tg-at-025'], why: 'plural' },
  { kind: 'inflection', q: 'Sterbeurkunden beantragt', want: ['tg-de-038', 'tg-at-041'], why: 'plural and participle' },
  { kind: 'inflection', q: 'Baugenehmigungen', want: ['tg-de-010', 'tg-at-014'], why: 'plural' },
  { kind: 'inflection', q: 'Satzungen über Abfälle', want: ['sat-040', 'sat-041'], why: 'plural with umlaut change' },
  { kind: 'inflection', q: 'Geschäftsordnung des Gemeinderates', want: ['sat-026'], why: 'genitive' },
  { kind: 'inflection', q: 'Steuern für Hunde', want: ['sat-016'], why: 'plural of both words' },
  { kind: 'inflection', q: 'Reisepässe verlängern', want: ['tg-de-044', 'tg-at-038', 'tg-at-037'], why: 'plural with umlaut, verb for Verlängerung' },
  { kind: 'inflection', q: 'Haushaltsplans der Gemeinde', want: ['lr-0138'], why: 'genitive of a compound' },
  { kind: 'inflection', q: 'Ausschüssen des Kreistags', want: ['sat-051'], why: 'dative plural and genitive' },
  { kind: 'inflection', q: 'Sondervermögens', want: ['lr-0156'], why: 'genitive' },
  { kind: 'inflection', q: 'gestohlenen Personalausweis melden', want: ['tg-at-045'], why: 'participle as adjective' },
  { kind: 'umlaut', q: 'Fuehrerschein erneuern', want: ['tg-at-023', 'tg-de-012', 'tg-at-019'], why: 'ue for ü' },
  { kind: 'umlaut', q: 'Gebuehrenordnung oeffentliche Raeume', want: ['sat-025'], why: 'three words with ue/oe/ae' },
  { kind: 'umlaut', q: 'Strassenreinigung', want: ['sat-033'], why: 'ss for ß' },
  { kind: 'umlaut', q: 'Aenderung Gewerbeanmeldung', want: ['tg-de-028'], why: 'Ae for Ä at the start' },
  { kind: 'umlaut', q: 'Buecherei', want: ['sat-002'], why: 'ue for ü' },
  { kind: 'umlaut', q: 'Schuelerbefoerderung', want: ['sat-055'], why: 'ue and oe in one compound' },
  { kind: 'umlaut', q: 'Hebesaetze Grundsteuer', want: ['sat-028'], why: 'ae in a plural' },
  { kind: 'umlaut', q: 'Oeffentliche Bekanntmachung', want: ['sat-021', 'sat-059'], why: 'Oe at the start' },
  { kind: 'umlaut', q: 'Geschaeftsordnung Gemeinderat', want: ['sat-026'], why: 'ae for ä' },
  { kind: 'umlaut', q: 'Bestattungsgebuehren', want: ['sat-023'], why: 'ue in a compound the title writes as part of another' },
  { kind: 'umlaut', q: 'Fluechtlingsunterkuenfte', want: ['sat-013'], why: 'ue twice' },
  { kind: 'umlaut', q: 'Polizeiverordnung umweltschaedliches Verhalten', want: ['sat-005'], why: 'ae in an adjective' },
  { kind: 'umlaut', q: 'Staatsbuergerschaftsnachweis', want: ['tg-at-040'], why: 'ue in a long compound' },
  { kind: 'umlaut', q: 'Wohnsitz abmelden Oesterreich', want: ['tg-at-001'], why: 'Oe in a proper name' },
  { kind: 'umlaut', q: 'Schneeraeumen Gehweg', want: ['sat-033'], why: 'ae for ä in a verb noun' },
  { kind: 'synonym', q: 'Geburtsschein', want: ['tg-de-024', 'tg-at-025'], why: 'everyday word for Geburtsurkunde' },
  { kind: 'synonym', q: 'Trauung anmelden', want: ['tg-de-029'], why: 'Trauung for Eheschließung' },
  { kind: 'synonym', q: 'Todesbescheinigung', want: ['tg-de-038', 'tg-at-041'], why: 'for Sterbeurkunde' },
  { kind: 'synonym', q: 'Staatsangehörigkeit erwerben', want: ['tg-de-004'], why: 'for Einbürgerung' },
  { kind: 'synonym', q: 'Aufenthaltsgenehmigung', want: ['tg-de-006', 'tg-de-011', 'tg-at-012'], why: 'older word for Aufenthaltstitel' },
  { kind: 'synonym', q: 'Namenswechsel', want: ['tg-de-020', 'tg-at-035'], why: 'for Namensänderung' },
  { kind: 'synonym', q: 'Arbeitsamt Arbeitslosengeld', want: ['tg-de-005', 'tg-at-006'], why: 'old name of the agency' },
  { kind: 'synonym', q: 'Beerdigung Gebühren', want: ['sat-023'], why: 'Beerdigung for Bestattung' },
  { kind: 'synonym', q: 'Stadtbibliothek Ausleihe', want: ['sat-002'], why: 'for Bücherei' },
  { kind: 'synonym', q: 'Schwimmbad Ordnung', want: ['sat-022'], why: 'for Freibad' },
  { kind: 'synonym', q: 'Kanalgebühren', want: ['sat-001'], why: 'for Abwassergebühren' },
  { kind: 'synonym', q: 'Steueridentifikationsnummer', want: ['tg-de-008'], why: 'the long form of Steuer-ID' },
  { kind: 'question', q: 'was kostet ein Personalausweis', want: ['tg-de-015', 'tg-at-036'], why: 'cost question, no capitals' },
  { kind: 'question', q: 'Wie beantrage ich eine Geburtsurkunde?', want: ['tg-de-024', 'tg-at-025'], why: 'how-to question' },
  { kind: 'question', q: 'Wo melde ich mein Auto ab?', want: ['tg-de-002', 'tg-at-020'], why: 'separable verb around the object' },
  { kind: 'question', q: 'Wer bekommt Kindergeld?', want: ['tg-de-030', 'tg-at-007'], why: 'entitlement question' },
  { kind: 'question', q: 'Welche Unterlagen brauche ich für die Baugenehmigung?', want: ['tg-de-010', 'tg-at-014'], why: 'documents question' },
  { kind: 'question', q: 'Wie bekomme ich ein Führungszeugnis?', want: ['tg-de-013', 'tg-de-023', 'tg-de-014'], why: 'how-to question' },
  { kind: 'question', q: 'Muss ich meinen Hund anmelden?', want: ['tg-at-030', 'sat-016'], why: 'yes/no question with separable verb' },
  { kind: 'question', q: 'Wie verlängere ich meine Aufenthaltserlaubnis?', want: ['tg-de-043', 'tg-at-013'], why: 'verb for Verlängerung' },
  { kind: 'question', q: 'Wer räumt im Winter den Gehweg?', want: ['sat-033'], why: 'everyday words for the Streupflicht statute' },
  { kind: 'question', q: 'Was kostet die Benutzung der Sporthalle?', want: ['sat-003', 'sat-049', 'sat-025'], why: 'cost question about a facility' },
  { kind: 'prefix', q: 'Niederlassungser', want: ['tg-de-034'], why: 'typed so far' },
  { kind: 'prefix', q: 'Freizügigkeitsbes', want: ['tg-de-022'], why: 'typed so far' },
  { kind: 'prefix', q: 'Sozialversicherungsk', want: ['tg-de-037'], why: 'typed so far' },
  { kind: 'prefix', q: 'Erschließungsbeitr', want: ['sat-017'], why: 'typed so far' },
  { kind: 'prefix', q: 'Schwangerschaftsbes', want: ['tg-de-036'], why: 'typed so far' },
];

reportMeiliSkip('search relevance');
describe.each(postgresCombinations)('relevance of German search on $label', (c) => relevance(c));
describe.skipIf(!meiliUrl).each(meiliCombinations)('relevance of German search on $label', (c) => relevance(c));

function relevance(c: Combination) {
  let t: TestApp;
  let reader: Client & { user: TestUser };
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient({ role: 'knowledge_manager' });
    const space = await seedSpace(t.database.db, { name: 'Bürgerservice', readers: [reader] });
    const corpus = loadCorpus();
    const ids = await insertPages(t.database.db, space, corpus);
    ids.forEach((id, i) => idOf.set(id, corpus[i]!.id));
    await indexed(t);
  }, 300_000);
  afterAll(() => t?.close());

  it('has at least 150 judged queries of every kind', () => {
    expect(JUDGED.length).toBeGreaterThanOrEqual(150);
    expect(new Set(JUDGED.map((j) => j.kind)).size).toBeGreaterThanOrEqual(7);
  });

  // Target (issue 28): primary@3 ≥ 0.95 and recall@10 ≥ 0.90 overall; measured 0.968 and 0.959
  // on PGlite and PostgreSQL alike. Pages of equal rank come in title order, not by their random
  // ids, so every run gives the same lists: asserted at the target.
  it('puts the primary document in the top 3 for ≥ 95 % and reaches recall@10 ≥ 0.90 (figures per kind in the log)', async () => {
    const perKind = new Map<string, { n: number; top3: number; recall: number }>();
    const misses: string[] = [];
    for (const j of JUDGED) {
      const result = await search(reader, j.q, { limit: 10 });
      const got = result.hits.map((h) => idOf.get(h.pageId));
      const first = got.slice(0, 3).some((id) => id !== undefined && j.want.includes(id));
      if (!first) misses.push(`${j.kind}: "${j.q}" → ${got.slice(0, 3).join(', ')} (want ${j.want.join('|')}; ${j.why})`);
      // Recall over the wanted documents, counting at most 10 of them.
      const wanted = j.want.slice(0, 10);
      const k = perKind.get(j.kind) ?? { n: 0, top3: 0, recall: 0 };
      k.n++;
      if (first) k.top3++;
      k.recall += wanted.filter((id) => got.includes(id)).length / wanted.length;
      perKind.set(j.kind, k);
    }
    const total = [...perKind.values()].reduce((a, k) => ({ n: a.n + k.n, top3: a.top3 + k.top3, recall: a.recall + k.recall }), { n: 0, top3: 0, recall: 0 });
    const line = (name: string, k: { n: number; top3: number; recall: number }) =>
      `${name.padEnd(11)} ${String(k.n).padStart(4)}  primary@3 ${(k.top3 / k.n).toFixed(3)}  recall@10 ${(k.recall / k.n).toFixed(3)}`;
    console.log(
      [`relevance on ${c.label}:`, ...[...perKind].map(([name, k]) => line(name, k)), line('overall', total), `misses:`, ...misses].join('\n'),
    );
    expect(total.top3 / total.n).toBeGreaterThanOrEqual(0.95);
    expect(total.recall / total.n).toBeGreaterThanOrEqual(0.9);
  }, 400_000);
}
