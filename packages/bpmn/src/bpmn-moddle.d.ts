// bpmn-moddle 10 ships no types for its entry point; this declares the part we use.
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    error?: Error;
    /** For unresolved references and unknown attributes: the element and property concerned. */
    element?: ModdleElement;
    property?: string;
  }

  export interface ModdleElement {
    readonly $type: string;
    $attrs?: Record<string, string>;
    $instanceOf(type: string): boolean;
    [property: string]: unknown;
  }

  export interface FromXMLResult {
    rootElement: ModdleElement;
    references: unknown[];
    warnings: ModdleWarning[];
    elementsById: Record<string, ModdleElement>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string | Record<string, unknown>, options?: Record<string, unknown>): Promise<FromXMLResult>;
  }
}
