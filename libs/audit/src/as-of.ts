import { getHeapStatistics } from 'node:v8';
import { fold, type Decider } from '@gevinst/domain';
import type { EventStore, LogPosition, RecordedEvent } from '@gevinst/event-store';
import { DEFAULT_PAGE_SIZE, replayInMemory, type DocumentReader, type LogSource, type Projection, type ReplayResult } from '@gevinst/read-models';

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
  /**
   * Keyframes: every this many events of the log, the documents of every projection as of that
   * point, kept in memory (`buildKeyframes` makes them). An as-of replay then starts from the
   * latest keyframe at or before its point and replays at most this many events. 0 (default): none.
   */
  keyframeEvery?: number;
  /**
   * The store keyframes are built from (default: the engine's store). The API gives a wrapper
   * that lets other work run between pages, so that building in the background does not hold
   * up requests.
   */
  keyframeStore?: LogSource;
  /** Events per page while building keyframes (default DEFAULT_PAGE_SIZE; the API uses smaller pages). */
  keyframePageSize?: number;
  /**
   * At most this many keyframes (default 48): past it, every other one is dropped and the
   * spacing doubles, so memory stays bounded as the log grows and a replay from a keyframe
   * stays within the spacing (the log's length ÷ 24 to ÷ 48 events).
   */
  maxKeyframes?: number;
  /**
   * Keyframes also give way to memory: when, after a keyframe is made, the process's heap is
   * above this share of its limit (default 0.75: the heap in use counts garbage not yet
   * collected, which a replay makes plenty of), they are thinned as when there are too many.
   * `heap` reads the figures (default: V8's heap statistics).
   */
  maxHeapShare?: number;
  heap?: () => { used: number; limit: number };
}

/** A replay of every projection kept at a point of the log, to start as-of replays from. */
interface Keyframe {
  readonly result: ReplayResult;
  readonly position: bigint;
  /** The latest recordedAt (ms) of the events it includes: usable for times at or after it. */
  readonly lastRecordedMs: number;
}

export interface KeyframeStatus {
  /** The events between two keyframes now (keyframeEvery, doubled each time they were thinned). */
  every: number;
  count: number;
  /** The position of the latest keyframe, or null when there is none. */
  position: string | null;
  building: boolean;
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
  private readonly keyframes: Keyframe[] = [];
  private readonly keyframeEvery: number;
  /** The events between two keyframes now: keyframeEvery, doubled each time they were thinned. */
  private spacing: number;
  private readonly maxKeyframes: number;
  private building: Promise<KeyframeStatus> | undefined;
  private stopped = false;

  constructor(
    readonly store: EventStore,
    readonly projections: readonly Projection[],
    private readonly options: AsOfEngineOptions = {},
  ) {
    this.cacheSize = options.cacheSize ?? 2;
    this.keyframeEvery = options.keyframeEvery ?? 0;
    if (!Number.isSafeInteger(this.keyframeEvery) || this.keyframeEvery < 0) throw new RangeError(`keyframeEvery must be a whole number ≥ 0, not ${this.keyframeEvery}`);
    this.spacing = this.keyframeEvery;
    this.maxKeyframes = options.maxKeyframes ?? 48;
    if (!Number.isSafeInteger(this.maxKeyframes) || this.maxKeyframes < 2) throw new RangeError(`maxKeyframes must be a whole number ≥ 2, not ${this.maxKeyframes}`);
  }

  /**
   * Makes keyframes from the latest one (or the start of the log) up to the log's head, one
   * every `keyframeEvery` events, each a replay going on from the one before (so the whole
   * build costs one replay of the log). Calls while a build runs share it. Keyframes are
   * replays like any other: an as-of view started from one equals a replay from position 0
   * (the tests compare them).
   */
  buildKeyframes(): Promise<KeyframeStatus> {
    if (this.keyframeEvery === 0) return Promise.resolve(this.keyframeStatus());
    this.building ??= this.extendKeyframes().finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  /** Stops a build between two events (an app shutting down); no keyframe is made after it. */
  stopKeyframes(): void {
    this.stopped = true;
  }

  keyframeStatus(): KeyframeStatus {
    const last = this.keyframes[this.keyframes.length - 1];
    return { every: this.spacing, count: this.keyframes.length, position: last ? String(last.position) : null, building: this.building !== undefined };
  }

  private async extendKeyframes(): Promise<KeyframeStatus> {
    const store = this.options.keyframeStore ?? this.store;
    const pageSize = this.options.keyframePageSize ?? DEFAULT_PAGE_SIZE;
    const head = await this.store.headPosition();
    while (!this.stopped && head !== 'start') {
      const previous = this.keyframes[this.keyframes.length - 1];
      // Positions grow by at least one per event: fewer than `spacing` events since.
      const every = this.spacing;
      if (head - (previous?.position ?? 0n) < BigInt(every)) break;
      let lastRecordedMs = previous?.lastRecordedMs ?? Number.NEGATIVE_INFINITY;
      let events = 0;
      const result = await replayInMemory(store, this.projections, {
        maxEvents: every,
        toPosition: head,
        pageSize,
        ...(previous ? { from: previous.result } : {}),
        // Watches the events go by (returns each unchanged): the keyframe's latest time, and a stop.
        transform: (event) => {
          if (this.stopped) throw new KeyframesStopped();
          const ms = Date.parse(event.metadata.recordedAt);
          if (ms > lastRecordedMs) lastRecordedMs = ms;
          events += 1;
          return event;
        },
      }).catch((error: unknown) => {
        if (error instanceof KeyframesStopped) return undefined;
        throw error;
      });
      // A keyframe holds exactly `spacing` events more than the one before; the rest of the
      // log (fewer) waits for the next build.
      if (!result || result.position === 'start' || events < every) break;
      this.keyframes.push({ result, position: result.position, lastRecordedMs });
      if (this.keyframes.length > this.maxKeyframes || (this.keyframes.length > 1 && this.heapTooFull())) this.thinKeyframes();
    }
    return { ...this.keyframeStatus(), building: false };
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
      const from = this.keyframeBeforeTime(Date.parse(point.time));
      const result = await replayInMemory(this.store, projections, { toTime: point.time, ...(from ? { from } : {}) });
      return { reader: result.docs, position: result.position, reachedHead: result.position === head };
    }
    const names = projections.map((p) => p.name).join(',');
    const from = latest(this.baseBefore(names, point.position), this.keyframeBefore(point.position));
    const result = await replayInMemory(this.store, projections, { toPosition: point.position, ...(from ? { from } : {}) });
    if (this.cacheSize > 0) {
      this.bases.push({ projections: names, result });
      while (this.bases.length > this.cacheSize) this.bases.shift();
    }
    return { reader: result.docs, position: result.position, reachedHead: result.position === head };
  }

  private heapTooFull(): boolean {
    const { used, limit } = (this.options.heap ?? v8Heap)();
    return used > limit * (this.options.maxHeapShare ?? 0.75);
  }

  /** Drops every other keyframe (the 1st, 3rd, …: the 2nd, 4th, … are 2 × spacing apart) and doubles the spacing. */
  private thinKeyframes(): void {
    const kept = this.keyframes.filter((_, i) => i % 2 === 1);
    this.keyframes.length = 0;
    this.keyframes.push(...kept);
    this.spacing *= 2;
  }

  /** The latest keyframe at or before the position. */
  private keyframeBefore(position: bigint): ReplayResult | undefined {
    let lo = 0;
    let hi = this.keyframes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keyframes[mid]!.position <= position) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? this.keyframes[lo - 1]!.result : undefined;
  }

  /**
   * The latest keyframe whose events were all recorded at or before the time: the replay up to
   * the first event recorded after it includes the keyframe's events, so it can start there.
   */
  private keyframeBeforeTime(ms: number): ReplayResult | undefined {
    let best: Keyframe | undefined;
    for (const keyframe of this.keyframes) {
      if (keyframe.lastRecordedMs > ms) break;
      best = keyframe;
    }
    return best?.result;
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

class KeyframesStopped extends Error {}

/** The later of two replays to go on from (either may be missing). */
const latest = (a: ReplayResult | undefined, b: ReplayResult | undefined): ReplayResult | undefined => {
  if (!a || a.position === 'start') return b ?? a;
  if (!b || b.position === 'start') return a;
  return a.position >= b.position ? a : b;
};

const v8Heap = (): { used: number; limit: number } => {
  const stats = getHeapStatistics();
  return { used: stats.used_heap_size, limit: stats.heap_size_limit };
};
