/** The inbox, watching pages and mail preferences (`/notifications`, `/pages/:id/watch`, `/mail`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable, UserRefSchema, Uuid } from './common.ts';

/**
 * - `mention`: someone mentioned me (comment or page); `reply`: a reply to my comment or a
 *   thread I am in; `comment`: a new thread on a page I watch;
 * - `page.changed`: a page I watch changed (one per page per hour, `editors` lists who);
 * - `review.due`: a review of a page I am responsible for is due; `read.requested`: I am asked
 *   to confirm I read a page; `interview.state`: an interview I am part of changed state.
 */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'comment', 'page.changed', 'review.due', 'read.requested', 'interview.state'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKindSchema = Type.Union([
  Type.Literal('mention'),
  Type.Literal('reply'),
  Type.Literal('comment'),
  Type.Literal('page.changed'),
  Type.Literal('review.due'),
  Type.Literal('read.requested'),
  Type.Literal('interview.state'),
]);

export const NotificationSchema = Type.Object({
  id: Uuid,
  kind: NotificationKindSchema,
  pageId: Nullable(Uuid),
  pageTitle: Nullable(Type.String()),
  commentId: Nullable(Uuid),
  interviewId: Nullable(Uuid),
  actor: Nullable(UserRefSchema),
  /** page.changed: who edited within the hour. */
  editors: Type.Array(UserRefSchema),
  /** A short text: the comment's beginning, the interview's new state, the due date. */
  excerpt: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  read: Type.Boolean(),
});
export type Notification = Static<typeof NotificationSchema>;

export const NotificationListQuery = Type.Object({
  unread: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export const NotificationListSchema = Type.Object({ items: Type.Array(NotificationSchema), nextCursor: Nullable(Type.String()) });
export type NotificationList = Static<typeof NotificationListSchema>;

export const MarkReadBody = Type.Union([Body({ ids: Type.Array(Uuid, { minItems: 1, maxItems: 500 }) }), Body({ all: Type.Literal(true) })]);
export type MarkReadInput = Static<typeof MarkReadBody>;
export const UnreadCountSchema = Type.Object({ unread: Type.Integer() });
export type UnreadCount = Static<typeof UnreadCountSchema>;

export const WatchSchema = Type.Object({ watching: Type.Boolean() });
export const SetWatchBody = Body({ watching: Type.Boolean() });
export type Watch = Static<typeof WatchSchema>;

export const MailModeSchema = Type.Union([Type.Literal('instant'), Type.Literal('digest'), Type.Literal('off')]);
export type MailMode = Static<typeof MailModeSchema>;
export const MailPreferencesSchema = Type.Object({
  /** Mode per kind (every kind listed). */
  preferences: Type.Record(Type.String(), MailModeSchema),
  /** Whether this instance sends mail at all (STAFETTE_SMTP_URL set). */
  mailEnabled: Type.Boolean(),
});
export type MailPreferences = Static<typeof MailPreferencesSchema>;
/** Only the kinds sent change. */
export const UpdateMailPreferencesBody = Body({
  preferences: Type.Partial(
    Type.Object(
      {
        mention: MailModeSchema,
        reply: MailModeSchema,
        comment: MailModeSchema,
        'page.changed': MailModeSchema,
        'review.due': MailModeSchema,
        'read.requested': MailModeSchema,
        'interview.state': MailModeSchema,
      },
      { additionalProperties: false },
    ),
  ),
});

export const UnsubscribeQuery = Type.Object({ token: Type.String({ minLength: 10, maxLength: 500 }) });
/** The small HTML page behind an unsubscribe link, with its one button. */
export const UnsubscribePageSchema = { content: { 'text/html': { schema: Type.String() } } };
export const UnsubscribeResultSchema = Type.Object({ kind: NotificationKindSchema, mode: Type.Literal('off') });
