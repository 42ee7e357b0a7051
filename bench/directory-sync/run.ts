/**
 * The LDAP directory sync at town-hall size: 800 people in 20 groups (10 of them mapped to space
 * roles, one to an instance role) in a real slapd, synced into an embedded database. Prints the
 * time of reading the directory alone (people and their groups, as the sync reads them) and of
 * the first sync (creates everyone, applies the mappings) and an unchanged second sync, with their
 * ratios to the read; the difference is the database work per person.
 *
 *   node --import tsx bench/directory-sync/run.ts        # PEOPLE=800 ROUNDS=3
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPglite } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { listDirectoryPeople } from '../../server/src/directory/ldap-client.ts';
import { runDirectorySync } from '../../server/src/directory/sync.ts';
import { addGroup, addPerson, groupDn, personDn, startSlapd } from '../../tests/directory/slapd.ts';

const PEOPLE = Number(process.env.PEOPLE ?? 800);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const GROUPS = 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const slapd = await startSlapd();
try {
  const uids = Array.from({ length: PEOPLE }, (_, i) => `p${String(i).padStart(4, '0')}`);
  await slapd.admin(async (c) => {
    for (const [i, uid] of uids.entries()) {
      await addPerson(c, { uid, cn: `Jürgen Müller ${i}`, sn: `Müller ${i}`, mail: `${uid}@stadt.example`, password: `Passwort-${uid}`, leavingDate: i % 10 === 0 ? '2027-06-30' : undefined });
    }
    for (let g = 0; g < GROUPS; g++) await addGroup(c, `GG-Amt-${g}`, uids.filter((_, i) => i % GROUPS === g).map(personDn));
  });
  const ldap = slapd.options();
  const directory = { maxDeactivateShare: 0.2, linkByEmail: false };

  const read: number[] = [];
  const first: number[] = [];
  const second: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let start = performance.now();
    const people = await listDirectoryPeople(ldap);
    read.push(performance.now() - start);
    if (people.length !== PEOPLE) throw new Error(`read ${people.length} people`);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-bench-directory-'));
    const database = await openPglite(dir);
    try {
      await migrateToLatest(database.db);
      const db = database.db;
      for (let g = 0; g < GROUPS / 2; g++) {
        const space = await db.insertInto('spaces').values({ name: `Amt ${g}` }).returning('id').executeTakeFirstOrThrow();
        await db.insertInto('directory_group_mappings').values({ group_name: groupDn(`GG-Amt-${g}`), space_id: space.id, role: 'editor' }).execute();
      }
      await db.insertInto('directory_group_mappings').values({ group_name: 'GG-Amt-19', space_id: null, role: 'knowledge_manager' }).execute();

      start = performance.now();
      const created = await runDirectorySync({ db, ldap, directory }, 'cli');
      first.push(performance.now() - start);
      if (created.created !== PEOPLE) throw new Error(`created ${created.created}`);
      start = performance.now();
      const unchanged = await runDirectorySync({ db, ldap, directory }, 'cli');
      second.push(performance.now() - start);
      if (unchanged.created + unchanged.updated + unchanged.deactivated !== 0) throw new Error('second sync changed something');
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const r = median(read);
  const f = median(first);
  const s = median(second);
  console.log(`people: ${PEOPLE}, groups: ${GROUPS}, rounds: ${ROUNDS}, load average: ${os.loadavg()[0]!.toFixed(2)}`);
  console.log(`read directory (people + group searches): ${r.toFixed(0)} ms`);
  console.log(`first sync (creates everyone):          ${f.toFixed(0)} ms  ratio to read ${(f / r).toFixed(2)}  (${(f / PEOPLE).toFixed(2)} ms per person)`);
  console.log(`unchanged second sync:                  ${s.toFixed(0)} ms  ratio to read ${(s / r).toFixed(2)}  (${(s / PEOPLE).toFixed(2)} ms per person)`);
} finally {
  await slapd.stop();
}
