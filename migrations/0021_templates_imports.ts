import { type Kysely, sql } from 'kysely';

/**
 * Templates and migration imports (issue 27; server/src/templates, server/src/imports).
 *
 * A template is a page body in Markdown with `{{Feld}}` placeholders, global (space_id null:
 * admins and knowledge managers keep them) or of one space (its owners). `{{datum}}` and
 * `{{autor}}` are filled when a page is made from it; the other fields are asked.
 *
 * An import remembers what it made from which source id, so a second run of the same export
 * updates those pages and files instead of adding them again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE templates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 1000),
      fields jsonb NOT NULL DEFAULT '[]',
      body text NOT NULL DEFAULT '',
      -- The shipped defaults carry a key; ones people made carry none.
      builtin_key text UNIQUE,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // One name once per gallery (the global one, or a space's).
  await sql`CREATE UNIQUE INDEX templates_name_idx ON templates (coalesce(space_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))`.execute(db);
  await sql`CREATE INDEX templates_space_idx ON templates (space_id)`.execute(db);

  // Page made by an import, by the id it had in its source (the path in the archive, a
  // Confluence page id, a BookStack page id); digest: of the title and body last written.
  await sql`
    CREATE TABLE import_sources (
      space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
      format text NOT NULL CHECK (format IN ('markdown', 'confluence', 'bookstack')),
      source_id text NOT NULL CHECK (char_length(source_id) BETWEEN 1 AND 2000),
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      digest text NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (space_id, format, source_id)
    )`.execute(db);
  await sql`CREATE INDEX import_sources_page_idx ON import_sources (page_id)`.execute(db);

  // A file an import attached to a page, by its path in the source and its bytes.
  await sql`
    CREATE TABLE import_files (
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      source_path text NOT NULL CHECK (char_length(source_path) BETWEEN 1 AND 2000),
      sha256 text NOT NULL,
      attachment_id uuid NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
      PRIMARY KEY (page_id, source_path)
    )`.execute(db);

  for (const t of DEFAULT_TEMPLATES) {
    await sql`
      INSERT INTO templates (name, description, fields, body, builtin_key)
      VALUES (${t.name}, ${t.description}, ${JSON.stringify(t.fields)}::jsonb, ${t.body}, ${t.key})`.execute(db);
  }
}

interface DefaultTemplate {
  key: string;
  name: string;
  description: string;
  fields: { name: string; description: string }[];
  body: string;
}

/** The German defaults every instance starts with (issue 27). */
const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    key: 'arbeitsanweisung',
    name: 'Arbeitsanweisung',
    description: 'Wie eine wiederkehrende Tätigkeit Schritt für Schritt erledigt wird, mit Zuständigkeit, Voraussetzungen und Prüfpunkten.',
    fields: [
      { name: 'Tätigkeit', description: 'Was erledigt wird, z. B. „Gewerbeanmeldung erfassen“' },
      { name: 'Zuständig', description: 'Stelle oder Sachgebiet, das die Tätigkeit ausführt' },
      { name: 'Geltungsbereich', description: 'Für welche Fälle oder Bereiche die Anweisung gilt' },
    ],
    body: `# Arbeitsanweisung: {{Tätigkeit}}

| Angabe | Inhalt |
| --- | --- |
| Zuständig | {{Zuständig}} |
| Geltungsbereich | {{Geltungsbereich}} |
| Erstellt von | {{autor}} |
| Stand | {{datum}} |

## Zweck

Wozu die Tätigkeit dient und was am Ende vorliegen muss.

## Voraussetzungen

- Benötigte Unterlagen und Zugänge (Fachverfahren, Laufwerke, Formulare)
- Vorher erledigte Schritte oder Freigaben

## Ablauf

1. Eingang prüfen: Vollständigkeit und Zuständigkeit feststellen.
2. Vorgang im Fachverfahren anlegen und Aktenzeichen vergeben.
3. Sachverhalt bearbeiten (hier die einzelnen Schritte beschreiben).
4. Ergebnis dokumentieren und zur Akte nehmen.
5. Beteiligte informieren, Wiedervorlage setzen, wenn nötig.

## Prüfpunkte

- [ ] Fristen beachtet
- [ ] Vier-Augen-Prinzip eingehalten, wo vorgeschrieben
- [ ] Datenschutz: nur erforderliche Daten erfasst

## Sonderfälle und Ausnahmen

Was anders läuft als im Regelfall und wer dann entscheidet.

## Mitgeltende Unterlagen

- Rechtsgrundlagen, Dienstanweisungen, Vordrucke
`,
  },
  {
    key: 'checkliste',
    name: 'Checkliste',
    description: 'Abhakbare Liste für einen Vorgang: vorbereiten, durchführen, abschließen.',
    fields: [{ name: 'Vorgang', description: 'Wofür die Checkliste gilt, z. B. „Einstellung neuer Mitarbeitender“' }],
    body: `# Checkliste: {{Vorgang}}

Stand: {{datum}} · Verantwortlich für die Liste: {{autor}}

## Vorbereitung

- [ ] Unterlagen vollständig
- [ ] Zuständigkeiten geklärt
- [ ] Termine und Fristen eingetragen

## Durchführung

- [ ] Schritt 1
- [ ] Schritt 2
- [ ] Schritt 3

## Abschluss

- [ ] Ergebnis dokumentiert und zur Akte genommen
- [ ] Beteiligte informiert
- [ ] Wiedervorlage gesetzt oder Vorgang geschlossen

## Hinweise

Worauf beim Abhaken besonders zu achten ist.
`,
  },
  {
    key: 'prozessschritt-handbuch',
    name: 'Prozessschritt-Handbuch',
    description: 'Alles Wissen zu einem Prozessschritt: Zweck, Rechtsgrundlage, Eingaben, Arbeitsschritte, Stolperfallen und Ansprechpersonen.',
    fields: [
      { name: 'Prozessschritt', description: 'Name des Schritts im Prozessmodell' },
      { name: 'Zuständig', description: 'Rolle oder Organisationseinheit (Lane im Prozessmodell)' },
      { name: 'Rechtsgrundlage', description: 'Gesetz, Verordnung oder Satzung mit Paragraf' },
    ],
    body: `# {{Prozessschritt}}

| Angabe | Inhalt |
| --- | --- |
| Zuständig | {{Zuständig}} |
| Rechtsgrundlage | {{Rechtsgrundlage}} |
| Verfasst von | {{autor}} |
| Stand | {{datum}} |

## Zweck

Was dieser Schritt im Prozess leistet und woran man erkennt, dass er erledigt ist.

## Rechtsgrundlage

{{Rechtsgrundlage}} – einschlägige Vorschriften, Verwaltungsvorschriften und interne Dienstanweisungen.

## Eingaben

- Welche Unterlagen, Daten oder Anträge vorliegen müssen
- Woher sie kommen (vorheriger Schritt, Bürger:in, andere Behörde)

## Arbeitsschritte

1. Eingaben auf Vollständigkeit prüfen.
2. Bearbeiten (im Fachverfahren, mit Vordrucken).
3. Ergebnis an den nächsten Schritt übergeben.

## Ergebnis

Was am Ende vorliegt und wohin es geht.

## Stolperfallen

- Häufige Fehler und wie man sie vermeidet
- Fristen, die leicht übersehen werden

## Ansprechpersonen

| Thema | Person oder Stelle | Erreichbarkeit |
| --- | --- | --- |
| Fachliche Fragen | {{Zuständig}} | |
| Technik / Fachverfahren | | |
`,
  },
  {
    key: 'besprechungsprotokoll',
    name: 'Besprechungsprotokoll',
    description: 'Ergebnisprotokoll einer Besprechung mit Teilnehmenden, Beschlüssen und Aufgaben.',
    fields: [
      { name: 'Anlass', description: 'Titel oder Thema der Besprechung' },
      { name: 'Ort', description: 'Raum oder Videokonferenz' },
      { name: 'Teilnehmende', description: 'Namen, durch Kommas getrennt' },
    ],
    body: `# Protokoll: {{Anlass}}

| Angabe | Inhalt |
| --- | --- |
| Datum | {{datum}} |
| Ort | {{Ort}} |
| Teilnehmende | {{Teilnehmende}} |
| Protokoll | {{autor}} |

## Tagesordnung

1. Begrüßung und Genehmigung des letzten Protokolls
2. Thema
3. Verschiedenes

## Ergebnisse und Beschlüsse

- Beschluss: …

## Aufgaben

| Aufgabe | Verantwortlich | Frist |
| --- | --- | --- |
| | | |

## Nächster Termin

Datum, Uhrzeit und Ort der nächsten Besprechung.
`,
  },
  {
    key: 'faq',
    name: 'FAQ',
    description: 'Häufige Fragen und Antworten zu einem Thema, für Kolleg:innen und den Bürgerservice.',
    fields: [{ name: 'Thema', description: 'Worum es in den Fragen geht' }],
    body: `# Häufige Fragen: {{Thema}}

Zusammengestellt von {{autor}}, Stand {{datum}}.

## Wer ist zuständig?

Antwort mit Stelle, Erreichbarkeit und Vertretung.

## Welche Unterlagen werden benötigt?

- Unterlage 1
- Unterlage 2

## Wie lange dauert die Bearbeitung?

Übliche Bearbeitungszeit und was sie verlängert.

## Was kostet es?

Gebühren nach der Gebührensatzung, Ermäßigungen und Befreiungen.

## Weitere Fragen

Frage als Überschrift, Antwort darunter. Neue Fragen oben einfügen, veraltete löschen.
`,
  },
  {
    key: 'uebergabenotiz',
    name: 'Übergabenotiz',
    description: 'Übergabe eines Aufgabengebiets bei Wechsel, Ruhestand oder Vertretung: laufende Vorgänge, Fristen, Zugänge, Kontakte.',
    fields: [
      { name: 'Aufgabengebiet', description: 'Welche Aufgaben übergeben werden' },
      { name: 'Nachfolge', description: 'Wer übernimmt' },
      { name: 'Übergabetermin', description: 'Ab wann die Nachfolge zuständig ist' },
    ],
    body: `# Übergabe: {{Aufgabengebiet}}

| Angabe | Inhalt |
| --- | --- |
| Übergeben von | {{autor}} |
| Übernommen von | {{Nachfolge}} |
| Zuständig ab | {{Übergabetermin}} |
| Erstellt am | {{datum}} |

## Laufende Vorgänge

| Vorgang / Aktenzeichen | Stand | Nächster Schritt | Frist |
| --- | --- | --- | --- |
| | | | |

## Fristen und wiederkehrende Termine

- Jährlich: …
- Monatlich: …

## Ablage und Systeme

- Fachverfahren und Zugänge (Berechtigungen beantragen bei …)
- Laufwerke, Ordner und E-Akte

## Kontakte

| Person oder Stelle | Wofür | Erreichbarkeit |
| --- | --- | --- |
| | | |

## Ungeschriebene Regeln

Was man wissen muss, aber nirgends steht: Absprachen, Eigenheiten, bewährte Umwege.

## Offene Fragen an die Nachfolge

- [ ] …
`,
  },
];
