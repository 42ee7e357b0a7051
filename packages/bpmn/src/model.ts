import type { ImportWarning } from './warnings.ts';

/** Texts keyed by language tag (`de`, `en`, ...), from `xml:lang` and i18n `translation` extensions. */
export type LocalizedTexts = Record<string, string>;

export interface Named {
  /** The BPMN element id; a step's identity across re-imports. */
  elementId: string;
  /** The `name` attribute as written, or null. */
  name: string | null;
  /** The name in every language the file gives it (see README: languages). */
  names: LocalizedTexts;
}

export interface Documented {
  /** Text of the element's `documentation` children joined by blank lines, or null. */
  documentation: string | null;
  /** Documentation per language, like `names`. */
  documentations: LocalizedTexts;
}

export interface Step extends Named, Documented {
  /** Local name of the BPMN type: `task`, `userTask`, `startEvent`, `exclusiveGateway`, ... */
  kind: string;
  /** Innermost lane containing the step, or null. */
  lane: string | null;
  /** elementId of the enclosing sub-process / transaction / sub-choreography, or null. */
  parentId: string | null;
  /** The process or choreography the step belongs to. */
  processId: string;
  /** The pool (participant) whose process holds the step, or null. */
  poolId: string | null;
  /** For boundary events: the activity they are attached to. */
  attachedToId: string | null;
  /** Event definition kinds of an event, e.g. `message`, `timer`; empty for other steps. */
  eventDefinitions: string[];
  /** Page ids of Stafette step → page links in the step's extensionElements (a Stafette export; see links.ts). */
  pageLinks: string[];
}

export interface Pool extends Named, Documented {
  collaborationId: string;
  /** The process this pool shows, or null for a black-box pool. */
  processId: string | null;
}

export interface Lane extends Named, Documented {
  processId: string;
  poolId: string | null;
  /** The lane this one is nested in (childLaneSet), or null for a top-level lane. */
  parentLaneId: string | null;
  /** elementId of the sub-process whose lane set holds the lane, or null. */
  parentId: string | null;
}

export type FlowKind = 'sequenceFlow' | 'messageFlow';

export interface Flow extends Named {
  kind: FlowKind;
  /** Ids of the connected elements; null when the reference does not resolve. */
  sourceId: string | null;
  targetId: string | null;
  /** The process, choreography or collaboration that holds the flow. */
  containerId: string;
  /** elementId of the enclosing sub-process for sequence flows inside one, or null. */
  parentId: string | null;
}

export type DataObjectKind = 'dataObject' | 'dataObjectReference' | 'dataStore' | 'dataStoreReference';

export interface DataObject extends Named, Documented {
  kind: DataObjectKind;
  /** Process holding it, or null for a global data store. */
  processId: string | null;
  parentId: string | null;
  /** For references: the data object / data store referred to, or null. */
  refersToId: string | null;
}

export interface Collaboration extends Named, Documented {
  kind: 'collaboration' | 'choreography';
}

export interface ProcessInfo extends Named, Documented {
  kind: 'process' | 'choreography';
}

export interface ProcessModel {
  /** Process name, else the definitions name, else null (the caller falls back to the file name). */
  name: string | null;
  /** Language of the file's unqualified texts (`xml:lang` on definitions), or null. */
  language: string | null;
  definitionsId: string | null;
  processes: ProcessInfo[];
  collaborations: Collaboration[];
  pools: Pool[];
  lanes: Lane[];
  steps: Step[];
  flows: Flow[];
  dataObjects: DataObject[];
  /** What the lenient import tolerated, with lines (see warnings.ts and the README). */
  warnings: ImportWarning[];
}
