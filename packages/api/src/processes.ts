/** Processes from BPMN 2.0 files: import, versions, archive, steps with pages, coverage (`/processes`). */
import { type Static, Type } from 'typebox';
import { ClassificationKeySchema } from './classification.ts';
import { Body, DateTime, Nullable, Uuid, UserRefSchema } from './common.ts';
import { RiskLevelSchema } from './knowledge-risk.ts';
import {
  ELEMENT_ID_MAX_LENGTH,
  FILE_NAME_MAX_LENGTH,
  PROCESS_CATEGORY_MAX_LENGTH,
  STEP_CONTACTS_MAX,
  STEP_ROLE_MAX_LENGTH,
} from './limits.ts';

const Texts = Type.Record(Type.String(), Type.String());
const NullableString = Nullable(Type.String());

export const StepSchema = Type.Object({
  elementId: Type.String({ description: 'The BPMN element id: the step’s identity across versions' }),
  kind: Type.String({ description: 'Local name of the BPMN type: task, userTask, startEvent, exclusiveGateway, …' }),
  name: NullableString,
  names: Texts,
  documentation: NullableString,
  /** elementId of the innermost lane holding the step. */
  lane: NullableString,
  parentId: Type.Union([Type.String(), Type.Null()], { description: 'Enclosing sub-process, transaction or sub-choreography' }),
  poolId: NullableString,
  bpmnProcessId: Type.Union([Type.String(), Type.Null()], { description: 'The BPMN process element holding the step' }),
  attachedToId: NullableString,
  eventDefinitions: Type.Array(Type.String()),
});
export type Step = Static<typeof StepSchema>;

/** A step as lists of steps name it. */
const StepBasics = { elementId: Type.String(), kind: Type.String(), name: NullableString, lane: NullableString };

export const OrphanedStepSchema = Type.Object({
  ...StepBasics,
  removedInVersion: Type.Integer({ description: 'The version in which the step disappeared' }),
  pageCount: Type.Integer({ description: 'Pages still attached (all of them, readable or not)' }),
});
export type OrphanedStep = Static<typeof OrphanedStepSchema>;

/**
 * Pools, lanes, flows, … of the model: an element id and whatever the parser stored. The
 * fields the client reads are named; the rest pass through.
 */
export const ModelPartSchema = Type.Object(
  {
    elementId: Type.String(),
    name: Type.Optional(NullableString),
    names: Type.Optional(Texts),
    poolId: Type.Optional(NullableString),
    processId: Type.Optional(NullableString),
    parentLaneId: Type.Optional(NullableString),
  },
  { additionalProperties: true },
);
export type ModelPart = Static<typeof ModelPartSchema>;
const ModelPart = Type.Array(ModelPartSchema);

/** What a process in a list and a process in full both say about it. */
const ProcessFields = {
  id: Uuid,
  spaceId: Uuid,
  name: Type.String(),
  version: Type.Integer(),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  category: Type.Union([Type.String(), Type.Null()], { description: 'Landscape group (null: without category)' }),
};

export const ProcessSummarySchema = Type.Object({
  ...ProcessFields,
  stepCount: Type.Integer(),
  orphanedCount: Type.Integer(),
});
export type ProcessSummary = Static<typeof ProcessSummarySchema>;

export const ImportWarningSchema = Type.Object(
  {
    code: Type.String({ description: 'invalid-id, duplicate-id, missing-id, unknown-element, foreign-element, unknown-attribute, lifted-element, skipped-content, unresolved-reference, unconnected-flow, empty-lane, missing-process, shared-process, no-process, more-warnings' }),
    message: Type.String({ description: 'English; clients word the warning from code and subject' }),
    line: Nullable(Type.Integer({ description: '1-based line in the uploaded file' })),
    subject: Type.Optional(Type.String({ description: 'The id or element name concerned' })),
  },
  { description: 'Something the lenient import tolerated: skipped, renamed or left unconnected' },
);
export type ImportWarning = Static<typeof ImportWarningSchema>;

export const ProcessSchema = Type.Object({
  ...ProcessFields,
  owner: Nullable(UserRefSchema),
  language: NullableString,
  steps: Type.Array(StepSchema),
  orphanedSteps: Type.Array(OrphanedStepSchema),
  processes: ModelPart,
  collaborations: ModelPart,
  pools: ModelPart,
  lanes: ModelPart,
  flows: ModelPart,
  dataObjects: ModelPart,
  warnings: Type.Array(ImportWarningSchema, { description: 'What the import of the current version tolerated' }),
});
export type Process = Static<typeof ProcessSchema>;

export const ImportResultSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  version: Type.Integer(),
  steps: Type.Array(StepSchema),
  warnings: Type.Array(ImportWarningSchema),
});
export type ImportResult = Static<typeof ImportResultSchema>;

/** The answer to a new version of a process. */
export const VersionResultSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  steps: Type.Array(StepSchema),
  orphaned: Type.Array(OrphanedStepSchema, {
    description: 'Every step that has left the model while pages hang on it (also from earlier versions); see removedInVersion',
  }),
  warnings: Type.Array(ImportWarningSchema),
});
export type VersionResult = Static<typeof VersionResultSchema>;

/** An uploaded version of a process (not a page version: see versions.ts). */
export const ProcessVersionSchema = Type.Object({
  version: Type.Integer(),
  current: Type.Boolean(),
  fileName: NullableString,
  byteSize: Type.Integer(),
  stepCount: Type.Integer(),
  createdAt: DateTime,
  createdBy: Nullable(UserRefSchema),
});
export type ProcessVersion = Static<typeof ProcessVersionSchema>;

export const AttachedPageSchema = Type.Object({
  id: Uuid,
  spaceId: Uuid,
  title: Type.String(),
  archived: Type.Boolean(),
  updatedAt: DateTime,
  attachedAt: DateTime,
  /** The page's effective classification level. */
  classification: ClassificationKeySchema,
});
export type AttachedPage = Static<typeof AttachedPageSchema>;

/** A step a page hangs on ("used in"). */
export const PageStepSchema = Type.Object({
  processId: Uuid,
  processName: Type.String(),
  spaceId: Uuid,
  processArchived: Type.Boolean(),
  ...StepBasics,
  orphaned: Type.Boolean(),
  role: Type.Union([Type.String(), Type.Null()], { description: 'Responsible role: set on the step, else the lane’s name' }),
  contacts: Type.Array(UserRefSchema, { description: 'Named contacts for this step ("Ansprechpartner:in")' }),
});
export type PageStep = Static<typeof PageStepSchema>;

export const StepCoverageSchema = Type.Object({
  ...StepBasics,
  pageCount: Type.Integer({ description: 'Attached pages the caller can read that are not archived' }),
  lastEditedAt: Type.Union([DateTime, Type.Null()], { description: 'Newest edit among those pages' }),
});
export type StepCoverage = Static<typeof StepCoverageSchema>;

export const CoverageSchema = Type.Object({
  processId: Uuid,
  version: Type.Integer(),
  stepCount: Type.Integer(),
  coveredCount: Type.Integer({ description: 'Steps with at least one attached page' }),
  steps: Type.Array(StepCoverageSchema),
});
export type Coverage = Static<typeof CoverageSchema>;

export const ArchiveResultSchema = Type.Object({ id: Uuid, archivedAt: Nullable(DateTime) });

const FileNameQuery = Type.Optional(
  Type.String({ maxLength: FILE_NAME_MAX_LENGTH, description: 'File name of a raw XML body (names the process when the model has no name)' }),
);
export const ImportQuery = Type.Object({ spaceId: Uuid, fileName: FileNameQuery });
export const VersionUploadQuery = Type.Object({ fileName: FileNameQuery });
export const ProcessListQuery = Type.Object({ spaceId: Type.Optional(Uuid), includeArchived: Type.Optional(Type.Boolean()) });
export const BpmnQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });
/** The BPMN XML as uploaded (re-encoded as UTF-8). */
export const BpmnFileSchema = { content: { 'application/xml': { schema: Type.String() } } };

export const ElementId = Type.String({ minLength: 1, maxLength: ELEMENT_ID_MAX_LENGTH });
export const StepParams = Type.Object({ id: Uuid, elementId: ElementId });
export const AttachParams = Type.Object({ id: Uuid, elementId: ElementId, pageId: Uuid });

// Raw XML arrives as a Buffer and multipart is streamed, so there is nothing to validate here;
// the schema only describes the upload in the OpenAPI document.
export const UploadBody = Type.Unsafe<unknown>({ description: 'The BPMN 2.0 file: the raw XML body, or one file field of a multipart form' });

// The lists the routes answer with.
export const ProcessSummaryListSchema = Type.Array(ProcessSummarySchema);
export const ProcessVersionListSchema = Type.Array(ProcessVersionSchema);
export const AttachedPageListSchema = Type.Array(AttachedPageSchema);
export const PageStepListSchema = Type.Array(PageStepSchema);

/** Changes to a process's settings; a field left out stays. */
export const ProcessSettingsBody = Body({
  category: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: PROCESS_CATEGORY_MAX_LENGTH, pattern: '\\S' }))),
  ownerId: Type.Optional(Nullable(Uuid)),
});
export type ProcessSettingsInput = Static<typeof ProcessSettingsBody>;

/** Who answers for a step: its role (from the lane unless set) and named people. */
export const StepPeopleSchema = Type.Object({
  elementId: Type.String(),
  laneName: NullableString,
  role: Type.Union([Type.String(), Type.Null()], { description: 'The role set on the step, else the lane’s name' }),
  roleFromLane: Type.Boolean({ description: 'True when role is the lane’s name (nothing set on the step)' }),
  contacts: Type.Array(Type.Object({ id: Uuid, displayName: Type.String(), email: Type.String(), active: Type.Boolean() })),
});
export type StepPeople = Static<typeof StepPeopleSchema>;

export const StepPeopleBody = Body({
  role: Nullable(Type.String({ minLength: 1, maxLength: STEP_ROLE_MAX_LENGTH, pattern: '\\S', description: 'null: the lane’s name' })),
  contactIds: Type.Array(Uuid, { maxItems: STEP_CONTACTS_MAX, uniqueItems: true, description: 'People to ask, in this order' }),
});
export type StepPeopleInput = Static<typeof StepPeopleBody>;

/** One process on the landscape. */
export const LandscapeCardSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  category: NullableString,
  version: Type.Integer(),
  stepCount: Type.Integer(),
  coveredCount: Type.Integer({ description: 'Steps with at least one readable live page' }),
  risk: Type.Object({
    level: Nullable(RiskLevelSchema),
    maxScore: Nullable(Type.Integer({ description: 'Highest knowledge-risk score among the activities' })),
    highCount: Type.Integer({ description: 'Activities at high risk' }),
  }),
  owner: Nullable(UserRefSchema),
  updatedAt: DateTime,
  updatedBy: Nullable(UserRefSchema),
});
export type LandscapeCard = Static<typeof LandscapeCardSchema>;

export const LandscapeSchema = Type.Object({
  spaceId: Uuid,
  categories: Type.Array(
    Type.Object({ category: NullableString, processes: Type.Array(LandscapeCardSchema) }),
    { description: 'By category name; processes without category last' },
  ),
});
export type Landscape = Static<typeof LandscapeSchema>;
export const LandscapeQuery = Type.Object({ spaceId: Uuid });

export const StepChangeKindSchema = Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('renamed'), Type.Literal('moved')]);
export type StepChangeKind = Static<typeof StepChangeKindSchema>;

export const StepChangeSchema = Type.Object({
  elementId: Type.String(),
  kind: Type.String(),
  changes: Type.Array(StepChangeKindSchema, { description: 'A step may be renamed and moved at once' }),
  name: NullableString,
  previousName: NullableString,
  lane: NullableString,
  previousLane: NullableString,
  laneName: NullableString,
  previousLaneName: NullableString,
  parentId: NullableString,
  previousParentId: NullableString,
  pageCount: Type.Integer({ description: 'Pages attached to the step (all, readable or not)' }),
});
export type StepChange = Static<typeof StepChangeSchema>;

export const ReviewFlagSchema = Type.Object({
  pageId: Uuid,
  title: Type.String({ description: 'Empty when the caller cannot read the page' }),
  readable: Type.Boolean(),
  elementId: Type.String(),
  version: Type.Integer({ description: 'The version that removed the step' }),
  flaggedAt: DateTime,
  resolvedAt: Nullable(DateTime),
  responsible: Type.Union([UserRefSchema, Type.Null()], {
    description: 'The page’s responsible person for reviews (reviews capability); marking it reviewed as that person also confirms the page’s review',
  }),
});
export type ReviewFlag = Static<typeof ReviewFlagSchema>;

export const VersionCompareSchema = Type.Object({
  processId: Uuid,
  from: Type.Integer(),
  to: Type.Integer(),
  changes: Type.Array(StepChangeSchema, { description: 'Steps added, removed, renamed or moved (lane, pool or sub-process), in diagram order' }),
  unchangedCount: Type.Integer(),
  reviewFlags: Type.Array(ReviewFlagSchema, { description: 'Pages on steps removed between the two versions, flagged for review' }),
});
export type VersionCompare = Static<typeof VersionCompareSchema>;
export const CompareQuery = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) });

export const ProcessExportQuery = Type.Object({
  format: Type.String({
    maxLength: 20,
    description:
      'bpmn (current version with step → page links), svg or png (the diagram), or the process handbook as pdf, docx or odt (the diagram, then every step in flow order with its pages); other formats answer 415 export-format-unsupported',
  }),
});
export const ProcessExportFileSchema = {
  content: {
    'application/xml': { schema: Type.String() },
    'image/svg+xml': { schema: Type.String() },
    'image/png': { schema: Type.String({ format: 'binary' }) },
    'application/pdf': { schema: Type.String({ format: 'binary' }) },
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: Type.String({ format: 'binary' }) },
    'application/vnd.oasis.opendocument.text': { schema: Type.String({ format: 'binary' }) },
  },
};
