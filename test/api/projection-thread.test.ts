import { verifyReplay } from '@gevinst/read-models';
import type { Worker } from 'node:worker_threads';
import { ProjectionThread } from '../../apps/api/src/read-models/projection-thread';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type Summary = { caseId: string; title: string; status: string };
type Health = { projections: { lag: string; items: Array<{ name: string; position: string }> } };

/**
 * The embedded default runs the projections in a thread of their own: the API's thread reads
 * what that thread commits, sees every change it reports (its cached documents are dropped),
 * and a thread that crashes is started again and catches up from its checkpoints.
 */
describe('the projection thread', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const threadOf = (): { worker: Worker } => {
    const runner = h.app.get(ReadModels).runner;
    expect(runner).toBeInstanceOf(ProjectionThread);
    return runner as unknown as { worker: Worker };
  };

  it('answers a command once the read models include it, and a read after it sees the change, not a cached document', async () => {
    const created = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase({ title: 'Første udgave' }) });
    expect(created.status).toBe(201);
    const { caseId } = created.body;
    // Read it (the API thread now holds the summary in its caches) and change it many times.
    const titleInList = async (): Promise<string | undefined> =>
      (await h.request<{ items: Summary[] }>('GET', '/api/business-cases', { as: 'frida' })).body.items.find((c) => c.caseId === caseId)?.title;
    expect(await titleInList()).toBe('Første udgave');
    for (let n = 2; n <= 6; n++) {
      const revised = await h.request('POST', `/api/business-cases/${caseId}/revisions`, { as: 'carl', body: sampleCase({ title: `Udgave ${n}`, reason: 'Ny udgave' }) });
      expect(revised.status).toBe(200);
      // Right after the answer: the list (served from the API thread's caches) shows this revision.
      expect(await titleInList()).toBe(`Udgave ${n}`);
      const shown = await h.request<{ latestRevision: number }>('GET', `/api/business-cases/${caseId}`, { as: 'frida' });
      expect(shown.body.latestRevision).toBe(n);
    }
  });

  it('is started again when it crashes, and the read models catch up with what was written meanwhile', async () => {
    const thread = threadOf();
    const crashed = thread.worker;
    const exited = new Promise<number>((resolve) => crashed.once('exit', resolve));
    await crashed.terminate();
    expect(await exited).toBe(1);
    // Written while there is no thread (or just as it starts again): recorded, and answered
    // either when the read models include it or with read-models-behind.
    const created = await h.request<{ caseId: string; code?: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase({ title: 'Under genstarten' }) });
    expect([201, 503]).toContain(created.status);
    if (created.status === 503) expect(created.body.code).toBe('read-models-behind');
    // A new thread, caught up with the log.
    const deadline = Date.now() + 15_000;
    let health: Health | undefined;
    while (Date.now() < deadline) {
      health = (await h.request<Health>('GET', '/health')).body;
      if (thread.worker !== crashed && health.projections.lag === '0') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(thread.worker).not.toBe(crashed);
    expect(health?.projections.lag).toBe('0');
    const list = await h.request<{ items: Summary[] }>('GET', '/api/business-cases', { as: 'frida' });
    expect(list.body.items.map((c) => c.title)).toContain('Under genstarten');
    // And the next command is answered as usual.
    const after = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase({ title: 'Efter genstarten' }) });
    expect(after.status).toBe(201);
    const readModels = h.app.get(ReadModels);
    const replay = await verifyReplay(readModels.store, readModels.projections, readModels.docs);
    expect(replay.differences).toEqual([]);
    expect(replay.ok).toBe(true);
  });
});
