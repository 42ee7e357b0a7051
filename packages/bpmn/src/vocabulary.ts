import { BpmnModdle } from 'bpmn-moddle';
import { BPMN_MODEL_NS } from './namespaces.ts';

/**
 * What bpmn-moddle's meta-model knows, as XML names: which elements exist in the BPMN and DI
 * namespaces, which attributes and elements hold id references, which elements hold text, and
 * which elements need an id to be a step, lane, pool or flow. Read once from the registry of
 * the parser itself, so the lenient pre-pass never disagrees with it.
 */

interface Property {
  name: string;
  type: string;
  isAttr?: boolean;
  isBody?: boolean;
  isReference?: boolean;
  isMany?: boolean;
}
interface TypeDescriptor {
  name: string;
  properties?: Property[];
  isAbstract?: boolean;
}

const PRIMITIVES = new Set(['String', 'Boolean', 'Integer', 'Real']);
/** Types whose instances need an id for the model extraction to place them. */
const IDENTIFIED = ['bpmn:FlowElement', 'bpmn:Lane', 'bpmn:Participant', 'bpmn:MessageFlow', 'bpmn:Process', 'bpmn:Collaboration', 'bpmn:DataStore'];

export interface Vocabulary {
  /** Namespace URIs the parser has a package for (BPMN model, BPMN DI, DC, DI, colour extensions). */
  knownNamespaces: Set<string>;
  /** Local names of elements that may appear in the BPMN model namespace. */
  modelElements: Set<string>;
  /** Attribute names (unprefixed) whose value is an id. */
  referenceAttributes: Set<string>;
  /** Of those, the ones holding a space-separated list of ids. */
  referenceListAttributes: Set<string>;
  /** Element local names whose text is an id reference (`flowNodeRef`, `incoming`, …). */
  referenceElements: Set<string>;
  /** Element local names that carry text (documentation, expressions, `text`). */
  textElements: Set<string>;
  /** Element local names that need an id (flow nodes, flows, lanes, pools, processes). */
  identifiedElements: Set<string>;
  /** Flow elements (steps, sequence flows, data objects): they belong directly into a process or sub-process. */
  flowElements: Set<string>;
  /** Where flow elements belong: process, sub-process, transaction, ad-hoc sub-process, choreography, sub-choreography. */
  flowContainers: Set<string>;
}

let cached: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (cached) return cached;
  const moddle = new BpmnModdle() as unknown as {
    getPackages(): { prefix: string; uri: string }[];
    getPackage(prefix: string): { types: TypeDescriptor[] };
    getType(name: string): new () => { $instanceOf(type: string): boolean };
  };
  const vocab: Vocabulary = {
    knownNamespaces: new Set(),
    modelElements: new Set(),
    referenceAttributes: new Set(),
    referenceListAttributes: new Set(),
    referenceElements: new Set(),
    textElements: new Set(),
    identifiedElements: new Set(),
    flowElements: new Set(),
    flowContainers: new Set(),
  };
  for (const pkg of moddle.getPackages()) {
    vocab.knownNamespaces.add(pkg.uri);
    // Only the model namespace's names are checked; DI names pass to the parser as they are.
    const names = pkg.uri === BPMN_MODEL_NS ? vocab.modelElements : new Set<string>();
    for (const type of moddle.getPackage(pkg.prefix).types) {
      const elementName = lowerFirst(type.name);
      names.add(elementName);
      for (const property of type.properties ?? []) {
        const local = property.name.slice(property.name.indexOf(':') + 1);
        if (property.isBody) vocab.textElements.add(elementName);
        if (property.isReference) (property.isAttr ? vocab.referenceAttributes : vocab.referenceElements).add(local);
        if (property.isReference && property.isAttr && property.isMany) vocab.referenceListAttributes.add(local);
        if (!property.isAttr) {
          names.add(local);
          if (!property.isReference && PRIMITIVES.has(property.type)) vocab.textElements.add(local);
        }
      }
      if (pkg.uri === BPMN_MODEL_NS && !type.isAbstract) {
        const instance = new (moddle.getType(`${pkg.prefix}:${type.name}`))();
        if (IDENTIFIED.some((t) => instance.$instanceOf(t))) vocab.identifiedElements.add(elementName);
        if (instance.$instanceOf('bpmn:FlowElement')) vocab.flowElements.add(elementName);
        if (instance.$instanceOf('bpmn:FlowElementsContainer')) vocab.flowContainers.add(elementName);
      }
    }
  }
  // Expressions carry their text as body (`<conditionExpression xsi:type="tFormalExpression">x</…>`).
  for (const name of ['conditionExpression', 'condition', 'completionCondition', 'loopCondition', 'loopCardinality', 'timeDate', 'timeCycle', 'timeDuration', 'script', 'from', 'to', 'activationCondition', 'messagePath', 'dataPath', 'transformation']) {
    vocab.textElements.add(name);
  }
  cached = vocab;
  return vocab;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
