import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import type { DB } from '@stafette/server/db/schema.ts';
import { openPostgres } from '@stafette/server/db/database.ts';
import { migrateToLatest } from '@stafette/server/db/migrate.ts';
import { insertUser } from '@stafette/server/users/users-service.ts';
import { createCollabToken } from '@stafette/server/collab/collab-tokens.ts';

/**
 * A fresh PostgreSQL database for one benchmark run, migrated like production, with one
 * editor and a space; pages are created as needed with a collaboration token each (tokens
 * are reusable until they expire, so every client of a page shares one).
 */
export interface BenchDatabase {
  url: string;
  db: Kysely<DB>;
  userId: string;
  spaceId: string;
  /** A new page and a token for its socket. */
  page(title?: string): Promise<{ pageId: string; token: string }>;
  /**
   * The floor under any relay-after-commit: single-row INSERT + commit (fsync) of ~25 bytes on
   * this database, one at a time every 2 ms for `seconds`; latencies in ms, sorted.
   */
  commitLatencies(seconds: number): Promise<number[]>;
  drop(): Promise<void>;
}

export const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `stafette_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openPostgres(url);
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  // Dropped even when the run is interrupted.
  process.once('SIGINT', () => void drop().finally(() => process.exit(130)));
  try {
    await migrateToLatest(database.db);
    const db = database.db;
    const user = await insertUser(db, { email: `bench-${name}@example.org`, password: 'bench-Pferd-Batterie-1', displayName: 'Bench', role: 'user' });
    const space = await db.insertInto('spaces').values({ name: `Bench ${name}` }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('space_members').values({ space_id: space.id, user_id: user.id, role: 'editor' }).execute();
    return {
      url,
      db,
      userId: user.id,
      spaceId: space.id,
      async page(title = 'Benchmark page') {
        const page = await db.insertInto('pages').values({ space_id: space.id, title }).returning('id').executeTakeFirstOrThrow();
        const { token } = await createCollabToken(db, user.id, page.id, 24 * 3600);
        return { pageId: page.id, token };
      },
      async commitLatencies(seconds) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, data bytea NOT NULL)');
          const times: number[] = [];
          const row = Buffer.alloc(25, 1);
          for (const end = Date.now() + seconds * 1000; Date.now() < end; ) {
            const t0 = performance.now();
            await client.query('INSERT INTO bench_commits (data) VALUES ($1)', [row]);
            times.push(performance.now() - t0);
            await new Promise((r) => setTimeout(r, 2));
          }
          return times.sort((a, b) => a - b);
        } finally {
          await client.end();
        }
      },
      drop,
    };
  } catch (err) {
    await drop();
    throw err;
  }
}
