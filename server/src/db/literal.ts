import pg from 'pg';

/**
 * A bind value as an SQL literal, for EXECUTE of a prepared statement (PostgreSQL takes no bind
 * parameters there). Text is escaped by node-postgres (`E'…'`, quotes and backslashes doubled),
 * which holds whatever `standard_conforming_strings` says; arrays are written as PostgreSQL's
 * array text and cast by the parameter's type, as a bound array would be.
 */
export function literal(value: unknown): string {
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return pg.escapeLiteral(arrayText(value));
  return plain(value);
}

/** `EXECUTE "name"(values…)` of a prepared statement, its values as literals. */
export function executeSql(name: string, values: readonly unknown[]): string {
  const args = values.length > 0 ? `(${values.map(literal).join(', ')})` : '';
  return `EXECUTE ${pg.escapeIdentifier(name)}${args}`;
}

/** NULL, a finite number or a boolean, written the same inside an array and outside. */
function plain(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') return String(value);
  throw new TypeError(`no literal for a ${typeof value} value`);
}

function arrayText(values: readonly unknown[]): string {
  const element = (v: unknown): string => (typeof v === 'string' ? `"${v.replace(/[\\"]/g, '\\$&')}"` : Array.isArray(v) ? arrayText(v) : plain(v));
  return `{${values.map(element).join(',')}}`;
}
