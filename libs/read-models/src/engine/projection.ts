import { positionAfter, type LogPosition, type RecordedEvent } from '@gevinst/event-store';
import type { JsonValue } from './json';

/** A document and its key, as listed. */
export interface DocumentEntry<T extends JsonValue = JsonValue> {
  readonly key: string;
  readonly doc: T;
}

/**
 * A projection's synchronous view of its own documents, grouped in collections.
 *
 * Documents are plain JSON (no bigint: store it as a decimal string); `put` refuses anything
 * else. What `get` and `list` return is frozen: build a new document and `put` it. Describe
 * document shapes with `type` aliases, not interfaces (interfaces don't fit JsonValue).
 * `list` returns keys in code-point order (SQLite's BINARY order), on every store.
 */
export interface DocumentWriter {
  get<T extends JsonValue = JsonValue>(collection: string, key: string): T | undefined;
  put(collection: string, key: string, doc: JsonValue): void;
  delete(collection: string, key: string): void;
  list<T extends JsonValue = JsonValue>(collection: string, prefix?: string): ReadonlyArray<DocumentEntry<T>>;
  /**
   * Offered only by the engine's own writers, whose batch (a SQLite batch, a whole in-memory
   * replay) ends with `projection.flush(docs)` before any document is read or stored: scratch
   * state of one projection for this batch (created on first use), where work can be put off
   * to `flush` — e.g. a figure recomputed once for many events. A writer without it (a wrapper,
   * a test applying events one by one) means: do everything in `apply`.
   */
  batchState?<T>(owner: object, create: () => T): T;
}

/**
 * A read model: a pure fold of the global log into documents. `apply` must be deterministic
 * and synchronous, and read and write only through `docs` (no clock, no IO, no other
 * projection's documents), so that the same code runs live on SQLite, as of a past position
 * in memory, in a verification rebuild and in a what-if replay, with the same result.
 *
 * Bump `version` whenever `apply` would now produce different documents from the same
 * events: the runner then rebuilds the projection from position 0.
 */
export interface Projection<E extends RecordedEvent = RecordedEvent> {
  /** Unique; names the projection's documents and checkpoint. */
  readonly name: string;
  /** A positive integer. */
  readonly version: number;
  /**
   * Which event types `apply` needs (the answer is cached per type); all when omitted.
   * Events not handled still advance the checkpoint.
   */
  handles?(eventType: string): boolean;
  /** Declared as a method so that a `Projection<SomeEvent>` fits in a `Projection[]`. */
  apply(event: E, docs: DocumentWriter): void;
  /**
   * Does the work `apply` put off in `docs.batchState` (see DocumentWriter): called by the
   * engine after the last event of each batch. The documents afterwards must be exactly those
   * that applying every event fully would have given.
   */
  flush?(docs: DocumentWriter): void;
}

/**
 * Thrown by a projection when work it put off (see `flush`) fails: names the event that work
 * was for, so that the failure is reported at (and the projection stopped before) that event.
 */
export class DeferredWorkError extends Error {
  override readonly name = 'DeferredWorkError';
  constructor(
    readonly event: RecordedEvent,
    options: { cause: unknown },
  ) {
    super(options.cause instanceof Error ? options.cause.message : String(options.cause), options);
  }
}

/** Where a projection's read model stands. */
export interface ProjectionCheckpoint {
  /** The projection version the documents were built by. */
  readonly version: number;
  /** The last log position applied, or 'start'. */
  readonly position: LogPosition;
}

/** Options for listing documents on the query side. */
export interface ListOptions {
  /** Only keys starting with this. */
  prefix?: string;
  /** Only keys after this one (for paging: pass the last key of the previous page). */
  after?: string;
  /** At most this many. */
  limit?: number;
}

/**
 * The query side: read any projection's documents. Implemented over the live SQLite read
 * models (`SqliteDocumentStore.reader()`) and by `MemoryDocumentStore` (as-of and what-if
 * results), so query code is written once.
 */
export interface DocumentReader {
  get<T extends JsonValue = JsonValue>(projection: string, collection: string, key: string): T | undefined;
  list<T extends JsonValue = JsonValue>(projection: string, collection: string, options?: ListOptions): Array<DocumentEntry<T>>;
  /** Undefined when the projection has never run here. */
  checkpoint(projection: string): ProjectionCheckpoint | undefined;
}

/** The `limit` of list options, checked: a non-negative integer, or Infinity when absent. */
export const listLimit = (options: ListOptions): number => {
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new RangeError(`list: limit must be a non-negative integer, not ${String(limit)}`);
  }
  return limit;
};

/** A projection threw while applying an event (a bug or a document that is not JSON). */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly eventType: string,
    readonly eventId: string,
    options: { cause: unknown },
  ) {
    super(
      `Projection ${projection} failed on event ${eventType} (${eventId}) at position ${position}: ${
        options.cause instanceof Error ? options.cause.message : String(options.cause)
      }`,
      options,
    );
  }
}

const handlesCache = new WeakMap<Projection, Map<string, boolean>>();

/** `projection.handles(type)`, asked once per type. */
export const projectionHandles = (projection: Projection, eventType: string): boolean => {
  if (!projection.handles) return true;
  let cache = handlesCache.get(projection);
  if (!cache) {
    cache = new Map();
    handlesCache.set(projection, cache);
  }
  let handled = cache.get(eventType);
  if (handled === undefined) {
    handled = projection.handles(eventType) === true;
    cache.set(eventType, handled);
  }
  return handled;
};

/** Applies one event, naming the projection and event if it throws. */
export const applyEvent = (projection: Projection, event: RecordedEvent, docs: DocumentWriter): void => {
  if (projectionHandles(projection, event.type)) applyHandled(projection, event, docs);
};

/** applyEvent for an event whose type the caller knows the projection handles. */
export const applyHandled = (projection: Projection, event: RecordedEvent, docs: DocumentWriter): void => {
  try {
    projection.apply(event, docs);
  } catch (error) {
    throw applyError(projection, event, error);
  }
};

/** Ends a batch: the projection's put-off work (`flush`), naming the event it was for if it throws. */
export const flushProjection = (projection: Projection, docs: DocumentWriter, last: RecordedEvent | undefined): void => {
  if (!projection.flush) return;
  try {
    projection.flush(docs);
  } catch (error) {
    if (!last && !(error instanceof DeferredWorkError)) throw error;
    throw applyError(projection, last!, error);
  }
};

const applyError = (projection: Projection, event: RecordedEvent, error: unknown): ProjectionApplyError =>
  error instanceof DeferredWorkError
    ? new ProjectionApplyError(projection.name, error.event.position, error.event.type, error.event.id, { cause: error.cause })
    : new ProjectionApplyError(projection.name, event.position, event.type, event.id, { cause: error });

/** Refuses duplicate names and bad versions before anything runs. */
export const assertProjections = (projections: readonly Projection[]): void => {
  const names = new Set<string>();
  for (const projection of projections) {
    if (typeof projection.name !== 'string' || projection.name.length === 0) {
      throw new TypeError('A projection needs a non-empty name');
    }
    if (names.has(projection.name)) throw new TypeError(`Two projections are named ${projection.name}`);
    names.add(projection.name);
    if (!Number.isSafeInteger(projection.version) || projection.version < 1) {
      throw new TypeError(`Projection ${projection.name}: version must be a positive integer, not ${String(projection.version)}`);
    }
  }
};

export const minPosition = (positions: Iterable<LogPosition>): LogPosition | undefined => {
  let min: LogPosition | undefined;
  for (const position of positions) {
    if (min === undefined || positionAfter(min, position)) min = position;
  }
  return min;
};
