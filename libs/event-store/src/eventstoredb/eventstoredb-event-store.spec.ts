/**
 * The EventStoreDB adapter: the shared contract suite, then what is specific to EventStoreDB.
 *
 * Runs against a real server when EVENTSTORE_URL is set, otherwise against the in-repo TEST
 * DOUBLE (libs/testing/src/eventstoredb-double), which proves our use of the real client over
 * real gRPC, not EventStoreDB's semantics. Tests that need the double (dropping subscriptions,
 * positions above 2^53, the legacy Append path) only run against it.
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { describeEventStoreContract, startEventStoreDbDouble, type EventStoreDbDouble } from '@gevinst/testing';
import { EventDecodingError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { deterministicEventId, uuidV5 } from './event-ids';
import { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
import type { EventStoreDbLogger } from './logger';

const externalUrl = process.env['EVENTSTORE_URL'];
const target = externalUrl ? 'EventStoreDB at EVENTSTORE_URL' : 'EventStoreDB test double';
const onDoubleOnly = externalUrl ? describe.skip : describe;

interface RecordingLogger extends EventStoreDbLogger {
  readonly warnings: Array<{ context: Record<string, unknown>; message: string }>;
  readonly errors: Array<{ context: Record<string, unknown>; message: string }>;
}

const recordingLogger = (): RecordingLogger => {
  const warnings: RecordingLogger['warnings'] = [];
  const errors: RecordingLogger['errors'] = [];
  return {
    warnings,
    errors,
    warn: (context, message) => warnings.push({ context, message }),
    error: (context, message) => errors.push({ context, message }),
  };
};

/** Fast, deterministic resubscription for tests. */
const testBackoff = { initialDelayMs: 5, maxDelayMs: 40, random: () => 0.5 };

let double: EventStoreDbDouble | undefined;
/** A second double that does not advertise BatchAppend: the client then uses Streams.Append. */
let legacyDouble: EventStoreDbDouble | undefined;
let url: string;

beforeAll(async () => {
  if (externalUrl) {
    url = externalUrl;
  } else {
    double = await startEventStoreDbDouble();
    legacyDouble = await startEventStoreDbDouble({ batchAppend: false });
    url = double.url;
  }
});

afterAll(async () => {
  await double?.stop();
  await legacyDouble?.stop();
});

const openStores: EventStoreDbEventStore[] = [];
const openStore = (options: Partial<EventStoreDbEventStoreOptions> = {}, connectionString = url): EventStoreDbEventStore => {
  const store = new EventStoreDbEventStore({
    connectionString,
    logger: recordingLogger(),
    resubscribe: testBackoff,
    ...options,
  });
  openStores.push(store);
  return store;
};
afterEach(async () => {
  await Promise.all(openStores.splice(0).map((store) => store.close()));
});

describeEventStoreContract(target, async () => {
  const store = new EventStoreDbEventStore({ connectionString: url, logger: recordingLogger(), resubscribe: testBackoff });
  return { store, cleanup: () => store.close() };
});

if (!externalUrl) {
  // The client appends through Streams.Append against servers without BatchAppend (before 21.10).
  describeEventStoreContract(`${target}, appending through Streams.Append`, async () => {
    const store = new EventStoreDbEventStore({
      connectionString: legacyDouble!.url,
      logger: recordingLogger(),
      resubscribe: testBackoff,
    });
    return { store, cleanup: () => store.close() };
  });
}

// ---- helpers ---------------------------------------------------------------------------------

const streamName = (prefix: string): string => `esdb_${prefix}-${randomUUID()}`;

const metadataFor = (commandId: string = randomUUID()): EventMetadata => ({
  actorId: 'spec-actor',
  actorRole: 'admin',
  recordedAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: commandId,
  commandId,
});

const command = (types: readonly string[], commandId: string = randomUUID()): NewEvent[] => {
  const metadata = metadataFor(commandId);
  return types.map((type, i) => ({ type, data: { i }, metadata }));
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

const within = async <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

const until = async (condition: () => boolean, what: string, ms = 15_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** A raw client, to write what our adapter never writes (system events, foreign events). */
const withRawClient = async (work: (client: EventStoreDBClient) => Promise<void>): Promise<void> => {
  const client = EventStoreDBClient.connectionString(url);
  try {
    await work(client);
  } finally {
    await client.dispose();
  }
};

// ---- EventStoreDB specifics -------------------------------------------------------------------

describe(`EventStoreDbEventStore specifics (${target})`, () => {
  describe('idempotency', () => {
    it('gives events without an id name-based ids (uuid v5 of command id + index), so a re-send is recognised', async () => {
      const store = openStore();
      const stream = streamName('derived-ids');
      const commandId = randomUUID();
      const events = command(['A', 'B'], commandId);

      const first = await store.append(stream, events, { expectedRevision: 'no-stream' });
      const again = await store.append(stream, events, { expectedRevision: 'no-stream' });

      expect(again).toEqual({ ...first, duplicate: true });
      const read = await store.readStream(stream);
      expect(read.map((e) => e.id)).toEqual([deterministicEventId(commandId, 0), deterministicEventId(commandId, 1)]);
    });

    it('finds a re-sent command beyond the window when its stale revision conflicts', async () => {
      const store = openStore({ idempotencyWindow: 2 });
      const stream = streamName('beyond-window');
      const first = await store.append(stream, command(['Opened']), { expectedRevision: 'no-stream' });
      const resent = command(['Renamed']);
      const original = await store.append(stream, resent, { expectedRevision: first.nextExpectedRevision });
      for (let i = 0; i < 5; i++) {
        await store.append(stream, command([`Later${i}`]), { expectedRevision: 'any' });
      }

      // The command is 5 events back, outside the 2-event window; its revision (0) is stale.
      expect(await store.append(stream, resent, { expectedRevision: 0n })).toEqual({ ...original, duplicate: true });
      expect(await store.readStream(stream)).toHaveLength(7);
    });

    it('holds across two stores (two processes) whose remembered stream tails differ', async () => {
      const a = openStore();
      const b = openStore();
      const stream = streamName('two-writers');
      const x = command(['X1', 'X2']);
      const first = await a.append(stream, x, { expectedRevision: 'no-stream' });

      // b appends after a's tail: a now remembers a tail that is behind the stream.
      await b.append(stream, command(['Y']), { expectedRevision: 'exists' });
      const stale = await a.append(stream, command(['Z']), { expectedRevision: first.nextExpectedRevision }).catch((e: unknown) => e);
      expect(stale).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 1n, actual: 2n });

      // A re-send of x through b, which never saw x being written: at the current revision,
      // after reading the stream (the usual handler), and with 'any' (a tail read).
      const c = openStore();
      expect(await c.append(stream, x, { expectedRevision: 'any' })).toEqual({ ...first, duplicate: true });
      const read = await b.readStream(stream);
      expect(await b.append(stream, x, { expectedRevision: read[read.length - 1]!.revision })).toEqual({
        ...first,
        duplicate: true,
      });
      expect((await a.readStream(stream)).map((e) => e.type)).toEqual(['X1', 'X2', 'Y']);
    });

    it('still reports a genuine conflict as WrongExpectedRevisionError with the actual revision', async () => {
      const store = openStore();
      const stream = streamName('conflict');
      await store.append(stream, command(['A', 'B']), { expectedRevision: 'no-stream' });
      const error = await store.append(stream, command(['C']), { expectedRevision: 0n }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamName: stream, expected: 0n, actual: 1n });
    });
  });

  describe('system events', () => {
    it('are skipped by readAll, headPosition and subscriptions, also when interleaved with ours', async () => {
      const store = openStore();
      const stream = streamName('around-system');
      const before = await store.headPosition();
      const ours = await store.append(stream, command(['Ours1']), { expectedRevision: 'no-stream' });
      await withRawClient(async (client) => {
        await client.appendToStream('$stats-127.0.0.1:2113', jsonEvent({ type: '$statsCollected', data: { cpu: 1 } }));
        // A non-$ type in a $ stream is a system event too.
        await client.appendToStream(`$custom-${randomUUID()}`, jsonEvent({ type: 'Plain', data: {} }));
      });

      // The head skips the two system events on top of the log.
      expect(await store.headPosition()).toBe(ours.position);
      const second = await store.append(stream, command(['Ours2']), { expectedRevision: 0n });
      const read = await store.readAll({ after: before, maxCount: 1000 });
      expect(read.filter((e) => e.streamName.startsWith('$') || e.type.startsWith('$'))).toEqual([]);
      expect(read.filter((e) => e.streamName === stream).map((e) => e.type)).toEqual(['Ours1', 'Ours2']);

      const received: RecordedEvent[] = [];
      const sawSecond = deferred();
      const subscription = store.subscribeToAll({
        after: before,
        handler: (event) => {
          received.push(event);
          if (event.position === second.position) sawSecond.resolve();
        },
      });
      await within(sawSecond.promise, 5_000, 'our second event');
      await subscription.stop();
      expect(received.filter((e) => e.streamName.startsWith('$') || e.type.startsWith('$'))).toEqual([]);
      expect(received.filter((e) => e.streamName === stream).map((e) => e.type)).toEqual(['Ours1', 'Ours2']);
    });
  });

  it('refuses to decode an event written without our metadata, instead of skipping it', async () => {
    const store = openStore();
    const stream = streamName('foreign');
    await withRawClient(async (client) => {
      await client.appendToStream(stream, jsonEvent({ type: 'Foreign', data: { x: 1 }, metadata: { someone: 'else' } }));
    });
    await expect(store.readStream(stream)).rejects.toBeInstanceOf(EventDecodingError);
  });

  it('maps an unreachable server to EventStoreUnavailableError', async () => {
    const stopped = await startEventStoreDbDouble();
    await stopped.stop();
    const store = openStore({}, stopped.url);
    await expect(store.append(streamName('unreachable'), command(['A']), { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('is closed after close(): calls fail with EventStoreUnavailableError', async () => {
    const store = openStore();
    await store.close();
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});

onDoubleOnly('EventStoreDbEventStore against the test double only', () => {
  describe('resubscribe after the server drops the subscription', () => {
    it('delivers every event exactly once, in order, across repeated drops while appends continue', async () => {
      const logger = recordingLogger();
      const store = openStore({ logger });
      const stream = streamName('dropped');
      const head = await store.headPosition();
      const total = 60;
      const written: string[] = [];
      const append = async (i: number): Promise<void> => {
        const [event] = command([`E${i}`]);
        const id = randomUUID();
        written.push(id);
        await store.append(stream, [{ ...event!, id }], { expectedRevision: i === 0 ? 'no-stream' : BigInt(i - 1) });
      };
      for (let i = 0; i < 20; i++) await append(i);

      const received: RecordedEvent[] = [];
      let caughtUp = 0;
      const failures: unknown[] = [];
      const subscription = store.subscribeToAll({
        after: head,
        handler: async (event) => {
          received.push(event);
          // Slow now and then, so that drops land both between and during handler calls.
          if (received.length % 5 === 0) await new Promise((resolve) => setTimeout(resolve, 3));
        },
        onCaughtUp: () => caughtUp++,
        onError: (error) => failures.push(error),
      });

      await until(() => received.length >= 5, 'the first events');
      double!.dropSubscriptions(); // during catch-up
      for (let i = 20; i < 40; i++) await append(i);
      await until(() => received.length >= 30, 'events after the first drop');
      double!.dropSubscriptions(); // while live
      double!.dropSubscriptions(); // and again, before the resubscription (a no-op for the double)
      for (let i = 40; i < total; i++) {
        await append(i);
        if (i === 50) {
          // Only a drop of a live subscription makes it resubscribe: wait until the one after
          // the second drop delivers (on a loaded machine its backoff can outlast ten appends).
          await until(() => received.length >= 45, 'events after the second drop');
          double!.dropSubscriptions();
        }
      }
      await until(() => received.length >= total, `all ${total} events`);
      await new Promise((resolve) => setTimeout(resolve, 50)); // room for a wrongly repeated event
      await subscription.stop();

      expect(failures).toEqual([]);
      expect(received.map((e) => e.id)).toEqual(written);
      const positions = received.map((e) => e.position);
      for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
      expect(subscription.checkpoint).toBe(positions[positions.length - 1]);
      expect(caughtUp).toBe(1);
      const resubscribed = logger.warnings.filter((w) => /resubscribing/.test(w.message));
      expect(resubscribed.length).toBeGreaterThanOrEqual(3);
      expect(resubscribed[0]!.context).toMatchObject({ attempt: 1, delayMs: backoffDelay(0, { ...DEFAULT_BACKOFF, ...testBackoff }) });
    });

    it('stop() during the backoff wait cancels the resubscription', async () => {
      const store = openStore({ resubscribe: { initialDelayMs: 200, maxDelayMs: 200, random: () => 0 } });
      const stream = streamName('stop-while-waiting');
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: await store.headPosition(), handler: (e) => void received.push(e) });
      await store.append(stream, command(['A']), { expectedRevision: 'no-stream' });
      await until(() => received.length === 1, 'the first event');

      double!.dropSubscriptions();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await subscription.stop();
      await store.append(stream, command(['B']), { expectedRevision: 0n });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toHaveLength(1);
    });
  });

  describe('positions', () => {
    let high: EventStoreDbDouble;
    const first = 2n ** 60n + 7n; // far above Number.MAX_SAFE_INTEGER (2^53 - 1)

    beforeAll(async () => {
      high = await startEventStoreDbDouble({ firstPosition: first, seedSystemEvents: false });
    });
    afterAll(async () => {
      await high.stop();
    });

    it('maps commit positions above 2^53 exactly, as bigint, through every operation', async () => {
      const store = openStore({}, high.url);
      const stream = streamName('big');
      const a = await store.append(stream, command(['A', 'B']), { expectedRevision: 'no-stream' });
      const c = await store.append(stream, command(['C']), { expectedRevision: a.nextExpectedRevision });

      const read = await store.readStream(stream);
      const positions = read.map((e) => e.position);
      expect(positions[0]).toBe(first);
      for (const position of positions) {
        expect(typeof position).toBe('bigint');
        expect(position > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      }
      // Not consecutive integers: the double, like the server, spaces positions like byte offsets.
      expect(positions[1]! - positions[0]! > 1n).toBe(true);
      expect(a.position).toBe(positions[1]);
      expect(c.position).toBe(positions[2]);
      expect(await store.headPosition()).toBe(c.position);

      // 'after' is exclusive, even one unit above 2^53 where a double-precision number would round.
      expect((await store.readAll({ after: positions[0]! })).map((e) => e.type)).toEqual(['B', 'C']);
      expect((await store.readAll({ after: positions[0]! + 1n })).map((e) => e.type)).toEqual(['B', 'C']);
      expect((await store.readAll({ after: positions[1]! })).map((e) => e.type)).toEqual(['C']);
      expect(await store.readAll({ after: c.position })).toEqual([]);

      const delivered: RecordedEvent[] = [];
      const caughtUp = deferred();
      const subscription = store.subscribeToAll({
        after: positions[0]!,
        handler: (event) => void delivered.push(event),
        onCaughtUp: () => caughtUp.resolve(),
      });
      await within(caughtUp.promise, 5_000, 'onCaughtUp');
      await subscription.stop();
      expect(delivered.map((e) => e.position)).toEqual([positions[1], positions[2]]);
      expect(subscription.checkpoint).toBe(c.position);
    });
  });

  describe('the older Streams.Append path (a server that does not advertise BatchAppend)', () => {
    it('appends, detects conflicts and re-sent commands the same way', async () => {
      const store = openStore({}, legacyDouble!.url);
      const stream = streamName('legacy');
      const events = command(['A', 'B']);
      const first = await store.append(stream, events, { expectedRevision: 'no-stream' });
      expect(first).toMatchObject({ nextExpectedRevision: 1n, duplicate: false });
      expect(await store.append(stream, events, { expectedRevision: 'no-stream' })).toEqual({ ...first, duplicate: true });

      const error = await store.append(stream, command(['C']), { expectedRevision: 'no-stream' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(error).toMatchObject({ streamName: stream, expected: 'no-stream', actual: 1n });
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
    });
  });
});

describe('event ids and backoff', () => {
  it('uuidV5 matches the RFC test vector', () => {
    // RFC 9562 appendix A.4: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives different ids per index and per command', () => {
    const commandId = randomUUID();
    expect(deterministicEventId(commandId, 0)).toBe(deterministicEventId(commandId, 0));
    expect(deterministicEventId(commandId, 0)).not.toBe(deterministicEventId(commandId, 1));
    expect(deterministicEventId(commandId, 0)).not.toBe(deterministicEventId(randomUUID(), 0));
  });

  it('backs off exponentially with a cap, jitter in the upper half', () => {
    const policy = { ...DEFAULT_BACKOFF, initialDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, { ...policy, random: () => 0 }))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, { ...policy, random: () => 0.999999 }))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });
});
