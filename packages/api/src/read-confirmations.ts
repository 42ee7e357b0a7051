/** Read confirmations of pages (`/pages/:id/read-requests`, `/pages/:id/read-confirmations`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable, Uuid, UserRefSchema } from './common.ts';
import { READ_REQUEST_NOTE_MAX_LENGTH } from './limits.ts';

export const ReadStatusSchema = Type.Object({
  request: Nullable(
    Type.Object({
      id: Uuid,
      note: Type.String(),
      createdAt: DateTime,
      requestedBy: Nullable(UserRefSchema),
    }),
  ),
  confirmed: Type.Array(Type.Object({ userId: Uuid, displayName: Type.String(), confirmedAt: DateTime })),
  pending: Type.Array(Type.Object({ userId: Uuid, displayName: Type.String() })),
  callerPending: Type.Boolean({ description: 'The caller was asked and has not confirmed yet' }),
  canRequest: Type.Boolean(),
});
export type ReadStatus = Static<typeof ReadStatusSchema>;

export const ReadRequestBody = Body({
  note: Type.Optional(Type.String({ maxLength: READ_REQUEST_NOTE_MAX_LENGTH, description: 'What changed, shown with the request' })),
});
