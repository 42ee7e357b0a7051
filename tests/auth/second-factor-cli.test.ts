/**
 * The way back in for the last administrator who lost phone and recovery codes: `pnpm stafette
 * reset-second-factor <email>` on the server removes the second factor, ends the account's
 * sessions and records it in the audit log as done by the system.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession } from '../../server/src/auth/sessions.ts';
import type { DB } from '../../server/src/db/schema.ts';
import { openPglite, pgliteDirOf } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { backends, freshDatabase } from '../support/databases.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/main.ts'), ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env } });

/** An administrator with two-factor sign-in and a session. */
async function lockedOutAdmin(db: Kysely<DB>): Promise<string> {
  const user = await insertUser(db, { email: 'Leitung@Rathaus.example', password: 'lang genug, wirklich', displayName: 'Hauptamtsleitung', role: 'admin' });
  await db.insertInto('user_totp').values({ user_id: user.id, secret: 'plain:JBSWY3DPEHPK3PXP', confirmed_at: new Date() }).execute();
  await db.insertInto('user_recovery_codes').values({ user_id: user.id, code_hash: 'x' }).execute();
  await createSession(db, user.id, { idleMinutes: 60, lifetimeHours: 1 }, { ip: null, userAgent: null });
  return user.id;
}

async function expectReset(db: Kysely<DB>, userId: string) {
  expect(await db.selectFrom('user_totp').select('user_id').where('user_id', '=', userId).execute()).toEqual([]);
  expect(await db.selectFrom('user_recovery_codes').select('id').where('user_id', '=', userId).execute()).toEqual([]);
  expect(await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).toEqual([]);
  const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', userId).execute();
  expect(audit).toContainEqual({ action: 'user.totp_reset', actor_id: null });
}

describe.each(backends)('reset-second-factor on %s', (backend) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-2fa-cli-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('removes the second factor of the account named by its e-mail (any case) and ends its sessions', async () => {
    if (backend === 'pglite') {
      let database = await openPglite(pgliteDirOf(dataDir));
      await migrateToLatest(database.db);
      const userId = await lockedOutAdmin(database.db);
      await database.close();
      const { stdout } = await cli(['reset-second-factor', 'leitung@rathaus.example'], { STAFETTE_DATA_DIR: dataDir });
      expect(stdout).toMatch(/Two-factor sign-in of leitung@rathaus.example reset/);
      database = await openPglite(pgliteDirOf(dataDir));
      await expectReset(database.db, userId);
      await database.close();
      expect((await cli(['reset-second-factor', 'leitung@rathaus.example'], { STAFETTE_DATA_DIR: dataDir })).stdout).toMatch(/has no two-factor sign-in/);
    } else {
      const database = await freshDatabase('postgres');
      try {
        const userId = await lockedOutAdmin(database.db);
        await cli(['reset-second-factor', 'LEITUNG@rathaus.example'], { DATABASE_URL: database.url! });
        await expectReset(database.db, userId);
      } finally {
        await database.drop();
      }
    }
    await expect(cli(['reset-second-factor', 'niemand@rathaus.example'], backend === 'pglite' ? { STAFETTE_DATA_DIR: dataDir } : { DATABASE_URL: 'postgres://invalid' })).rejects.toThrow();
  }, 240_000);
});
