import type { FastifyInstance } from 'fastify';
import type { User } from '@stafette/api';
import { Problem } from '../http/problem.ts';
import { checkCredentials } from './auth-service.ts';

export const localLoginDisabled = () =>
  new Problem(403, 'local-login-disabled', 'Password sign-in is off', 'Sign in through the directory (STAFETTE_LOCAL_LOGIN=false allows passwords for administrators only).');

/**
 * A local password sign-in: the account, or null for wrong credentials (as checkCredentials).
 * With `STAFETTE_LOCAL_LOGIN=false` only administrators may use it (the way in when the
 * directory is down); anyone else with the right password is told to use the directory.
 */
export async function checkLocalCredentials(app: FastifyInstance, email: string, password: string): Promise<User | null> {
  const user = await checkCredentials(app.db, email, password);
  if (user && !app.config.localLogin && user.role !== 'admin') throw localLoginDisabled();
  return user;
}
