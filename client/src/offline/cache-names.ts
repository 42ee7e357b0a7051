/**
 * What the service worker keeps for offline use besides the app shell. Shared by the build
 * (vite.config.ts generates the worker from it) and the app (which seeds and clears the cache).
 */

/** Cache Storage name of the API answers kept for a reload without network. */
export const API_CACHE = 'stafette-api';

/**
 * The GET routes a page needs to open offline: the session's user, the sidebar (spaces and
 * trees), the start page lists, each page opened, and what a space kept offline brings along
 * (its images, its processes with their diagrams). Nothing else is kept.
 */
export const OFFLINE_API_PATTERN =
  /\/api\/v1\/(?:auth\/session|spaces|spaces\/[0-9a-f-]{36}(?:\/tree)?|pages\/(?:[0-9a-f-]{36}(?:\/attachments)?|recent|mine)|attachments\/[0-9a-f-]{36}|processes\?spaceId=[0-9a-f-]{36}|processes\/[0-9a-f-]{36}(?:\/bpmn|\/coverage|\/steps\/[^/?]+\/(?:pages|people))?)$/;

/**
 * The server marks every API answer a device may keep with this header (value `allowed`); answers
 * about strictly confidential pages lack it and are never kept (server/src/classification/offline.ts).
 */
export const OFFLINE_HEADER = 'x-stafette-offline';

/** Prefix of the IndexedDB databases holding local copies of documents (y-indexeddb). */
export const LOCAL_DOC_PREFIX = 'stafette:';
