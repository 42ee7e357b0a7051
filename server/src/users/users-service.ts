import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { conflict, validationFailed } from '../http/problem.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/secrets.ts';
import type { Role } from '../auth/auth.ts';
import { userSelect } from './user-json.ts';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  role?: Role;
  locale?: 'de' | 'en';
}

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw validationFailed(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function emailTaken(db: Kysely<DB> | Transaction<DB>, email: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(email)));
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertUser(db: Kysely<DB> | Transaction<DB>, input: NewUser) {
  checkPassword(input.password);
  if (await emailTaken(db, input.email)) throw conflict('A user with this email exists already.', 'email-taken');
  return db
    .insertInto('users')
    .values({
      email: normaliseEmail(input.email),
      display_name: input.displayName.trim(),
      password_hash: await hashPassword(input.password),
      role: input.role ?? 'user',
      ...(input.locale ? { locale: input.locale } : {}),
    })
    .returning(userSelect)
    .executeTakeFirstOrThrow();
}
