import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type EventMetadata, type EventStore, type ReadAllOptions } from '@gevinst/event-store';
import type { DocumentReader, Projection } from '@gevinst/read-models';
import { AsOfEngine, type AsOfPoint } from './as-of';

/** Per stream: events, the sum of `amount` and the last three amounts (documents that change shape). */
type Tally = { events: number; sum: number; last: number[] };
const tally: Projection = {
  name: 'tally',
  version: 1,
  apply(event, docs) {
    const amount = (event.data as { amount: number }).amount;
    const current = docs.get<Tally>('streams', event.streamName) ?? { events: 0, sum: 0, last: [] };
    docs.put('streams', event.streamName, { events: current.events + 1, sum: current.sum + amount, last: [...current.last, amount].slice(-3) });
    docs.put('recent', 'event', { position: String(event.position), stream: event.streamName });
  },
};
/** The number of events per hour of recording (a second projection, so a view can ask for one of two). */
const perHour: Projection = {
  name: 'per-hour',
  version: 1,
  apply(event, docs) {
    const hour = event.metadata.recordedAt.slice(0, 13);
    docs.put('hours', hour, { events: (docs.get<{ events: number }>('hours', hour)?.events ?? 0) + 1 });
  },
};
const PROJECTIONS = [tally, perHour];

const meta = (recordedAt = new Date().toISOString()): EventMetadata => {
  const id = randomUUID();
  return { actorId: 'revi', actorRole: 'auditor', recordedAt, correlationId: id, causationId: id, commandId: id };
};

/** 60 events over 6 streams; times mostly increase, but events 31–33 carry an earlier clock. */
const seed = async (store: EventStore): Promise<string[]> => {
  const times: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const minute = i >= 31 && i <= 33 ? i - 20 : i;
    const recordedAt = new Date(Date.UTC(2027, 0, 4, 8, minute)).toISOString();
    times.push(recordedAt);
    await store.append(`s-${i % 6}`, [{ type: 'Counted', data: { amount: i * 7 }, metadata: meta(recordedAt) }], { expectedRevision: 'any' });
  }
  return times;
};

const contents = (reader: DocumentReader, projections: readonly string[]): unknown =>
  projections.map((p) => ['streams', 'recent', 'hours'].map((c) => reader.list(p, c, {})));

describe('AsOfEngine keyframes', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gevinst-as-of-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'), { synchronous: 'NORMAL' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('start as-of replays at the latest keyframe before the point, with the same documents as a replay from 0', async () => {
    const times = await seed(store);
    const reads: number[] = [];
    const counting = { readAll: (options: ReadAllOptions) => store.readAll(options).then((page) => (reads.push(page.length), page)) };
    const withKeyframes = new AsOfEngine(store, PROJECTIONS, { keyframeEvery: 8, keyframeStore: counting, keyframePageSize: 3, cacheSize: 0 });
    const plain = new AsOfEngine(store, PROJECTIONS, { cacheSize: 0 });

    const status = await withKeyframes.buildKeyframes();
    // 60 events: keyframes at 8, 16, …, 56; the last 4 events wait for more.
    expect(status).toEqual({ every: 8, count: 7, position: '56', building: false });
    expect(reads.reduce((a, b) => a + b, 0)).toBe(56); // one pass over the log, in pages of 3

    const points: AsOfPoint[] = [
      ...[0n, 1n, 7n, 8n, 9n, 23n, 24n, 31n, 33n, 55n, 56n, 57n, 60n].map((position) => ({ kind: 'position' as const, position })),
      ...[times[0]!, times[9]!, times[29]!, times[31]!, times[33]!, times[40]!, times[59]!, '2027-01-04T08:15:30.000Z'].map((time) => ({ kind: 'time' as const, time })),
    ];
    for (const point of points) {
      for (const names of [undefined, ['tally'], ['per-hour']]) {
        const a = await withKeyframes.replay(point, names);
        const b = await plain.replay(point, names);
        const projections = names ?? PROJECTIONS.map((p) => p.name);
        expect({ point, names, position: a.position, docs: contents(a.reader, projections) }).toEqual({ point, names, position: b.position, docs: contents(b.reader, projections) });
      }
    }
  });

  it('a replay from a keyframe applies only the events after it', async () => {
    await seed(store);
    const applied: bigint[] = [];
    const watched: Projection = { ...tally, apply: (event, docs) => (applied.push(event.position), tally.apply(event, docs)) };
    const engine = new AsOfEngine(store, [watched, perHour], { keyframeEvery: 10, cacheSize: 0 });
    await engine.buildKeyframes();
    applied.length = 0;
    await engine.replay({ kind: 'position', position: 47n });
    expect(applied).toEqual([41n, 42n, 43n, 44n, 45n, 46n, 47n]); // from the keyframe at 40
    applied.length = 0;
    await engine.replay({ kind: 'position', position: 9n }, ['tally']);
    expect(applied).toHaveLength(9); // before the first keyframe: from 0
  });

  it('a time before a keyframe whose events were recorded later is not started from it', async () => {
    const times = await seed(store);
    const engine = new AsOfEngine(store, PROJECTIONS, { keyframeEvery: 32, cacheSize: 0 });
    const plain = new AsOfEngine(store, PROJECTIONS, { cacheSize: 0 });
    expect((await engine.buildKeyframes()).position).toBe('32');
    // The keyframe at 32 holds events recorded up to 08:30; 08:25 stops the prefix at event 25.
    const point: AsOfPoint = { kind: 'time', time: times[24]! };
    const a = await engine.replay(point);
    expect(a.position).toBe(25n);
    expect(contents(a.reader, ['tally', 'per-hour'])).toEqual(contents((await plain.replay(point)).reader, ['tally', 'per-hour']));
  });

  it('grows with the log, shares a running build, and stops when asked', async () => {
    await seed(store);
    const engine = new AsOfEngine(store, PROJECTIONS, { keyframeEvery: 25 });
    const [first, second] = await Promise.all([engine.buildKeyframes(), engine.buildKeyframes()]);
    expect(first).toEqual(second);
    expect(first.count).toBe(2);
    for (let i = 0; i < 20; i++) await store.append('s-x', [{ type: 'Counted', data: { amount: 1 }, metadata: meta() }], { expectedRevision: 'any' });
    expect((await engine.buildKeyframes()).position).toBe('75');

    // At most 4 (80 events now): 8, 16, 24, 32, 40 → 16, 32 (every 16) → 16, 32, 48, 64, 80 → 32, 64 (every 32).
    const bounded = new AsOfEngine(store, PROJECTIONS, { keyframeEvery: 8, maxKeyframes: 4, cacheSize: 0 });
    expect(await bounded.buildKeyframes()).toEqual({ every: 32, count: 2, position: '64', building: false });
    const plain = new AsOfEngine(store, PROJECTIONS, { cacheSize: 0 });
    for (const position of [15n, 16n, 47n, 63n, 64n, 70n]) {
      const point: AsOfPoint = { kind: 'position', position };
      expect(contents((await bounded.replay(point)).reader, ['tally', 'per-hour'])).toEqual(contents((await plain.replay(point)).reader, ['tally', 'per-hour']));
    }

    // A heap over its share: thinned as if there were too many (here from the second keyframe on).
    let used = 0;
    const squeezed = new AsOfEngine(store, PROJECTIONS, { keyframeEvery: 10, heap: () => ({ used: (used += 1), limit: 3 }) });
    const afterSqueeze = await squeezed.buildKeyframes();
    expect(afterSqueeze.count).toBeLessThan(4);
    expect(afterSqueeze.every).toBeGreaterThan(10);
    for (const position of [9n, 25n, 61n, 80n]) {
      const point: AsOfPoint = { kind: 'position', position };
      expect(contents((await squeezed.replay(point)).reader, ['tally', 'per-hour'])).toEqual(contents((await plain.replay(point)).reader, ['tally', 'per-hour']));
    }

    const stopping = new AsOfEngine(store, PROJECTIONS, { keyframeEvery: 10 });
    stopping.stopKeyframes();
    expect((await stopping.buildKeyframes()).count).toBe(0);
    expect(new AsOfEngine(store, PROJECTIONS).keyframeStatus()).toEqual({ every: 0, count: 0, position: null, building: false });
    expect(() => new AsOfEngine(store, PROJECTIONS, { keyframeEvery: -1 })).toThrow(RangeError);
  });
});
