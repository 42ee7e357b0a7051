import type { Step as StepJson } from '@stafette/api';
import type { Step } from '@stafette/bpmn';
import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The mapping from the parser's model and from rows to the processes API's shapes (@stafette/api). */

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
