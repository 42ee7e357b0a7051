import type { Section as TemplateSection } from '@stafette/api';

/**
 * The shipped German exit-interview template. Questions ask for concrete, checkable knowledge
 * (names, dates, places, steps) rather than impressions, and each help text says what a good
 * answer contains, because interviewer and departing person fill it in together without
 * training. Ids are stable: answers live in the fragment `answer:<id>` of the interview document.
 */
export const DEFAULT_TEMPLATE_ID = '00000000-0000-4000-8000-000000000013';
export const DEFAULT_TEMPLATE_NAME = 'Wissensübergabe beim Ausscheiden (Standard)';

export const DEFAULT_TEMPLATE_SECTIONS: TemplateSection[] = [
  {
    title: 'Aufgaben, Prozesse und Prozessschritte',
    questions: [
      {
        id: 'aufgaben-ueberblick',
        kind: 'rich_text',
        prompt: 'Welche Aufgaben nehmen Sie heute wahr, und wie viel Ihrer Arbeitszeit entfällt ungefähr auf jede?',
        help: 'Auch Aufgaben nennen, die in keiner Stellenbeschreibung stehen (Vertretungen, „nebenbei“ übernommene Zuständigkeiten). Grobe Anteile genügen, z. B. „Bauanträge prüfen, etwa 60 %“.',
      },
      {
        id: 'prozessschritte',
        kind: 'process_steps',
        prompt: 'In welchen Prozessen und bei welchen Prozessschritten arbeiten Sie selbst mit?',
        help: 'Die Antwort den betroffenen Prozessschritten zuordnen. Beschreiben, was Sie bei diesem Schritt konkret tun, was Sie dafür brauchen und woran Sie erkennen, dass der Schritt erledigt ist.',
      },
      {
        id: 'nur-ich',
        kind: 'process_steps',
        prompt: 'Welche Schritte kann im Moment nur Sie erledigen, und woran liegt das?',
        help: 'Zum Beispiel fehlende Vertretung, besondere Berechtigung, Erfahrung mit seltenen Fällen. Diese Schritte sind nach Ihrem Weggang am stärksten gefährdet.',
      },
    ],
  },
  {
    title: 'Laufende Vorgänge und Fristen',
    questions: [
      {
        id: 'offene-vorgaenge',
        kind: 'rich_text',
        prompt: 'Welche Vorgänge sind offen, und in welchem Stand übergeben Sie sie?',
        help: 'Je Vorgang: Aktenzeichen, worum es geht, was als Nächstes zu tun ist, wer wartet auf wen. Heikle Fälle (Widerspruch, Presse, Politik) ausdrücklich kennzeichnen.',
      },
      {
        id: 'fristen',
        kind: 'dates',
        prompt: 'Welche Fristen und Termine laufen in den nächsten Monaten ab?',
        help: 'Datum, Vorgang, was bis dahin passieren muss und was bei Versäumnis droht (Genehmigungsfiktion, Verjährung, Mittelverfall).',
      },
      {
        id: 'zusagen',
        kind: 'rich_text',
        prompt: 'Welche Zusagen haben Sie gegeben, die noch nicht erfüllt sind?',
        help: 'Mündliche Absprachen mit Bürgerinnen und Bürgern, Firmen, anderen Ämtern oder der Leitung, die nirgends notiert sind.',
      },
    ],
  },
  {
    title: 'Jahreskalender',
    questions: [
      {
        id: 'jahreskalender',
        kind: 'dates',
        prompt: 'Was wiederholt sich jedes Jahr zu festen Zeitpunkten?',
        help: 'Monat für Monat durchgehen: Haushaltsanmeldung, Berichte und Statistiken, Meldungen an Land und Bund, Prüfungen, Verlängerungen, Sitzungen von Ausschüssen. Mit Vorlaufzeit: Wann muss man anfangen?',
      },
      {
        id: 'haushalt',
        kind: 'dates',
        prompt: 'Wie laufen Haushaltsplanung und Mittelbewirtschaftung in Ihrem Bereich ab?',
        help: 'Haushaltsstellen, wer zeichnet, wann Mittel angemeldet, übertragen oder abgerechnet werden müssen, und was regelmäßig knapp wird.',
      },
    ],
  },
  {
    title: 'Rechtsgrundlagen und Ermessen',
    questions: [
      {
        id: 'rechtsgrundlagen',
        kind: 'rich_text',
        prompt: 'Auf welche Gesetze, Verordnungen, Satzungen und Verwaltungsvorschriften stützt sich Ihre Arbeit?',
        help: 'Mit Paragraf, soweit bekannt, und wo der aktuelle Stand zu finden ist. Auch interne Dienstanweisungen und Erlasse nennen.',
      },
      {
        id: 'ermessen',
        kind: 'rich_text',
        prompt: 'Wie üben Sie Ermessen und Beurteilungsspielräume in der Praxis aus?',
        help: 'Welche Maßstäbe haben sich eingespielt, welche Fallgruppen werden wie entschieden, wo gibt es eine abgestimmte Linie mit Leitung oder Rechtsamt? Beispiele aus echten (anonymisierten) Fällen helfen am meisten.',
      },
      {
        id: 'rechtsprechung',
        kind: 'rich_text',
        prompt: 'Welche Urteile, Widerspruchsverfahren oder Prüfungsfeststellungen haben Ihre Praxis geprägt?',
        help: 'Was wurde beanstandet oder bestätigt, und was wird seitdem anders gemacht?',
      },
    ],
  },
  {
    title: 'Arbeitsweisen, Umwege und Eigenheiten der Software',
    questions: [
      {
        id: 'arbeitsweisen',
        kind: 'rich_text',
        prompt: 'Welche Arbeitsweisen, Checklisten oder Vorlagen haben sich bei Ihnen bewährt?',
        help: 'Was machen Sie anders als im Handbuch beschrieben, und warum funktioniert es so besser?',
      },
      {
        id: 'software-eigenheiten',
        kind: 'systems',
        prompt: 'Welche Eigenheiten und Umwege in der Fachsoftware muss man kennen?',
        help: 'Programm und Maske benennen: Felder, die anders gemeint sind als beschriftet, Reihenfolgen, die eingehalten werden müssen, bekannte Fehler und wie man sie umgeht.',
      },
    ],
  },
  {
    title: 'Ablagen, Dateien und Formulare',
    questions: [
      {
        id: 'ablagen',
        kind: 'systems',
        prompt: 'Wo liegen die Akten, Dateien und Formulare, die Ihre Nachfolge braucht?',
        help: 'Laufwerkspfade, DMS-Ordner, Aktenplan-Kennzeichen, Papierablagen (Raum, Schrank). Auch: welche Ablagen veraltet sind und nicht mehr benutzt werden sollten.',
      },
      {
        id: 'formulare',
        kind: 'systems',
        prompt: 'Welche Formulare, Textbausteine und Musterbescheide verwenden Sie, und welche Fassung ist die gültige?',
        help: 'Mit Fundort. Selbst angepasste Fassungen kennzeichnen und sagen, was geändert wurde.',
      },
    ],
  },
  {
    title: 'Ansprechpersonen',
    questions: [
      {
        id: 'kontakte-intern',
        kind: 'contacts',
        prompt: 'Mit wem in der Verwaltung arbeiten Sie regelmäßig zusammen, und wofür?',
        help: 'Name oder Funktion, Organisationseinheit, Anlass. Rollen sind langlebiger als Namen: beides nennen, wenn möglich.',
      },
      {
        id: 'kontakte-extern',
        kind: 'contacts',
        prompt: 'Welche Ansprechpersonen außerhalb der Verwaltung sind wichtig?',
        help: 'Andere Behörden, Kammern, Firmen, Verbände, Ehrenamtliche. Wie man sie am besten erreicht und worauf sie Wert legen.',
      },
      {
        id: 'wenn-es-klemmt',
        kind: 'contacts',
        prompt: 'Wen rufen Sie an, wenn der normale Weg nicht funktioniert?',
        help: 'Die Person, die eine Sache wirklich beschleunigen oder klären kann, wenn Zuständigkeiten unklar sind oder ein System ausfällt, und wie man sie anspricht.',
      },
    ],
  },
  {
    title: 'Warum es so ist, wie es ist',
    questions: [
      {
        id: 'hintergruende',
        kind: 'rich_text',
        prompt: 'Welche Regelungen oder Abläufe wirken merkwürdig, haben aber einen guten Grund?',
        help: 'Erklären, woher sie kommen, damit niemand sie aus Unkenntnis abschafft.',
      },
      {
        id: 'gescheitert',
        kind: 'rich_text',
        prompt: 'Was wurde schon versucht und hat nicht funktioniert?',
        help: 'Damit Ihre Nachfolge nicht denselben Weg noch einmal geht: was, wann, warum es scheiterte, und ob sich die Lage seitdem geändert hat.',
      },
    ],
  },
  {
    title: 'Risiken und Zugänge',
    questions: [
      {
        id: 'risiken',
        kind: 'process_steps',
        prompt: 'Was geht nach Ihrem Weggang zuerst schief, wenn niemand Bescheid weiß?',
        help: 'Die betroffenen Prozessschritte zuordnen. Woran man das Problem früh erkennt und was dann zu tun ist.',
      },
      {
        id: 'zugaenge',
        kind: 'systems',
        prompt: 'Welche Berechtigungen, Rollen, Postfächer und Schlüssel müssen übergeben oder neu beantragt werden?',
        help: 'Nur benennen, wer sie vergibt und wie man sie beantragt. Niemals Passwörter, PINs oder Zugangsdaten hier eintragen.',
      },
    ],
  },
  {
    title: 'Verbesserungen',
    questions: [
      {
        id: 'verbesserungen',
        kind: 'rich_text',
        prompt: 'Was würden Sie ändern, wenn Sie noch einmal anfangen könnten?',
        help: 'Vorschläge für Abläufe, Vorlagen, Software oder Zuständigkeiten, mit dem erwarteten Nutzen und wer sie entscheiden müsste.',
      },
    ],
  },
  {
    title: 'Rat an die Nachfolge',
    questions: [
      {
        id: 'rat',
        kind: 'rich_text',
        prompt: 'Was möchten Sie Ihrer Nachfolgerin oder Ihrem Nachfolger mitgeben?',
        help: 'Womit sollte sie oder er in den ersten Wochen anfangen, was kann warten, und was hätten Sie selbst am Anfang gern gewusst?',
      },
    ],
  },
];
