/**
 * The API with KAFKA_BROKERS set: business-case events appended through HTTP appear on the
 * public topic, keyed by the case, in order, as readable JSON with the event id as a header.
 */
import { randomUUID } from 'node:crypto';
import { INTEGRATION_TOPICS } from '@gevinst/messaging';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';
import { ensureKafka, stopKafkaIfStarted } from './kafka-broker';
import { testKafka } from './support/kafka-test-tools';

jest.setTimeout(120_000);

describe('the API publishes integration events to Kafka', () => {
  let h: Harness;
  let brokers: string[];

  beforeAll(async () => {
    ({ brokers } = await ensureKafka());
    h = await startApp({ KAFKA_BROKERS: brokers.join(',') });
  }, 300_000);
  afterAll(async () => {
    await h?.close();
    await stopKafkaIfStarted();
  });

  it('relays a case created, revised and submitted over HTTP, in order, keyed by the case', async () => {
    await registerDepartments(h);
    const created = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase() });
    const { caseId } = created.body;
    expect((await h.request('POST', `/api/business-cases/${caseId}/revisions`, { as: 'carl', body: sampleCase({ reason: 'Rettet' }) })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);

    const kafka = testKafka(brokers);
    const consumer = kafka.consumer({ groupId: `api-relay-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const mine: { value: Record<string, unknown>; eventId: string | undefined }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [INTEGRATION_TOPICS.businessCases], fromBeginning: true });
      let done: () => void = () => undefined;
      const enough = new Promise<void>((resolve) => (done = resolve));
      await consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== caseId) return;
          mine.push({ value: JSON.parse(message.value!.toString()) as Record<string, unknown>, eventId: message.headers?.['event-id']?.toString() });
          if (mine.length >= 3) done();
        },
      });
      await Promise.race([enough, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${mine.length} messages for ${caseId}`)), 60_000))]);
    } finally {
      await consumer.disconnect();
    }
    expect(mine.map((m) => m.value['type'])).toEqual([expect.stringMatching(/Drafted|Created/), expect.stringMatching(/Revised/), expect.stringMatching(/Submitted/)]);
    expect(new Set(mine.map((m) => m.eventId)).size).toBe(3);
    const health = await h.request<{ kafka: { lag: Record<string, number> } }>('GET', '/health');
    expect(health.body.kafka.lag).toHaveProperty('kafka-relay');
  });
});
