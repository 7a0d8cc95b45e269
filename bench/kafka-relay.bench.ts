import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners, type Message, type Producer } from 'kafkajs';
import type { EventMetadata, NewEvent, RecordedEvent } from '../libs/event-store/src/event';
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';
import {
  EventRelay,
  INTEGRATION_AREAS,
  InMemoryCheckpointStore,
  IntegrationEventRegistry,
  KafkajsPublisher,
  areaMappings,
  createKafkaClient,
  ensureTopics,
  type IntegrationArea,
  type OutgoingMessage,
} from '../libs/messaging/src';
import { ensureKafka, stopKafkaIfStarted } from '../test/kafka/kafka-broker';

/**
 * Relay throughput vs kafkajs alone, in one run against the same local broker:
 *   relay:  a 100,000-event SQLite log → subscription → integration events → idempotent
 *           producer (acks=all) in batches → checkpoint after each ack; timed from start until
 *           the checkpoint reaches the head of the log;
 *   direct: the very same messages (keys, values, headers; built before timing) sent by a
 *           kafkajs producer with the same settings and batch size, one batch after another.
 * Rounds alternate direct and relay (fresh topics each time); the best round of each is
 * compared, so a machine shared with other work disturbs both alike.
 * Target: relay >= 50 % of direct. Exits 1 when missed.
 *   node -r ./tools/register.js bench/kafka-relay.bench.ts
 * Uses $KAFKA_BROKERS, or starts (and stops) infra/kafka. BENCH_EVENTS, BENCH_BATCH, BENCH_ROUNDS.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARTITIONS = 3;
const TARGET = 0.5;

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const metadata = (i: number): EventMetadata => ({
  actorId: `user-${i % 40}`,
  actorRole: 'finance',
  recordedAt: new Date(1_735_689_600_000 + i * 1000).toISOString(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
});

const TYPES = ['BusinessCaseRevised', 'BudgetCutProposed', 'MeasurementRecorded', 'InternalNoteAdded'] as const;
const STREAM_KIND: Record<(typeof TYPES)[number], string> = {
  BusinessCaseRevised: 'business-case',
  BudgetCutProposed: 'budget-cut',
  MeasurementRecorded: 'realisation',
  InternalNoteAdded: 'business-case',
};

const runId = randomUUID().slice(0, 8);
/** Fresh topics per run and round: nothing from an earlier run is in the way. */
const registryFor = (who: string): IntegrationEventRegistry => {
  const area = (a: IntegrationArea): IntegrationArea => ({ ...a, topic: `${a.topic}.bench-${runId}-${who}` });
  return new IntegrationEventRegistry([
    ...areaMappings(area(INTEGRATION_AREAS.businessCase), ['BusinessCaseRevised']),
    ...areaMappings(area(INTEGRATION_AREAS.budgetCut), ['BudgetCutProposed']),
    ...areaMappings(area(INTEGRATION_AREAS.realisation), ['MeasurementRecorded']),
  ]);
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const main = async (): Promise<void> => {
  const { brokers } = await ensureKafka();
  const dir = mkdtempSync(join(tmpdir(), 'gevinst-relay-bench-'));
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  const kafka = createKafkaClient({ brokers, clientId: 'gevinst-relay-bench' });
  let producer: Producer | undefined;
  try {
    // The log: 10 events per append (one command), 2,000 aggregates, 1 in 4 events internal-only.
    const t0 = now();
    for (let i = 0; i < EVENTS; i += 10) {
      const type = TYPES[(i / 10) % TYPES.length]!;
      const aggregate = `${(i / 10) % 2000}`;
      const meta = metadata(i);
      const events: NewEvent[] = [];
      for (let j = i; j < Math.min(i + 10, EVENTS); j++) {
        events.push({
          id: randomUUID(),
          type,
          data: { aggregate, seq: j, title: 'Digital selvbetjening af boligstøtte', amountOre: 1_250_000_00 + j, year: 2026 },
          metadata: meta,
        });
      }
      await store.append(`${STREAM_KIND[type]}-${aggregate}`, events, { expectedRevision: 'any' });
    }
    const head = (await store.headPosition()) as bigint;
    console.log(`log: ${EVENTS} events appended in ${seconds(now() - t0)}`);

    const who = ['warmup', ...Array.from({ length: ROUNDS }, (_, r) => [`direct${r}`, `relay${r}`]).flat()];
    await ensureTopics(
      kafka,
      who.flatMap((w) => registryFor(w).topics()).map((topic) => ({ topic, numPartitions: PARTITIONS })),
    );

    /** The messages the relay sends for this log, built outside any timing. */
    const messagesFor = async (registry: IntegrationEventRegistry, limit = Infinity): Promise<OutgoingMessage[]> => {
      const out: OutgoingMessage[] = [];
      let after: bigint | 'start' = 'start';
      while (out.length < limit) {
        const page: RecordedEvent[] = await store.readAll({ after, maxCount: 5000 });
        if (page.length === 0) break;
        for (const e of page) {
          const m = registry.toMessage(e);
          if (m) out.push(m);
        }
        after = page[page.length - 1]!.position;
      }
      return out.slice(0, limit);
    };

    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sendDirect = async (messages: readonly OutgoingMessage[]): Promise<number> => {
      const start = now();
      for (let i = 0; i < messages.length; i += BATCH) {
        const byTopic = new Map<string, Message[]>();
        for (const m of messages.slice(i, i + BATCH)) {
          const list = byTopic.get(m.topic) ?? [];
          list.push({ key: m.key, value: m.value, headers: { ...m.headers } });
          byTopic.set(m.topic, list);
        }
        await producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })) });
      }
      return now() - start;
    };
    await sendDirect(await messagesFor(registryFor('warmup'), 10_000)); // JIT, connections, producer id

    const directMs: number[] = [];
    const relayMs: number[] = [];
    let published = 0;
    let skipped = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const direct = await messagesFor(registryFor(`direct${round}`));
      published = direct.length;
      directMs.push(await sendDirect(direct));

      const publisher = new KafkajsPublisher({ kafka });
      const relay = new EventRelay({
        store,
        publisher,
        checkpoints: new InMemoryCheckpointStore(),
        registry: registryFor(`relay${round}`),
        batchSize: BATCH,
      });
      const start = now();
      await relay.start();
      await relay.waitUntilPublished(head, 600_000);
      relayMs.push(now() - start);
      const status = relay.status();
      await relay.stop();
      await publisher.close();
      if (status.publishedMessages !== direct.length) {
        throw new Error(`relay published ${status.publishedMessages} messages, expected ${direct.length}`);
      }
      skipped = status.skippedEvents;
      console.log(`round ${round + 1}: direct ${seconds(directMs[round]!)}, relay ${seconds(relayMs[round]!)}`);
    }

    const directRate = published / (Math.min(...directMs) / 1000);
    const relayRate = published / (Math.min(...relayMs) / 1000);
    const ratio = relayRate / directRate;
    const medianRatio = median(directMs) / median(relayMs);
    console.log(`messages: ${published} per run from ${EVENTS} events (${skipped} internal-only skipped), batch ${BATCH}, acks=all, idempotent`);
    console.log(`direct kafkajs: ${directRate.toFixed(0)} msg/s (best of ${ROUNDS})`);
    console.log(`relay:          ${relayRate.toFixed(0)} msg/s (best of ${ROUNDS}; ${(EVENTS / (Math.min(...relayMs) / 1000)).toFixed(0)} log events/s)`);
    console.log(
      `ratio: ${(ratio * 100).toFixed(1)} % of direct, median rounds ${(medianRatio * 100).toFixed(1)} % ` +
        `(target >= ${TARGET * 100} %) ${ratio >= TARGET ? 'OK' : 'MISSED'}`,
    );
    process.exitCode = ratio >= TARGET ? 0 : 1;
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await stopKafkaIfStarted();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
