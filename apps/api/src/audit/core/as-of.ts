import { fold, type Decider } from '@gevinst/domain';
import type { EventStore, LogPosition, RecordedEvent } from '@gevinst/event-store';
import { replayInMemory, type DocumentReader, type Projection, type ReplayResult } from '@gevinst/read-models';

/**
 * "As of": any read view computed from the events up to a past point of the log.
 *
 * - A position p: the events at positions ≤ p (a prefix of the log; immutable once written).
 * - A time t: the events recorded at or before t. For read-model views this is the prefix of
 *   the log up to the first event recorded after t (what the live read models held at t, even if
 *   a clock made a later event's recordedAt earlier); stream folds keep the stream's events with
 *   recordedAt ≤ t, which is the same set whenever recordedAt grows with the log.
 *
 * No Nest here: the API's AsOfService and the CLI's direct mode share this code.
 */
export type AsOfPoint = { kind: 'position'; position: bigint } | { kind: 'time'; time: string };

/** A bad as-of parameter: the API answers 400 naming it, the CLI exits 2. */
export class AsOfInputError extends Error {
  override readonly name = 'AsOfInputError';
  constructor(
    readonly param: string,
    readonly reason: string,
  ) {
    super(`${param}: ${reason}`);
  }
}

/** A date, a time and an explicit offset (without one, Date.parse would read local time). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const POSITION = /^\d{1,19}$/;

export interface AsOfParams {
  /** ISO-8601 instant with an offset, e.g. 2027-03-01T12:00:00Z. */
  asOf?: string | undefined;
  /** A global log position (decimal). */
  asOfPosition?: string | undefined;
}

/** Parses an ISO instant with an offset into canonical UTC (toISOString); throws AsOfInputError. */
export const parseInstant = (param: string, value: string, now: Date): string => {
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new AsOfInputError(param, `must be an ISO-8601 instant with an offset, e.g. 2027-03-01T12:00:00Z (not ${JSON.stringify(value)})`);
  }
  if (ms > now.getTime()) throw new AsOfInputError(param, `${value} is in the future (now is ${now.toISOString()})`);
  return new Date(ms).toISOString();
};

/** Parses a log position (decimal, ≥ 0); throws AsOfInputError. 0 is "before the first event". */
export const parsePosition = (param: string, value: string): bigint => {
  if (!POSITION.test(value) || BigInt(value) > 9223372036854775807n) {
    throw new AsOfInputError(param, `must be a log position: a whole number ≥ 0 (not ${JSON.stringify(value)})`);
  }
  return BigInt(value);
};

/**
 * The as-of point asked for, or undefined for "now". Checks the shape and that a time is not in
 * the future; a position beyond the log's head is refused by `AsOfEngine.check`.
 */
export const parseAsOf = (params: AsOfParams, now: Date): AsOfPoint | undefined => {
  const { asOf, asOfPosition } = params;
  if (asOf !== undefined && asOfPosition !== undefined) {
    throw new AsOfInputError('asOf', 'give asOf (a time) or asOfPosition (a log position), not both');
  }
  if (asOf !== undefined) return { kind: 'time', time: parseInstant('asOf', asOf, now) };
  if (asOfPosition !== undefined) return { kind: 'position', position: parsePosition('asOfPosition', asOfPosition) };
  return undefined;
};

export const describeAsOf = (point: AsOfPoint): string => (point.kind === 'time' ? `as of ${point.time}` : `as of log position ${point.position}`);

/** Does the event belong to the history up to the point? */
export const includes = (point: AsOfPoint, event: RecordedEvent): boolean =>
  point.kind === 'position' ? event.position <= point.position : recordedMs(event) <= Date.parse(point.time);

const recordedMs = (event: RecordedEvent): number => {
  const at = event.metadata.recordedAt;
  return Date.parse(at);
};

/** A replay's documents and the last log position they include. */
export interface AsOfDocuments {
  reader: DocumentReader;
  /** The last position included, or 'start' when none. */
  position: LogPosition;
}

export interface AsOfEngineOptions {
  /** Replays kept for reuse (per point and set of projections); default 2 (a replay of a large log is large). */
  cacheSize?: number;
}

/**
 * As-of reads over an event store: stream folds and in-memory replays of read models, with a
 * small cache of replays (a replay up to a position never changes: the log only grows).
 */
export class AsOfEngine {
  private readonly cache = new Map<string, Promise<AsOfDocuments>>();
  private readonly cacheSize: number;
  /**
   * Finished replays up to a position, per set of projections (at most cacheSize of them): a
   * replay to a later position goes on from the latest of them instead of from 0 (an auditor
   * stepping forward through history pays for the steps). Same documents as from 0.
   */
  private readonly bases: Array<{ projections: string; result: ReplayResult }> = [];

  constructor(
    readonly store: EventStore,
    readonly projections: readonly Projection[],
    options: AsOfEngineOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 2;
  }

  /** Refuses a position beyond the log's head (a position "in the future"). */
  async check(point: AsOfPoint): Promise<void> {
    if (point.kind !== 'position') return;
    const head = await this.store.headPosition();
    const last = head === 'start' ? 0n : head;
    if (point.position > last) throw new AsOfInputError('asOfPosition', `position ${point.position} is beyond the log's head (${last})`);
  }

  /** The stream's events up to the point, in revision order. */
  async stream(streamName: string, point: AsOfPoint): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(streamName);
    return events.filter((e) => includes(point, e));
  }

  /** Folds the stream up to the point with a decider's evolve, like CommandRunner.load. */
  async load<S, E>(
    streamName: string,
    decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>,
    point: AsOfPoint,
  ): Promise<{ state: S; revision: bigint | null; events: RecordedEvent[] }> {
    const events = await this.stream(streamName, point);
    return {
      state: fold(decider, events.map((e) => ({ type: e.type, data: e.data }) as E)),
      revision: events.length > 0 ? events[events.length - 1]!.revision : null,
      events,
    };
  }

  /**
   * The read models as they were at the point, rebuilt in memory (nothing is written). Only the
   * projections named are replayed (default all): a view that reads one projection pays for one.
   */
  replay(point: AsOfPoint, names?: readonly string[]): Promise<AsOfDocuments> {
    const projections = names === undefined ? this.projections : this.projections.filter((p) => names.includes(p.name));
    if (names !== undefined && projections.length !== new Set(names).size) {
      const known = new Set(this.projections.map((p) => p.name));
      throw new TypeError(`No projection named ${names.filter((n) => !known.has(n)).join(', ')}`);
    }
    const key = `${point.kind === 'position' ? `p:${point.position}` : `t:${point.time}`}|${projections.map((p) => p.name).join(',')}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const pending = this.replayUncached(point, projections).then((result) => {
      // A time replay that reached the head may still grow (an event recorded in the same
      // millisecond); don't keep it.
      if (point.kind === 'time' && result.reachedHead) this.cache.delete(key);
      return { reader: result.reader, position: result.position };
    });
    pending.catch(() => this.cache.delete(key));
    this.cache.set(key, pending);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return pending;
  }

  /** The recordedAt of the event at a position (the moment a position-based view is "as of"). */
  async timeAt(position: bigint): Promise<string | undefined> {
    if (position < 1n) return undefined;
    const [event] = await this.store.readAll({ after: position - 1n, maxCount: 1 });
    return event && event.position === position ? event.metadata.recordedAt : undefined;
  }

  /** The instant a view at this point is "as of": the time asked for, or the time of the event at the position. */
  async instantOf(point: AsOfPoint): Promise<string | undefined> {
    return point.kind === 'time' ? point.time : this.timeAt(point.position);
  }

  private async replayUncached(point: AsOfPoint, projections: readonly Projection[]): Promise<AsOfDocuments & { reachedHead: boolean }> {
    const head = await this.store.headPosition();
    if (point.kind === 'time') {
      const result = await replayInMemory(this.store, projections, { toTime: point.time });
      return { reader: result.docs, position: result.position, reachedHead: result.position === head };
    }
    const names = projections.map((p) => p.name).join(',');
    const from = this.baseBefore(names, point.position);
    const result = await replayInMemory(this.store, projections, { toPosition: point.position, ...(from ? { from } : {}) });
    if (this.cacheSize > 0) {
      this.bases.push({ projections: names, result });
      while (this.bases.length > this.cacheSize) this.bases.shift();
    }
    return { reader: result.docs, position: result.position, reachedHead: result.position === head };
  }

  /** The latest kept replay of these projections at or before the position. */
  private baseBefore(projections: string, position: bigint): ReplayResult | undefined {
    let best: ReplayResult | undefined;
    for (const base of this.bases) {
      const at = base.result.position;
      if (base.projections !== projections || at === 'start' || at > position) continue;
      if (!best || best.position === 'start' || at > best.position) best = base.result;
    }
    return best;
  }
}
