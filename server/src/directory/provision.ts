import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { Problem } from '../http/problem.ts';
import { normaliseEmail } from '../users/users-service.ts';

/**
 * Just-in-time accounts for people who sign in through a directory (LDAP, OpenID Connect). An
 * account is found by its identity (provider + issuer + subject), never by e-mail alone, since
 * e-mail addresses change and can be reassigned. A first sign-in whose e-mail already belongs to
 * a local account links the two only when the admin setting allows it
 * (`STAFETTE_DIRECTORY_LINK_BY_EMAIL`): otherwise anyone who controls a directory entry with that
 * address would take the account over. Accounts made here have no local password.
 */

export interface DirectoryProfile {
  provider: 'oidc' | 'ldap';
  /** The OIDC issuer URL, or the LDAP URL and user base. */
  issuer: string;
  /** The OIDC `sub`, or the LDAP entry's entryUUID/objectGUID (else its DN). */
  subject: string;
  email: string;
  displayName: string;
  /**
   * The planned leaving date (`YYYY-MM-DD`) when the directory keeps one: null clears it,
   * undefined leaves the account's date alone (a directory without the attribute).
   */
  departureDate?: string | null;
}

export interface ProvisionOptions {
  /** Link a first sign-in to the local account with the same e-mail (`config.directory.linkByEmail`). Default false. */
  linkByEmail?: boolean;
}

export const accountLinkNotAllowed = () =>
  new Problem(
    409,
    'account-link-not-allowed',
    'Account exists',
    'A local account with this e-mail address exists. An administrator must allow linking directory sign-ins to local accounts (STAFETTE_DIRECTORY_LINK_BY_EMAIL=true) or change that account’s e-mail.',
  );
export const accountDeactivated = () => new Problem(403, 'account-deactivated', 'Account deactivated', 'This account is deactivated; ask an administrator.');

function within<T>(db: Kysely<DB> | Transaction<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

/** A display name that fits the account rules: the directory's, else the e-mail's local part. */
function nameOf(profile: DirectoryProfile): string {
  const name = profile.displayName.trim().replace(/\s+/g, ' ').slice(0, 200);
  return name || normaliseEmail(profile.email).split('@')[0]!;
}

/**
 * The account of this directory identity, created on first sign-in; its name, e-mail and (when
 * given) departure date follow the directory (`updated` tells whether any did change, or the
 * account was linked). Refuses a deactivated account (403
 * account-deactivated) and an e-mail taken by an unlinked account (409 account-link-not-allowed).
 */
export async function provisionDirectoryUser(
  db: Kysely<DB> | Transaction<DB>,
  profile: DirectoryProfile,
  actor: Actor,
  options: ProvisionOptions = {},
): Promise<{ userId: string; created: boolean; updated: boolean }> {
  const email = normaliseEmail(profile.email);
  const displayName = nameOf(profile);
  return within(db, async (trx) => {
    const identity = await trx
      .selectFrom('user_identities')
      .innerJoin('users', 'users.id', 'user_identities.user_id')
      .select(['user_identities.id as identityId', 'users.id', 'users.email', 'users.display_name', 'users.active', 'users.planned_departure_date'])
      .where('provider', '=', profile.provider)
      .where('issuer', '=', profile.issuer)
      .where('subject', '=', profile.subject)
      .executeTakeFirst();

    if (identity) {
      if (!identity.active) throw accountDeactivated();
      const changes: Record<string, unknown> = {};
      if (identity.display_name !== displayName) changes.displayName = displayName;
      if (identity.email !== email) {
        const taken = await trx.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email)).where('id', '<>', identity.id).executeTakeFirst();
        // Another account holds the new address: keep the old one rather than fail the sign-in.
        if (!taken) changes.email = email;
      }
      if (profile.departureDate !== undefined && identity.planned_departure_date !== profile.departureDate) changes.plannedDepartureDate = profile.departureDate;
      if (Object.keys(changes).length > 0) {
        await trx
          .updateTable('users')
          .set({
            ...(changes.displayName !== undefined ? { display_name: displayName } : {}),
            ...(changes.email !== undefined ? { email } : {}),
            ...(changes.plannedDepartureDate !== undefined ? { planned_departure_date: profile.departureDate ?? null } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', identity.id)
          .execute();
        await recordAudit(trx, { ...actor, action: 'user.update', targetType: 'user', targetId: identity.id, detail: { changes, source: profile.provider } });
      }
      await trx.updateTable('user_identities').set({ last_seen_at: new Date() }).where('id', '=', identity.identityId).execute();
      return { userId: identity.id, created: false, updated: Object.keys(changes).length > 0 };
    }

    const existing = await trx.selectFrom('users').select(['id', 'active']).where((eb) => eb(eb.fn('lower', ['email']), '=', email)).executeTakeFirst();
    if (existing) {
      // A sign-in of the same person that committed meanwhile made this account: it is theirs.
      const mine = await trx
        .selectFrom('user_identities')
        .select('id')
        .where('user_id', '=', existing.id)
        .where('provider', '=', profile.provider)
        .where('issuer', '=', profile.issuer)
        .where('subject', '=', profile.subject)
        .executeTakeFirst();
      if (mine) {
        if (!existing.active) throw accountDeactivated();
        return { userId: existing.id, created: false, updated: false };
      }
      if (!options.linkByEmail) throw accountLinkNotAllowed();
      if (!existing.active) throw accountDeactivated();
      await trx.insertInto('user_identities').values({ user_id: existing.id, provider: profile.provider, issuer: profile.issuer, subject: profile.subject }).execute();
      await recordAudit(trx, { ...actor, action: 'user.link_identity', targetType: 'user', targetId: existing.id, detail: { provider: profile.provider, issuer: profile.issuer } });
      return { userId: existing.id, created: false, updated: true };
    }

    const user = await trx
      .insertInto('users')
      .values({
        email,
        display_name: displayName,
        password_hash: null,
        role: 'user',
        ...(profile.departureDate ? { planned_departure_date: profile.departureDate } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('user_identities').values({ user_id: user.id, provider: profile.provider, issuer: profile.issuer, subject: profile.subject }).execute();
    await recordAudit(trx, { ...actor, action: 'user.create', targetType: 'user', targetId: user.id, detail: { email, role: 'user', source: profile.provider } });
    return { userId: user.id, created: true, updated: false };
  });
}
