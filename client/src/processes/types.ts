/** Shapes of the processes API (server/src/processes/process-json.ts) as the client reads them. */

export interface Step {
  elementId: string;
  kind: string;
  name: string | null;
  names: Record<string, string>;
  documentation: string | null;
  /** elementId of the innermost lane holding the step. */
  lane: string | null;
  parentId: string | null;
  poolId: string | null;
  bpmnProcessId: string | null;
  attachedToId: string | null;
  eventDefinitions: string[];
}

export interface OrphanedStep {
  elementId: string;
  kind: string;
  name: string | null;
  lane: string | null;
  removedInVersion: number;
  pageCount: number;
}

/** Pools, lanes and processes of the model: an element id and whatever the parser stored. */
export interface ModelPart {
  elementId: string;
  name?: string | null;
  names?: Record<string, string>;
  poolId?: string | null;
  processId?: string | null;
  parentLaneId?: string | null;
}

export interface ProcessSummary {
  id: string;
  spaceId: string;
  name: string;
  version: number;
  stepCount: number;
  orphanedCount: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Process {
  id: string;
  spaceId: string;
  name: string;
  version: number;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  language: string | null;
  steps: Step[];
  orphanedSteps: OrphanedStep[];
  processes: ModelPart[];
  pools: ModelPart[];
  lanes: ModelPart[];
  warnings: string[];
}

export interface ImportResult {
  id: string;
  name: string;
  version: number;
  steps: Step[];
}

export interface VersionResult {
  id: string;
  version: number;
  steps: Step[];
  orphaned: OrphanedStep[];
}

export interface StepCoverage {
  elementId: string;
  kind: string;
  name: string | null;
  lane: string | null;
  pageCount: number;
  lastEditedAt: string | null;
}

export interface Coverage {
  processId: string;
  version: number;
  stepCount: number;
  coveredCount: number;
  steps: StepCoverage[];
}

export interface AttachedPage {
  id: string;
  spaceId: string;
  title: string;
  archived: boolean;
  updatedAt: string;
  attachedAt: string;
}

/** A step a page hangs on ("used in"). */
export interface PageStep {
  processId: string;
  processName: string;
  spaceId: string;
  processArchived: boolean;
  elementId: string;
  kind: string;
  name: string | null;
  lane: string | null;
  orphaned: boolean;
}
