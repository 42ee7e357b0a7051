/** Texts of the quick switcher (German first; keys shared with English). */
export const switcherDe = {
  title: 'Zu einer Seite springen',
  input: 'Seitentitel oder Suchbegriff',
  hint: 'Pfeiltasten wählen, Eingabetaste öffnet, Escape schließt.',
  results: 'Treffer',
  titles: 'Seitentitel',
  fullText: 'Im Text gefunden',
  people: 'Personen',
  empty: 'Keine Seite gefunden.',
  typeToSearch: 'Geben Sie einen Seitentitel ein.',
  count_one: '{{count}} Treffer',
  count_other: '{{count}} Treffer',
  shortcut: 'Schnellsuche ({{keys}})',
};

export const switcherEn: typeof switcherDe = {
  title: 'Jump to a page',
  input: 'Page title or search term',
  hint: 'Arrow keys choose, Enter opens, Escape closes.',
  results: 'Results',
  titles: 'Page titles',
  fullText: 'Found in the text',
  people: 'People',
  empty: 'No page found.',
  typeToSearch: 'Type a page title.',
  count_one: '{{count}} result',
  count_other: '{{count}} results',
  shortcut: 'Quick switcher ({{keys}})',
};
