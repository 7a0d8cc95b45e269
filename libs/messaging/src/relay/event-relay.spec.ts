import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type NewEvent } from '@gevinst/event-store';
import type { MessagePublisher, OutgoingMessage } from '../port/messages';
import { InMemoryCheckpointStore } from './checkpoint-store';
import { EventRelay } from './event-relay';
import { INTEGRATION_AREAS, IntegrationEventRegistry, areaMappings } from './integration-event-registry';

/** Records what was "acknowledged"; fails the next `failNext` publishes. */
class FakePublisher implements MessagePublisher {
  acknowledged: OutgoingMessage[] = [];
  attempts = 0;
  failNext = 0;
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    this.attempts += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('broker unavailable (fake)');
    }
    this.acknowledged.push(...messages);
  }
  async close(): Promise<void> {}
  ids(): string[] {
    return this.acknowledged.map((m) => m.headers!['event-id']!);
  }
}

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: {
    actorId: 'a',
    actorRole: 'finance',
    recordedAt: '2026-01-01T00:00:00.000Z',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    commandId: randomUUID(),
  },
});

const registry = (): IntegrationEventRegistry =>
  new IntegrationEventRegistry([
    ...areaMappings(INTEGRATION_AREAS.businessCase, ['BusinessCaseDrafted', 'BusinessCaseApproved']),
    ...areaMappings(INTEGRATION_AREAS.budgetCut, ['BudgetCutProposed']),
  ]);

describe('EventRelay', () => {
  let dir: string;
  let store: SqliteEventStore;
  let publisher: FakePublisher;
  let checkpoints: InMemoryCheckpointStore;
  const relays: EventRelay[] = [];
  const relay = (overrides: Partial<ConstructorParameters<typeof EventRelay>[0]> = {}): EventRelay => {
    const r = new EventRelay({
      store,
      publisher,
      checkpoints,
      registry: registry(),
      batchSize: 10,
      lingerMs: 0,
      retry: { initialMs: 5, maxMs: 20 },
      ...overrides,
    });
    relays.push(r);
    return r;
  };
  /** One append (one command): the events share the first one's metadata. */
  const append = async (stream: string, ...events: NewEvent[]): Promise<bigint> =>
    (await store.append(stream, events.map((e) => ({ ...e, metadata: events[0]!.metadata })), { expectedRevision: 'any' }))
      .position;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gevinst-relay-spec-'));
    store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
    publisher = new FakePublisher();
    checkpoints = new InMemoryCheckpointStore();
  });
  afterEach(async () => {
    for (const r of relays.splice(0)) await r.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes mapped events keyed by aggregate id and skips unknown types, advancing past them', async () => {
    const drafted = event('BusinessCaseDrafted', { title: 'Digital post' });
    const note = event('InternalNoteAdded');
    const cut = event('BudgetCutProposed', { amountOre: 100 });
    await append('business-case-7f3a-1', drafted, note);
    const head = await append('harvest-c-1', cut);
    const r = relay();
    await r.start();
    await r.waitUntilPublished(head, 5000);

    expect(publisher.ids()).toEqual([drafted.id, cut.id]);
    expect(publisher.acknowledged.map((m) => [m.topic, m.key])).toEqual([
      ['gevinst.business-cases.v1', '7f3a-1'],
      ['gevinst.budget-cuts.v1', 'c-1'],
    ]);
    expect(await checkpoints.load('kafka-relay')).toBe(head);
    expect(r.status()).toMatchObject({ publishedMessages: 2, skippedEvents: 1, state: 'running' });
    expect((await r.lag()).behind).toBe(0n);
  });

  it('retries the same batch while the broker fails and moves the checkpoint only after the ack', async () => {
    publisher.failNext = 3;
    const ids: string[] = [];
    let head = 0n;
    for (let i = 0; i < 5; i++) {
      const e = event('BusinessCaseApproved', { i });
      ids.push(e.id!);
      head = await append(`business-case-${i}`, e);
    }
    const first = head - 4n;
    const saved: bigint[] = [];
    const recordingCheckpoints = new InMemoryCheckpointStore();
    const save = recordingCheckpoints.save.bind(recordingCheckpoints);
    recordingCheckpoints.save = async (name, position) => {
      // When a checkpoint is saved, every event up to it has been acknowledged.
      expect(publisher.acknowledged).toHaveLength(Number(position - first + 1n));
      saved.push(position);
      await save(name, position);
    };
    const r = relay({ checkpoints: recordingCheckpoints });
    await r.start();
    await r.waitUntilPublished(head, 5000);
    expect(publisher.attempts - saved.length).toBe(3); // three failed attempts, then one per batch
    expect(publisher.ids()).toEqual(ids);
    expect(saved[saved.length - 1]).toBe(head);
    expect(r.status()).toMatchObject({ state: 'running', consecutiveFailures: 0 });
  });

  it('reports retrying and lag while the broker is down, and loses nothing', async () => {
    publisher.failNext = Number.MAX_SAFE_INTEGER;
    const r = relay();
    await r.start();
    const head = await append('business-case-x', event('BusinessCaseDrafted'), event('BusinessCaseApproved'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.status().state).toBe('retrying');
    expect(r.status().lastError).toContain('broker unavailable');
    expect(await r.lag()).toEqual({ head, checkpoint: 'start', behind: head });
    publisher.failNext = 0;
    await r.waitUntilPublished(head, 5000);
    expect(publisher.acknowledged).toHaveLength(2);
  });

  it('resumes from the checkpoint after a restart', async () => {
    const first = event('BusinessCaseDrafted');
    await append('business-case-a', first);
    const r1 = relay();
    await r1.start();
    await r1.waitUntilPublished(await store.headPosition().then((p) => p as bigint), 5000);
    await r1.stop();
    const second = event('BusinessCaseApproved');
    const head = await append('business-case-a', second);
    const r2 = relay();
    await r2.start();
    await r2.waitUntilPublished(head, 5000);
    expect(publisher.ids()).toEqual([first.id, second.id]);
  });

  it('keeps reading ahead bounded while the broker is away (backpressure), then drains in batches', async () => {
    publisher.failNext = 2;
    for (let i = 0; i < 100; i++) await append(`business-case-${i % 3}`, event('BusinessCaseApproved', { i }));
    const r = relay({ batchSize: 10, maxBufferedEvents: 20 });
    await r.start();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(r.status().bufferedEvents).toBeLessThanOrEqual(20);
    await r.waitUntilPublished((await store.headPosition()) as bigint, 5000);
    expect(publisher.acknowledged).toHaveLength(100);
    expect(publisher.acknowledged.map((m) => (JSON.parse(String(m.value)) as { data: { i: number } }).data.i)).toEqual(
      [...Array(100).keys()],
    );
  });

  it('stops for good, without publishing or checkpointing past it, when an event cannot be mapped', async () => {
    const failures: unknown[] = [];
    const broken = new IntegrationEventRegistry([
      {
        internalType: 'BusinessCaseDrafted',
        area: INTEGRATION_AREAS.businessCase,
        toData: () => {
          throw new Error('no title');
        },
      },
    ]);
    await append('business-case-a', event('BusinessCaseDrafted'));
    const r = relay({ registry: broken, onFailed: (e) => failures.push(e) });
    await r.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.status().state).toBe('failed');
    expect(r.status().lastError).toContain('no title');
    expect(failures).toHaveLength(1);
    expect(publisher.attempts).toBe(0);
    expect(await checkpoints.load('kafka-relay')).toBe('start');
  });
});
