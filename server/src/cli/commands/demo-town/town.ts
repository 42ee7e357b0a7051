import type { Role } from '../../../auth/auth.ts';
import type { SpaceRole } from '../../../db/schema.ts';
import type { DemoProcess } from './bpmn.ts';

/**
 * The demo town "Musterstadt": three offices, their people, processes and pages, chosen so that
 * every capability has something to show at first start: a step at high risk (its only, stale
 * page was written by someone retiring soon), an undocumented step, an interview in progress,
 * an overdue review, a page whose responsible person left, and a read request half confirmed.
 * Departure dates and ages are relative to the day the seed runs.
 */
export const DEMO_PASSWORD = 'Musterstadt-Demo-2024';
export const DEMO_DOMAIN = 'musterstadt.example';

export interface DemoUser {
  key: string;
  displayName: string;
  role: Role;
  /** Planned departure in days from the seed day (negative: already past). */
  departsInDays?: number;
}

export const USERS: DemoUser[] = [
  { key: 'admin', displayName: 'Ada Admin', role: 'admin' },
  { key: 'wissen', displayName: 'Wiebke Wissen', role: 'knowledge_manager' },
  { key: 'bernd', displayName: 'Bernd Brandt', role: 'user', departsInDays: 60 },
  { key: 'karl', displayName: 'Karl Krüger', role: 'user', departsInDays: 25 },
  { key: 'sabine', displayName: 'Sabine Schulz', role: 'user' },
  { key: 'petra', displayName: 'Petra Peters', role: 'user' },
  { key: 'hans', displayName: 'Hans Hoffmann', role: 'user', departsInDays: -10 },
  { key: 'olaf', displayName: 'Olaf Ott', role: 'user' },
  { key: 'nina', displayName: 'Nina Neumann', role: 'user' },
];

export const emailOf = (key: string) => `${key}@${DEMO_DOMAIN}`;

export interface DemoPage {
  title: string;
  author: string;
  /** BPMN element id of the step it hangs on. */
  step?: string;
  /** Last edit this many days ago (a stale page). */
  ageDays?: number;
  markdown: string;
}

export interface DemoSpace {
  name: string;
  description: string;
  owner: string;
  members: Record<string, SpaceRole>;
  process: DemoProcess;
  pages: DemoPage[];
}

export const SPACES: DemoSpace[] = [
  {
    name: 'Bürgeramt',
    description: 'Meldewesen, Ausweise und Bescheinigungen',
    owner: 'bernd',
    members: { karl: 'editor', sabine: 'editor', nina: 'reader' },
    process: {
      id: 'Wohnsitz_anmelden',
      name: 'Wohnsitz anmelden',
      start: { id: 'Start_Termin', name: 'Bürger:in kommt zum Termin' },
      tasks: [
        { id: 'Task_Identitaet', name: 'Identität prüfen' },
        { id: 'Task_Meldeschein', name: 'Meldeschein erfassen' },
        { id: 'Task_Wohnungsgeber', name: 'Wohnungsgeberbestätigung prüfen' },
        { id: 'Task_Bescheinigung', name: 'Meldebescheinigung ausstellen' },
      ],
      end: { id: 'End_Angemeldet', name: 'Anmeldung abgeschlossen' },
    },
    pages: [
      {
        title: 'Identität prüfen: Ausweisdokumente und Sonderfälle',
        author: 'karl',
        step: 'Task_Identitaet',
        ageDays: 420,
        markdown: `Vor jeder Anmeldung prüfen wir die Identität anhand eines gültigen Personalausweises oder Reisepasses.

## Sonderfälle

- **Abgelaufener Ausweis:** Anmeldung trotzdem aufnehmen, auf die Pflicht zur Neubeantragung hinweisen.
- **Ausländische Pässe ohne lateinische Schrift:** Namen nach ICAO-Transliteration erfassen, die MRZ-Zeile ist maßgeblich.
- **Vertretung:** Nur mit schriftlicher Vollmacht und Ausweiskopie der vertretenen Person.

Im Zweifel Rücksprache mit Karl Krüger (Durchwahl 214).`,
      },
      {
        title: 'Meldeschein: Felder und typische Fehler',
        author: 'bernd',
        step: 'Task_Meldeschein',
        ageDays: 200,
        markdown: `Der Meldeschein wird direkt im Fachverfahren erfasst.

1. Familienname, Vornamen und Doktorgrad wie im Ausweis
2. Tag des Einzugs – nicht der Tag der Vorsprache
3. Religionszugehörigkeit nur auf Angabe, nie schätzen

Häufiger Fehler: die Nebenwohnung wird als Hauptwohnung erfasst. Bei Studierenden immer nachfragen.`,
      },
      {
        title: 'Wohnungsgeberbestätigung: was oft fehlt',
        author: 'sabine',
        step: 'Task_Wohnungsgeber',
        markdown: `Die Bestätigung des Wohnungsgebers (§ 19 BMG) muss enthalten:

- Name und Anschrift des Wohnungsgebers
- Einzugsdatum
- Anschrift der Wohnung
- Namen der meldepflichtigen Personen

Fehlt die Bestätigung, Anmeldung aufnehmen und eine Frist von zwei Wochen zum Nachreichen setzen.`,
      },
      {
        title: 'Wohnungsgeberbestätigung: Vorlage und Versand',
        author: 'sabine',
        step: 'Task_Wohnungsgeber',
        markdown: `Die Vorlage liegt im Formularserver unter *Meldewesen › Wohnungsgeber*. Elektronisch übermittelte Bestätigungen kommen über das Postfach des Bürgeramts und werden dem Vorgang zugeordnet.`,
      },
      {
        title: 'Checkliste Anmeldung',
        author: 'sabine',
        step: 'Task_Wohnungsgeber',
        markdown: `- [x] Ausweis geprüft
- [x] Wohnungsgeberbestätigung liegt vor
- [ ] Meldebescheinigung ausgehändigt

Die Checkliste ersetzt keine Prüfung im Fachverfahren.`,
      },
    ],
  },
  {
    name: 'Bauamt',
    description: 'Bauanträge, Bauaufsicht und Denkmalschutz',
    owner: 'petra',
    members: { hans: 'editor', nina: 'reader' },
    process: {
      id: 'Bauantrag_pruefen',
      name: 'Bauantrag prüfen',
      start: { id: 'Start_Eingang', name: 'Bauantrag eingegangen' },
      tasks: [
        { id: 'Task_Vollstaendigkeit', name: 'Vollständigkeit prüfen' },
        { id: 'Task_Beteiligung', name: 'Fachstellen beteiligen' },
        { id: 'Task_Planungsrecht', name: 'Bauplanungsrecht prüfen' },
        { id: 'Task_Genehmigung', name: 'Baugenehmigung erteilen' },
      ],
      end: { id: 'End_Bescheid', name: 'Bescheid versandt' },
    },
    pages: [
      {
        title: 'Vollständigkeit eines Bauantrags',
        author: 'hans',
        step: 'Task_Vollstaendigkeit',
        ageDays: 300,
        markdown: `Innerhalb von drei Wochen nach Eingang prüfen wir, ob der Antrag vollständig ist (Art. 65 BayBO sinngemäß).

## Unterlagen

- Lageplan im Maßstab 1:1000
- Bauzeichnungen und Baubeschreibung
- Standsicherheitsnachweis oder Erklärung des Tragwerksplaners

Fehlen Unterlagen, schriftlich mit Frist nachfordern – die Genehmigungsfiktion beginnt erst mit Vollständigkeit.`,
      },
      {
        title: 'Fachstellen und ihre Fristen',
        author: 'petra',
        step: 'Task_Beteiligung',
        markdown: `| Fachstelle | Frist |
| --- | --- |
| Untere Denkmalschutzbehörde | 4 Wochen |
| Brandschutzdienststelle | 2 Wochen |
| Straßenverkehrsbehörde | 2 Wochen |

Stellungnahmen, die nach Fristablauf kommen, werden trotzdem berücksichtigt, solange der Bescheid nicht raus ist.`,
      },
      {
        title: 'Baugenehmigung: Nebenbestimmungen',
        author: 'petra',
        step: 'Task_Genehmigung',
        ageDays: 250,
        markdown: `Auflagen und Bedingungen stehen in der Baugenehmigung unter *Nebenbestimmungen*. Textbausteine liegen im Fachverfahren; eigene Formulierungen vorher mit der Rechtsabteilung abstimmen.`,
      },
    ],
  },
  {
    name: 'Ordnungsamt',
    description: 'Sondernutzungen, Gewerbe und öffentliche Ordnung',
    owner: 'olaf',
    members: { sabine: 'editor', nina: 'reader' },
    process: {
      id: 'Sondernutzung_genehmigen',
      name: 'Sondernutzung genehmigen',
      start: { id: 'Start_Antrag', name: 'Antrag eingegangen' },
      tasks: [
        { id: 'Task_Antrag', name: 'Antrag prüfen' },
        { id: 'Task_Gebuehren', name: 'Gebühren festsetzen' },
        { id: 'Task_Erlaubnis', name: 'Erlaubnis erteilen' },
      ],
      end: { id: 'End_Erlaubnis', name: 'Erlaubnis versandt' },
    },
    pages: [
      {
        title: 'Sondernutzung: neue Gebührenordnung',
        author: 'olaf',
        step: 'Task_Gebuehren',
        markdown: `Ab dem 1. Juli gilt die neue Sondernutzungsgebührensatzung.

- Außengastronomie: 2,50 € je m² und Monat (bisher 2,00 €)
- Baugerüste: 1,00 € je m² und Woche
- Werbeaufsteller: 15 € je Stück und Monat

Alle laufenden Verfahren ab Eingang 1. Juli nach neuer Satzung abrechnen.`,
      },
    ],
  },
];

/** Responsible persons and intervals; `setDaysAgo` moves the review clock back. */
export const REVIEWS: { page: string; responsible: string; intervalDays: number; setDaysAgo: number }[] = [
  // Overdue: on Sabine's start page, with a banner on the page.
  { page: 'Meldeschein: Felder und typische Fehler', responsible: 'sabine', intervalDays: 180, setDaysAgo: 200 },
  // Due later.
  { page: 'Wohnungsgeberbestätigung: was oft fehlt', responsible: 'sabine', intervalDays: 365, setDaysAgo: 10 },
  // Hans left the town hall ten days ago: the page gets a proposal for a new responsible person.
  { page: 'Vollständigkeit eines Bauantrags', responsible: 'hans', intervalDays: 365, setDaysAgo: 100 },
];

/** Olaf asks the Ordnungsamt to confirm the new fees; Sabine has confirmed, Nina not yet. */
export const READ_REQUESTS: { page: string; by: string; note: string; confirmedBy: string[] }[] = [
  { page: 'Sondernutzung: neue Gebührenordnung', by: 'olaf', note: 'Neue Gebühren ab 1. Juli – bitte lesen und bestätigen.', confirmedBy: ['sabine'] },
];

/** Bernd (leaving) is being interviewed by Wiebke; Nina takes over. */
export const INTERVIEW = { subject: 'bernd', interviewer: 'wissen', successor: 'nina', role: 'Sachgebietsleitung Bürgeramt' };
