import pg from 'pg';
import { types as pgliteTypes } from '@electric-sql/pglite';

/**
 * Both drivers must hand the application the same JavaScript values: DATE as the literal
 * `YYYY-MM-DD` (pg would build a local-midnight Date), int8 counts as numbers (pg gives
 * strings), numeric as numbers.
 */
const DATE = 1082;
const INT8 = 20;
const NUMERIC = 1700;

const asNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

let pgConfigured = false;
export function configurePgTypes(): void {
  if (pgConfigured) return;
  pg.types.setTypeParser(DATE, asIs);
  pg.types.setTypeParser(INT8, asNumber);
  pg.types.setTypeParser(NUMERIC, asNumber);
  pgConfigured = true;
}

export const pgliteParsers = {
  [pgliteTypes.DATE]: asIs,
  [pgliteTypes.INT8]: asNumber,
  [pgliteTypes.NUMERIC]: asNumber,
} as const;
