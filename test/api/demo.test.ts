import { devSigningSecret } from '@gevinst/platform';
import { demoAuthorToken, seedDemo, DEMO_DEPARTMENTS, type DemoClient } from '../../apps/api/src/demo/demo-data';
import { startApp, type Harness } from '../support/app-harness';

/** The demo data set goes through the real API and gives a living portfolio. */
describe('demo data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h.close();
  });

  it('seeds a municipality with departments, ~40 cases in every state, a re-baselined and a top-down case, and cuts', async () => {
    const secret = devSigningSecret(h.config);
    for (const d of DEMO_DEPARTMENTS) h.tokens[`author:${d.id}`] = await demoAuthorToken(secret, d.id);
    const client: DemoClient = { request: (method, url, as, body, headers) => h.request(method, url, { as, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) }) };
    const result = await seedDemo(client, (dept) => `author:${dept}`, new Date().getUTCFullYear());
    expect(result.departments).toBeGreaterThanOrEqual(6);
    expect(result.cases).toBeGreaterThanOrEqual(35);

    const list = await h.request<{ items: { title: string; status: string; topDownEstimate: boolean; approvedRevision: number | null }[] }>('GET', '/api/business-cases', { as: 'frida' });
    expect(list.body.items).toHaveLength(result.cases);
    const statuses = new Set(list.body.items.map((c) => c.status));
    for (const s of ['draft', 'submitted', 'rejected', 'approved', 'in-implementation', 'in-operation']) expect(statuses).toContain(s);
    expect(list.body.items.filter((c) => c.topDownEstimate).map((c) => c.title)).toEqual(['Digital Post til alle breve']);
    expect(list.body.items.some((c) => c.approvedRevision === 2)).toBe(true);

    const cuts = await h.request<{ items: { status: string }[] }>('GET', '/api/budget-cuts', { as: 'revi' });
    const cutStatuses = new Set(cuts.body.items.map((c) => c.status));
    for (const s of ['proposed', 'approved', 'booked']) expect(cutStatuses).toContain(s);

    // Realisation: every case in operation is measured; one lags (amber), one has turned red.
    expect(result.indicators).toBe(2 * list.body.items.filter((c) => c.status === 'in-operation').length);
    expect(result.measurements).toBeGreaterThan(result.indicators * 6);
    const realisation = await h.request<{ casesByColour: Record<string, string[]> }>('GET', '/api/realisation/portfolio', { as: 'frida' });
    expect(realisation.status).toBe(200);
    expect(realisation.body.casesByColour.red).toEqual([result.redCase]);
    expect(realisation.body.casesByColour.amber).toHaveLength(1);
    expect(realisation.body.casesByColour.green).toHaveLength(result.indicators / 2 - 2);
    const history = await h.request<{ colour: string; changes: { to: string }[]; redEpisodes: { acknowledged: unknown }[] }>('GET', `/api/business-cases/${result.redCase}/realisation/colour-history`, { as: 'revi' });
    expect(history.body.colour).toBe('red');
    expect(history.body.redEpisodes).toEqual([expect.objectContaining({ acknowledged: null })]);
  });
});
