import { startEventStoreDbDouble } from '@gevinst/testing';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

/**
 * The same API on the EventStoreDB adapter (EVENTSTORE_URL): against a real server when the
 * variable is set, otherwise against the in-repo gRPC test double of the streams protocol.
 */
describe('the API on EventStoreDB', () => {
  let h: Harness;
  let double: { url: string; stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    if (!process.env['EVENTSTORE_URL']) double = await startEventStoreDbDouble();
    h = await startApp({ EVENTSTORE_URL: process.env['EVENTSTORE_URL'] ?? double!.url });
  });
  afterAll(async () => {
    await h?.close();
    await double?.stop();
  });

  it('reports EventStoreDB in health and runs a case through its lifecycle, with read models caught up', async () => {
    const health = await h.request<{ eventStore: { kind: string } }>('GET', '/health');
    expect(health.body.eventStore.kind).toBe('eventstoredb');
    await registerDepartments(h);
    const created = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase() });
    expect(created.status).toBe(201);
    const { caseId } = created.body;
    expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'frida', body: { revision: 1, reason: 'OK' } })).status).toBe(200);
    const list = await h.request<{ items: { caseId: string; status: string }[] }>('GET', '/api/business-cases', { as: 'frida' });
    expect(list.body.items.find((c) => c.caseId === caseId)?.status).toBe('approved');
    const stale = await h.request<{ code: string }>('POST', `/api/business-cases/${caseId}/revisions`, { as: 'carl', headers: { 'if-match': '"0"' }, body: sampleCase() });
    expect(stale.status).toBe(409);
  });
});
