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
  });
});
