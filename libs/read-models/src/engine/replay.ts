import { DEFAULT_SCAN_PAGE_SIZE, scanLog, type EventStore, type LogPosition, type LogSource, type RecordedEvent } from '@gevinst/event-store';
import { canonicalJson, compareKeys, type JsonValue } from './json';
import { MemoryDocumentStore } from './memory-document-store';
import { applyHandled, assertProjections, flushProjection, projectionHandles, type DocumentWriter, type Projection } from './projection';
import type { SqliteDocumentStore } from './sqlite-document-store';

/** Events read per page of a replay (see ReplayOptions.pageSize). */
export const DEFAULT_PAGE_SIZE = DEFAULT_SCAN_PAGE_SIZE;

export type { LogSource };

export interface ReplayOptions {
  /** Stop after this log position (inclusive). */
  toPosition?: bigint;
  /**
   * Stop before the first event recorded after this ISO-8601 instant (metadata.recordedAt,
   * compared to the millisecond). The result is a prefix of the log, as the live read models
   * were at that time, even if clocks made a later event's recordedAt earlier.
   */
  toTime?: string;
  /**
   * What-if: each event passes through this first; return a changed event, or null to leave
   * it out. Positions must not be changed. Nothing is written anywhere.
   */
  transform?: (event: RecordedEvent) => RecordedEvent | null;
  /**
   * Stop after this many events (counted from where the replay starts), e.g. to take a
   * keyframe every so many events of a log whose positions have gaps (EventStoreDB).
   */
  maxEvents?: number;
  /**
   * Events read per page; default 100. A page and the next one (read ahead) are alive
   * together, and every young-generation collection copies them: with pages of 1000 a replay
   * of the 1,000,000-event bench log spent about 3.9 s in those collections, with 100 about
   * 2.3 s, and took about a tenth less time (5000 took a quarter longer than 1000;
   * docs/audit.md).
   */
  pageSize?: number;
  /**
   * Go on from an earlier replay through the same projections (without `transform`): a copy of
   * its documents (it is not changed), then the events after its position. The result equals a
   * replay from position 0.
   */
  from?: ReplayResult;
}

export interface ReplayResult {
  /** The documents, and each projection's checkpoint (= `position`). */
  docs: MemoryDocumentStore;
  /** The last log position the result includes, or 'start' when it includes no event. */
  position: LogPosition;
}

/**
 * Replays the log from position 0 through the projections into memory: as-of views (by
 * position or time), rebuilds and what-if replays. Nothing is written to any store.
 */
export const replayInMemory = async (
  store: LogSource,
  projections: readonly Projection[],
  options: ReplayOptions = {},
): Promise<ReplayResult> => {
  assertProjections(projections);
  const from = options.from;
  if (from) {
    for (const projection of projections) {
      const checkpoint = from.docs.checkpoint(projection.name);
      if (!checkpoint || checkpoint.version !== projection.version || checkpoint.position !== from.position) {
        throw new TypeError(`replayInMemory: the replay to go on from has no ${projection.name} (version ${projection.version}) at its position`);
      }
    }
    if (options.toPosition !== undefined && from.position !== 'start' && options.toPosition < from.position) {
      throw new RangeError(`replayInMemory: cannot go back from position ${from.position} to ${options.toPosition}`);
    }
  }
  if (options.maxEvents !== undefined && (!Number.isSafeInteger(options.maxEvents) || options.maxEvents < 1)) {
    throw new RangeError(`maxEvents must be a positive integer, not ${options.maxEvents}`);
  }
  const docs = from ? from.docs.copy(projections.map((p) => p.name)) : new MemoryDocumentStore();
  const targets = projections.map((projection) => ({ projection, writer: docs.writer(projection.name, { batched: true }) }));
  const position = await foldLog(store, targets, options, from?.position ?? 'start');
  for (const { projection } of targets) {
    docs.setCheckpoint(projection.name, { version: projection.version, position });
  }
  return { docs, position };
};

interface FoldTarget {
  projection: Projection;
  writer: DocumentWriter;
  /** Apply events up to this position only. */
  until?: LogPosition;
  /** The last event applied (for flushProjection; a target given none has no work put off). */
  last?: RecordedEvent;
}

/** Reads the log in pages and applies each event to each target; returns the last position read. */
const foldLog = async (store: LogSource, targets: readonly FoldTarget[], options: ReplayOptions, after: LogPosition = 'start'): Promise<LogPosition> => {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer, not ${pageSize}`);
  const { toPosition, transform } = options;
  const timeLimit = options.toTime === undefined ? undefined : parseTimeLimit(options.toTime);

  // Past the last position any target wants, reading stops.
  const end = targets.length > 0 && targets.every((target) => target.until !== undefined) ? maxUntil(targets, toPosition) : toPosition;
  if (end !== undefined && end < 0n) return 'start';

  // Per event type, the targets whose projection handles it (asked once per type).
  const byType = new Map<string, readonly FoldTarget[]>();
  const targetsOf = (type: string): readonly FoldTarget[] => {
    let handling = byType.get(type);
    if (!handling) {
      handling = targets.filter((target) => projectionHandles(target.projection, type));
      byType.set(type, handling);
    }
    return handling;
  };

  let last: LogPosition = after;
  let left = options.maxEvents ?? Infinity;
  const scan = { after, pageSize, ...(end !== undefined ? { toPosition: end } : {}), ...(left !== Infinity ? { maxCount: left } : {}) };
  reading: for await (const page of scanLog(store, scan)) {
    for (const recorded of page) {
      if (end !== undefined && recorded.position > end) break reading;
      if (timeLimit && !timeLimit.includes(recorded.metadata.recordedAt)) break reading;
      if (left-- <= 0) break reading;
      last = recorded.position;
      const event = transform ? transform(recorded) : recorded;
      if (event === null) continue;
      for (const target of targetsOf(event.type)) {
        if (target.until !== undefined && (target.until === 'start' || event.position > target.until)) continue;
        applyHandled(target.projection, event, target.writer);
        target.last = event;
      }
    }
  }
  for (const target of targets) if (target.last) flushProjection(target.projection, target.writer, target.last);
  return last;
};

const maxUntil = (targets: readonly FoldTarget[], toPosition: bigint | undefined): bigint => {
  let max = -1n;
  for (const { until } of targets) {
    if (until !== undefined && until !== 'start' && until > max) max = until;
  }
  return toPosition !== undefined && toPosition < max ? toPosition : max;
};

interface TimeLimit {
  includes(recordedAt: string): boolean;
}

/** A date, a time and an explicit offset: without one, Date.parse would read local time. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

const parseTimeLimit = (toTime: string): TimeLimit => {
  const limitMs = ISO_INSTANT.test(toTime) ? Date.parse(toTime) : Number.NaN;
  if (Number.isNaN(limitMs)) {
    throw new RangeError(`toTime must be an ISO-8601 instant with an offset (e.g. 2025-03-01T12:00:00Z), not ${JSON.stringify(toTime)}`);
  }
  const limitIso = new Date(limitMs).toISOString();
  return {
    includes: (recordedAt) =>
      // The usual shape (toISOString, 24 chars) compares as text; anything else is parsed.
      recordedAt.length === 24 && recordedAt.endsWith('Z') ? recordedAt <= limitIso : Date.parse(recordedAt) <= limitMs,
  };
};

/** One document where the live read model and the rebuild disagree (undefined: missing on that side). */
export interface ReplayDifference {
  projection: string;
  collection: string;
  key: string;
  live: JsonValue | undefined;
  rebuilt: JsonValue | undefined;
}

export interface ProjectionVerification {
  projection: string;
  /**
   * compared: rebuilt up to the live checkpoint and compared;
   * version-mismatch: the live read model was built by another version (counts as a failure);
   * not-started: no live checkpoint yet, nothing to compare;
   * ahead-of-log: the live checkpoint names an event the log does not have (e.g. the log was
   * restored from an older backup than the read models; counts as a failure).
   */
  status: 'compared' | 'version-mismatch' | 'not-started' | 'ahead-of-log';
  version: number;
  liveVersion?: number;
  /** The live checkpoint the rebuild went up to. */
  position?: LogPosition;
  documents?: number;
  differences: number;
}

export interface ReplayVerification {
  ok: boolean;
  /** At most `maxDifferences` of them (see `projections[].differences` for the counts). */
  differences: ReplayDifference[];
  projections: ProjectionVerification[];
  /** False when the live store is an in-memory database: the runner must be stopped meanwhile. */
  isolated: boolean;
}

export interface VerifyOptions {
  /** Keep at most this many differences; default 1000. */
  maxDifferences?: number;
  pageSize?: number;
}

/**
 * Rebuilds every projection from position 0 in memory, each up to its live checkpoint, and
 * compares the result document by document with the live read models (taken from one read
 * snapshot, so a running runner does not disturb the comparison).
 */
export const verifyReplay = async (
  store: EventStore,
  projections: readonly Projection[],
  live: SqliteDocumentStore,
  options: VerifyOptions = {},
): Promise<ReplayVerification> => {
  assertProjections(projections);
  const maxDifferences = options.maxDifferences ?? 1000;
  const snapshot = live.snapshot();
  try {
    const checkpoints = snapshot.checkpoints();
    const rebuilt = new MemoryDocumentStore();
    const report: ProjectionVerification[] = [];
    const targets: FoldTarget[] = [];
    for (const projection of projections) {
      const checkpoint = checkpoints.get(projection.name);
      const base = { projection: projection.name, version: projection.version, differences: 0 };
      if (!checkpoint) {
        report.push({ ...base, status: 'not-started' });
      } else if (checkpoint.version !== projection.version) {
        report.push({ ...base, status: 'version-mismatch', liveVersion: checkpoint.version, position: checkpoint.position });
      } else {
        report.push({ ...base, status: 'compared', liveVersion: checkpoint.version, position: checkpoint.position });
        targets.push({ projection, writer: rebuilt.writer(projection.name, { batched: true }), until: checkpoint.position });
      }
    }
    const last = targets.length > 0 ? await foldLog(store, targets, options.pageSize === undefined ? {} : { pageSize: options.pageSize }) : 'start';
    for (const entry of report) {
      const position = entry.position;
      if (entry.status === 'compared' && position !== undefined && position !== 'start' && (last === 'start' || last < position)) {
        entry.status = 'ahead-of-log';
      }
    }

    const differences: ReplayDifference[] = [];
    for (const entry of report) {
      if (entry.status !== 'compared') continue;
      let documents = 0;
      const record = (difference: ReplayDifference): void => {
        entry.differences++;
        if (differences.length < maxDifferences) differences.push(difference);
      };
      mergeCompare(snapshot.entries(entry.projection), rebuilt.entries(entry.projection), (liveDoc, rebuiltDoc, collection, key) => {
        documents++;
        if (liveDoc === undefined || rebuiltDoc === undefined || canonicalJson(liveDoc) !== canonicalJson(rebuiltDoc)) {
          record({ projection: entry.projection, collection, key, live: liveDoc, rebuilt: rebuiltDoc });
        }
      });
      entry.documents = documents;
    }
    const ok = report.every((entry) => (entry.status === 'compared' || entry.status === 'not-started') && entry.differences === 0);
    return { ok, differences, projections: report, isolated: snapshot.isolated };
  } finally {
    snapshot.release();
  }
};

type Entry = { collection: string; key: string; doc: JsonValue };

/** Walks two (collection, key)-ordered sequences side by side. */
const mergeCompare = (
  left: Iterator<Entry, unknown>,
  right: Iterator<Entry, unknown>,
  visit: (leftDoc: JsonValue | undefined, rightDoc: JsonValue | undefined, collection: string, key: string) => void,
): void => {
  const next = (iterator: Iterator<Entry, unknown>): Entry | undefined => {
    const result = iterator.next();
    return result.done ? undefined : result.value;
  };
  let a = next(left);
  let b = next(right);
  while (a || b) {
    const order = !a ? 1 : !b ? -1 : compareKeys(a.collection, b.collection) || compareKeys(a.key, b.key);
    if (order === 0) {
      visit(a!.doc, b!.doc, a!.collection, a!.key);
      a = next(left);
      b = next(right);
    } else if (order < 0) {
      visit(a!.doc, undefined, a!.collection, a!.key);
      a = next(left);
    } else {
      visit(undefined, b!.doc, b!.collection, b!.key);
      b = next(right);
    }
  }
};
