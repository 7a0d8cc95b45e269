/**
 * Interoperability with a client nobody here wrote: kcat (librdkafka) reads the relay's
 * integration events (key, headers, JSON payload), and a measurement produced by kcat is
 * recorded by our consumer. Skipped, with a notice, where kcat is not installed
 * (`apt-get install -y kcat`; see infra/kafka/README.md).
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SqliteEventStore } from '@gevinst/event-store';
import {
  EventRelay,
  InMemoryCheckpointStore,
  KafkajsConsumer,
  KafkajsPublisher,
  MEASUREMENT_SCHEMA_V1,
  MeasurementConsumer,
  createKafkaClient,
  ensureTopics,
  measurementTopicSpecs,
  type IntegrationEvent,
  type RecordMeasurementCommand,
} from '@gevinst/messaging';
import { ensureKafka, stopKafkaIfStarted } from './kafka-broker';
import { newEvent, tempDir, testAreas, testRegistry, uniqueName, waitFor } from './support/kafka-test-tools';

const run = promisify(execFile);
const hasKcat = spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
const kcatTest = hasKcat ? test : test.skip;
if (!hasKcat) console.warn('kcat is not installed: skipping the kcat interoperability tests (apt-get install -y kcat)');

jest.setTimeout(90_000);

let brokers: string[] = [];

beforeAll(async () => {
  if (hasKcat) ({ brokers } = await ensureKafka());
}, 300_000);

afterAll(async () => {
  if (hasKcat) await stopKafkaIfStarted();
}, 120_000);

/** One line of `kcat -C -J`. */
interface KcatMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  /** Alternating names and values. */
  headers?: string[];
}

const headersOf = (m: KcatMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < (m.headers?.length ?? 0); i += 2) out[m.headers![i]!] = m.headers![i + 1]!;
  return out;
};

kcatTest('kcat reads the integration events the relay published', async () => {
  const { dir, remove } = tempDir('gevinst-kcat-');
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  const areas = testAreas();
  const kafka = createKafkaClient({ brokers, clientId: 'gevinst-kcat-test' });
  await ensureTopics(kafka, [{ topic: areas.businessCase.topic }]);
  const publisher = new KafkajsPublisher({ kafka });
  const relay = new EventRelay({ store, publisher, checkpoints: new InMemoryCheckpointStore(), registry: testRegistry(areas) });
  try {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const event = newEvent(i === 0 ? 'BusinessCaseDrafted' : 'BusinessCaseRevised', { revision: i, title: 'Digital post – æøå' });
      await store.append('business-case-kcat-1', [event], { expectedRevision: 'any' });
      ids.push(event.id!);
    }
    await relay.start();
    await relay.waitUntilPublished((await store.headPosition()) as bigint);

    const { stdout } = await run(
      'kcat',
      ['-b', brokers.join(','), '-C', '-t', areas.businessCase.topic, '-o', 'beginning', '-e', '-q', '-J'],
      { timeout: 30_000 },
    );
    const messages = stdout
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as KcatMessage);
    expect(messages.map((m) => headersOf(m)['event-id'])).toEqual(ids);
    for (const m of messages) {
      expect(m.key).toBe('kcat-1');
      expect(headersOf(m)['content-type']).toBe('application/json');
      const event = JSON.parse(m.payload!) as IntegrationEvent<{ title: string }>;
      expect(event.schema).toBe('gevinst.business-case.v1');
      expect(event.aggregateId).toBe('kcat-1');
      expect(event.data.title).toBe('Digital post – æøå');
    }
  } finally {
    await relay.stop();
    await publisher.close();
    await store.close();
    remove();
  }
});

kcatTest('a measurement produced by kcat is recorded by our consumer', async () => {
  const topics = { measurements: uniqueName('gevinst.measurements.v1'), deadLetters: uniqueName('gevinst.measurements.dlq.v1') };
  const kafka = createKafkaClient({ brokers, clientId: 'gevinst-kcat-test' });
  await ensureTopics(kafka, measurementTopicSpecs(topics));
  const recorded: RecordMeasurementCommand[] = [];
  const adapter = new KafkajsConsumer({ kafka, groupId: uniqueName('gevinst-kcat-measurements') });
  const deadLetters = new KafkajsPublisher({ kafka });
  const consumer = new MeasurementConsumer({
    consumer: adapter,
    deadLetters,
    recordMeasurement: async (command) => {
      recorded.push(command);
    },
    topic: topics.measurements,
    deadLetterTopic: topics.deadLetters,
  });
  try {
    await consumer.start();
    const messageId = randomUUID();
    const payload = JSON.stringify({
      schema: MEASUREMENT_SCHEMA_V1,
      messageId,
      indicatorId: 'digital-andel',
      caseId: 'case-7',
      value: 73.2,
      unit: 'percent',
      period: '2026-03',
      source: { system: 'kcat' },
      recordedBy: 'ops',
    });
    const producer = execFile('kcat', ['-b', brokers.join(','), '-P', '-t', topics.measurements, '-k', 'case-7']);
    producer.stdin!.end(`${payload}\n`);
    await new Promise<void>((resolve, reject) =>
      producer.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited ${code}`)))),
    );
    await waitFor(() => recorded.length >= 1, 30_000, 'the kcat measurement to be recorded');
    expect(recorded[0]).toMatchObject({ commandId: messageId, indicatorId: 'digital-andel', value: 73.2, unit: 'percent' });
    expect(consumer.status().deadLettered).toBe(0);
  } finally {
    await consumer.stop();
    await deadLetters.close();
  }
});
