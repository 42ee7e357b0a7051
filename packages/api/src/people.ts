/** Who knows what (`/people`): people found by name, the pages they wrote and the steps they answer for. */
import { type Static, Type } from 'typebox';
import { Body, Day, Nullable, Uuid } from './common.ts';
import { USER_QUERY_MAX_LENGTH } from './limits.ts';

export const PeopleQuery = Type.Object({ q: Type.String({ minLength: 2, maxLength: USER_QUERY_MAX_LENGTH, description: 'A name, or a topic ("Sondernutzung")' }) });

export const PersonEvidenceSchema = Type.Object({
  kind: Type.Union([Type.Literal('name'), Type.Literal('tag'), Type.Literal('page'), Type.Literal('step'), Type.Literal('process')], {
    description: 'name: the name matches; tag: an expertise tag matches (declared or suggested); page: wrote on a matching page; step: contact for a matching step; process: owns a matching process',
  }),
  title: Type.String(),
  pageId: Nullable(Uuid),
  processId: Nullable(Uuid),
  elementId: Nullable(Type.String()),
});
export type PersonEvidence = Static<typeof PersonEvidenceSchema>;

export const PersonHitSchema = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  score: Type.Number({ description: 'Strength of the evidence (not a measure of the person)' }),
  evidence: Type.Array(PersonEvidenceSchema),
});
export type PersonHit = Static<typeof PersonHitSchema>;
export const PeopleResultSchema = Type.Object({ items: Type.Array(PersonHitSchema) });
export type PeopleResult = Static<typeof PeopleResultSchema>;

export const PersonTagSchema = Type.Object({
  tag: Type.String(),
  source: Type.Union([Type.Literal('declared'), Type.Literal('suggested')], { description: 'declared by the person; suggested from the pages they wrote and the steps they answer for' }),
});
export type PersonTag = Static<typeof PersonTagSchema>;

export const PersonSchema = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  /** plannedDeparture: only shown to knowledge managers and admins (null for everyone else). */
  role: Type.Union([Type.Literal('admin'), Type.Literal('knowledge_manager'), Type.Literal('user')]),
  active: Type.Boolean(),
  offices: Type.Array(Type.Object({ spaceId: Uuid, name: Type.String(), role: Type.String() }), { description: 'Space memberships the caller can see' }),
  steps: Type.Array(Type.Object({ processId: Uuid, processName: Type.String(), elementId: Type.String(), name: Nullable(Type.String()) }), {
    description: 'Process steps they are a named contact for',
  }),
  pages: Type.Array(Type.Object({ id: Uuid, title: Type.String(), spaceName: Type.String(), edits: Type.Integer() }), { description: 'Pages they wrote most, that the caller reads' }),
  tags: Type.Array(PersonTagSchema, { description: 'Expertise: the tags they declared, then those suggested from what they wrote (minus the ones they hid)' }),
  hiddenTags: Type.Array(Type.String(), { description: 'Suggested tags they hid: only on their own page (empty for everyone else)' }),
  plannedDeparture: Nullable(Day),
});
export type Person = Static<typeof PersonSchema>;

export const PERSON_TAG_MAX_LENGTH = 60;
export const PERSON_TAGS_MAX = 20;
export const PERSON_HIDDEN_TAGS_MAX = 50;

const TagText = Type.String({ minLength: 1, maxLength: PERSON_TAG_MAX_LENGTH, pattern: '\\S' });

/** `PUT /people/me/tags`: the caller's own expertise tags and the suggestions they hide. */
export const PersonTagsBody = Body({
  declared: Type.Array(TagText, { maxItems: PERSON_TAGS_MAX, description: 'Tags in the order shown; duplicates (ignoring case) are kept once' }),
  hidden: Type.Array(TagText, { maxItems: PERSON_HIDDEN_TAGS_MAX, description: 'Suggested tags not to show or search by' }),
});
export type PersonTagsInput = Static<typeof PersonTagsBody>;

export const PersonTagsSchema = Type.Object({
  declared: Type.Array(Type.String()),
  suggested: Type.Array(Type.String(), { description: 'Suggested from the pages they wrote and the steps they answer for, hidden ones included' }),
  hidden: Type.Array(Type.String()),
});
export type PersonTags = Static<typeof PersonTagsSchema>;
