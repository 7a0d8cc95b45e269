/**
 * The relay against a real broker: events appended to the (SQLite) event store appear on the
 * integration topics — exactly the published types, each once, in order per aggregate — and a
 * restarted relay resumes at its checkpoint.
 */
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import { SqliteEventStore } from '@gevinst/event-store';
import {
  EventRelay,
  INTEGRATION_HEADERS,
  KafkajsPublisher,
  SqliteCheckpointStore,
  createKafkaClient,
  ensureTopics,
  type IntegrationEvent,
} from '@gevinst/messaging';
import { ensureKafka, stopKafkaIfStarted } from './kafka-broker';
import {
  newEvent,
  readTopics,
  tempDir,
  testAreas,
  testKafka,
  testRegistry,
  type ReadMessage,
} from './support/kafka-test-tools';

jest.setTimeout(90_000);

let brokers: string[];
let reader: Kafka;

beforeAll(async () => {
  ({ brokers } = await ensureKafka());
  reader = testKafka(brokers);
}, 300_000);

afterAll(async () => {
  await stopKafkaIfStarted();
}, 120_000);

interface Setup {
  store: SqliteEventStore;
  checkpoints: SqliteCheckpointStore;
  areas: ReturnType<typeof testAreas>;
  newRelay(): { relay: EventRelay; publisher: KafkajsPublisher };
  cleanup(): Promise<void>;
}

const setup = async (): Promise<Setup> => {
  const { dir, remove } = tempDir('gevinst-relay-');
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const areas = testAreas();
  const kafka = createKafkaClient({ brokers, clientId: 'gevinst-relay-test' });
  await ensureTopics(kafka, [areas.businessCase, areas.budgetCut, areas.realisation].map((a) => ({ topic: a.topic })));
  const started: Array<{ relay: EventRelay; publisher: KafkajsPublisher }> = [];
  return {
    store,
    checkpoints,
    areas,
    newRelay: () => {
      const publisher = new KafkajsPublisher({ kafka });
      const relay = new EventRelay({ store, publisher, checkpoints, registry: testRegistry(areas), batchSize: 200 });
      started.push({ relay, publisher });
      return { relay, publisher };
    },
    cleanup: async () => {
      for (const { relay, publisher } of started) {
        await relay.stop();
        await publisher.close();
      }
      await store.close();
      checkpoints.close();
      remove();
    },
  };
};

const parse = (m: ReadMessage): IntegrationEvent<Record<string, unknown>> =>
  JSON.parse(m.value) as IntegrationEvent<Record<string, unknown>>;

test('(a) appended events appear on the topics: exactly the published ones, in order per aggregate', async () => {
  const s = await setup();
  try {
    const { relay } = s.newRelay();
    await relay.start();

    // 6 business cases, 3 budget cuts, 2 realisation streams; interleaved appends, and an
    // internal-only event type on each business case that must not be published.
    const expected = new Map<string, string[]>(); // aggregate id → event ids in append order
    const published = new Set<string>();
    const notPublished = new Set<string>();
    const append = async (stream: string, aggregateId: string, type: string, isPublished: boolean): Promise<void> => {
      const event = newEvent(type, { aggregateId, at: Date.now(), amountOre: 1_250_000_00 });
      await s.store.append(stream, [event], { expectedRevision: 'any' });
      if (isPublished) {
        published.add(event.id!);
        expected.set(aggregateId, [...(expected.get(aggregateId) ?? []), event.id!]);
      } else {
        notPublished.add(event.id!);
      }
    };
    for (let round = 0; round < 5; round++) {
      for (let c = 0; c < 6; c++) {
        const id = `bc-${c}`;
        await append(`business-case-${id}`, id, round === 0 ? 'BusinessCaseDrafted' : 'BusinessCaseRevised', true);
        if (round === 2) await append(`business-case-${id}`, id, 'InternalNoteAdded', false);
      }
      for (let b = 0; b < 3; b++) {
        const id = `cut-${b}`;
        await append(`harvest-${id}`, id, round % 2 === 0 ? 'BudgetCutProposed' : 'BudgetCutApproved', true);
      }
      for (let r = 0; r < 2; r++) await append(`realisation-case-${r}`, `case-${r}`, 'MeasurementRecorded', true);
    }
    const head = await s.store.headPosition();
    if (head === 'start') throw new Error('nothing appended');
    await relay.waitUntilPublished(head, 30_000);

    const topics = [s.areas.businessCase.topic, s.areas.budgetCut.topic, s.areas.realisation.topic];
    const messages = await readTopics(reader, topics, published.size, { settleMs: 1500 });

    // Exactly the published events, each once; no internal type leaked.
    const ids = messages.map((m) => m.headers[INTEGRATION_HEADERS.eventId]!);
    expect(ids).toHaveLength(published.size);
    expect(new Set(ids)).toEqual(published);
    expect(ids.some((id) => notPublished.has(id))).toBe(false);

    // Each area on its topic, keyed by aggregate id, in append order per key.
    const byKey = new Map<string, ReadMessage[]>();
    for (const m of messages) byKey.set(m.key!, [...(byKey.get(m.key!) ?? []), m]);
    for (const [aggregateId, eventIds] of expected) {
      const got = (byKey.get(aggregateId) ?? []).sort((a, b) => a.offset - b.offset);
      expect(new Set(got.map((m) => m.partition)).size).toBe(1);
      expect(got.map((m) => m.headers[INTEGRATION_HEADERS.eventId])).toEqual(eventIds);
      const versions = got.map((m) => BigInt(parse(m).aggregateVersion));
      expect([...versions].sort((a, b) => (a < b ? -1 : 1))).toEqual(versions);
    }
    for (const m of messages) {
      const event = parse(m);
      expect(event.aggregateId).toBe(m.key);
      expect(event.eventId).toBe(m.headers[INTEGRATION_HEADERS.eventId]);
      expect(m.headers[INTEGRATION_HEADERS.schema]).toBe(event.schema);
      const area = m.topic === s.areas.businessCase.topic ? s.areas.businessCase : m.topic === s.areas.budgetCut.topic ? s.areas.budgetCut : s.areas.realisation;
      expect(event.schema).toBe(area.schema);
      expect(event.data).toMatchObject({ aggregateId: event.aggregateId });
    }

    const status = relay.status();
    expect(status.publishedMessages).toBe(published.size);
    expect(status.skippedEvents).toBe(notPublished.size);
    expect((await relay.lag()).behind).toBe(0n);
  } finally {
    await s.cleanup();
  }
});

test('a restarted relay resumes at its checkpoint: nothing twice, nothing missed', async () => {
  const s = await setup();
  try {
    const first = s.newRelay();
    await first.relay.start();
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      const event = newEvent('BusinessCaseRevised', { i });
      await s.store.append(`business-case-restart-${i % 7}`, [event], { expectedRevision: 'any' });
      ids.push(event.id!);
    }
    await first.relay.waitUntilPublished((await s.store.headPosition()) as bigint);
    await first.relay.stop();
    await first.publisher.close();

    // Appended while no relay runs.
    for (let i = 150; i < 300; i++) {
      const event = newEvent('BusinessCaseRevised', { i });
      await s.store.append(`business-case-restart-${i % 7}`, [event], { expectedRevision: 'any' });
      ids.push(event.id!);
    }
    expect((await s.checkpoints.load('kafka-relay')) !== 'start').toBe(true);

    const second = s.newRelay();
    await second.relay.start();
    await second.relay.waitUntilPublished((await s.store.headPosition()) as bigint);
    expect(second.relay.status().publishedMessages).toBe(150);

    const messages = await readTopics(reader, [s.areas.businessCase.topic], ids.length, { settleMs: 1500 });
    const got = messages.map((m) => m.headers[INTEGRATION_HEADERS.eventId]);
    expect(got).toHaveLength(ids.length); // a clean stop leaves no duplicate behind
    expect(new Set(got)).toEqual(new Set(ids));
  } finally {
    await s.cleanup();
  }
});
