/**
 * The problem types the API answers with (RFC 9457 problem+json). The `type` of every error is
 * `urn:stafette:problem:<slug>` with a slug from this list; clients and scripts branch on it,
 * never on the English `title` or `detail`. One slug per condition: a new condition gets a new
 * slug here, an existing condition reuses its slug. No TypeBox here: the client imports this
 * module on its own (`@stafette/api/problems`).
 */
export const PROBLEM_BASE = 'urn:stafette:problem:';

export const PROBLEM_SLUGS = [
  // Requests the server cannot take.
  'bad-request',
  'malformed-json',
  'validation-failed',
  'payload-too-large',
  'unsupported-media-type',
  'too-many-requests',
  // The server's disk is full: nothing was saved, try again later.
  'storage-full',
  // Who is asking.
  'unauthorized',
  'invalid-credentials',
  'wrong-password',
  'csrf-token-invalid',
  'session-required',
  'token-read-only',
  // Second factor: sign-in or a sensitive change waits for a code; a wrong or reused code; an
  // unknown, used or expired login challenge; the instance requires enrolment first; enrolment
  // state conflicts; the setting keeps it on; directory accounts have no local second factor.
  'second-factor-required',
  'invalid-second-factor',
  'login-challenge-invalid',
  'second-factor-enrolment-required',
  'totp-already-enabled',
  'totp-not-enabled',
  'second-factor-mandatory',
  'no-local-password',
  // Password sign-in is off (STAFETTE_LOCAL_LOGIN=false) for accounts other than administrators.
  'local-login-disabled',
  // A back-channel logout token that is not valid (signature, issuer, audience, events, replayed jti).
  'logout-token-invalid',
  'forbidden',
  'not-found',
  // Setup and accounts.
  'setup-done',
  'setup-token-invalid',
  'email-taken',
  'self-lockout',
  'user-active',
  // Directory sign-in (LDAP, OpenID Connect) and sync: an e-mail that belongs to a local account
  // the admin setting does not let a directory take over; a deactivated account a directory
  // signs in; no directory configured; the directory cannot be reached; a sync already running.
  'account-link-not-allowed',
  'account-deactivated',
  'directory-not-configured',
  'directory-unavailable',
  'directory-sync-running',
  // Spaces and pages.
  'space-archived',
  'last-owner',
  'page-archived',
  'page-not-archived',
  'parent-archived',
  'page-move-cycle',
  'cross-space-move',
  // Page bodies and versions.
  'invalid-document',
  'document-too-large',
  // content-too-complex: a Markdown or JSON body past the element or nesting bound, or whose
  // conversion did not finish within its deadline (nothing is stored).
  'content-too-complex',
  // document-unreadable: a DOCX/ODT file to import that is damaged or password-protected.
  'document-unreadable',
  'document-unavailable',
  'document-not-exportable',
  'version-not-restorable',
  // Processes; `bpmn-*` are refused BPMN files (the parser's error codes).
  'process-archived',
  'process-not-archived',
  // An export format the process export does not write (yet): bpmn, svg and png are written.
  'export-format-unsupported',
  // The diagram could not be drawn (no diagram in the file, the renderer failed or timed out).
  'diagram-unavailable',
  // Print exports (PDF, DOCX, ODT): more pages, content or images than one document may hold;
  // the PDF printer is busy, failed or ran out of time.
  'export-too-large',
  'export-unavailable',
  // A version number to compare that the process does not have.
  'version-not-found',
  'bpmn-not-xml',
  'bpmn-not-bpmn',
  'bpmn-doctype-forbidden',
  'bpmn-too-large',
  'bpmn-too-many-elements',
  'bpmn-too-deep',
  'bpmn-invalid-bpmn',
  'bpmn-bad-encoding',
  // Classification: a page's own level below what its space or a parent page has; lowering a
  // page's level needs its space's owner; export of a confidential page needs an editor.
  'classification-below-space',
  'classification-below-parent',
  'classification-downgrade-denied',
  'classification-export-denied',
  // Open government: only `oeffentlich` content may be published.
  'classification-not-public',
  // Reviews and read confirmations.
  'review-not-configured',
  'not-responsible',
  'no-recipients',
  'no-read-request',
  'not-asked',
  // Reading paths: marking an item of a path not assigned to the caller; assigning to a
  // deactivated account; a path from an interview that is not completed or has no successor.
  'not-assigned',
  'assignee-inactive',
  'interview-not-completed',
  'no-successor',
  // Exit interviews.
  'template-version-conflict',
  'interview-status-changed',
  'step-orphaned',
  'preview-outdated',
  'consent-required',
  'consent-outdated',
  'retention-not-due',
  'interview-purged',
  // Comments and mail: a one-click unsubscribe link that was altered or is not ours.
  'unsubscribe-link-invalid',
  // Attachments: bytes that contradict the file name, a virus found, the space's quota full,
  // an image whose metadata could not be removed.
  'file-type-mismatch',
  'file-infected',
  'quota-exceeded',
  'image-unreadable',
  // Search; invalid-cursor: a cursor from another search (start again from the first page).
  'invalid-cursor',
  'search-unavailable',
  // Templates and migration imports: a template name given twice in one gallery; an archive
  // to import that is refused as hostile (bomb, traversal, links, duplicates) or cannot be read.
  'template-name-taken',
  'archive-unsafe',
  'archive-unreadable',
  // Process packages: a manifest that does not describe the archive (missing or extra files,
  // checksums that differ, an unknown format); a package not newer than the one imported before.
  'package-invalid',
  'package-not-newer',
  // An online backup asked of a server on PostgreSQL (pg_dump backs it up while it runs).
  'backup-not-embedded',
  // The server.
  'service-unavailable',
  'internal-error',
] as const;

export type ProblemSlug = (typeof PROBLEM_SLUGS)[number];

const known = new Set<string>(PROBLEM_SLUGS);

/** The slug of a problem `type`, or null when it is not one of ours. */
export function problemSlugOf(type: unknown): ProblemSlug | null {
  if (typeof type !== 'string' || !type.startsWith(PROBLEM_BASE)) return null;
  const slug = type.slice(PROBLEM_BASE.length);
  return known.has(slug) ? (slug as ProblemSlug) : null;
}
