/** The namespaces the import and export look at by name. */
export const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const BPMN_DI_NS = 'http://www.omg.org/spec/BPMN/20100524/DI';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
