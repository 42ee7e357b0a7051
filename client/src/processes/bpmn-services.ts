/**
 * The few bpmn-js / diagram-js services the process view and modeler use, typed as narrowly
 * as we call them (bpmn-js's own typings leave `get()` untyped without a service map).
 */

export interface DiagramElement {
  id: string;
  type: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  /** Connections have waypoints instead of a box. */
  waypoints?: unknown[];
  labelTarget?: DiagramElement;
  businessObject: { id: string; name?: string; $type: string; $parent?: unknown };
}

export interface Canvas {
  zoom(level?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  scroll(delta: { dx: number; dy: number }): void;
  addMarker(element: string | DiagramElement, marker: string): void;
  removeMarker(element: string | DiagramElement, marker: string): void;
  scrollToElement(element: string | DiagramElement, padding?: number): void;
  findRoot(element: string | DiagramElement): DiagramElement | undefined;
  getRootElement(): DiagramElement;
  setRootElement(element: DiagramElement): DiagramElement;
  focus(): void;
  getContainer(): HTMLElement;
}

export interface Overlays {
  add(element: string | DiagramElement, type: string, overlay: { position: { top?: number; right?: number; bottom?: number; left?: number }; html: HTMLElement; show?: { minZoom?: number } }): string;
  remove(filter: { type?: string; element?: string }): void;
}

export interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  getAll(): DiagramElement[];
}

export interface EventBus {
  on(event: string, callback: (event: { element: DiagramElement }) => void): void;
  off(event: string, callback: (event: { element: DiagramElement }) => void): void;
}

export interface Modeling {
  updateProperties(element: DiagramElement, properties: Record<string, unknown>): void;
}

/** What both NavigatedViewer and Modeler offer. */
export interface DiagramHost {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  saveXML(options?: { format?: boolean }): Promise<{ xml?: string }>;
  get<T>(name: string): T;
  on(event: string, callback: (...args: never[]) => void): void;
  destroy(): void;
}

/** A step's shape on the canvas: a box with a business object of its own id (not a label, not a flow). */
export function isStepShape(element: DiagramElement | undefined, elementId: string): element is DiagramElement {
  return !!element && !element.labelTarget && !element.waypoints && element.businessObject?.id === elementId && element.width !== undefined;
}
