import pg from 'pg';

/**
 * A bind value as an SQL literal, for EXECUTE of a prepared statement (PostgreSQL takes no bind
 * parameters there). Text is escaped by node-postgres (`E'…'`, quotes and backslashes doubled),
 * which holds whatever `standard_conforming_strings` says; arrays are written as PostgreSQL's
 * array text and cast by the parameter's type, as a bound array would be.
 */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (Array.isArray(value)) return pg.escapeLiteral(arrayText(value));
  throw new TypeError(`no literal for a ${typeof value} parameter`);
}

function arrayText(values: readonly unknown[]): string {
  const element = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return `"${v.replace(/[\\"]/g, '\\$&')}"`;
    if (Array.isArray(v)) return arrayText(v);
    throw new TypeError(`no array literal for a ${typeof v} element`);
  };
  return `{${values.map(element).join(',')}}`;
}
