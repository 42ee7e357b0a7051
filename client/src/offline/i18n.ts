/** Texts of the offline support (German first; keys shared with English). */
export const offlineDe = {
  refusedTitle: 'Ihre Änderungen wurden nicht gespeichert',
  refusedText:
    'Der Server hat Änderungen abgelehnt, die Sie ohne Verbindung gemacht haben: Ihre Rechte für diese Seite wurden inzwischen geändert. Die Änderungen sind nur auf diesem Gerät gespeichert. Sichern Sie den Text, bevor Sie sie verwerfen.',
  refusedClosedText:
    'Die Verbindung wurde beendet, weil Sie keinen Zugriff mehr auf diese Seite haben. Änderungen auf diesem Gerät sind möglicherweise nicht gespeichert. Sichern Sie den Text, bevor Sie sie verwerfen.',
  refusedInserted: 'Nicht gespeicherter Text',
  copy: 'Text kopieren',
  copied: 'Der Text der Seite mit Ihren Änderungen ist in der Zwischenablage.',
  copyFailed: 'Kopieren war nicht möglich. Laden Sie den Text stattdessen herunter.',
  download: 'Als Markdown herunterladen',
  discard: 'Lokale Änderungen verwerfen',
  discardTitle: 'Lokale Änderungen verwerfen?',
  discardConfirm: 'Ihre nicht gespeicherten Änderungen werden von diesem Gerät gelöscht. Die Seite zeigt danach den Stand des Servers.',
  offlineCopy: 'Ohne Verbindung: Sie sehen und bearbeiten die Kopie auf diesem Gerät.',
};

export const offlineEn: typeof offlineDe = {
  refusedTitle: 'Your changes were not saved',
  refusedText:
    'The server refused changes you made without a connection: your permissions for this page changed meanwhile. The changes are stored on this device only. Keep the text before you discard them.',
  refusedClosedText:
    'The connection ended because you no longer have access to this page. Changes on this device may not have been saved. Keep the text before you discard them.',
  refusedInserted: 'Text not saved',
  copy: 'Copy text',
  copied: 'The text of the page with your changes is on the clipboard.',
  copyFailed: 'Copying was not possible. Download the text instead.',
  download: 'Download as Markdown',
  discard: 'Discard local changes',
  discardTitle: 'Discard local changes?',
  discardConfirm: 'Your unsaved changes are deleted from this device. The page then shows the server’s version.',
  offlineCopy: 'No connection: you see and edit the copy on this device.',
};
