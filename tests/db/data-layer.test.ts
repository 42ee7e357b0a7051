import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { openPglite, openPostgres } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { migrations } from '../../migrations/index.ts';
import { recordAudit } from '../../server/src/audit/record.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import pg from 'pg';

describe.each(backends)('data layer on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(() => database?.drop());

  it('returns dates as YYYY-MM-DD, counts as numbers and timestamps as instants', async () => {
    const user = await insertUser(database.db, { email: `typen-${backend}@example.org`, password: 'lang genug, wirklich', displayName: 'Typen' });
    await database.db.updateTable('users').set({ planned_departure_date: '2027-01-31' }).where('id', '=', user.id).execute();
    const row = await database.db
      .selectFrom('users')
      .select(['planned_departure_date', 'created_at', (eb) => eb.fn.countAll().over().as('n')])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.planned_departure_date).toBe('2027-01-31');
    expect(row.n).toBe(1);
    expect(row.created_at).toBeInstanceOf(Date);
    expect(Math.abs(row.created_at.getTime() - Date.now())).toBeLessThan(60_000);
    const { rows } = await sql<{ big: number; d: string }>`select 9007199254740991::int8 as big, date '2024-02-29' as d`.execute(database.db);
    expect(rows[0]).toEqual({ big: 9007199254740991, d: '2024-02-29' });
  });

  it('keeps concurrent writes whole when another transaction fails and rolls back', async () => {
    const base = (await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    let releaseFailing!: () => void;
    const failingMayEnd = new Promise<void>((r) => (releaseFailing = r));
    const failing = database.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { actorId: null, ip: null, action: 'test.doomed', targetType: 'test', targetId: '1' });
      await failingMayEnd;
      await recordAudit(trx, { actorId: null, ip: null, action: 'test.doomed', targetType: 'test', targetId: '2' });
      throw new Error('boom');
    });
    const writers = Array.from({ length: 20 }, (_, i) =>
      database.db.transaction().execute(async (trx) => {
        await recordAudit(trx, { actorId: null, ip: null, action: 'test.kept', targetType: 'test', targetId: `a${i}` });
        await recordAudit(trx, { actorId: null, ip: null, action: 'test.kept', targetType: 'test', targetId: `b${i}` });
      }),
    );
    const plain = Array.from({ length: 10 }, (_, i) =>
      recordAudit(database.db, { actorId: null, ip: null, action: 'test.kept', targetType: 'test', targetId: `c${i}` }),
    );
    setTimeout(releaseFailing, 50);
    await expect(failing).rejects.toThrow('boom');
    await Promise.all([...writers, ...plain]);
    const rows = await database.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', 'like', 'test.%').execute();
    expect(rows.filter((r) => r.action === 'test.doomed')).toEqual([]);
    expect(rows.filter((r) => r.action === 'test.kept')).toHaveLength(50);
    const after = (await database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(after - base).toBe(50);
  });

  // A multi-word search at 100,000 pages crossed jit_above_cost and spent 120 ms compiling for 12 ms of work.
  it.runIf(backend === 'postgres')('runs statements without JIT compiling, on the app pool and the update-log pool', async () => {
    for (const db of [database.db, database.logDb]) {
      const { rows } = await sql<{ jit: string }>`SHOW jit`.execute(db);
      expect(rows[0]!.jit).toBe('off');
    }
  });

  it('keeps the audit log append-only', async () => {
    await recordAudit(database.db, { actorId: null, ip: null, action: 'test.fixed', targetType: 'test', targetId: 'x' });
    await expect(database.db.updateTable('audit_log').set({ action: 'changed' }).where('action', '=', 'test.fixed').execute()).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('audit_log').where('action', '=', 'test.fixed').execute()).rejects.toThrow(/append-only/);
  });
});

describe('migrations from an empty database', () => {
  it('applies every migration on a new PGlite', async () => {
    const database = await openPglite(null);
    try {
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations).sort());
      expect(await migrateToLatest(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it.runIf(!!process.env.DATABASE_URL)('applies every migration on a new PostgreSQL database', async () => {
    const base = process.env.DATABASE_URL!;
    const name = `stafette_empty_${Date.now()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    const database = await openPostgres(url.toString());
    try {
      expect(await migrateToLatest(database.db)).toEqual(Object.keys(migrations).sort());
    } finally {
      await database.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
