import { SqliteEventStore, type EventStore } from '@gevinst/event-store';
import { ProjectionApplyError, type Projection } from './projection';
import {
  ProjectionFaultedError,
  ProjectionRunner,
  ProjectionRunnerStoppedError,
  ProjectionWaitTimeoutError,
  type ProjectionRunnerOptions,
} from './projection-runner';
import { replayInMemory, verifyReplay } from './replay';
import { SqliteDocumentStore } from './sqlite-document-store';
import { appendToyEvents, counted, noted, streamCounter, sumPerType, tempDir, toyProjections } from './spec-support/toy';

describe('ProjectionRunner', () => {
  let temp: ReturnType<typeof tempDir>;
  let events: SqliteEventStore;
  let docs: SqliteDocumentStore;
  let runners: ProjectionRunner[];
  let errors: unknown[];

  beforeEach(() => {
    temp = tempDir();
    events = new SqliteEventStore(temp.file('events.db'), { synchronous: 'NORMAL', pollIntervalMs: 10 });
    docs = new SqliteDocumentStore({ file: temp.file('read-models.db') });
    runners = [];
    errors = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await events.close();
    docs.close();
    temp.remove();
  });

  const runner = (projections: readonly Projection[] = toyProjections(), options: ProjectionRunnerOptions = {}): ProjectionRunner => {
    const created = new ProjectionRunner(events, docs, projections, { onError: (error) => errors.push(error), ...options });
    runners.push(created);
    return created;
  };
  const head = async (): Promise<bigint> => {
    const position = await events.headPosition();
    if (position === 'start') throw new Error('empty log');
    return position;
  };
  /** The live read models equal a rebuild from position 0 (document by document). */
  const expectEqualToReplay = async (projections: readonly Projection[]): Promise<void> => {
    const verification = await verifyReplay(events, projections, docs);
    expect(verification.differences).toEqual([]);
    expect(verification.ok).toBe(true);
    // And, checked independently of verifyReplay, against replayInMemory.
    const { docs: rebuilt } = await replayInMemory(events, projections);
    const reader = docs.reader();
    for (const projection of projections) {
      for (const collection of ['streams', 'types', 'recent']) {
        expect(reader.list(projection.name, collection)).toEqual(rebuilt.list(projection.name, collection));
      }
    }
  };

  it('keeps the read models equal to a replay from 0, through catch-up and live appends, in batches', async () => {
    await appendToyEvents(events, 1000, { perAppend: 50 });
    const batchSizes: number[] = [];
    const applyBatch = docs.applyBatch.bind(docs);
    jest.spyOn(docs, 'applyBatch').mockImplementation((projections, batch, options) => {
      batchSizes.push(batch.length);
      return applyBatch(projections, batch, options);
    });
    const live = runner(toyProjections(), { batchSize: 100 });
    await live.start();
    await live.waitFor(await head(), 5000);
    const catchUpBatches = batchSizes.length;
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(100);
    expect(catchUpBatches).toBeLessThanOrEqual(25);

    for (let i = 0; i < 20; i++) await events.append(`counter-${i % 3}`, counted([i, i + 1]), { expectedRevision: 'any' });
    await events.append('notes', noted('live'), { expectedRevision: 'any' });
    await live.waitFor(await head(), 5000);
    expect(live.position).toBe(await head());
    expect(errors).toEqual([]);
    await expectEqualToReplay(toyProjections());
  });

  it('continues after a restart without applying anything twice', async () => {
    await appendToyEvents(events, 120);
    const first = runner();
    await first.start();
    await first.waitFor(await head(), 5000);
    await first.stop();

    await appendToyEvents(events, 80, { seed: 7 });
    const second = runner();
    const registered = await second.start();
    expect([...registered.values()].every((r) => !r.reset && r.checkpoint.position === 120n)).toBe(true);
    await second.waitFor(await head(), 5000);
    await expectEqualToReplay(toyProjections());
  });

  it('rebuilds a projection from 0 when its version changes, leaving the others in place', async () => {
    await appendToyEvents(events, 50);
    const v1 = runner([streamCounter(1), sumPerType]);
    await v1.start();
    await v1.waitFor(await head(), 5000);
    await v1.stop();
    const countV1 = docs.reader().list<{ count: number }>('stream-counter', 'streams').reduce((n, e) => n + e.doc.count, 0);
    expect(countV1).toBe(50);

    const applied = jest.spyOn(sumPerType, 'apply');
    const v2 = runner([streamCounter(2), sumPerType]);
    const registered = await v2.start();
    expect(registered.get('stream-counter')).toMatchObject({ reset: true, previousVersion: 1 });
    expect(registered.get('sum-per-type')).toMatchObject({ reset: false });
    await v2.waitFor(await head(), 5000);
    const countV2 = docs.reader().list<{ count: number }>('stream-counter', 'streams').reduce((n, e) => n + e.doc.count, 0);
    expect(countV2).toBe(100);
    expect(applied).not.toHaveBeenCalled(); // its events are all at or below its checkpoint
    applied.mockRestore();
    await expectEqualToReplay([streamCounter(2), sumPerType]);
  });

  describe('waitFor', () => {
    it('resolves once the projections have applied the position an append returned (read-your-writes)', async () => {
      const live = runner();
      await live.start();
      const { position } = await events.append('counter-x', counted([42]), { expectedRevision: 'no-stream' });
      await live.waitFor(position, 5000);
      expect(docs.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 1, sum: 42 });
      await expect(live.waitFor('start', 0)).resolves.toBeUndefined();
      await expect(live.waitFor(position, 0, { projections: ['sum-per-type'] })).resolves.toBeUndefined();
    });

    it('times out for a position not reached, naming the projections behind', async () => {
      await appendToyEvents(events, 5);
      const live = runner();
      await live.start();
      const error = await live.waitFor((await head()) + 10n, 50).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProjectionWaitTimeoutError);
      expect((error as ProjectionWaitTimeoutError).behind).toEqual(['stream-counter', 'sum-per-type', 'recent-per-stream']);
      await expect(live.waitFor(1n, 10, { projections: ['nope'] })).rejects.toThrow(/no projection named nope/);
    });

    it('rejects pending and later waits when the runner stops', async () => {
      const live = runner();
      await live.start();
      const pending = live.waitFor(1_000n, 10_000);
      await live.stop();
      await expect(pending).rejects.toBeInstanceOf(ProjectionRunnerStoppedError);
      await expect(live.waitFor(1n, 10)).rejects.toBeInstanceOf(ProjectionRunnerStoppedError);
    });
  });

  it('stops a projection that throws just before the failing event, keeps the others going, and picks up after a fix', async () => {
    const poisoned = (fixed: boolean): Projection => ({
      name: 'notes',
      version: 1,
      handles: (type) => type === 'Noted',
      apply(event, writer) {
        const text = (event.data as { text: string }).text;
        if (text === 'poison' && !fixed) throw new Error('cannot read poison');
        writer.put('notes', event.position.toString(), { text });
      },
    });
    await appendToyEvents(events, 20);
    const { position: poison } = await events.append('notes', noted('poison'), { expectedRevision: 'any' });
    await appendToyEvents(events, 20, { seed: 3 });

    const live = runner([...toyProjections(), poisoned(false)]);
    await live.start();
    await live.waitFor(await head(), 5000, { projections: ['sum-per-type', 'stream-counter'] });
    await expect(live.waitFor(await head(), 5000)).rejects.toBeInstanceOf(ProjectionFaultedError);
    await expect(live.waitFor(poison - 1n, 5000, { projections: ['notes'] })).resolves.toBeUndefined();
    const status = live.status().find((s) => s.name === 'notes');
    expect(status).toMatchObject({ position: poison - 1n, fault: { position: poison } });
    expect(errors).toEqual([expect.any(ProjectionApplyError)]);
    expect(docs.checkpoint('notes')?.position).toBe(poison - 1n);
    await live.stop();

    // The fix does not change what earlier events produce, so the version stays.
    const fixed = runner([...toyProjections(), poisoned(true)]);
    await fixed.start();
    await fixed.waitFor(await head(), 5000);
    await expectEqualToReplay([...toyProjections(), poisoned(true)]);
  });

  it('drops an uncommitted batch on a store failure and resubscribes from the committed checkpoints', async () => {
    await appendToyEvents(events, 300);
    const applyBatch = docs.applyBatch.bind(docs);
    let calls = 0;
    jest.spyOn(docs, 'applyBatch').mockImplementation((projections, batch, options) => {
      calls++;
      if (calls === 2 || calls === 3) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return applyBatch(projections, batch, options);
    });
    const live = runner(toyProjections(), { batchSize: 50, retryDelayMs: 5 });
    await live.start();
    await live.waitFor(await head(), 5000);
    expect(errors).toHaveLength(2);
    await expectEqualToReplay(toyProjections());
  });

  it('recovers when the subscription itself fails', async () => {
    await appendToyEvents(events, 100);
    let failed = false;
    const flaky: EventStore = Object.assign(Object.create(events) as EventStore, {
      subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) =>
        events.subscribeToAll({
          ...options,
          handler: async (event) => {
            if (!failed && event.position === 60n) {
              failed = true;
              throw new Error('connection reset');
            }
            await options.handler(event);
          },
        }),
    });
    const live = new ProjectionRunner(flaky, docs, toyProjections(), { onError: (e) => errors.push(e), retryDelayMs: 5, batchSize: 10 });
    runners.push(live);
    await live.start();
    await live.waitFor(await head(), 5000);
    expect(errors).toEqual([new Error('connection reset')]);
    await expectEqualToReplay(toyProjections());
  });

  it('can keep the read models in the event log’s own file', async () => {
    docs.close();
    docs = new SqliteDocumentStore({ file: temp.file('events.db') });
    await appendToyEvents(events, 300);
    const live = runner();
    await live.start();
    // Appends and batches take turns at the file's write lock.
    await Promise.all([appendToyEvents(events, 300, { seed: 9, perAppend: 1 }), live.waitFor(300n, 5000)]);
    await live.waitFor(await head(), 5000);
    await expectEqualToReplay(toyProjections());
    expect(events.verifyChain().ok).toBe(true);
  });

  it('reports the lag between the head of the log and the lowest checkpoint', async () => {
    await appendToyEvents(events, 30);
    const live = runner();
    expect(await live.lag()).toBe(30n);
    await live.start();
    await live.waitFor(30n, 5000);
    expect(await live.lag()).toBe(0n);
    expect(live.position).toBe(30n);
  });
});
