/** Interface texts of publishing (open government); mounted as `publishing` in i18n/de.ts and en.ts. */

export const publishingDe = {
  group: 'Veröffentlichung im Bürgerportal',
  toggle: 'Veröffentlichen',
  subtree: 'mit Unterseiten',
  publicAt: 'Öffentlich unter',
  copy: 'Adresse kopieren',
  copied: 'Die öffentliche Adresse wurde kopiert.',
  copyFailed: 'Kopieren nicht möglich; bitte markieren Sie die Adresse.',
  published: 'Veröffentlicht. Bürgerinnen und Bürger können es ohne Anmeldung lesen.',
  unpublished: 'Nicht mehr veröffentlicht.',
  notPublic: 'Nur als „öffentlich“ eingestufte Inhalte können veröffentlicht werden.',
  leftOutPages: '{{count}} Unterseiten sind nicht öffentlich eingestuft und bleiben intern.',
  leftOutProcess: '{{count}} angehängte Seiten sind nicht öffentlich eingestuft und bleiben intern.',
  failed: 'Die Veröffentlichung konnte nicht geändert werden.',
};

export const publishingEn: typeof publishingDe = {
  group: 'Publication on the citizen portal',
  toggle: 'Publish',
  subtree: 'with sub-pages',
  publicAt: 'Public at',
  copy: 'Copy address',
  copied: 'The public address was copied.',
  copyFailed: 'Copying is not possible; please select the address.',
  published: 'Published. Citizens can read it without signing in.',
  unpublished: 'No longer published.',
  notPublic: 'Only content classified as public can be published.',
  leftOutPages: '{{count}} sub-pages are not classified public and stay internal.',
  leftOutProcess: '{{count}} attached pages are not classified public and stay internal.',
  failed: 'The publication could not be changed.',
};
