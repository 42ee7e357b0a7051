import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyGroupMappings, groupNames } from '../../server/src/directory/group-mappings.ts';
import { backends, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { seedSpace } from '../support/seed.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { TEST_PASSWORD } from '../support/test-app.ts';

/**
 * Group mappings applied to one person, as every directory sign-in and sync applies them: the
 * highest mapped role wins, roles no mapping manages stay, and the guards that keep an instance
 * and its spaces administrable hold.
 */
describe.each(backends)('group mappings on %s', (backend) => {
  let database: TestDatabase;
  const system = { actorId: null, ip: null };
  let n = 0;
  const person = async (role: 'admin' | 'knowledge_manager' | 'user' = 'user') =>
    (await insertUser(database.db, { email: `person${++n}@stadt.example`, password: TEST_PASSWORD, displayName: `Person ${n}`, role })).id;
  const roleOf = async (id: string) => (await database.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role;
  const memberRole = async (spaceId: string, userId: string) =>
    (await database.db.selectFrom('space_members').select('role').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst())?.role ?? null;
  const map = (group: string, spaceId: string | null, role: string) =>
    database.db.insertInto('directory_group_mappings').values({ group_name: group, space_id: spaceId, role: role as 'admin' }).execute();

  beforeAll(async () => {
    database = await freshDatabase(backend);
  });
  afterAll(() => database?.drop());

  it('reads a group DN by its common name too, with escaped characters', () => {
    expect(groupNames('CN=GG-Bürgerbüro,OU=Gruppen,DC=stadt,DC=local')).toEqual(['CN=GG-Bürgerbüro,OU=Gruppen,DC=stadt,DC=local', 'GG-Bürgerbüro']);
    expect(groupNames('cn=Bau\\2C Planung,ou=groups')).toEqual(['cn=Bau\\2C Planung,ou=groups', 'Bau, Planung']);
    expect(groupNames('Wissensmanagement')).toEqual(['Wissensmanagement']);
  });

  it('gives the highest mapped role, keeps hand-given roles where no mapping rules, and never demotes the last admin or removes the last owner', async () => {
    const owner = await person();
    const space = await seedSpace(database.db, { name: 'Ordnungsamt', owners: [{ id: owner }] });
    await map('GG-Ordnung-Lesen', space, 'reader');
    await map('GG-Ordnung-Pflege', space, 'owner');
    await map('GG-Admins', null, 'admin');

    // Both groups: the higher role.
    const worker = await person();
    await applyGroupMappings(database.db, worker, ['cn=gg-ordnung-lesen,ou=groups', 'GG-Ordnung-Pflege'], system);
    expect(await memberRole(space, worker)).toBe('owner');

    // A knowledge manager made by hand stays one: only the admin role is mapped.
    const manager = await person('knowledge_manager');
    await applyGroupMappings(database.db, manager, [], system);
    expect(await roleOf(manager)).toBe('knowledge_manager');

    // The space's only other owner leaves the group: the worker stays owner while no one else is.
    await database.db.deleteFrom('space_members').where('space_id', '=', space).where('user_id', '=', owner).execute();
    await applyGroupMappings(database.db, worker, [], system);
    expect(await memberRole(space, worker)).toBe('owner');
    const refused = await database.db.selectFrom('audit_log').select('detail').where('target_id', '=', space).where('action', '=', 'space.member.update').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(refused.detail).toMatchObject({ userId: worker, refused: 'last-owner', source: 'directory' });

    // The only admin leaves the admin group: still admin (the instance keeps an administrator).
    const onlyAdmin = await person('admin');
    await database.db.updateTable('users').set({ role: 'user' }).where('role', '=', 'admin').where('id', '<>', onlyAdmin).execute();
    await applyGroupMappings(database.db, onlyAdmin, [], system);
    expect(await roleOf(onlyAdmin)).toBe('admin');
    // With a second admin from the group, the first loses the mapped role.
    const second = await person();
    await applyGroupMappings(database.db, second, ['GG-Admins'], system);
    expect(await roleOf(second)).toBe('admin');
    await applyGroupMappings(database.db, onlyAdmin, [], system);
    expect(await roleOf(onlyAdmin)).toBe('user');
  });
});
