/** Reading paths for newcomers (`/reading-paths`): ordered pages and process steps with progress. */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable, UserRefSchema, Uuid } from './common.ts';
import { ELEMENT_ID_MAX_LENGTH, READING_PATH_ITEMS_MAX, READING_PATH_NOTE_MAX_LENGTH, READING_PATH_TITLE_MAX_LENGTH } from './limits.ts';

const Note = Type.Optional(Type.String({ maxLength: READING_PATH_NOTE_MAX_LENGTH, description: 'Why to read it, what to look for' }));

export const ReadingPathItemInput = Type.Union([
  Body({ pageId: Uuid, note: Note }),
  Body({ processId: Uuid, elementId: Type.String({ minLength: 1, maxLength: ELEMENT_ID_MAX_LENGTH }), note: Note }),
]);
export type ReadingPathItemInputValue = Static<typeof ReadingPathItemInput>;

export const CreateReadingPathBody = Body({
  title: Type.String({ minLength: 1, maxLength: READING_PATH_TITLE_MAX_LENGTH }),
  items: Type.Array(ReadingPathItemInput, { minItems: 1, maxItems: READING_PATH_ITEMS_MAX }),
});
export type CreateReadingPathInput = Static<typeof CreateReadingPathBody>;

export const AssignReadingPathBody = Body({ userId: Uuid });

export const ReadingPathItemParams = Type.Object({ id: Uuid, index: Type.Integer({ minimum: 0, maximum: READING_PATH_ITEMS_MAX - 1 }) });

/** One item as a reader sees it; `available` false when the reader cannot open it (title hidden). */
export const ReadingPathItemSchema = Type.Object({
  index: Type.Integer(),
  kind: Type.Union([Type.Literal('page'), Type.Literal('step')]),
  pageId: Nullable(Uuid),
  processId: Nullable(Uuid),
  elementId: Nullable(Type.String()),
  title: Nullable(Type.String({ description: 'Page title or step name; null when the reader cannot open it' })),
  context: Nullable(Type.String({ description: 'The space of a page, the process of a step' })),
  note: Type.String(),
  available: Type.Boolean(),
});
export type ReadingPathItem = Static<typeof ReadingPathItemSchema>;

export const MyReadingPathItemSchema = Type.Object({
  ...ReadingPathItemSchema.properties,
  done: Type.Boolean({ description: 'Marked read, and (for a page) not changed since' }),
  readAt: Nullable(DateTime),
  changedSinceRead: Type.Boolean({ description: 'The page changed after it was marked read: “geändert seit Sie es gelesen haben”' }),
});
export type MyReadingPathItem = Static<typeof MyReadingPathItemSchema>;

export const MyReadingPathSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  assignedAt: DateTime,
  assignedBy: Nullable(UserRefSchema),
  items: Type.Array(MyReadingPathItemSchema),
  done: Type.Integer(),
  total: Type.Integer(),
});
export type MyReadingPath = Static<typeof MyReadingPathSchema>;
export const MyReadingPathListSchema = Type.Array(MyReadingPathSchema);

export const ReadingPathAssigneeSchema = Type.Object({
  user: UserRefSchema,
  assignedAt: DateTime,
  done: Type.Integer(),
  changed: Type.Integer({ description: 'Items read before a later change of their page' }),
  total: Type.Integer(),
});
export type ReadingPathAssignee = Static<typeof ReadingPathAssigneeSchema>;

/** A path as its owner sees it: the items and every assignee's progress. */
export const ReadingPathSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  createdAt: DateTime,
  createdBy: Nullable(UserRefSchema),
  interviewId: Nullable(Uuid),
  items: Type.Array(ReadingPathItemSchema),
  assignees: Type.Array(ReadingPathAssigneeSchema),
});
export type ReadingPath = Static<typeof ReadingPathSchema>;
export const ReadingPathListSchema = Type.Array(ReadingPathSchema);
