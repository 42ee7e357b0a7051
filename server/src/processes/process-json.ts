import { Type, type Static } from 'typebox';
import type { Step } from '@stafette/bpmn';
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Response shapes of the processes API and the mapping from rows to them. */

const Texts = Type.Record(Type.String(), Type.String());
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const StepSchema = Type.Object({
  elementId: Type.String({ description: 'The BPMN element id: the step’s identity across versions' }),
  kind: Type.String({ description: 'Local name of the BPMN type: task, userTask, startEvent, exclusiveGateway, …' }),
  name: NullableString,
  names: Texts,
  documentation: NullableString,
  lane: NullableString,
  parentId: Type.Union([Type.String(), Type.Null()], { description: 'Enclosing sub-process, transaction or sub-choreography' }),
  poolId: NullableString,
  bpmnProcessId: Type.Union([Type.String(), Type.Null()], { description: 'The BPMN process element holding the step' }),
  attachedToId: NullableString,
  eventDefinitions: Type.Array(Type.String()),
});
export type StepJson = Static<typeof StepSchema>;

export const OrphanedStepSchema = Type.Object({
  elementId: Type.String(),
  kind: Type.String(),
  name: NullableString,
  lane: NullableString,
  removedInVersion: Type.Integer({ description: 'The version in which the step disappeared' }),
  pageCount: Type.Integer({ description: 'Pages still attached (all of them, readable or not)' }),
});
export type OrphanedStepJson = Static<typeof OrphanedStepSchema>;

const ModelPart = Type.Array(Type.Object({ elementId: Type.String() }, { additionalProperties: true }));

export const ProcessSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  spaceId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  version: Type.Integer(),
  stepCount: Type.Integer(),
  orphanedCount: Type.Integer(),
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProcessSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  spaceId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  version: Type.Integer(),
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  language: NullableString,
  steps: Type.Array(StepSchema),
  orphanedSteps: Type.Array(OrphanedStepSchema),
  processes: ModelPart,
  collaborations: ModelPart,
  pools: ModelPart,
  lanes: ModelPart,
  flows: ModelPart,
  dataObjects: ModelPart,
  warnings: Type.Array(Type.String()),
});

export const ImportResultSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  version: Type.Integer(),
  steps: Type.Array(StepSchema),
});

export const VersionResultSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  steps: Type.Array(StepSchema),
  orphaned: Type.Array(OrphanedStepSchema, {
    description: 'Every step that has left the model while pages hang on it (also from earlier versions); see removedInVersion',
  }),
});

export const VersionSchema = Type.Object({
  version: Type.Integer(),
  current: Type.Boolean(),
  fileName: NullableString,
  byteSize: Type.Integer(),
  stepCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.Object({ id: Type.String({ format: 'uuid' }), displayName: Type.String() }), Type.Null()]),
});

export const AttachedPageSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  spaceId: Type.String({ format: 'uuid' }),
  title: Type.String(),
  archived: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
  attachedAt: Type.String({ format: 'date-time' }),
});

export const PageStepSchema = Type.Object({
  processId: Type.String({ format: 'uuid' }),
  processName: Type.String(),
  spaceId: Type.String({ format: 'uuid' }),
  processArchived: Type.Boolean(),
  elementId: Type.String(),
  kind: Type.String(),
  name: NullableString,
  lane: NullableString,
  orphaned: Type.Boolean(),
});

export const CoverageSchema = Type.Object({
  processId: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  stepCount: Type.Integer(),
  coveredCount: Type.Integer({ description: 'Steps with at least one attached page' }),
  steps: Type.Array(
    Type.Object({
      elementId: Type.String(),
      kind: Type.String(),
      name: NullableString,
      lane: NullableString,
      pageCount: Type.Integer({ description: 'Attached pages the caller can read that are not archived' }),
      lastEditedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Newest edit among those pages' }),
    }),
  ),
});

export function stepFromModel(step: Step): StepJson {
  return {
    elementId: step.elementId,
    kind: step.kind,
    name: step.name,
    names: step.names,
    documentation: step.documentation,
    lane: step.lane,
    parentId: step.parentId,
    poolId: step.poolId,
    bpmnProcessId: step.processId,
    attachedToId: step.attachedToId,
    eventDefinitions: step.eventDefinitions,
  };
}

export function stepFromRow(row: Selectable<DB['process_steps']>): StepJson {
  return {
    elementId: row.element_id,
    kind: row.kind,
    name: row.name,
    names: row.names,
    documentation: row.documentation,
    lane: row.lane,
    parentId: row.parent_id,
    poolId: row.pool_id,
    bpmnProcessId: row.bpmn_process_id,
    attachedToId: row.attached_to_id,
    eventDefinitions: row.event_definitions,
  };
}

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
