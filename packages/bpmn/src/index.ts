export { importBpmn, DEFAULT_IMPORT_LIMITS } from './import.ts';
export type { ImportLimits, ImportOptions } from './import.ts';
export { BpmnImportError, isBpmnImportError } from './errors.ts';
export type { BpmnImportErrorCode, BpmnImportErrorDetails } from './errors.ts';
export { findOrphanedStepIds } from './orphans.ts';
export { BPMN_MODEL_NS } from './namespaces.ts';
export type * from './model.ts';
// The server stores the XML as text: decoded exactly as importBpmn decodes it.
export { decodeXml } from './decode.ts';
export type { DecodedXml } from './decode.ts';
export { MAX_WARNINGS } from './warnings.ts';
export type { ImportWarning, ImportWarningCode } from './warnings.ts';
export { writeStepLinks, STAFETTE_LINKS_NS, LINK_DOCUMENTATION_PREFIX } from './links.ts';
export type { StepLink } from './links.ts';
