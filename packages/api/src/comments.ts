/** Comments on pages: threads, replies, resolving, page-level discussion (`/pages/:id/comments`, `/comments/:id`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable, UserRefSchema, Uuid } from './common.ts';
import { COMMENT_BODY_MAX_LENGTH, USER_QUERY_MAX_LENGTH } from './limits.ts';

/**
 * Where an inline comment sits: two Yjs relative positions (Y.encodeRelativePosition, base64)
 * into the page's `prosemirror` XmlFragment, which follow concurrent edits, and the text that
 * was selected (shown when the anchored text is gone: "Text entfernt").
 */
export const CommentAnchorSchema = Type.Object(
  {
    from: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[A-Za-z0-9+/=]+$' }),
    to: Type.String({ minLength: 1, maxLength: 2000, pattern: '^[A-Za-z0-9+/=]+$' }),
    quote: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);
export type CommentAnchor = Static<typeof CommentAnchorSchema>;

export const CommentBodyText = Type.String({
  minLength: 1,
  maxLength: COMMENT_BODY_MAX_LENGTH,
  description: 'Markdown-light: **bold**, *italic*, `code`, [links](https://…), mentions @[Display Name](user-id)',
});

export const CommentSchema = Type.Object({
  id: Uuid,
  pageId: Uuid,
  /** null for the first comment of a thread; replies carry their thread's first comment. */
  threadId: Nullable(Uuid),
  author: Nullable(UserRefSchema),
  body: Type.String(),
  anchor: Nullable(CommentAnchorSchema),
  resolvedAt: Nullable(DateTime),
  resolvedBy: Nullable(UserRefSchema),
  createdAt: DateTime,
  editedAt: Nullable(DateTime),
  permissions: Type.Object({ canEdit: Type.Boolean(), canDelete: Type.Boolean(), canResolve: Type.Boolean() }),
});
export type Comment = Static<typeof CommentSchema>;

/**
 * What `POST /pages/:id/comments` and `PATCH /comments/:id` answer: the comment, and the people
 * it mentions who cannot read the page. They were not notified (a mention never reveals a page
 * to someone who cannot read it); once they can read it, e.g. added to the page's space
 * (`PUT /spaces/{spaceId}/members/{userId}` with role `reader`), the mention reaches them.
 */
export const WrittenCommentSchema = Type.Object({
  ...CommentSchema.properties,
  /** Mentioned active accounts without read access to the page, in the order mentioned. */
  unreadableMentions: Type.Array(UserRefSchema),
  /** Whether the caller may add people to the page's space (its owners, administrators). */
  mayGrantAccess: Type.Boolean(),
});
export type WrittenComment = Static<typeof WrittenCommentSchema>;

export const CommentListSchema = Type.Object({
  /** Threads in order of creation, each first comment followed by its replies. */
  items: Type.Array(CommentSchema),
  canComment: Type.Boolean(),
  canResolve: Type.Boolean(),
});
export type CommentList = Static<typeof CommentListSchema>;

export const CreateCommentBody = Body({
  body: CommentBodyText,
  /** Reply to this comment's thread (a reply to a reply joins the same thread). */
  parentId: Type.Optional(Uuid),
  /** Inline comment on a text selection; left out for page-level discussion and replies. */
  anchor: Type.Optional(CommentAnchorSchema),
});
export type CreateCommentInput = Static<typeof CreateCommentBody>;

export const UpdateCommentBody = Body({ body: CommentBodyText });
export type UpdateCommentInput = Static<typeof UpdateCommentBody>;

export const CommentSettingsSchema = Type.Object({ readersMayComment: Type.Boolean() });
export type CommentSettings = Static<typeof CommentSettingsSchema>;
export const UpdateCommentSettingsBody = Body({ readersMayComment: Type.Boolean() });

/** People offered after `@` (in the editor and in comments): only those who can read the page. */
export const MentionableQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: USER_QUERY_MAX_LENGTH })),
  /** Instead of q: the current names of these users (comma-separated ids; mention nodes show them), readers only. */
  ids: Type.Optional(Type.String({ maxLength: 37 * 200 })),
});
export const MentionableListSchema = Type.Array(UserRefSchema);

/** One event of `GET /pages/:id/comments/stream` (server-sent events, event name `comment`). */
export const CommentEventSchema = Type.Object({
  type: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('deleted'), Type.Literal('resolved'), Type.Literal('reopened')]),
  id: Uuid,
  threadId: Nullable(Uuid),
});
export type CommentEvent = Static<typeof CommentEventSchema>;
export const EventStreamSchema = Type.String({ description: 'text/event-stream' });
