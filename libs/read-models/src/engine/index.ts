export {
  InvalidDocumentError,
  adoptSharedPart,
  canonicalJson,
  compareKeys,
  jsonEqual,
  normalizeDocument,
  type JsonObject,
  type JsonPrimitive,
  type JsonValue,
} from './json';
export {
  DeferredWorkError,
  ProjectionApplyError,
  type DocumentEntry,
  type DocumentReader,
  type DocumentWriter,
  type ListOptions,
  type Projection,
  type ProjectionCheckpoint,
} from './projection';
export { MemoryDocumentStore } from './memory-document-store';
export {
  ProjectionVersionMismatchError,
  SqliteDocumentReader,
  SqliteDocumentStore,
  type ApplyBatchOptions,
  type DocumentSnapshot,
  type RegisteredProjection,
  type SqliteDocumentStoreOptions,
} from './sqlite-document-store';
export {
  ProjectionFaultedError,
  ProjectionRunner,
  ProjectionRunnerStoppedError,
  ProjectionWaitTimeoutError,
  type ProjectionFault,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './projection-runner';
export { ProjectionProgress } from './projection-progress';
export {
  replayInMemory,
  DEFAULT_PAGE_SIZE,
  verifyReplay,
  type LogSource,
  type ProjectionVerification,
  type ReplayDifference,
  type ReplayOptions,
  type ReplayResult,
  type ReplayVerification,
  type VerifyOptions,
} from './replay';
