import type { ModdleElement } from 'bpmn-moddle';
import { BpmnImportError } from './errors.ts';
import { LINK_DOCUMENTATION_PREFIX } from './links.ts';
import { clip, type WarningList } from './warnings.ts';
import type {
  Collaboration,
  DataObject,
  DataObjectKind,
  Flow,
  Lane,
  LocalizedTexts,
  Pool,
  ProcessInfo,
  ProcessModel,
  Step,
} from './model.ts';

interface Scope {
  processId: string;
  poolId: string | null;
  parentId: string | null;
  lang: string | null;
}

const DATA_KINDS: Record<string, DataObjectKind> = {
  'bpmn:DataObject': 'dataObject',
  'bpmn:DataObjectReference': 'dataObjectReference',
  'bpmn:DataStoreReference': 'dataStoreReference',
};

type Role = 'step' | 'sequenceFlow' | 'other';

/** `$instanceOf` walks moddle's type registry; one answer per type keeps big models fast. */
const roleByType = new Map<string, Role>();

function roleOf(element: ModdleElement): Role {
  let role = roleByType.get(element.$type);
  if (role === undefined) {
    role = element.$instanceOf('bpmn:FlowNode') ? 'step' : element.$instanceOf('bpmn:SequenceFlow') ? 'sequenceFlow' : 'other';
    roleByType.set(element.$type, role);
  }
  return role;
}

/** Builds the process model from a parsed bpmn-moddle `bpmn:Definitions` tree. */
export function extractModel(definitions: ModdleElement, warnings: WarningList, idLines: { get(id: string): number | undefined }): ProcessModel {
  const language = langOf(definitions, null);
  const model: ProcessModel = {
    name: null,
    language,
    definitionsId: str(definitions.id),
    processes: [],
    collaborations: [],
    pools: [],
    lanes: [],
    steps: [],
    flows: [],
    dataObjects: [],
    warnings: [],
  };
  const roots = list(definitions.rootElements);
  const poolOfProcess = new Map<string, string>();
  // Innermost lane per flow node id, filled by lane sets (children after parents, so they win).
  const laneOf = new Map<string, string>();

  for (const root of roots) {
    if (!root.$instanceOf('bpmn:Collaboration')) continue;
    const isChoreography = root.$instanceOf('bpmn:Choreography');
    const lang = langOf(root, language);
    const collaboration: Collaboration = {
      ...named(root, lang),
      ...documented(root, lang),
      kind: isChoreography ? 'choreography' : 'collaboration',
    };
    model.collaborations.push(collaboration);
    // Participants of a choreography are its parties, not pools.
    if (!isChoreography) {
      for (const participant of list(root.participants)) {
        const processId = refId(participant.processRef);
        const pool: Pool = {
          ...named(participant, langOf(participant, lang)),
          ...documented(participant, langOf(participant, lang)),
          collaborationId: collaboration.elementId,
          processId,
        };
        model.pools.push(pool);
        if (processId !== null && !poolOfProcess.has(processId)) poolOfProcess.set(processId, pool.elementId);
      }
    }
    for (const flow of list(root.messageFlows)) {
      model.flows.push(flowOf(flow, 'messageFlow', collaboration.elementId, null, langOf(flow, lang)));
    }
  }

  for (const root of roots) {
    const isProcess = root.$instanceOf('bpmn:Process');
    const isChoreography = root.$instanceOf('bpmn:Choreography');
    if (root.$instanceOf('bpmn:DataStore')) {
      const lang = langOf(root, language);
      model.dataObjects.push({
        ...named(root, lang),
        ...documented(root, lang),
        kind: 'dataStore',
        processId: null,
        parentId: null,
        refersToId: null,
      });
    }
    if (!isProcess && !isChoreography) continue;
    const lang = langOf(root, language);
    const info: ProcessInfo = { ...named(root, lang), ...documented(root, lang), kind: isProcess ? 'process' : 'choreography' };
    model.processes.push(info);
    if (model.name === null && isProcess && info.name !== null) model.name = info.name;
    walkContainer(root, { processId: info.elementId, poolId: poolOfProcess.get(info.elementId) ?? null, parentId: null, lang });
  }

  if (model.name === null) model.name = str(definitions.name);
  resolveLanes(model.steps, laneOf);
  return model;

  function walkContainer(container: ModdleElement, scope: Scope): void {
    for (const laneSet of list(container.laneSets)) walkLanes(list(laneSet.lanes), null, scope);

    for (const element of list(container.flowElements)) {
      const lang = langOf(element, scope.lang);
      const role = roleOf(element);
      if (role === 'step') {
        const step: Step = {
          ...named(element, lang),
          ...documented(element, lang),
          kind: localName(element.$type),
          lane: null,
          parentId: scope.parentId,
          processId: scope.processId,
          poolId: scope.poolId,
          attachedToId: refId(element.attachedToRef),
          eventDefinitions: list(element.eventDefinitions).map((d) => localName(d.$type).replace(/EventDefinition$/, '')),
          pageLinks: [],
        };
        model.steps.push(step);
        if (Array.isArray(element.flowElements) || Array.isArray(element.laneSets)) {
          walkContainer(element, { ...scope, parentId: step.elementId, lang });
        }
      } else if (role === 'sequenceFlow') {
        model.flows.push(flowOf(element, 'sequenceFlow', scope.processId, scope.parentId, lang));
      } else {
        const kind = DATA_KINDS[element.$type];
        if (kind !== undefined) {
          model.dataObjects.push({
            ...named(element, lang),
            ...documented(element, lang),
            kind,
            processId: scope.processId,
            parentId: scope.parentId,
            refersToId: refId(element.dataObjectRef ?? element.dataStoreRef),
          } satisfies DataObject);
        }
      }
    }
  }

  function walkLanes(lanes: ModdleElement[], parentLaneId: string | null, scope: Scope): void {
    for (const element of lanes) {
      const lang = langOf(element, scope.lang);
      const lane: Lane = {
        ...named(element, lang),
        ...documented(element, lang),
        processId: scope.processId,
        poolId: scope.poolId,
        parentLaneId,
        parentId: scope.parentId,
      };
      model.lanes.push(lane);
      for (const node of list(element.flowNodeRef)) {
        const nodeId = refId(node);
        if (nodeId !== null) laneOf.set(nodeId, lane.elementId);
      }
      const child = element.childLaneSet as ModdleElement | undefined;
      if (child) walkLanes(list(child.lanes), lane.elementId, scope);
      if (list(element.flowNodeRef).length === 0 && list(child?.lanes).length === 0) {
        warnings.add('empty-lane', `The lane "${clip(lane.name ?? lane.elementId)}" holds no steps.`, idLines.get(lane.elementId) ?? null, lane.name ?? lane.elementId);
      }
    }
  }
}

/**
 * A step not listed in any lane sits in the lane of what holds it: a boundary event in its
 * activity's lane, the content of a sub-process in the sub-process's lane (modellers list only
 * the top-level nodes in flowNodeRef).
 */
function resolveLanes(steps: Step[], laneOf: Map<string, string>): void {
  const byId = new Map(steps.map((s) => [s.elementId, s]));
  const resolved = new Map<string, string | null>();
  const visiting = new Set<string>();

  const laneFor = (step: Step): string | null => {
    const known = resolved.get(step.elementId);
    if (known !== undefined) return known;
    let lane = laneOf.get(step.elementId) ?? null;
    if (lane === null && !visiting.has(step.elementId)) {
      visiting.add(step.elementId);
      const holder = byId.get(step.attachedToId ?? '') ?? byId.get(step.parentId ?? '');
      if (holder) lane = laneFor(holder);
      visiting.delete(step.elementId);
    }
    resolved.set(step.elementId, lane);
    return lane;
  };

  for (const step of steps) step.lane = laneFor(step);
}

function flowOf(element: ModdleElement, kind: Flow['kind'], containerId: string, parentId: string | null, lang: string | null): Flow {
  return {
    ...named(element, lang),
    kind,
    sourceId: refId(element.sourceRef),
    targetId: refId(element.targetRef),
    containerId,
    parentId,
  };
}

function named(element: ModdleElement, lang: string | null): { elementId: string; name: string | null; names: LocalizedTexts } {
  const elementId = str(element.id);
  if (elementId === null) {
    throw new BpmnImportError(
      'invalid-bpmn',
      `A ${localName(element.$type)} element has no id; every BPMN element needs one so steps keep their identity.`,
    );
  }
  const name = str(element.name);
  const names: LocalizedTexts = {};
  if (name !== null && lang !== null) names[lang] = name;
  for (const t of translations(element)) {
    if (t.target === undefined || t.target === '@name' || t.target === 'name') names[t.lang] = t.text;
  }
  return { elementId, name, names };
}

function documented(element: ModdleElement, lang: string | null): { documentation: string | null; documentations: LocalizedTexts } {
  let documentation: string | null = null;
  for (const d of list(element.documentation)) {
    // A Stafette export's list of linked pages is not the step's own documentation (links.ts).
    if (typeof d.id === 'string' && d.id.startsWith(LINK_DOCUMENTATION_PREFIX)) continue;
    const text = typeof d.text === 'string' ? d.text.trim() : '';
    if (text !== '') documentation = documentation === null ? text : `${documentation}\n\n${text}`;
  }
  const documentations: LocalizedTexts = {};
  if (documentation !== null && lang !== null) documentations[lang] = documentation;
  for (const t of translations(element)) {
    if (t.target === 'documentation') documentations[t.lang] = t.text;
  }
  return { documentation, documentations };
}

interface Translation {
  lang: string;
  target: string | undefined;
  text: string;
}

/** `<i18n:translation xml:lang="de" target="@name">` entries (OMG non-normative i18n extension). */
const NO_TRANSLATIONS: readonly Translation[] = [];

function translations(element: ModdleElement): readonly Translation[] {
  const extensions = element.extensionElements as ModdleElement | undefined;
  if (!extensions) return NO_TRANSLATIONS;
  const out: Translation[] = [];
  for (const value of list(extensions.values)) {
    if (localName(value.$type) !== 'translation') continue;
    const lang = value['xml:lang'];
    const text = value.$body;
    if (typeof lang !== 'string' || typeof text !== 'string' || text.trim() === '') continue;
    out.push({ lang, target: typeof value.target === 'string' ? value.target : undefined, text: text.trim() });
  }
  return out;
}

function langOf(element: ModdleElement, inherited: string | null): string | null {
  const lang = element.$attrs?.['xml:lang'];
  return typeof lang === 'string' && lang !== '' ? lang : inherited;
}

/** `bpmn:UserTask` -> `userTask`. */
function localName(type: string): string {
  const local = type.slice(type.indexOf(':') + 1);
  return local.charAt(0).toLowerCase() + local.slice(1);
}

function refId(value: unknown): string | null {
  if (value && typeof value === 'object') return str((value as ModdleElement).id);
  return null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function list(value: unknown): ModdleElement[] {
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}
