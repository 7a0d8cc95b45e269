/**
 * The measurement consumer against a real broker, recording into the real SQLite event store
 * (whose command-id idempotency makes recordMeasurement idempotent on messageId):
 * (c) a valid message sent three times is recorded once; a transient failure is retried, not
 *     dead-lettered;
 * (d) malformed messages land in the dead-letter topic with a reason, and the consumer keeps going.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { EventStoreUnavailableError, SqliteEventStore } from '@gevinst/event-store';
import {
  DEAD_LETTER_HEADERS,
  KafkajsConsumer,
  KafkajsPublisher,
  MEASUREMENT_SCHEMA_V1,
  MeasurementConsumer,
  MeasurementRejected,
  createKafkaClient,
  ensureTopics,
  measurementTopicSpecs,
  type DeadLetterV1,
  type RecordMeasurementCommand,
} from '@gevinst/messaging';
import { ensureKafka, stopKafkaIfStarted } from './kafka-broker';
import { metadata, readTopics, tempDir, testKafka, uniqueName, waitFor } from './support/kafka-test-tools';

jest.setTimeout(90_000);

let brokers: string[];
let reader: Kafka;
let producer: Producer;

beforeAll(async () => {
  ({ brokers } = await ensureKafka());
  reader = testKafka(brokers);
  producer = reader.producer();
  await producer.connect();
}, 300_000);

afterAll(async () => {
  await producer?.disconnect();
  await stopKafkaIfStarted();
}, 120_000);

const INDICATORS: Record<string, string> = { 'sagsbehandlingstid-boligstoette': 'days', 'digital-andel': 'percent' };

interface Harness {
  topics: { measurements: string; deadLetters: string };
  store: SqliteEventStore;
  consumer: MeasurementConsumer;
  adapter: KafkajsConsumer;
  calls: RecordMeasurementCommand[];
  /** Message ids whose next N recordings fail as if the store were down. */
  failTransiently: Map<string, number>;
  recorded(indicatorId: string): Promise<number>;
  cleanup(): Promise<void>;
}

const harness = async (): Promise<Harness> => {
  const { dir, remove } = tempDir('gevinst-measure-');
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  const topics = { measurements: uniqueName('gevinst.measurements.v1'), deadLetters: uniqueName('gevinst.measurements.dlq.v1') };
  const kafka = createKafkaClient({ brokers, clientId: 'gevinst-measurement-test' });
  await ensureTopics(kafka, measurementTopicSpecs(topics));
  const calls: RecordMeasurementCommand[] = [];
  const failTransiently = new Map<string, number>();

  // Stands in for the domain's command handler: checks the indicator, appends with the message
  // id as command id (the store ignores a repeated command id).
  const recordMeasurement = async (command: RecordMeasurementCommand): Promise<void> => {
    calls.push(command);
    const failures = failTransiently.get(command.commandId) ?? 0;
    if (failures > 0) {
      failTransiently.set(command.commandId, failures - 1);
      throw new EventStoreUnavailableError('disk full (simulated)');
    }
    const unit = INDICATORS[command.indicatorId];
    if (!unit) throw new MeasurementRejected('unknown-indicator', `No indicator ${command.indicatorId}`);
    if (unit !== command.unit) {
      throw new MeasurementRejected('unit-mismatch', `${command.indicatorId} is measured in ${unit}, not ${command.unit}`);
    }
    const { receivedFrom: _receivedFrom, ...data } = command;
    await store.append(
      `indicator-${command.indicatorId}`,
      [{ type: 'MeasurementRecorded', data, metadata: metadata(command.commandId) }],
      { expectedRevision: 'any' },
    );
  };

  const adapter = new KafkajsConsumer({ kafka, groupId: uniqueName('gevinst-measurements') });
  const deadLetters = new KafkajsPublisher({ kafka });
  const consumer = new MeasurementConsumer({
    consumer: adapter,
    deadLetters,
    recordMeasurement,
    topic: topics.measurements,
    deadLetterTopic: topics.deadLetters,
    retry: { initialMs: 50, maxMs: 200 },
  });
  await consumer.start();
  await adapter.joined();
  return {
    topics,
    store,
    consumer,
    adapter,
    calls,
    failTransiently,
    recorded: async (indicatorId) =>
      (await store.readStream(`indicator-${indicatorId}`)).filter((e) => e.type === 'MeasurementRecorded').length,
    cleanup: async () => {
      await consumer.stop();
      await deadLetters.close();
      await store.close();
      remove();
    },
  };
};

const measurement = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  schema: MEASUREMENT_SCHEMA_V1,
  messageId: randomUUID(),
  indicatorId: 'sagsbehandlingstid-boligstoette',
  caseId: 'case-42',
  value: 12.5,
  unit: 'days',
  period: '2026-01',
  date: '2026-01-31',
  source: { system: 'KMD Nexus', reference: 'report-2026-01' },
  recordedBy: 'svc-nexus-export',
  ...overrides,
});

test('(c) a valid measurement sent three times is recorded once; a transient failure is retried', async () => {
  const h = await harness();
  try {
    const message = measurement();
    const value = JSON.stringify(message);
    // Three sends of the same message, one of them from another "producer session" and key.
    await producer.send({ topic: h.topics.measurements, messages: [{ key: 'case-42', value }, { key: 'case-42', value }] });
    await producer.send({ topic: h.topics.measurements, messages: [{ key: 'other', value }] });
    // And one that fails twice as if the store were down, then succeeds.
    const flaky = measurement({ indicatorId: 'digital-andel', unit: 'percent', value: 61.5 });
    h.failTransiently.set(flaky.messageId as string, 2);
    await producer.send({ topic: h.topics.measurements, messages: [{ key: 'case-42', value: JSON.stringify(flaky) }] });

    await waitFor(() => h.consumer.status().recorded >= 4, 30_000, 'four recordings');
    expect(await h.recorded('sagsbehandlingstid-boligstoette')).toBe(1);
    expect(await h.recorded('digital-andel')).toBe(1);
    expect(h.calls.filter((c) => c.commandId === message.messageId)).toHaveLength(3);
    expect(h.calls.filter((c) => c.commandId === flaky.messageId)).toHaveLength(3); // 2 failures + 1
    const [stored] = await h.store.readStream('indicator-sagsbehandlingstid-boligstoette');
    expect(stored!.metadata.commandId).toBe(message.messageId);
    expect(stored!.data).toMatchObject({ value: 12.5, unit: 'days', caseId: 'case-42', period: '2026-01', date: '2026-01-31' });

    const status = h.consumer.status();
    expect(status.deadLettered).toBe(0);
    expect(status.retries).toBe(2);
    await waitFor(async () => (await h.consumer.lag()).total === 0, 15_000, 'consumer lag 0');
  } finally {
    await h.cleanup();
  }
});

test('(d) malformed messages go to the dead-letter topic with a reason; the consumer keeps going', async () => {
  const h = await harness();
  try {
    const unknownIndicator = measurement({ indicatorId: 'no-such-indicator' });
    const huge = JSON.stringify(measurement({ note: 'x'.repeat(200 * 1024) }));
    const bad: Array<{ value: string | null; reason: string }> = [
      { value: '{"schema": "gevinst.measurement.v1", "messageId": ', reason: 'invalid-json' },
      { value: JSON.stringify(measurement({ unit: 'furlongs' })), reason: 'validation-failed' },
      { value: JSON.stringify(measurement({ value: 130, unit: 'percent', indicatorId: 'digital-andel' })), reason: 'validation-failed' },
      { value: JSON.stringify(unknownIndicator), reason: 'rejected' },
      { value: JSON.stringify(measurement({ unit: 'percent', value: 40 })), reason: 'rejected' },
      { value: huge, reason: 'payload-too-large' },
      { value: null, reason: 'empty-payload' },
    ];
    const good = measurement();
    await producer.send({
      topic: h.topics.measurements,
      messages: [
        ...bad.map((b) => ({ key: 'case-42', value: b.value, headers: { 'x-test': b.reason } })),
        { key: 'case-42', value: JSON.stringify(good) },
      ],
    });

    await waitFor(() => h.consumer.status().recorded >= 1, 30_000, 'the valid message after the bad ones');
    expect(await h.recorded('sagsbehandlingstid-boligstoette')).toBe(1);

    const letters = await readTopics(reader, [h.topics.deadLetters], bad.length, { settleMs: 1000 });
    expect(letters.map((l) => l.headers[DEAD_LETTER_HEADERS.reason])).toEqual(bad.map((b) => b.reason));
    letters.forEach((letter, i) => {
      const body = JSON.parse(letter.value) as DeadLetterV1;
      const original = Buffer.from(bad[i]!.value ?? '', 'utf8');
      expect(body.reason).toBe(bad[i]!.reason);
      expect(body.detail.length).toBeGreaterThan(0);
      expect(letter.headers[DEAD_LETTER_HEADERS.detail]).toBe(body.detail.slice(0, 500));
      expect(letter.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(h.topics.measurements);
      expect(letter.headers['x-test']).toBe(bad[i]!.reason); // the original headers travel along
      expect(letter.key).toBe('case-42');
      expect(body.source.topic).toBe(h.topics.measurements);
      expect(body.payload.sizeBytes).toBe(original.length);
      expect(body.payload.sha256).toBe(createHash('sha256').update(original).digest('hex'));
      expect(body.payload.data).toBe(original.toString('utf8'));
    });
    const [, wrongUnit, tooMuch, unknown, mismatch] = letters.map((l) => JSON.parse(l.value) as DeadLetterV1);
    expect(wrongUnit!.errors?.map((e) => e.field)).toContain('unit');
    expect(tooMuch!.errors?.map((e) => e.field)).toContain('value');
    expect(unknown!.code).toBe('unknown-indicator');
    expect(mismatch!.code).toBe('unit-mismatch');

    expect(h.consumer.status().deadLettered).toBe(bad.length);
    await waitFor(async () => (await h.consumer.lag()).total === 0, 15_000, 'consumer lag 0');
  } finally {
    await h.cleanup();
  }
});
