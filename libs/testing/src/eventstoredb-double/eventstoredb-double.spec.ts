/**
 * The EventStoreDB TEST DOUBLE as the official client sees it over gRPC: what our adapter relies
 * on, checked with the raw client so that a change in the double shows up here first.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Position,
} from '@eventstore/db-client';
import { startEventStoreDbDouble, type EventStoreDbDouble } from './eventstoredb-double';

describe.each([
  { path: 'BatchAppend', batchAppend: true },
  { path: 'Append', batchAppend: false },
])('EventStoreDB test double, appending through $path', ({ batchAppend }) => {
  let double: EventStoreDbDouble;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    double = await startEventStoreDbDouble({ batchAppend });
    client = EventStoreDBClient.connectionString(double.url);
  });
  afterAll(async () => {
    await client.dispose();
    await double.stop();
  });

  it('appends with expected revisions and reports conflicts as the client expects them', async () => {
    const first = await client.appendToStream('s-expect', [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })], {
      expectedRevision: 'no_stream',
    });
    expect(first).toMatchObject({ success: true, nextExpectedRevision: 1n, position: { commit: expect.any(BigInt) } });

    const conflict = await client
      .appendToStream('s-expect', jsonEvent({ type: 'C', data: {} }), { expectedRevision: 5n })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflict).toMatchObject({ streamName: 's-expect', expectedVersion: 5n, actualVersion: 1n });

    const missing = await client
      .appendToStream('s-missing', jsonEvent({ type: 'C', data: {} }), { expectedRevision: 'stream_exists' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ expectedVersion: 'stream_exists', actualVersion: 'no_stream' });

    expect(await client.appendToStream('s-expect', jsonEvent({ type: 'C', data: {} }), { expectedRevision: 'any' })).toMatchObject({
      nextExpectedRevision: 2n,
    });
  });

  it('is idempotent on event ids: a re-send succeeds without writing and without a position', async () => {
    const events = [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })];
    await client.appendToStream('s-idem', events, { expectedRevision: 'no_stream' });
    const again = await client.appendToStream('s-idem', events, { expectedRevision: 'no_stream' });
    expect(again).toEqual({ success: true, nextExpectedRevision: 1n, position: undefined });
    const read = [];
    for await (const resolved of client.readStream('s-idem')) read.push(resolved.event?.id);
    expect(read).toEqual(events.map((e) => e.id));
  });

  it('reads a stream forwards and backwards, with positions; a missing stream is StreamNotFound', async () => {
    await client.appendToStream('s-read', [0, 1, 2, 3].map((i) => jsonEvent({ type: `E${i}`, data: { i }, metadata: { m: i } })));
    const forwards = [];
    for await (const { event } of client.readStream('s-read', { fromRevision: 1n, maxCount: 2 })) forwards.push(event);
    expect(forwards.map((e) => [e?.revision, e?.type, e?.data, e?.metadata])).toEqual([
      [1n, 'E1', { i: 1 }, { m: 1 }],
      [2n, 'E2', { i: 2 }, { m: 2 }],
    ]);
    expect(forwards[0]?.position?.commit).toBe(forwards[0]?.position?.prepare);
    expect(forwards[1]!.position!.commit > forwards[0]!.position!.commit).toBe(true);

    const backwards = [];
    for await (const { event } of client.readStream('s-read', { fromRevision: END, direction: BACKWARDS, maxCount: 3 })) {
      backwards.push(event?.revision);
    }
    expect(backwards).toEqual([3n, 2n, 1n]);

    await expect(
      (async () => {
        for await (const _ of client.readStream('s-never')) void _;
      })(),
    ).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('reads $all forwards inclusively and backwards exclusively from a position, system events included', async () => {
    const all: Position[] = [];
    const types: string[] = [];
    for await (const { event } of client.readAll({ fromPosition: START, direction: FORWARDS })) {
      all.push(event!.position);
      types.push(event!.type);
    }
    expect(types.slice(0, 4)).toEqual(['$metadata', '$User', '$UserCreated', '$settings']);

    const fromThird = [];
    for await (const { event } of client.readAll({ fromPosition: all[2]!, maxCount: 2 })) fromThird.push(event!.position);
    expect(fromThird).toEqual([all[2], all[3]]);

    const beforeThird = [];
    for await (const { event } of client.readAll({ fromPosition: all[2]!, direction: BACKWARDS })) beforeThird.push(event!.position);
    expect(beforeThird).toEqual([all[1], all[0]]);
  });

  it('subscribes to $all: confirmation, filtered catch-up strictly after the position, checkpoint, caught-up, live', async () => {
    const before = await lastPosition(client);
    await client.appendToStream('sub-a', jsonEvent({ type: 'Wanted', data: {} }));
    await client.appendToStream('$sub-system', jsonEvent({ type: '$Unwanted', data: {} }));
    const signals: string[] = [];
    const checkpoints: Position[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: before,
      filter: eventTypeFilter({ regex: '^[^$]', checkpointReached: (_s, position) => void checkpoints.push(position) }),
    });
    subscription.on('confirmation', () => signals.push('confirmation'));
    subscription.on('caughtUp', () => signals.push('caughtUp'));

    const received: AllStreamResolvedEvent[] = [];
    for await (const resolved of subscription) {
      received.push(resolved);
      signals.push(resolved.event!.type);
      if (received.length === 1) await client.appendToStream('sub-b', jsonEvent({ type: 'Live', data: {} }));
      if (received.length === 2) break;
    }
    await subscription.unsubscribe();

    expect(signals).toEqual(['confirmation', 'Wanted', 'caughtUp', 'Live']);
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(received[0]!.commitPosition).toBe(received[0]!.event!.position.commit);
  });

  it('filters subscriptions on stream-name prefixes', async () => {
    await client.appendToStream('pfx-1', jsonEvent({ type: 'One', data: {} }));
    await client.appendToStream('other-1', jsonEvent({ type: 'Two', data: {} }));
    await client.appendToStream('pfx-2', jsonEvent({ type: 'Three', data: {} }));
    const subscription = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: ['pfx-'] }) });
    const types: string[] = [];
    for await (const { event } of subscription) {
      types.push(event!.type);
      if (types.length === 2) break;
    }
    await subscription.unsubscribe();
    expect(types).toEqual(['One', 'Three']);
  });

  it('dropSubscriptions() ends live subscriptions with an error the client reports', async () => {
    const subscription = client.subscribeToAll({ fromPosition: END });
    const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    const failed = new Promise<unknown>((resolve) => subscription.once('error', resolve));
    subscription.resume();
    await confirmed;
    double.dropSubscriptions();
    expect(await failed).toMatchObject({ type: 'unavailable' });
  });
});

const lastPosition = async (client: EventStoreDBClient): Promise<Position> => {
  // Drain the read: leaving a read early leaves its call unfinished, and client.dispose() then
  // waits for it forever (a quirk of the v6 client).
  let last: Position | undefined;
  for await (const { event } of client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) last = event!.position;
  if (!last) throw new Error('empty log');
  return last;
};
