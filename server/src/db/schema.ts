import type { ColumnType, Generated } from 'kysely';
import type { PMNodeJSON as PMDocJSON } from '@stafette/schema';

/**
 * Table types for Kysely. Each capability declares its tables in its own interface here;
 * `DB` is their union.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface PlatformTables {
  users: {
    id: Generated<string>;
    email: string;
    display_name: string;
    /** NULL for accounts made from a directory (migration 0013): they have no local password. */
    password_hash: string | null;
    role: 'admin' | 'knowledge_manager' | 'user';
    active: Generated<boolean>;
    locale: Generated<'de' | 'en'>;
    planned_departure_date: string | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
    deactivated_at: Date | null;
  };
  sessions: {
    id: string;
    user_id: string;
    csrf_token: string;
    created_at: CreatedAt;
    last_seen_at: Timestamp;
    expires_at: Date;
    ip: string | null;
    user_agent: string | null;
    /** When this session last proved the second factor (migration 0012). */
    second_factor_at: Date | null;
  };
  api_tokens: {
    id: Generated<string>;
    user_id: string;
    name: string;
    token_hash: string;
    created_at: CreatedAt;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
    read_only: Generated<boolean>;
    /** Limited to the spaces in api_token_spaces (migration 0012). */
    space_limited: Generated<boolean>;
  };
  setup_tokens: {
    token_hash: string;
    created_at: CreatedAt;
    used_at: Date | null;
  };
  audit_log: {
    id: Generated<string>;
    seq: Generated<number>;
    created_at: CreatedAt;
    actor_id: string | null;
    action: string;
    target_type: string;
    target_id: string | null;
    ip: string | null;
    detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  };
}

export type SpaceRole = 'reader' | 'editor' | 'owner';

export interface SpacesTables {
  spaces: {
    id: Generated<string>;
    name: string;
    description: Generated<string>;
    archived_at: Date | null;
    created_by: string | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
    /** Its classification level and the one its new pages start with (migration 0011). */
    classification: Generated<ClassificationKey>;
  };
  space_members: {
    space_id: string;
    user_id: string;
    role: SpaceRole;
    created_at: CreatedAt;
    updated_at: Timestamp;
  };
  pages: {
    id: Generated<string>;
    space_id: string;
    parent_id: string | null;
    title: string;
    /** 0-based index among siblings. */
    position: Generated<number>;
    archived_at: Date | null;
    /** The page whose archiving archived this one (itself when archived directly). */
    archive_root_id: string | null;
    created_by: string | null;
    updated_by: string | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
    /** Derived from the Yjs document by server/src/content (migration 0004). */
    doc: ColumnType<PMDocJSON | null, string | null | undefined, string | null>;
    text: Generated<string>;
    headings: ColumnType<{ level: number; text: string }[], string | undefined, string>;
    content_updated_at: Date | null;
    /** Raised above what the page inherits (space, ancestors); null: inherited (migration 0011). */
    classification: ClassificationKey | null;
  };
}

export interface SearchTables {
  /** Pages waiting to be (re)indexed by the search indexer. */
  search_outbox: {
    page_id: string;
    seq: Generated<string>;
    enqueued_at: CreatedAt;
    attempts: Generated<number>;
    last_error: string | null;
    next_attempt_at: Timestamp;
  };
  /** The documents of the PostgreSQL search backend. */
  search_documents: {
    page_id: string;
    space_id: string;
    title: string;
    headings: string;
    body: string;
    steps: ColumnType<{ processId: string; elementId: string; name: string | null }[], string, string>;
    process_ids: string[];
    step_keys: string[];
    /** Words of the title (migration 0034), the divisor of the title's share in ranking. */
    title_words: Generated<number>;
    title_tsv: string;
    tsv: string;
    indexed_at: Timestamp;
    /** Texts of the page's files (migration 0016), `[{id, name, text}]`. */
    attachments: ColumnType<{ id: string; name: string; text: string }[], string | undefined, string>;
  };
  /** Distinct lexemes of the indexed corpus (typo and compound expansion). */
  search_terms: {
    lexeme: string;
    doc_count: number;
  };
  /** Each page's title lexemes with its one-word score (migration 0036): a frequent word's best titles. */
  search_title_terms: {
    lexeme: string;
    score: number;
    page_id: string;
    space_id: string;
  };
  /** Synonym groups added by administrators on top of the shipped list. */
  search_synonyms: {
    position: number;
    terms: string[];
    updated_by: string | null;
    updated_at: Timestamp;
  };
}

export interface ProcessesTables {
  processes: {
    id: Generated<string>;
    space_id: string;
    name: string;
    current_version: Generated<number>;
    archived_at: Date | null;
    created_by: string | null;
    updated_by: string | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
    /** Landscape grouping (migration 0018); null: "ohne Kategorie". */
    category: Generated<string | null>;
    /** Who answers for the process (migration 0018); starts as its importer. */
    owner_id: Generated<string | null>;
  };
  process_versions: {
    process_id: string;
    version: number;
    xml: string;
    file_name: string | null;
    byte_size: number;
    step_count: number;
    /** The parsed model without its steps (pools, lanes, flows, data objects, warnings). */
    model: ColumnType<Record<string, unknown>, string, never>;
    created_by: string | null;
    created_at: CreatedAt;
  };
  process_steps: {
    process_id: string;
    element_id: string;
    kind: string;
    name: string | null;
    names: ColumnType<Record<string, string>, string, string>;
    documentation: string | null;
    lane: string | null;
    parent_id: string | null;
    pool_id: string | null;
    bpmn_process_id: string | null;
    attached_to_id: string | null;
    event_definitions: ColumnType<string[], string, string>;
    position: number;
    added_in_version: number;
    /** Set when the step left the model while pages were attached: an orphaned link. */
    removed_in_version: number | null;
    /** The responsible role; null means the lane's name (migration 0018). */
    responsible_role: Generated<string | null>;
  };
  process_step_contacts: {
    process_id: string;
    element_id: string;
    user_id: string;
    position: number;
    created_by: string | null;
    created_at: CreatedAt;
  };
  process_review_flags: {
    process_id: string;
    element_id: string;
    page_id: string;
    version: number;
    flagged_at: CreatedAt;
    resolved_at: Date | null;
    resolved_by: string | null;
  };
  process_step_pages: {
    process_id: string;
    element_id: string;
    page_id: string;
    created_by: string | null;
    created_at: CreatedAt;
  };
}

export interface CollabTables {
  /** The Yjs update log of each page: a snapshot row and the tail appended after it. */
  page_updates: {
    page_id: string;
    seq: Generated<number>;
    snapshot: Generated<boolean>;
    data: Uint8Array;
    /** Yjs updates in `data`: 1 is the update itself, more a bundle (collab/document-store.ts). */
    updates: Generated<number>;
    created_at: CreatedAt;
  };
  collab_tokens: {
    token_hash: string;
    user_id: string;
    page_id: string;
    created_at: CreatedAt;
    expires_at: Date;
  };
}

export type PageVersionKind = 'auto' | 'manual' | 'restore';

export interface ContentTables {
  /** Outgoing links of each page's body (for backlinks); targets need not exist. */
  page_links: {
    source_page_id: string;
    target_page_id: string;
  };
  /** Links from a page's body to process steps. */
  page_step_links: {
    page_id: string;
    process_id: string;
    element_id: string;
  };
  page_versions: {
    id: Generated<string>;
    page_id: string;
    number: number;
    kind: PageVersionKind;
    label: string | null;
    /** Full Yjs state (encodeStateAsUpdate). */
    state: Uint8Array;
    /** Y.encodeSnapshot of the state: whether the document changed since. */
    ydoc_snapshot: Uint8Array;
    text: string;
    restored_from: string | null;
    created_by: string | null;
    created_at: CreatedAt;
  };
  page_contributors: {
    page_id: string;
    user_id: string;
    first_edited_at: CreatedAt;
    last_edited_at: Timestamp;
    edit_count: Generated<number>;
  };
}

export type InterviewStatus = 'planned' | 'in_progress' | 'in_review' | 'completed';
export type InterviewReviewKind = 'accept' | 'comment' | 'follow_up';

export interface InterviewsTables {
  interview_templates: {
    id: string;
    version: number;
    name: string;
    sections: ColumnType<import('@stafette/api').Section[], string, never>;
    created_by: string | null;
    created_at: CreatedAt;
  };
  interviews: {
    id: Generated<string>;
    subject_user_id: string;
    interviewer_id: string;
    successor_id: string | null;
    subject_role: string | null;
    departure_date: string;
    template_id: string;
    template_version: number;
    status: Generated<InterviewStatus>;
    consent_hash: string | null;
    consented_at: Date | null;
    published_space_id: string | null;
    handover_page_id: string | null;
    completed_by: string | null;
    completed_at: Date | null;
    content_purged_at: Date | null;
    created_by: string | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
  };
  interview_answers: {
    interview_id: string;
    question_id: string;
    private: Generated<boolean>;
    updated_by: string | null;
    updated_at: Timestamp;
  };
  interview_answer_steps: {
    interview_id: string;
    question_id: string;
    process_id: string;
    element_id: string;
    created_by: string | null;
    created_at: CreatedAt;
  };
  interview_reviews: {
    id: Generated<string>;
    interview_id: string;
    question_id: string;
    kind: InterviewReviewKind;
    body: Generated<string>;
    follow_up_id: string | null;
    author_id: string | null;
    created_at: CreatedAt;
  };
  /** The Yjs update log of each interview document (same shape as page_updates). */
  interview_updates: {
    interview_id: string;
    seq: Generated<number>;
    snapshot: Generated<boolean>;
    data: Uint8Array;
    updates: Generated<number>;
    created_at: CreatedAt;
  };
  interview_publications: {
    interview_id: string;
    page_id: string;
    question_id: string | null;
    created_at: CreatedAt;
  };
}

export interface KnowledgeTables {
  /** A page's responsible person and review interval (server/src/reviews). */
  page_reviews: {
    page_id: string;
    responsible_id: string | null;
    interval_days: number;
    set_at: Timestamp;
    last_confirmed_at: Date | null;
    last_confirmed_by: string | null;
    updated_by: string | null;
    updated_at: Timestamp;
  };
  /** Requests to confirm having read a page (server/src/read-confirmations). */
  page_read_requests: {
    id: Generated<string>;
    page_id: string;
    requested_by: string | null;
    note: Generated<string>;
    created_at: CreatedAt;
  };
  page_read_recipients: {
    request_id: string;
    user_id: string;
    confirmed_at: Date | null;
  };
}

export interface FilesTables {
  /** One row per stored blob (content-addressed, server/src/files/store.ts). */
  file_blobs: {
    sha256: string;
    size: ColumnType<number, number, number>;
    created_at: CreatedAt;
    /** Since when no attachment, page body or version points at it (null: referenced). */
    unreferenced_since: Date | null;
  };
  /** A file attached to a page (migration 0015). */
  attachments: {
    id: Generated<string>;
    page_id: string;
    sha256: string;
    /** The uploaded name (Unicode), for display and downloads; never a path. */
    name: string;
    /** MIME type sniffed from the bytes. */
    type: string;
    size: ColumnType<number, number, number>;
    uploader_id: string | null;
    created_at: CreatedAt;
    deleted_at: Date | null;
  };
}

/** Extracted text of attachments for search (migration 0016, server/src/files/text). */
export interface AttachmentTextTables {
  attachment_texts: {
    attachment_id: string;
    /** The bytes the row was made from. */
    sha256: string;
    status: 'ok' | 'skipped' | 'failed';
    /** Why skipped or failed (a code the client translates), null when ok. */
    reason: string | null;
    text: Generated<string>;
    /** The text was cut at the stored maximum. */
    truncated: Generated<boolean>;
    extracted_at: CreatedAt;
  };
}

/** Directory sign-in (migration 0013): identities, group → role mappings, LDAP sync runs. */
export interface DirectoryTables {
  user_identities: {
    id: Generated<string>;
    user_id: string;
    provider: 'oidc' | 'ldap';
    /** The OIDC issuer URL, or the LDAP URL and user base. */
    issuer: string;
    /** The OIDC `sub`, or the LDAP entry's entryUUID/objectGUID (else its DN). */
    subject: string;
    created_at: CreatedAt;
    last_seen_at: Timestamp;
  };
  directory_group_mappings: {
    id: Generated<string>;
    /** A group's DN or name, compared case-insensitively. */
    group_name: string;
    /** NULL: the mapping grants an instance role. */
    space_id: string | null;
    role: 'admin' | 'knowledge_manager' | SpaceRole;
    created_at: CreatedAt;
  };
  directory_sync_runs: {
    id: Generated<string>;
    started_at: CreatedAt;
    finished_at: Date | null;
    trigger: 'timer' | 'admin' | 'cli';
    status: Generated<'running' | 'ok' | 'refused' | 'failed'>;
    directory_accounts: number | null;
    created: Generated<number>;
    updated: Generated<number>;
    deactivated: Generated<number>;
    errors: ColumnType<string[], string | undefined, string>;
    error: string | null;
  };
}

/** Second factor, login challenges, the security setting and space-limited tokens (migration 0012). */
export interface TotpTables {
  user_totp: {
    user_id: string;
    /** Encrypted when STAFETTE_SECRET_KEY is set (auth/totp/secret-box.ts). */
    secret: string;
    created_at: CreatedAt;
    confirmed_at: Date | null;
    last_step: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  };
  user_recovery_codes: {
    id: Generated<string>;
    user_id: string;
    code_hash: string;
    created_at: CreatedAt;
    used_at: Date | null;
  };
  login_challenges: {
    id: string;
    user_id: string;
    created_at: CreatedAt;
    expires_at: Date;
    failed_attempts: Generated<number>;
  };
  security_settings: {
    id: Generated<boolean>;
    require_second_factor: Generated<boolean>;
    updated_at: Timestamp;
  };
  api_token_spaces: {
    token_id: string;
    space_id: string;
  };
}

export interface CommentsTables {
  /** Per space: may readers comment (server/src/comments)? No row: yes. */
  space_comment_settings: {
    space_id: string;
    readers_may_comment: boolean;
    updated_by: string | null;
    updated_at: Timestamp;
  };
  /** Comment threads: roots have thread_id null, replies point at their root. */
  comments: {
    id: Generated<string>;
    page_id: string;
    thread_id: string | null;
    author_id: string | null;
    body: string;
    anchor: ColumnType<{ from: string; to: string; quote: string } | null, string | null | undefined, string | null>;
    resolved_at: Date | null;
    resolved_by: string | null;
    created_at: CreatedAt;
    edited_at: Date | null;
  };
  /** Mentions already notified: `comment:<id>` or `page:<id>` × user. */
  mentions: { source_key: string; user_id: string; page_id: string; created_at: CreatedAt };
  page_watches: { page_id: string; user_id: string; watching: boolean; created_at: CreatedAt };
  /** The inbox (server/src/notifications). */
  notifications: {
    id: Generated<string>;
    user_id: string;
    kind: string;
    page_id: string | null;
    comment_id: string | null;
    interview_id: string | null;
    actor_id: string | null;
    detail: ColumnType<Record<string, unknown>, string | undefined, string>;
    batch_key: string;
    created_at: CreatedAt;
    updated_at: Timestamp;
    read_at: Date | null;
    mail: 'queued' | 'digest' | 'done' | null;
  };
  notification_sweep: { id: Generated<boolean>; swept_at: Date };
  mail_preferences: { user_id: string; kind: string; mode: 'instant' | 'digest' | 'off' };
  /** Durable outgoing mail (server/src/mail). */
  mail_queue: {
    id: Generated<string>;
    dedupe_key: string;
    user_id: string | null;
    to_address: string;
    message: ColumnType<Record<string, unknown>, string, string>;
    attempts: Generated<number>;
    next_attempt_at: Timestamp;
    locked_until: Date | null;
    last_error: string | null;
    created_at: CreatedAt;
    sent_at: Date | null;
  };
  mail_secret: { id: Generated<boolean>; secret: Buffer };
}

export type ClassificationKey = 'oeffentlich' | 'intern' | 'vertraulich' | 'streng-vertraulich';

export interface ClassificationTables {
  /** The ordered levels and their labels (server/src/classification). */
  classification_levels: {
    key: ClassificationKey;
    rank: number;
    label: string;
    updated_at: Timestamp;
    updated_by: string | null;
  };
  /** One row: the level new spaces start with. */
  classification_scheme: {
    id: Generated<boolean>;
    default_level: ClassificationKey;
    updated_at: Timestamp;
    updated_by: string | null;
  };
}

export interface OidcTables {
  oidc_login_states: {
    /** SHA-256 of the browser's sign-in cookie. */
    id: string;
    state: string;
    nonce: string;
    code_verifier: string;
    return_to: string;
    created_at: CreatedAt;
    expires_at: Date;
  };
  oidc_sessions: {
    session_id: string;
    issuer: string;
    subject: string;
    sid: string | null;
    id_token: string;
  };
  oidc_logout_tokens: {
    issuer: string;
    jti: string;
    expires_at: Date;
  };
}

/** Open government (migration 0020, server/src/publishing): what is published, the portal's settings. */
export interface PublishingTables {
  published_pages: {
    page_id: string;
    subtree: Generated<boolean>;
    published_by: string | null;
    published_at: Timestamp;
  };
  published_processes: {
    process_id: string;
    published_by: string | null;
    published_at: Timestamp;
    diagram_version: number | null;
    diagram_svg: string | null;
  };
  publishing_settings: {
    id: Generated<boolean>;
    municipality_name: Generated<string>;
    imprint_url: string | null;
    licence: Generated<string>;
    /** Migration 0029: pages up to this level leave in a process package. */
    package_max_level: Generated<ClassificationKey>;
    updated_at: Timestamp;
    updated_by: string | null;
  };
}

// Declaration merging keeps the tables of each capability in its own block.
export interface DB extends PublishingTables {}

export interface DB extends ClassificationTables, TotpTables, FilesTables, AttachmentTextTables, PlatformTables, SpacesTables, SearchTables, ProcessesTables, CollabTables, ContentTables, InterviewsTables, KnowledgeTables, DirectoryTables, OidcTables, CommentsTables {}

/** Reading paths for newcomers (migration 0019, server/src/onboarding). */
export interface OnboardingTables {
  reading_paths: {
    id: Generated<string>;
    title: string;
    created_by: string | null;
    interview_id: string | null;
    created_at: CreatedAt;
  };
  reading_path_items: {
    path_id: string;
    position: number;
    page_id: string | null;
    process_id: string | null;
    element_id: string | null;
    note: Generated<string>;
  };
  reading_path_assignments: {
    path_id: string;
    user_id: string;
    assigned_by: string | null;
    assigned_at: CreatedAt;
  };
  reading_path_progress: {
    path_id: string;
    user_id: string;
    position: number;
    done_at: Timestamp;
  };
}

/** What searches did not find, without who searched (migration 0019, server/src/knowledge-gaps). */
export interface KnowledgeGapTables {
  search_gap_keys: { id: Generated<number>; secret: Buffer; created_at: CreatedAt };
  search_gap_askers: { key_id: number; query: string; asker: Buffer };
  search_gaps: {
    query: string;
    first_searched_at: CreatedAt;
    last_searched_at: Timestamp;
    shown_since: Date | null;
    page_id: string | null;
  };
  search_gap_days: { query: string; day: ColumnType<string, string, string>; no_hits: Generated<number>; no_click: Generated<number> };
  search_gap_spaces: { query: string; space_id: string; searches: Generated<number> };
}

export interface DB extends OnboardingTables, KnowledgeGapTables {}

/** Templates and migration imports (migration 0021, server/src/templates, server/src/imports). */
export interface TemplatesTables {
  templates: {
    id: Generated<string>;
    /** null: a global template. */
    space_id: string | null;
    name: string;
    description: Generated<string>;
    fields: ColumnType<{ name: string; description: string }[], string | undefined, string>;
    /** Markdown with `{{Feld}}` placeholders. */
    body: Generated<string>;
    builtin_key: string | null;
    created_by: string | null;
    updated_by: string | null;
    created_at: CreatedAt;
    updated_at: Timestamp;
  };
  import_sources: {
    space_id: string;
    format: 'markdown' | 'confluence' | 'bookstack';
    source_id: string;
    page_id: string;
    digest: string;
    imported_at: Timestamp;
  };
  import_files: { page_id: string; source_path: string; sha256: string; attachment_id: string };
}
export interface DB extends TemplatesTables {}

/** Imported process packages (migration 0027, server/src/packages/package-import.ts). */
export interface PackageImportTables {
  process_package_sources: {
    process_id: string;
    space_id: string;
    source_instance: string;
    source_process_id: string;
    source_version: number;
    exported_at: Timestamp;
    imported_at: Generated<Date>;
  };
  process_package_pages: { process_id: string; source_page_id: string; page_id: string };
}
export interface DB extends PackageImportTables {}

/** Expertise tags and coverage snapshots (migration 0028, server/src/people, server/src/dashboard). */
export interface ExpertiseDashboardTables {
  person_tags: { user_id: string; tag: string; position: number };
  person_hidden_tags: { user_id: string; tag: string };
  coverage_snapshots: { day: string; steps: number; documented: number; taken_at: Generated<Date> };
}
export interface DB extends ExpertiseDashboardTables {}

/** Background migration imports (migration 0030, server/src/imports/import-jobs.ts). */
export interface ImportJobTables {
  import_jobs: {
    id: Generated<string>;
    space_id: string;
    user_id: string;
    format: 'markdown' | 'confluence' | 'bookstack';
    status: Generated<'running' | 'done' | 'failed'>;
    phase: Generated<'pages' | 'content'>;
    done: Generated<number>;
    total: Generated<number>;
    result: ColumnType<unknown, string | null | undefined, string | null>;
    error: string | null;
    started_at: CreatedAt;
    heartbeat_at: Timestamp;
    finished_at: Date | null;
  };
}
export interface DB extends ImportJobTables {}
