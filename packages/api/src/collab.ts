/** Collaboration sockets (`/collab/:pageId`, `/collab/interview/:interviewId`) and their tokens. */
import { type Static, Type } from 'typebox';
import { DateTime } from './common.ts';

export const CollabTokenSchema = Type.Object({
  token: Type.String(),
  expiresAt: DateTime,
  url: Type.String({ description: 'Path of the collaboration socket with the token' }),
});
export type CollabToken = Static<typeof CollabTokenSchema>;

// Ids are only bounded here: the upgrade is authorised (or refused) by the socket's own check.
export const PageSocketParams = Type.Object({ pageId: Type.String({ maxLength: 100 }) });
export const SocketQuery = Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) });
export const InterviewSocketParams = Type.Object({ interviewId: Type.String({ maxLength: 100 }) });
