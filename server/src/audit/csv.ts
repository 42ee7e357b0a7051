/**
 * CSV cells for spreadsheet programs. Every cell is quoted; cells a spreadsheet would read as a
 * formula (leading = + - @, tab, carriage return) get a leading apostrophe so an audit export
 * opened in Excel or LibreOffice cannot run anything (CSV injection).
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
