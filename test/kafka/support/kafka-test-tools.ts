import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import type { EventMetadata, NewEvent } from '@gevinst/event-store';
import {
  INTEGRATION_AREAS,
  IntegrationEventRegistry,
  areaMappings,
  type IntegrationArea,
} from '@gevinst/messaging';

/** A name no earlier run used: topics on a reused broker never mix runs. */
export const uniqueName = (base: string): string => `${base}.test-${randomUUID().slice(0, 8)}`;

export const tempDir = (prefix: string): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** A plain kafkajs client for the test's own reading and writing (not the code under test). */
export const testKafka = (brokers: readonly string[]): Kafka =>
  new Kafka({ clientId: 'gevinst-test', brokers: [...brokers], logLevel: logLevel.NOTHING });

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const headerStrings = (headers: IHeaders | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
};

/**
 * Reads topics from the beginning (fresh group) until `count` messages arrived, then lingers
 * `settleMs` more to catch any surplus (a test of "exactly these" must see extras).
 */
export const readTopics = async (
  kafka: Kafka,
  topics: readonly string[],
  count: number,
  { timeoutMs = 30_000, settleMs = 500 }: { timeoutMs?: number; settleMs?: number } = {},
): Promise<ReadMessage[]> => {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  const received: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    let reached: () => void = () => undefined;
    const enough = new Promise<void>((r) => (reached = r));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        received.push({
          topic,
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
          headers: headerStrings(message.headers),
        });
        if (received.length >= count) reached();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      enough,
      new Promise<void>((r) => {
        timer = setTimeout(r, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (received.length >= count) await new Promise((r) => setTimeout(r, settleMs));
    return received;
  } finally {
    await consumer.disconnect();
  }
};

export const metadata = (commandId: string = randomUUID()): EventMetadata => ({
  actorId: 'tester',
  actorRole: 'finance',
  recordedAt: new Date().toISOString(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId,
});

export const newEvent = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: metadata(),
});

/** Areas with per-test topics; same schemas and stream kinds as production. */
export const testAreas = (): Record<keyof typeof INTEGRATION_AREAS, IntegrationArea> => ({
  businessCase: { ...INTEGRATION_AREAS.businessCase, topic: uniqueName(INTEGRATION_AREAS.businessCase.topic) },
  budgetCut: { ...INTEGRATION_AREAS.budgetCut, topic: uniqueName(INTEGRATION_AREAS.budgetCut.topic) },
  realisation: { ...INTEGRATION_AREAS.realisation, topic: uniqueName(INTEGRATION_AREAS.realisation.topic) },
});

/** Published types used by the tests; 'InternalNoteAdded' is deliberately not published. */
export const PUBLISHED_TYPES = {
  businessCase: ['BusinessCaseDrafted', 'BusinessCaseRevised', 'BusinessCaseApproved'],
  budgetCut: ['BudgetCutProposed', 'BudgetCutApproved'],
  realisation: ['MeasurementRecorded'],
} as const;

export const testRegistry = (areas: ReturnType<typeof testAreas>): IntegrationEventRegistry =>
  new IntegrationEventRegistry([
    ...areaMappings(areas.businessCase, PUBLISHED_TYPES.businessCase),
    ...areaMappings(areas.budgetCut, PUBLISHED_TYPES.budgetCut),
    ...areaMappings(areas.realisation, PUBLISHED_TYPES.realisation),
  ]);

export const waitFor = async (condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
