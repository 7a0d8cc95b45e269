import Database from 'better-sqlite3';
import { SqliteEventStore, type EventStore, type ReadAllOptions, type RecordedEvent } from '@gevinst/event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { replayInMemory, verifyReplay } from './replay';
import { MemoryDocumentStore } from './memory-document-store';
import { SqliteDocumentStore } from './sqlite-document-store';
import {
  appendToyEvents,
  counted,
  noted,
  streamCounter,
  sumPerType,
  tempDir,
  toyProjections,
  type StreamCount,
  type TypeSum,
} from './spec-support/toy';

describe('replayInMemory and verifyReplay', () => {
  let temp: ReturnType<typeof tempDir>;
  let events: SqliteEventStore;
  let docs: SqliteDocumentStore;
  let runners: ProjectionRunner[];

  beforeEach(() => {
    temp = tempDir();
    events = new SqliteEventStore(temp.file('events.db'), { synchronous: 'NORMAL', pollIntervalMs: 10 });
    docs = new SqliteDocumentStore({ file: temp.file('read-models.db') });
    runners = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await events.close();
    docs.close();
    temp.remove();
  });

  const runToHead = async (projections: readonly Projection[] = toyProjections()): Promise<ProjectionRunner> => {
    const runner = new ProjectionRunner(events, docs, projections, { onError: (e) => { throw e; } });
    runners.push(runner);
    await runner.start();
    const head = await events.headPosition();
    await runner.waitFor(head, 5000);
    return runner;
  };

  /** Positions 1, 2, 3 at 09:00, 10:00, 11:00; 4 and 5 at 12:00; 6 (a note) at 13:00. */
  const appendTimeline = async (): Promise<void> => {
    const at = (hour: number): { recordedAt: string } => ({ recordedAt: `2025-03-01T${String(hour).padStart(2, '0')}:00:00.000Z` });
    await events.append('counter-a', counted([1], at(9)), { expectedRevision: 'no-stream' });
    await events.append('counter-b', counted([10], at(10)), { expectedRevision: 'no-stream' });
    await events.append('counter-a', counted([100], at(11)), { expectedRevision: 0n });
    await events.append('counter-b', counted([1000, 10_000], at(12)), { expectedRevision: 0n });
    await events.append('notes', noted('done', at(13)), { expectedRevision: 'no-stream' });
  };

  describe('as of a position', () => {
    it('includes the log up to and including the position', async () => {
      await appendTimeline();
      const { docs: asOf, position } = await replayInMemory(events, toyProjections(), { toPosition: 3n });
      expect(position).toBe(3n);
      expect(asOf.get<TypeSum>('sum-per-type', 'types', 'Counted')).toEqual({ events: 3, sum: 111 });
      expect(asOf.get<StreamCount>('stream-counter', 'streams', 'counter-a')).toEqual({ count: 2, lastPosition: '3' });
      expect(asOf.checkpoint('sum-per-type')).toEqual({ version: 1, position: 3n });

      expect((await replayInMemory(events, toyProjections(), { toPosition: 0n })).position).toBe('start');
      const all = await replayInMemory(events, toyProjections(), { toPosition: 99n });
      expect(all.position).toBe(6n);
      expect(all.docs.get('sum-per-type', 'types', 'Counted')).toEqual({ events: 5, sum: 11_111 });
    });

    it('equals what the live read models were at that position', async () => {
      await appendToyEvents(events, 40);
      const runner = await runToHead();
      const then = toyProjections().map((p) => ({ name: p.name, docs: [...liveEntries(docs, p.name)] }));
      await appendToyEvents(events, 40, { seed: 5 });
      await runner.waitFor(80n, 5000);

      const { docs: asOf } = await replayInMemory(events, toyProjections(), { toPosition: 40n });
      for (const { name, docs: expected } of then) expect([...asOf.entries(name)]).toEqual(expected);
    });

    it('goes on from an earlier replay to the same documents as a replay from 0, leaving the earlier one as it was', async () => {
      await appendToyEvents(events, 90, { seed: 3 });
      const entriesOf = (store: MemoryDocumentStore) => toyProjections().flatMap((p) => [...store.entries(p.name)].map((e) => ({ p: p.name, ...e })));
      const earlier = await replayInMemory(events, toyProjections(), { toPosition: 40n, pageSize: 7 });
      const before = entriesOf(earlier.docs);
      for (const to of [40n, 41n, 77n, 999n]) {
        const on = await replayInMemory(events, toyProjections(), { toPosition: to, from: earlier });
        const fresh = await replayInMemory(events, toyProjections(), { toPosition: to });
        expect(on.position).toBe(fresh.position);
        expect(entriesOf(on.docs)).toEqual(entriesOf(fresh.docs));
        expect(toyProjections().map((p) => on.docs.checkpoint(p.name))).toEqual(toyProjections().map((p) => fresh.docs.checkpoint(p.name)));
      }
      expect(entriesOf(earlier.docs)).toEqual(before);
      await expect(replayInMemory(events, toyProjections(), { toPosition: 39n, from: earlier })).rejects.toThrow(RangeError);
      await expect(replayInMemory(events, [toyProjections()[0]!], { from: await replayInMemory(events, [], { toPosition: 5n }) })).rejects.toThrow(TypeError);
    });

    it('stops after maxEvents events, and steps of maxEvents give the documents of one replay', async () => {
      await appendToyEvents(events, 57, { seed: 9 });
      const entriesOf = (store: MemoryDocumentStore) => toyProjections().flatMap((p) => [...store.entries(p.name)].map((e) => ({ p: p.name, ...e })));
      let step = await replayInMemory(events, toyProjections(), { maxEvents: 10, pageSize: 4 });
      expect(step.position).toBe(10n);
      const positions = [step.position];
      while (step.position !== 57n) {
        step = await replayInMemory(events, toyProjections(), { maxEvents: 10, pageSize: 3, from: step });
        positions.push(step.position);
      }
      expect(positions).toEqual([10n, 20n, 30n, 40n, 50n, 57n]);
      expect(entriesOf(step.docs)).toEqual(entriesOf((await replayInMemory(events, toyProjections())).docs));
      // A position or a time that comes first still stops it.
      expect((await replayInMemory(events, toyProjections(), { maxEvents: 10, toPosition: 6n })).position).toBe(6n);
      await expect(replayInMemory(events, toyProjections(), { maxEvents: 0 })).rejects.toThrow(RangeError);
    });

    it('goes on from a replay of more projections, copying only those it replays', async () => {
      await appendToyEvents(events, 30, { seed: 4 });
      const all = await replayInMemory(events, toyProjections(), { toPosition: 20n });
      const [first] = toyProjections();
      const on = await replayInMemory(events, [first!], { from: all });
      expect(on.docs.projections()).toEqual([first!.name]);
      expect([...on.docs.entries(first!.name)]).toEqual([...(await replayInMemory(events, [first!])).docs.entries(first!.name)]);
    });

    it('gives the same result whatever the page size', async () => {
      await appendToyEvents(events, 57);
      const small = await replayInMemory(events, toyProjections(), { pageSize: 2, toPosition: 51n });
      const large = await replayInMemory(events, toyProjections(), { toPosition: 51n });
      for (const p of toyProjections()) expect([...small.docs.entries(p.name)]).toEqual([...large.docs.entries(p.name)]);
      expect(small.position).toBe(51n);
    });
  });

  describe('as of a time', () => {
    it('includes the events recorded up to and including the time', async () => {
      await appendTimeline();
      const sumAt = async (toTime: string): Promise<[TypeSum | undefined, unknown]> => {
        const { docs: asOf, position } = await replayInMemory(events, [sumPerType], { toTime });
        return [asOf.get<TypeSum>('sum-per-type', 'types', 'Counted'), position];
      };
      expect(await sumAt('2025-03-01T10:00:00.000Z')).toEqual([{ events: 2, sum: 11 }, 2n]);
      expect(await sumAt('2025-03-01T11:30:00+01:00')).toEqual([{ events: 2, sum: 11 }, 2n]); // 10:30Z
      expect(await sumAt('2025-03-01T12:00:00Z')).toEqual([{ events: 5, sum: 11_111 }, 5n]);
      expect(await sumAt('2025-03-01T08:59:59.999Z')).toEqual([undefined, 'start']);
      await expect(replayInMemory(events, [sumPerType], { toTime: 'yesterday' })).rejects.toThrow(RangeError);
      // Without an offset it would silently be local time.
      await expect(replayInMemory(events, [sumPerType], { toTime: '2025-03-01T12:00:00' })).rejects.toThrow(/offset/);
    });

    it('combines with a position: whichever comes first', async () => {
      await appendTimeline();
      const { position } = await replayInMemory(events, [sumPerType], { toTime: '2025-03-01T12:00:00Z', toPosition: 3n });
      expect(position).toBe(3n);
    });
  });

  describe('what-if', () => {
    it('replays changed events through the projections and writes nothing', async () => {
      await appendTimeline();
      await runToHead();
      const liveBefore = [...liveEntries(docs, 'sum-per-type')];
      const headBefore = await events.headPosition();

      const doubledWithoutStreamB = (event: RecordedEvent): RecordedEvent | null =>
        event.streamName === 'counter-b'
          ? null
          : event.type === 'Counted'
            ? { ...event, data: { amount: (event.data as { amount: number }).amount * 2 } }
            : event;
      const whatIf = await replayInMemory(events, toyProjections(), { transform: doubledWithoutStreamB });
      expect(whatIf.docs.get('sum-per-type', 'types', 'Counted')).toEqual({ events: 2, sum: 202 });
      expect(whatIf.docs.get('stream-counter', 'streams', 'counter-b')).toBeUndefined();
      expect(whatIf.position).toBe(6n);

      expect([...liveEntries(docs, 'sum-per-type')]).toEqual(liveBefore);
      expect(await events.headPosition()).toBe(headBefore);
      expect((await events.readAll()).map((e) => e.data)).toEqual([
        { amount: 1 },
        { amount: 10 },
        { amount: 100 },
        { amount: 1000 },
        { amount: 10_000 },
        { text: 'done' },
      ]);
    });
  });

  describe('verifyReplay', () => {
    it('finds no difference between the live read models and a rebuild', async () => {
      await appendToyEvents(events, 200);
      await runToHead();
      const result = await verifyReplay(events, toyProjections(), docs);
      expect(result.ok).toBe(true);
      expect(result.isolated).toBe(true);
      expect(result.differences).toEqual([]);
      const streams = docs.reader().list('stream-counter', 'streams').length;
      expect(streams).toBeGreaterThan(5);
      expect(result.projections).toEqual([
        { projection: 'stream-counter', status: 'compared', version: 1, liveVersion: 1, position: 200n, documents: streams, differences: 0 },
        expect.objectContaining({ projection: 'sum-per-type', status: 'compared', documents: 1 }),
        expect.objectContaining({ projection: 'recent-per-stream', status: 'compared', documents: 3 * streams }),
      ]);
    });

    it('reports a hand-edited, a removed and an added row, naming the projection', async () => {
      await appendToyEvents(events, 60);
      await runToHead();
      const rebuiltSum = docs.reader().get<TypeSum>('sum-per-type', 'types', 'Counted')!;
      const removed = docs.reader().list('stream-counter', 'streams')[0]!;

      const raw = new Database(temp.file('read-models.db'));
      raw
        .prepare("UPDATE projection_documents SET doc = ? WHERE projection = 'sum-per-type' AND collection = 'types' AND key = 'Counted'")
        .run(JSON.stringify({ ...rebuiltSum, sum: rebuiltSum.sum + 1 }));
      raw.prepare("DELETE FROM projection_documents WHERE projection = 'stream-counter' AND key = ?").run(removed.key);
      raw.prepare("INSERT INTO projection_documents VALUES ('recent-per-stream', 'recent', 'zz/forged', '{\"type\":\"Forged\"}')").run();
      raw.close();

      const result = await verifyReplay(events, toyProjections(), docs);
      expect(result.ok).toBe(false);
      expect(result.differences).toEqual([
        { projection: 'stream-counter', collection: 'streams', key: removed.key, live: undefined, rebuilt: removed.doc },
        { projection: 'sum-per-type', collection: 'types', key: 'Counted', live: { ...rebuiltSum, sum: rebuiltSum.sum + 1 }, rebuilt: rebuiltSum },
        { projection: 'recent-per-stream', collection: 'recent', key: 'zz/forged', live: { type: 'Forged' }, rebuilt: undefined },
      ]);
      expect(result.projections.map((p) => [p.projection, p.differences])).toEqual([
        ['stream-counter', 1],
        ['sum-per-type', 1],
        ['recent-per-stream', 1],
      ]);
    });

    it('does not count member order as a difference', async () => {
      await appendToyEvents(events, 10);
      await runToHead([sumPerType]);
      const { events: n, sum } = docs.reader().get<TypeSum>('sum-per-type', 'types', 'Counted')!;
      const raw = new Database(temp.file('read-models.db'));
      raw.prepare("UPDATE projection_documents SET doc = ? WHERE key = 'Counted'").run(JSON.stringify({ sum, events: n }));
      raw.close();
      expect((await verifyReplay(events, [sumPerType], docs)).ok).toBe(true);
    });

    it('fails a projection built by another version, and skips one that never ran', async () => {
      await appendToyEvents(events, 10);
      await runToHead([streamCounter(1)]);
      const result = await verifyReplay(events, [streamCounter(2), sumPerType], docs);
      expect(result.ok).toBe(false);
      expect(result.projections).toEqual([
        expect.objectContaining({ projection: 'stream-counter', status: 'version-mismatch', version: 2, liveVersion: 1 }),
        expect.objectContaining({ projection: 'sum-per-type', status: 'not-started' }),
      ]);
    });

    it('fails a read model that is ahead of the log (a log restored from an older backup)', async () => {
      await appendToyEvents(events, 20);
      await runToHead([sumPerType]);
      await Promise.all(runners.splice(0).map((runner) => runner.stop()));
      await events.close();
      const older = new Database(temp.file('events.db'));
      older.prepare('DELETE FROM events WHERE position > 15').run();
      older.close();
      events = new SqliteEventStore(temp.file('events.db'));
      const result = await verifyReplay(events, [sumPerType], docs);
      expect(result.ok).toBe(false);
      expect(result.projections).toEqual([expect.objectContaining({ projection: 'sum-per-type', status: 'ahead-of-log', position: 20n })]);
    });

    it('compares a consistent snapshot while the runner keeps applying new events', async () => {
      await appendToyEvents(events, 100);
      const runner = await runToHead();
      let writing = true;
      const writer = (async () => {
        for (let seed = 10; writing; seed++) {
          await appendToyEvents(events, 5, { seed });
          await new Promise((r) => setImmediate(r));
        }
      })();
      // Reads that take a turn of the event loop (as over a network), so the runner commits
      // batches in the middle of the verification.
      const slowReads = Object.assign(Object.create(events) as EventStore, {
        readAll: async (options?: ReadAllOptions) => {
          await new Promise((r) => setTimeout(r, 1));
          return events.readAll(options);
        },
      });
      try {
        for (let i = 0; i < 5; i++) {
          const result = await verifyReplay(slowReads, toyProjections(), docs, { pageSize: 7 });
          expect(result.differences).toEqual([]);
        }
      } finally {
        writing = false;
        await writer;
      }
      expect(runner.position).toBeGreaterThan(100n);
      await runner.waitFor(await events.headPosition(), 5000);
      expect((await verifyReplay(events, toyProjections(), docs)).ok).toBe(true);
    });
  });
});

function* liveEntries(docs: SqliteDocumentStore, projection: string): Generator<unknown> {
  const snapshot = docs.snapshot();
  try {
    yield* snapshot.entries(projection);
  } finally {
    snapshot.release();
  }
}
