import { removeSecondFactor } from '../../auth/totp/totp-service.ts';
import { normaliseEmail } from '../../users/users-service.ts';
import { openForCli } from '../open.ts';

/**
 * `pnpm stafette reset-second-factor <email>`: the way back in when the last administrator lost
 * phone and recovery codes (others reset it in the administration). Removes the account's
 * second factor and ends its sessions; audited as done by the system. Needs shell access to the
 * server, which is the proof of authority here.
 */
export async function resetSecondFactorCommand(args: string[]): Promise<void> {
  const email = args[0];
  if (!email) throw new Error('Usage: pnpm stafette reset-second-factor <email>');
  const { database } = await openForCli();
  try {
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(email)))
      .executeTakeFirst();
    if (!user) throw new Error(`No account with the e-mail ${email}.`);
    const removed = await removeSecondFactor(database.db, { actorId: null, ip: null }, user.id);
    console.log(removed ? `Two-factor sign-in of ${user.email} reset; its sessions ended.` : `${user.email} has no two-factor sign-in.`);
  } finally {
    await database.close();
  }
}
