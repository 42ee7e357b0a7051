/** Who knows what (`/people`): people found by name, the pages they wrote and the steps they answer for. */
import { type Static, Type } from 'typebox';
import { Day, Nullable, Uuid } from './common.ts';
import { USER_QUERY_MAX_LENGTH } from './limits.ts';

export const PeopleQuery = Type.Object({ q: Type.String({ minLength: 2, maxLength: USER_QUERY_MAX_LENGTH, description: 'A name, or a topic ("Sondernutzung")' }) });

export const PersonEvidenceSchema = Type.Object({
  kind: Type.Union([Type.Literal('name'), Type.Literal('page'), Type.Literal('step'), Type.Literal('process')], {
    description: 'name: the name matches; page: wrote on a matching page; step: contact for a matching step; process: owns a matching process',
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
  plannedDeparture: Nullable(Day),
});
export type Person = Static<typeof PersonSchema>;
