import { randomUUID } from 'node:crypto';
import {
  scanLog,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type LogPosition,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '@gevinst/event-store';

/**
 * The rules every EventStore adapter keeps, as one jest suite. Call it from an adapter's spec:
 *
 *   describeEventStoreContract('sqlite', async () => {
 *     const store = new SqliteEventStore(tempFile());
 *     return { store, cleanup: () => store.close() };
 *   });
 *
 * `factory` runs before every test; `cleanup` must close the store (and may delete files).
 * The suite assumes nothing about the engine: stream names carry a random suffix and no
 * test assumes it owns the global log, so it can run against a shared real server. Positions
 * are only compared for order and adjacency, never assumed to be consecutive integers.
 */
export function describeEventStoreContract(
  adapterName: string,
  factory: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>,
): void {
  describe(`EventStore contract: ${adapterName}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
    });
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    describe('append and expected revision', () => {
      it("appends to a new stream with 'no-stream' and returns the revision and position", async () => {
        const stream = streamName('new');
        const event = newEvent('Opened', { n: 1 });
        const result = await store.append(stream, [event], { expectedRevision: 'no-stream' });

        expect(result).toEqual({ nextExpectedRevision: 0n, position: expect.any(BigInt), duplicate: false });
        const read = await store.readStream(stream);
        expect(read.map((e) => [e.id, e.revision, e.position])).toEqual([[event.id, 0n, result.position]]);
      });

      it('generates a uuid when an event has no id', async () => {
        const stream = streamName('no-id');
        const { id: _omitted, ...withoutId } = newEvent('Opened', {});
        await store.append(stream, [withoutId], { expectedRevision: 'no-stream' });
        const [read] = await store.readStream(stream);
        expect(read?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      });

      it("rejects 'no-stream' when the stream exists, with the conflict's details", async () => {
        const stream = streamName('exists');
        await store.append(stream, [newEvent('Opened', {})], { expectedRevision: 'no-stream' });

        const error = await rejection(store.append(stream, [newEvent('Opened', {})], { expectedRevision: 'no-stream' }));
        expectConflict(error, stream, 'no-stream', 0n);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('appends at the exact expected revision and rejects any other', async () => {
        const stream = streamName('exact');
        await store.append(stream, [newEvent('A', {})], { expectedRevision: 'no-stream' });
        const second = await store.append(stream, [newEvent('B', {})], { expectedRevision: 0n });
        expect(second.nextExpectedRevision).toBe(1n);

        expectConflict(await rejection(store.append(stream, [newEvent('C', {})], { expectedRevision: 0n })), stream, 0n, 1n);
        expectConflict(await rejection(store.append(stream, [newEvent('C', {})], { expectedRevision: 5n })), stream, 5n, 1n);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it("rejects an exact revision on a stream that does not exist (actual 'no-stream')", async () => {
        const stream = streamName('missing');
        expectConflict(
          await rejection(store.append(stream, [newEvent('A', {})], { expectedRevision: 0n })),
          stream,
          0n,
          'no-stream',
        );
        expect(await store.readStream(stream)).toEqual([]);
      });

      it("'exists' rejects a missing stream and appends to an existing one", async () => {
        const stream = streamName('exists-check');
        expectConflict(
          await rejection(store.append(stream, [newEvent('A', {})], { expectedRevision: 'exists' })),
          stream,
          'exists',
          'no-stream',
        );
        await store.append(stream, [newEvent('A', {})], { expectedRevision: 'no-stream' });
        const result = await store.append(stream, [newEvent('B', {})], { expectedRevision: 'exists' });
        expect(result.nextExpectedRevision).toBe(1n);
      });

      it("'any' appends to a missing and to an existing stream", async () => {
        const stream = streamName('any');
        expect((await store.append(stream, [newEvent('A', {})], { expectedRevision: 'any' })).nextExpectedRevision).toBe(0n);
        expect((await store.append(stream, [newEvent('B', {})], { expectedRevision: 'any' })).nextExpectedRevision).toBe(1n);
      });

      it('lets exactly one of 10 concurrent appends at the same expected revision win', async () => {
        const stream = streamName('race');
        await store.append(stream, [newEvent('Opened', {})], { expectedRevision: 'no-stream' });
        const contenders = Array.from({ length: 10 }, (_, i) => newEvent('Raced', { contender: i }));

        const outcomes = await Promise.allSettled(
          contenders.map((event) => store.append(stream, [event], { expectedRevision: 0n })),
        );

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const loss of lost) expectConflict(loss.reason, stream, 0n, 1n);
        const read = await store.readStream(stream);
        expect(read).toHaveLength(2);
        expect(contenders.filter((c) => c.id === read[1]?.id)).toHaveLength(1);
      });

      it("lets exactly one of 10 concurrent 'no-stream' appends create the stream", async () => {
        const stream = streamName('race-new');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.append(stream, [newEvent('Created', { i })], { expectedRevision: 'no-stream' })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expectConflict(o.reason, stream, 'no-stream', 0n);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('all or nothing', () => {
      it('lands all events of one append with consecutive revisions, adjacent in the log', async () => {
        const stream = streamName('batch');
        await store.append(stream, [newEvent('Opened', {})], { expectedRevision: 'no-stream' });
        const batch = command(['A', 'B', 'C']);

        const result = await store.append(stream, batch, { expectedRevision: 0n });

        expect(result.nextExpectedRevision).toBe(3n);
        const read = (await store.readStream(stream)).slice(1);
        expect(read.map((e) => [e.id, e.revision])).toEqual(batch.map((e, i) => [e.id, BigInt(i + 1)]));
        expect(read[2]?.position).toBe(result.position);
        // Adjacent: nothing (not even another writer's event) between the three in the log.
        const following = await store.readAll({ after: read[0]!.position, maxCount: 2 });
        expect(following.map((e) => e.id)).toEqual([batch[1]!.id, batch[2]!.id]);
      });

      it('writes none of the events when the expected revision conflicts', async () => {
        const stream = streamName('batch-conflict');
        await store.append(stream, [newEvent('Opened', {})], { expectedRevision: 'no-stream' });
        const before = await store.headPosition();
        const batch = command(['A', 'B', 'C']);

        expectConflict(await rejection(store.append(stream, batch, { expectedRevision: 7n })), stream, 7n, 0n);

        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Opened']);
        await expectNoneInLog(store, before, batch);
      });

      it('writes none of the events when the third cannot be stored (data is not JSON)', async () => {
        const stream = streamName('batch-bad');
        await store.append(stream, [newEvent('Opened', {})], { expectedRevision: 'no-stream' });
        const before = await store.headPosition();
        const circular: Record<string, unknown> = { name: 'loop' };
        circular['self'] = circular;
        const batch = command(['A', 'B', 'C']);
        batch[2] = { ...batch[2]!, data: circular };

        await expect(store.append(stream, batch, { expectedRevision: 0n })).rejects.toThrow();

        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['Opened']);
        await expectNoneInLog(store, before, batch);
        // The stream is still writable at the revision it had.
        const next = await store.append(stream, [newEvent('After', {})], { expectedRevision: 0n });
        expect(next.nextExpectedRevision).toBe(1n);
      });

      it('rejects an append of no events', async () => {
        const stream = streamName('empty');
        await expect(store.append(stream, [], { expectedRevision: 'any' })).rejects.toThrow();
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('rejects an append whose events carry different command ids, writing nothing', async () => {
        const stream = streamName('mixed-commands');
        const events = [newEvent('A', {}), newEvent('B', {})];
        expect(events[0]!.metadata.commandId).not.toBe(events[1]!.metadata.commandId);
        await expect(store.append(stream, events, { expectedRevision: 'no-stream' })).rejects.toThrow();
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('idempotency by command id', () => {
      it('returns the first result with duplicate: true and appends nothing, even when the revision now conflicts', async () => {
        const stream = streamName('idempotent');
        const first = command(['A', 'B']);
        const result = await store.append(stream, first, { expectedRevision: 'no-stream' });
        expect(result.duplicate).toBe(false);

        // Same command re-sent (e.g. a client retry after a timeout), with the now-stale expectation.
        const resent = await store.append(stream, first, { expectedRevision: 'no-stream' });
        expect(resent).toEqual({ ...result, duplicate: true });

        // The stream moves on; the re-send still answers with the first result.
        await store.append(stream, [newEvent('C', {})], { expectedRevision: 1n });
        const commandId = first[0]!.metadata.commandId;
        const freshIds = first.map((e) => ({ ...e, id: randomUUID() }));
        expect(await store.append(stream, freshIds, { expectedRevision: 1n })).toEqual({ ...result, duplicate: true });
        expect(await store.append(stream, freshIds, { expectedRevision: 'any' })).toEqual({ ...result, duplicate: true });

        const read = await store.readStream(stream);
        expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect(read.filter((e) => e.metadata.commandId === commandId)).toHaveLength(2);
      });
    });

    describe('reading', () => {
      it('reads stream ranges: from, to (both inclusive) and maxCount', async () => {
        const stream = streamName('ranges');
        await store.append(stream, command(Array.from({ length: 10 }, (_, i) => `E${i}`)), { expectedRevision: 'no-stream' });
        const revisions = async (options: Parameters<EventStore['readStream']>[1]): Promise<bigint[]> =>
          (await store.readStream(stream, options)).map((e) => e.revision);

        expect(await revisions(undefined)).toEqual(range(0, 9));
        expect(await revisions({ fromRevision: 3n })).toEqual(range(3, 9));
        expect(await revisions({ toRevision: 4n })).toEqual(range(0, 4));
        expect(await revisions({ fromRevision: 2n, toRevision: 5n })).toEqual(range(2, 5));
        expect(await revisions({ fromRevision: 6n, toRevision: 6n })).toEqual([6n]);
        expect(await revisions({ maxCount: 3 })).toEqual(range(0, 2));
        expect(await revisions({ fromRevision: 2n, maxCount: 2 })).toEqual(range(2, 3));
        expect(await revisions({ fromRevision: 8n, toRevision: 20n })).toEqual(range(8, 9));
        expect(await revisions({ fromRevision: 10n })).toEqual([]);
        expect(await store.readStream(streamName('never-written'))).toEqual([]);
        const types = (await store.readStream(stream)).map((e) => e.type);
        expect(types).toEqual(Array.from({ length: 10 }, (_, i) => `E${i}`));
      });

      it('reads the global log in position order, after a position, at most maxCount', async () => {
        const a = streamName('log-a');
        const b = streamName('log-b');
        const before = await store.headPosition();
        const written: NewEvent[] = [];
        const positions: bigint[] = [];
        for (let i = 0; i < 6; i++) {
          const event = newEvent(`Step${i}`, { i });
          const stream = i % 2 === 0 ? a : b;
          const result = await store.append(stream, [event], { expectedRevision: i < 2 ? 'no-stream' : BigInt(Math.floor(i / 2) - 1) });
          written.push(event);
          positions.push(result.position);
        }
        for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);

        const ids = new Set(written.map((e) => e.id));
        const ours = (events: RecordedEvent[]): string[] => events.filter((e) => ids.has(e.id)).map((e) => e.id);
        expect(ours(await readLogUntil(store, before, positions[5]!))).toEqual(written.map((e) => e.id));
        expect(ours(await readLogUntil(store, positions[2]!, positions[5]!))).toEqual(written.slice(3).map((e) => e.id));

        const page = await store.readAll({ after: before, maxCount: 2 });
        expect(page).toHaveLength(2);
        expect(page[0]!.position < page[1]!.position).toBe(true);
        if (before !== 'start') expect(page[0]!.position > before).toBe(true);

        const [first] = await store.readAll({ after: 'start', maxCount: 1 });
        expect(first!.position <= positions[0]!).toBe(true);
        const head = await store.headPosition();
        expect(head !== 'start' && head >= positions[5]!).toBe(true);
        const [last] = await store.readAll({ after: positions[4]!, maxCount: 1 });
        expect(last?.id).toBe(written[5]!.id);
      });

      it('scans the global log in pages (scanLog): the events readAll gives, after a position, to a position, at most maxCount', async () => {
        const stream = streamName('scan');
        const before = await store.headPosition();
        const written: NewEvent[] = [];
        const positions: bigint[] = [];
        for (let i = 0; i < 7; i++) {
          const event = newEvent(`Scanned${i}`, { i });
          written.push(event);
          positions.push((await store.append(stream, [event], { expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1) })).position);
        }
        const ids = new Set(written.map((e) => e.id));
        const scan = async (options: Parameters<typeof scanLog>[1]): Promise<{ ids: string[]; pages: number[] }> => {
          const seen: string[] = [];
          const pages: number[] = [];
          let previous: bigint | undefined;
          for await (const page of scanLog(store, options)) {
            pages.push(page.length);
            for (const event of page) {
              if (previous !== undefined) expect(event.position > previous).toBe(true);
              previous = event.position;
              if (ids.has(event.id)) seen.push(event.id);
            }
          }
          return { ids: seen, pages };
        };
        const all = written.map((e) => e.id);
        const whole = await scan({ after: before, pageSize: 3 });
        expect(whole.ids).toEqual(all);
        expect(Math.max(...whole.pages)).toBeLessThanOrEqual(3);
        expect((await scan({ after: positions[1]!, toPosition: positions[4]!, pageSize: 2 })).ids).toEqual(all.slice(2, 5));
        expect((await scan({ after: positions[0]!, maxCount: 4, pageSize: 3 })).ids).toEqual(all.slice(1, 5));
        expect((await scan({ after: positions[6]! })).ids).toEqual([]);
        // Leaving the loop early is allowed (and releases the scan).
        const [first] = await (async () => {
          for await (const page of scanLog(store, { after: positions[2]!, pageSize: 1 })) return page;
          return [];
        })();
        expect(first?.id).toBe(written[3]!.id);
        await expect(async () => {
          for await (const _page of scanLog(store, { pageSize: 0 })) break;
        }).rejects.toThrow(RangeError);
      });

      it('round-trips type, schema version, data and every metadata field, with bigint positions', async () => {
        const stream = streamName('roundtrip');
        const metadata: EventMetadata = {
          actorId: 'user-17',
          actorRole: 'finance',
          recordedAt: '2025-03-04T05:06:07.089Z',
          correlationId: randomUUID(),
          causationId: randomUUID(),
          commandId: randomUUID(),
          reason: 'Besparelse godkendt af økonomiudvalget — "årsag" ✓',
        };
        const data = {
          amountOere: 123456789,
          negative: -5,
          fraction: 0.25,
          big: '90071992547409930',
          nothing: null,
          flag: false,
          text: 'æøå \n\t "quoted" \u2603',
          nested: { list: [1, 'two', { three: [3] }], empty: {} },
        };
        const event: NewEvent = { id: randomUUID(), type: 'BudgetCutApproved', schemaVersion: 3, data, metadata };
        const plain = newEvent('NoReason', {});
        const before = await store.headPosition();
        await store.append(stream, [event], { expectedRevision: 'no-stream' });
        await store.append(stream, [plain], { expectedRevision: 0n });

        const fromStream = await store.readStream(stream);
        const fromLog = (await readLogUntil(store, before, fromStream[1]!.position)).filter((e) => e.streamName === stream);
        for (const read of [fromStream, fromLog]) {
          const [recorded, noReason] = read;
          expect(recorded).toEqual({
            id: event.id,
            type: 'BudgetCutApproved',
            schemaVersion: 3,
            data,
            metadata,
            streamName: stream,
            revision: 0n,
            position: expect.any(BigInt),
          });
          expect(typeof recorded!.revision).toBe('bigint');
          expect(typeof recorded!.position).toBe('bigint');
          expect(noReason!.schemaVersion).toBe(1);
          expect(noReason!.metadata).toEqual(plain.metadata);
          expect(noReason!.metadata.reason).toBeUndefined();
        }
      });
    });

    describe('subscribeToAll', () => {
      it('delivers every event exactly once and in order across catch-up → live, while appends run', async () => {
        const stream = streamName('subscribe');
        const total = 200;
        const events = Array.from({ length: total }, (_, i) => newEvent('Counted', { i }));
        const lastId = events[total - 1]!.id;
        const received: RecordedEvent[] = [];
        let caughtUp = 0;
        const failures: unknown[] = [];
        let subscription: Subscription | undefined;
        const sawLast = deferred();

        const appending = (async () => {
          for (let i = 0; i < total; i++) {
            await store.append(stream, [events[i]!], { expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1) });
            if (i === total / 2) {
              // Midway: the subscription must catch up on history while new events keep coming.
              subscription = store.subscribeToAll({
                after: 'start',
                handler: async (event) => {
                  received.push(event);
                  // A handler that yields now and then, so that appends interleave with delivery.
                  if (received.length % 7 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
                  if (event.id === lastId) sawLast.resolve();
                },
                onError: (error) => failures.push(error),
                onCaughtUp: () => caughtUp++,
              });
            }
          }
        })();

        await appending;
        await within(sawLast.promise, 15_000, 'the last appended event to be delivered');
        await subscription!.stop();

        expect(failures).toEqual([]);
        expect(caughtUp).toBe(1);
        const positions = received.map((e) => e.position);
        for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
        expect(received.filter((e) => e.streamName === stream).map((e) => e.id)).toEqual(events.map((e) => e.id));
        // Exactly the log, event for event, from the start to our last event.
        const last = received[received.length - 1]!;
        expect(last.id).toBe(lastId);
        const log = await readLogUntil(store, 'start', last.position);
        expect(received.map((e) => e.id)).toEqual(log.map((e) => e.id));
        expect(subscription!.checkpoint).toBe(last.position);
      });

      it('resumes after a checkpoint, delivering only later events', async () => {
        const stream = streamName('resume');
        const events = command(['A', 'B', 'C', 'D', 'E']);
        await store.append(stream, events, { expectedRevision: 'no-stream' });
        const [third] = await store.readStream(stream, { fromRevision: 2n, maxCount: 1 });
        const received: RecordedEvent[] = [];
        const sawLast = deferred();

        const subscription = store.subscribeToAll({
          after: third!.position,
          handler: (event) => {
            received.push(event);
            if (event.id === events[4]!.id) sawLast.resolve();
          },
        });
        await within(sawLast.promise, 5_000, 'the events after the checkpoint');
        await subscription.stop();

        for (const event of received) expect(event.position > third!.position).toBe(true);
        expect(received.filter((e) => e.streamName === stream).map((e) => e.type)).toEqual(['D', 'E']);
        expect(subscription.checkpoint).toBe(received[received.length - 1]!.position);
      });

      it('turns live: an append after catching up is delivered promptly', async () => {
        const stream = streamName('live');
        const caughtUp = deferred();
        const delivered = deferred<RecordedEvent>();
        const event = newEvent('Live', {});
        const subscription = store.subscribeToAll({
          after: await store.headPosition(),
          handler: (e) => {
            if (e.id === event.id) delivered.resolve(e);
          },
          onCaughtUp: () => caughtUp.resolve(),
        });
        await within(caughtUp.promise, 5_000, 'onCaughtUp');
        await store.append(stream, [event], { expectedRevision: 'no-stream' });
        const got = await within(delivered.promise, 5_000, 'the live event');
        await subscription.stop();
        expect(got.streamName).toBe(stream);
      });

      it('stop() resolves only after the in-flight handler finished, and nothing is delivered after it', async () => {
        const stream = streamName('stop');
        const started = deferred();
        let finished = false;
        const handled: string[] = [];
        const subscription = store.subscribeToAll({
          after: await store.headPosition(),
          handler: async (event) => {
            if (event.streamName !== stream) return;
            handled.push(event.id);
            started.resolve();
            await sleep(150);
            finished = true;
          },
        });
        await store.append(stream, [newEvent('First', {})], { expectedRevision: 'no-stream' });
        await within(started.promise, 5_000, 'the handler to start');

        await subscription.stop();
        expect(finished).toBe(true);

        await store.append(stream, [newEvent('AfterStop', {})], { expectedRevision: 0n });
        await sleep(300);
        expect(handled).toHaveLength(1);
      });

      it('stops for good and calls onError when the handler throws', async () => {
        const stream = streamName('handler-error');
        const boom = new Error('projection failed');
        const errored = deferred<unknown>();
        let calls = 0;
        const subscription = store.subscribeToAll({
          after: await store.headPosition(),
          handler: (event) => {
            if (event.streamName !== stream) return;
            calls++;
            throw boom;
          },
          onError: (error) => errored.resolve(error),
        });
        await store.append(stream, command(['A', 'B']), { expectedRevision: 'no-stream' });
        expect(await within(errored.promise, 5_000, 'onError')).toBe(boom);

        await store.append(stream, [newEvent('C', {})], { expectedRevision: 1n });
        await sleep(300);
        expect(calls).toBe(1);
        await subscription.stop();
      });
    });
  });
}

// ---- helpers ---------------------------------------------------------------------------------

const streamName = (prefix: string): string => `contract_${prefix}-${randomUUID()}`;

const metadataFor = (commandId: string): EventMetadata => ({
  actorId: 'contract-actor',
  actorRole: 'admin',
  recordedAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: commandId,
  commandId,
});

/** One event with its own command id. */
const newEvent = (type: string, data: unknown): NewEvent & { id: string } => ({
  id: randomUUID(),
  type,
  data,
  metadata: metadataFor(randomUUID()),
});

/** Several events of one command (one shared command id), as one append carries them. */
const command = (types: readonly string[]): Array<NewEvent & { id: string }> => {
  const metadata = metadataFor(randomUUID());
  return types.map((type, i) => ({ id: randomUUID(), type, data: { i }, metadata }));
};

const range = (from: number, to: number): bigint[] =>
  Array.from({ length: to - from + 1 }, (_, i) => BigInt(from + i));

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be rejected, but it succeeded');
};

const expectConflict = (
  error: unknown,
  streamName: string,
  expected: WrongExpectedRevisionError['expected'],
  actual: WrongExpectedRevisionError['actual'],
): void => {
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  const conflict = error as WrongExpectedRevisionError;
  expect({ streamName: conflict.streamName, expected: conflict.expected, actual: conflict.actual }).toEqual({
    streamName,
    expected,
    actual,
  });
};

/** The global log after `after` up to and including `until`, read in pages. */
const readLogUntil = async (store: EventStore, after: LogPosition, until: bigint): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.readAll({ after: cursor, maxCount: 500 });
    for (const event of page) {
      if (event.position > until) return events;
      events.push(event);
    }
    if (page.length === 0 || page[page.length - 1]!.position === until) return events;
    cursor = page[page.length - 1]!.position;
  }
};

/** None of `events` is anywhere in the log after `after` (other writers' events may be). */
const expectNoneInLog = async (store: EventStore, after: LogPosition, events: readonly NewEvent[]): Promise<void> => {
  const head = await store.headPosition();
  if (head === 'start') return;
  const ids = new Set(events.map((e) => e.id));
  const found = (await readLogUntil(store, after, head)).filter((e) => ids.has(e.id));
  expect(found).toEqual([]);
};

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

const deferred = <T = void>(): Deferred<T> => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails with a readable message instead of hanging until jest's timeout. */
const within = async <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};
