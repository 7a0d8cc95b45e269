import { randomUUID } from 'node:crypto';
import { IllegalState, NotFound } from '@gevinst/domain';
import type { BatchControl, ConsumedMessage, ConsumerLag, MessageConsumer, MessagePublisher, OutgoingMessage } from '../port/messages';
import { MEASUREMENT_SCHEMA_V1 } from './measurement-message';
import { MeasurementConsumer } from './measurement-consumer';
import { MeasurementRejected, type RecordMeasurementCommand } from './record-measurement';

const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  schema: MEASUREMENT_SCHEMA_V1,
  messageId: randomUUID(),
  indicatorId: 'digital-andel',
  caseId: 'case-1',
  value: 55,
  unit: 'percent',
  period: '2026-03',
  source: { system: 'portal' },
  recordedBy: 'svc',
  ...overrides,
});

let offset = 0;
const msg = (value: unknown): ConsumedMessage => ({
  topic: 'gevinst.measurements.v1',
  partition: 0,
  offset: String(offset++),
  key: null,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: '0',
});

class Control implements BatchControl {
  marked: string[] = [];
  heartbeats = 0;
  running = true;
  async heartbeat(): Promise<void> {
    this.heartbeats += 1;
  }
  markProcessed(message: ConsumedMessage): void {
    this.marked.push(message.offset);
  }
  shouldContinue(): boolean {
    return this.running;
  }
  async commitIfNecessary(): Promise<void> {}
}

class DeadLetters implements MessagePublisher {
  letters: OutgoingMessage[] = [];
  failNext = 0;
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('broker down (fake)');
    }
    this.letters.push(...messages);
  }
  async close(): Promise<void> {}
  reasons(): string[] {
    return this.letters.map((l) => l.headers!['dlq-reason']!);
  }
}

const noBroker: MessageConsumer = {
  start: async () => undefined,
  stop: async () => undefined,
  lag: async (): Promise<ConsumerLag> => ({ groupId: 'g', total: 0, partitions: [] }),
};

const consumerWith = (recordMeasurement: (c: RecordMeasurementCommand) => Promise<void>, deadLetters = new DeadLetters()) => ({
  deadLetters,
  consumer: new MeasurementConsumer({
    consumer: noBroker,
    deadLetters,
    recordMeasurement,
    retry: { initialMs: 1, maxMs: 5 },
  }),
});

describe('MeasurementConsumer', () => {
  it('records valid messages and dead-letters invalid ones, marking every message in order', async () => {
    const recorded: string[] = [];
    const { consumer, deadLetters } = consumerWith(async (c) => {
      recorded.push(c.commandId);
    });
    const good = valid();
    const batch = [msg('not json'), msg(valid({ unit: 'furlongs' })), msg(good)];
    const control = new Control();
    await consumer.handleBatch(batch, control);
    expect(recorded).toEqual([good.messageId]);
    expect(deadLetters.reasons()).toEqual(['invalid-json', 'validation-failed']);
    expect(control.marked).toEqual(batch.map((m) => m.offset));
    expect(consumer.status()).toMatchObject({ recorded: 1, deadLettered: 2 });
  });

  it('dead-letters typed rejections (ours and the domain’s) with their code', async () => {
    const { consumer, deadLetters } = consumerWith(async (c) => {
      if (c.indicatorId === 'unknown') throw new MeasurementRejected('unknown-indicator', 'no such indicator');
      throw new NotFound('case-not-found', 'no such case');
    });
    await consumer.handleBatch([msg(valid({ indicatorId: 'unknown' })), msg(valid())], new Control());
    const bodies = deadLetters.letters.map((l) => JSON.parse(String(l.value)) as { reason: string; code: string });
    expect(bodies.map((b) => [b.reason, b.code])).toEqual([
      ['rejected', 'unknown-indicator'],
      ['rejected', 'case-not-found'],
    ]);
  });

  it('takes the domain’s duplicate-measurement (a redelivery) as done, not as a rejection', async () => {
    const { consumer, deadLetters } = consumerWith(async (c) => {
      throw new IllegalState('duplicate-measurement', `Measurement ${c.commandId} is already recorded`);
    });
    const control = new Control();
    await consumer.handleBatch([msg(valid())], control);
    expect(deadLetters.letters).toHaveLength(0);
    expect(control.marked).toHaveLength(1);
    expect(consumer.status()).toMatchObject({ recorded: 0, alreadyRecorded: 1, deadLettered: 0 });
  });

  it('retries transient failures (heartbeating), never dead-letters them', async () => {
    let calls = 0;
    const { consumer, deadLetters } = consumerWith(async () => {
      calls += 1;
      if (calls < 4) throw new Error('SQLITE_BUSY');
    });
    const control = new Control();
    await consumer.handleBatch([msg(valid())], control);
    expect(calls).toBe(4);
    expect(deadLetters.letters).toHaveLength(0);
    expect(control.marked).toHaveLength(1);
    expect(control.heartbeats).toBeGreaterThanOrEqual(3);
    expect(consumer.status()).toMatchObject({ recorded: 1, retries: 3 });
  });

  it('lets go of the message, unmarked, when the partition is revoked during retries', async () => {
    const control = new Control();
    const { consumer } = consumerWith(async () => {
      control.running = false; // a rebalance happens while the store is down
      throw new Error('store unavailable');
    });
    const batch = [msg(valid()), msg(valid())];
    await consumer.handleBatch(batch, control);
    expect(control.marked).toEqual([]);
  });

  it('retries publishing a dead letter until the broker takes it', async () => {
    const deadLetters = new DeadLetters();
    deadLetters.failNext = 2;
    const { consumer } = consumerWith(async () => undefined, deadLetters);
    const control = new Control();
    await consumer.handleBatch([msg('{')], control);
    expect(deadLetters.letters).toHaveLength(1);
    expect(control.marked).toHaveLength(1);
  });
});
