/**
 * (b) The broker goes away while events are being appended, and comes back: the relay retries
 * the same batch with backoff, never moves its checkpoint past what the broker acknowledged,
 * and after the broker returns every event is published. A consumer that drops duplicates by
 * the event-id header sees each event exactly once, in order per aggregate.
 *
 * Runs its own broker (free ports, temp dir): stopping the shared one would break other tests.
 */
import { join } from 'node:path';
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
import { startDedicatedKafka, type DedicatedKafka } from './kafka-broker';
import {
  newEvent,
  readTopics,
  tempDir,
  testAreas,
  testKafka,
  testRegistry,
  waitFor,
} from './support/kafka-test-tools';

jest.setTimeout(150_000);

let kafka: DedicatedKafka | undefined;

afterAll(async () => {
  await kafka?.dispose();
}, 120_000);

test('(b) broker stopped during appends and started again: every event published, none lost', async () => {
  kafka = await startDedicatedKafka();
  const { dir, remove } = tempDir('gevinst-outage-');
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  const checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  const areas = testAreas();
  const client = createKafkaClient({ brokers: kafka.brokers, clientId: 'gevinst-outage-test', kafkaLogLevel: 'nothing' });
  await ensureTopics(client, [{ topic: areas.businessCase.topic }, { topic: areas.budgetCut.topic }]);
  const publisher = new KafkajsPublisher({ kafka: client, ackTimeoutMs: 5000 });
  const relay = new EventRelay({
    store,
    publisher,
    checkpoints,
    registry: testRegistry(areas),
    batchSize: 50,
    retry: { initialMs: 100, maxMs: 1000 },
  });

  const appended: Array<{ id: string; key: string }> = [];
  let appending = true;
  const appender = (async () => {
    for (let i = 0; appending; i++) {
      const isCut = i % 3 === 0;
      const key = isCut ? `cut-${i % 4}` : `case-${i % 5}`;
      const event = newEvent(isCut ? 'BudgetCutProposed' : 'BusinessCaseRevised', { i });
      await store.append(isCut ? `harvest-${key}` : `business-case-${key}`, [event], { expectedRevision: 'any' });
      appended.push({ id: event.id!, key });
      await new Promise((r) => setTimeout(r, 3));
    }
  })();

  try {
    await relay.start();
    await waitFor(() => appended.length >= 100 && relay.status().publishedMessages > 0, 30_000, 'first events published');

    const t0 = Date.now();
    await kafka.stop();
    const stopMs = Date.now() - t0;
    const appendedAtStop = appended.length;
    await waitFor(() => relay.status().state === 'retrying', 30_000, 'the relay to notice the broker is gone');
    await waitFor(() => appended.length >= appendedAtStop + 150, 30_000, 'appends while the broker is down');
    // Nothing acknowledged, so the checkpoint cannot have passed the events appended while down.
    const checkpointWhileDown = relay.status().checkpoint;
    const status = relay.status();
    expect(status.consecutiveFailures).toBeGreaterThan(0);
    expect(status.lastError).toBeDefined();

    const t1 = Date.now();
    await kafka.start();
    const startMs = Date.now() - t1;
    const appendedAtRestart = appended.length;
    await waitFor(() => appended.length >= appendedAtRestart + 100, 30_000, 'appends after the broker is back');
    appending = false;
    await appender;

    const head = await store.headPosition();
    const t2 = Date.now();
    await relay.waitUntilPublished(head as bigint, 60_000);
    const catchUpMs = Date.now() - t2;
    expect(BigInt(relay.status().checkpoint)).toBeGreaterThan(BigInt(checkpointWhileDown === 'start' ? 0 : checkpointWhileDown));
    expect(relay.status().state).toBe('running');

    const reader = testKafka(kafka.brokers);
    const messages = await readTopics(reader, [areas.businessCase.topic, areas.budgetCut.topic], appended.length, {
      timeoutMs: 30_000,
      settleMs: 1500,
    });
    // A consumer that drops duplicates by event-id header (offset order within a partition).
    const seen = new Set<string>();
    const deduplicated = messages
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition || a.offset - b.offset : a.topic < b.topic ? -1 : 1))
      .filter((m) => {
        const id = m.headers[INTEGRATION_HEADERS.eventId]!;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    expect(deduplicated).toHaveLength(appended.length);
    expect(new Set(deduplicated.map((m) => m.headers[INTEGRATION_HEADERS.eventId]))).toEqual(
      new Set(appended.map((a) => a.id)),
    );
    // Per aggregate: the order of appending.
    for (const key of new Set(appended.map((a) => a.key))) {
      const expected = appended.filter((a) => a.key === key).map((a) => a.id);
      const got = deduplicated.filter((m) => m.key === key).map((m) => (JSON.parse(m.value) as IntegrationEvent).eventId);
      expect(got).toEqual(expected);
    }
    console.info(
      `outage test: ${appended.length} events, ${messages.length} messages read ` +
        `(${messages.length - deduplicated.length} duplicates dropped by event-id); broker stop ${stopMs} ms, ` +
        `down ${t1 - t0} ms, restart ${startMs} ms, relay caught up ${catchUpMs} ms after the last append`,
    );
  } finally {
    appending = false;
    await appender.catch(() => undefined);
    await relay.stop();
    await publisher.close();
    await store.close();
    checkpoints.close();
    remove();
  }
});
