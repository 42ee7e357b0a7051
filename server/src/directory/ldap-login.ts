import type { FastifyInstance } from 'fastify';
import type { User } from '@stafette/api';
import { Problem } from '../http/problem.ts';
import { findUser } from '../users/users-queries.ts';
import { applyGroupMappings } from './group-mappings.ts';
import { DirectoryUnavailable, ldapIssuer, verifyDirectoryLogin } from './ldap-client.ts';
import { provisionDirectoryUser } from './provision.ts';
import { reactivateIfDirectoryDeactivated } from './sync.ts';

export const directoryUnavailable = (detail = 'The directory (LDAP) cannot be reached; try again shortly or ask IT.') =>
  new Problem(503, 'directory-unavailable', 'Directory unavailable', detail);

/**
 * Sign-in with a directory login name (or e-mail) and the directory password, tried after the
 * local password check failed: the first administrator and every local account sign in without
 * the directory, even while it is down. Returns the account (created on first sign-in, its roles
 * brought in line with the group mappings), or null for an unknown name, a wrong password or an
 * account disabled in the directory or here; the caller answers all of them alike. Throws 503
 * directory-unavailable when the directory cannot be asked, and 409 account-link-not-allowed when
 * the person's e-mail belongs to a local account that may not be linked.
 */
export async function directorySignIn(app: FastifyInstance, login: string, password: string, ip: string): Promise<User | null> {
  const options = app.config.ldap;
  if (!options) return null;
  let result;
  try {
    result = await verifyDirectoryLogin(options, login, password);
  } catch (error) {
    app.log.warn({ err: error }, 'LDAP sign-in: directory unavailable');
    throw directoryUnavailable(error instanceof DirectoryUnavailable ? undefined : 'The directory (LDAP) did not answer as expected; try again shortly or ask IT.');
  }
  if (!result.ok) {
    if (result.reason === 'ambiguous') app.log.warn('LDAP sign-in: the login name matches more than one directory entry (STAFETTE_LDAP_USER_FILTER)');
    return null;
  }
  const { person } = result;
  if (!person.email) {
    app.log.warn({ dn: person.dn }, 'LDAP sign-in: the directory entry has no e-mail address');
    return null;
  }
  const system = { actorId: null, ip };
  const provision = () => app.db.transaction().execute(async (trx) => {
    await reactivateIfDirectoryDeactivated(trx, ldapIssuer(options), person.subject, system);
    const { userId } = await provisionDirectoryUser(
      trx,
      { provider: 'ldap', issuer: ldapIssuer(options), subject: person.subject, email: person.email!, displayName: person.displayName, ...(person.departureDate !== undefined ? { departureDate: person.departureDate } : {}) },
      system,
      { linkByEmail: app.config.directory.linkByEmail },
    ).catch((error: unknown) => {
      if (error instanceof Problem && error.slug === 'account-deactivated') return { userId: null };
      throw error;
    });
    if (userId === null) return null;
    return { userId, changes: await applyGroupMappings(trx, userId, person.groups, system) };
  });
  // Two first sign-ins of one person at once: the second meets the first's new account (unique
  // identity or e-mail) and, run again, finds it.
  const signedIn = await provision().catch((error: unknown) => {
    if ((error as { code?: string }).code === '23505') return provision();
    throw error;
  });
  if (signedIn === null) return null;
  const { userId, changes } = signedIn;
  // Role changes decide access: open collaboration sockets check again.
  if (changes.instanceRoleChanged) app.events.emit('user.changed', userId);
  for (const spaceId of changes.spacesChanged) app.events.emit('membership.changed', spaceId, userId);
  return (await findUser(app.db, userId, { includeInactive: false })) ?? null;
}
