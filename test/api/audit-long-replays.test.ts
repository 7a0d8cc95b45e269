import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store';
import { startApp, type Harness } from '../support/app-harness';

/**
 * The audit's whole-log replays (replay verification, what-if) run in the API process. They read
 * the log with other requests served between two pages: a replay of a long log does not hold
 * every other request until it is done.
 */
describe('long audit replays share the API with other requests', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinst-long-replays-'));
  let h: Harness | undefined;

  beforeAll(async () => {
    // 40,000 measurements of 100 cases, written straight to the log (the API's own appends would
    // take minutes): enough for replays of a few hundred milliseconds.
    const store = new SqliteEventStore(path.join(dataDir, 'events.sqlite'), { synchronous: 'NORMAL' });
    const recordedAt = '2026-03-01T08:00:00.000Z';
    const metadata = { actorId: 'system', actorRole: 'admin', recordedAt, correlationId: 'seed', causationId: 'seed', commandId: 'seed' };
    for (let batch = 0; batch < 8; batch++) {
      const events = Array.from({ length: 5000 }, (_, i) => {
        const n = batch * 5000 + i;
        return {
          type: 'MeasurementRecorded',
          data: { caseId: `seeded-${n % 100}`, measurementId: `m-${n}`, indicatorId: `i${n % 8}`, value: n % 100, unit: 'percent', period: '2026-02', source: { kind: 'system', system: 'seed' }, recordedBy: 'system', recordedAt },
          metadata: { ...metadata, commandId: `seed-${batch}` },
        };
      });
      await store.append(`realisation-seeded-${batch}`, events, { expectedRevision: 'no-stream' });
    }
    await store.close();
    h = await startApp({ AS_OF_KEYFRAME_EVERY: '0' }, dataDir);
    // The read models catch up first: replay verification replays up to their checkpoints.
    const deadline = Date.now() + 100_000;
    while ((await h.request<{ projections: { lag: string } }>('GET', '/health')).body.projections.lag !== '0') {
      if (Date.now() > deadline) throw new Error('the read models did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends `/health` every 10 ms while `slow` runs; how many answered before it did. */
  const answeredMeanwhile = async (slow: () => Promise<{ status: number }>): Promise<{ status: number; answered: number }> => {
    let done = false;
    let answered = 0;
    const result = slow().finally(() => {
      done = true;
    });
    const probes = (async () => {
      while (!done) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (done) break;
        const res = await h!.request('GET', '/health');
        if (res.status === 200 && !done) answered++;
      }
    })();
    const { status } = await result;
    await probes;
    return { status, answered };
  };

  it('answers other requests while replay verification replays the whole log', async () => {
    const started = Date.now();
    const { status, answered } = await answeredMeanwhile(() => h!.request('GET', '/api/audit/replay-verify', { as: 'revi' }));
    expect(status).toBe(200);
    // The replay takes hundreds of milliseconds; a blocked event loop answers none meanwhile.
    expect(Date.now() - started).toBeGreaterThan(150);
    expect(answered).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('answers other requests while a what-if replays the log twice', async () => {
    const { status, answered } = await answeredMeanwhile(() => h!.request('GET', '/api/audit/what-if?discountRatePct=2.5', { as: 'revi' }));
    expect(status).toBe(200);
    expect(answered).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
