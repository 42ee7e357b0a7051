/**
 * Limits of what a user may enter, shared by the server's request schemas and the client's
 * forms (`maxLength`, checks before sending). Plain numbers, no TypeBox: the client imports
 * this module on its own (`@stafette/api/limits`) without pulling the schemas into its bundle.
 * Text lengths count code points, as JSON Schema `maxLength` does.
 */

/** Page titles: any Unicode, not blank; titles repeat in real documents. */
export const PAGE_TITLE_MAX_LENGTH = 1000;
export const SPACE_NAME_MAX_LENGTH = 200;
export const SPACE_DESCRIPTION_MAX_LENGTH = 5000;
/** The server truncates longer names taken from a BPMN file or its file name. */
export const PROCESS_NAME_MAX_LENGTH = 200;
/** BPMN element ids in paths and queries (the step's identity across versions). */
export const ELEMENT_ID_MAX_LENGTH = 1000;
export const FILE_NAME_MAX_LENGTH = 255;
/** A process's landscape category and a step's responsible role (migration 0018). */
export const PROCESS_CATEGORY_MAX_LENGTH = 100;
export const STEP_ROLE_MAX_LENGTH = 200;
/** Named contacts per process step. */
export const STEP_CONTACTS_MAX = 20;
export const VERSION_LABEL_MAX_LENGTH = 200;

export const DISPLAY_NAME_MAX_LENGTH = 200;
/** RFC 5321: 64 + 1 + 255. */
export const EMAIL_MAX_LENGTH = 320;
export const PASSWORD_MIN_LENGTH = 12;
/** Bounds the work of hashing a password sent by anyone. */
export const PASSWORD_MAX_LENGTH = 1000;
export const API_TOKEN_NAME_MAX_LENGTH = 200;
export const SETUP_TOKEN_MAX_LENGTH = 200;
export const USER_QUERY_MAX_LENGTH = 200;

export const READ_REQUEST_NOTE_MAX_LENGTH = 2000;
/** A comment's Markdown-light text (server/src/comments). */
export const COMMENT_BODY_MAX_LENGTH = 10000;
export const REVIEW_INTERVAL_MAX_DAYS = 3650;
export const RISK_HORIZON_DEFAULT_DAYS = 180;
export const RISK_HORIZON_MAX_DAYS = 3650;

export const INTERVIEW_SUBJECT_ROLE_MAX_LENGTH = 200;
/** A successor's comment on an answer or follow-up question. */
export const ANSWER_REVIEW_MAX_LENGTH = 4000;
/** Why an interview's content is deleted by decision (audited). */
export const PURGE_REASON_MAX_LENGTH = 500;
export const TEMPLATE_NAME_MAX_LENGTH = 200;
export const TEMPLATE_MAX_SECTIONS = 40;
export const SECTION_TITLE_MAX_LENGTH = 200;
export const SECTION_MAX_QUESTIONS = 50;
export const QUESTION_PROMPT_MAX_LENGTH = 500;
export const QUESTION_HELP_MAX_LENGTH = 2000;

export const SEARCH_QUERY_MAX_LENGTH = 500;
/** Knowledge gaps keep queries up to this length (longer ones are pasted text, not questions). */
export const GAP_QUERY_MAX_LENGTH = 200;
export const GAP_DAYS_MAX = 730;

/** Reading paths for newcomers (server/src/onboarding). */
export const READING_PATH_TITLE_MAX_LENGTH = 200;
export const READING_PATH_NOTE_MAX_LENGTH = 2000;
export const READING_PATH_ITEMS_MAX = 200;
export const SYNONYM_TERM_MAX_LENGTH = 200;

export const AUDIT_ACTION_MAX_LENGTH = 100;
export const AUDIT_TARGET_MAX_LENGTH = 200;

/** Classification levels: their stable keys, lowest first (labels are the administrators' to name). */
export const CLASSIFICATION_KEYS = ['oeffentlich', 'intern', 'vertraulich', 'streng-vertraulich'] as const;
export const CLASSIFICATION_LABEL_MAX_LENGTH = 60;
