/** First start: creating the first administrator with the setup token (`/setup`). */
import { type Static, Type } from 'typebox';
import { Body } from './common.ts';
import { SETUP_TOKEN_MAX_LENGTH } from './limits.ts';
import { DisplayName, Email, NewPassword } from './users.ts';

export const SetupStatusSchema = Type.Object({ required: Type.Boolean() });
export type SetupStatus = Static<typeof SetupStatusSchema>;

export const SetupBody = Body({
  token: Type.String({ minLength: 1, maxLength: SETUP_TOKEN_MAX_LENGTH }),
  email: Email,
  password: NewPassword,
  displayName: DisplayName,
});
export type SetupInput = Static<typeof SetupBody>;
