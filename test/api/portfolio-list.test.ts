import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type Summary = { caseId: string; title: string; status: string; departmentIds: string[]; createdAt: string };
type List = { items: Summary[]; next?: string | null };
type Problem = { status: number; code: string; 'invalid-params'?: { name: string; reason: string }[] };

/**
 * The portfolio list (GET /api/business-cases) is served from memory and refreshed per changed
 * case: every answer must still be what the read model holds (right after a command, for every
 * actor's scope and filter), and the optional paging must walk the same list.
 */
describe('portfolio list over HTTP', () => {
  let h: Harness;
  const list = (as: string, query = ''): Promise<{ status: number; body: List; headers: Headers }> => h.request<List>('GET', `/api/business-cases${query}`, { as });
  const create = async (as: string, overrides: Record<string, unknown>): Promise<string> => {
    const res = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as, body: sampleCase(overrides) });
    expect(res.status).toBe(201);
    return res.body.caseId;
  };

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    expect((await h.request('POST', '/api/departments', { as: 'ada', body: { departmentId: 'kultur', name: 'Kultur' } })).status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers every change at once (read-your-writes), per scope and filter, in creation order', async () => {
    expect((await list('frida')).body).toEqual({ items: [] });
    const a = await create('carl', { title: 'A' });
    const b = await create('carl', { title: 'B' });
    // Owned by social-og-sundhed, benefits there and in kultur: not borgerservice's.
    const lines = (sampleCase()['benefitLines'] as { departmentId: string }[]).map((l, i) => ({ ...l, departmentId: i === 0 ? 'kultur' : 'social-og-sundhed' }));
    const c = await create('cecilie', { title: 'C', owningDepartmentId: 'social-og-sundhed', benefitLines: lines });

    const all = await list('frida');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^application\/json/);
    expect(all.body.items.map((i) => i.title)).toEqual(['A', 'B', 'C']);
    expect(all.body).not.toHaveProperty('next');
    expect((await list('bo')).body.items.map((i) => i.caseId)).toEqual([a, b]);
    expect((await list('sara')).body.items.map((i) => i.caseId)).toEqual([a, b, c]);
    expect((await list('frida', '?department=kultur')).body.items.map((i) => i.caseId)).toEqual([c]);

    // A revision and a submit show in the very next answer, for every view.
    expect((await h.request('POST', `/api/business-cases/${b}/revisions`, { as: 'carl', body: sampleCase({ title: 'B2', reason: 'Ny titel' }) })).status).toBe(200);
    expect((await list('frida')).body.items.map((i) => i.title)).toEqual(['A', 'B2', 'C']);
    expect((await list('bo')).body.items.map((i) => i.title)).toEqual(['A', 'B2']);
    expect((await h.request('POST', `/api/business-cases/${a}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);
    expect((await list('frida', '?status=submitted')).body.items.map((i) => i.caseId)).toEqual([a]);
    expect((await list('frida', '?status=draft')).body.items.map((i) => i.caseId)).toEqual([b, c]);

    // The same answer as the read model's documents, ordered by creation.
    const live = (await list('revi')).body.items;
    const byPosition = await h.request<List>('GET', `/api/business-cases?asOfPosition=${(await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition}`, { as: 'revi' });
    expect(byPosition.body.items).toEqual(live);
  });

  it('names each version of each view with its own ETag', async () => {
    const first = await list('frida');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await list('frida')).headers.get('etag')).toBe(etag);
    // Another view has another ETag.
    expect((await list('bo')).headers.get('etag')).not.toBe(etag);
    expect((await list('frida', '?status=draft')).headers.get('etag')).not.toBe(etag);
    await create('carl', { title: 'D' });
    const changed = await list('frida');
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.body.items.map((i) => i.title)).toContain('D');
  });

  it('pages with limit and after: the pages together are the whole list', async () => {
    for (const t of ['E', 'F', 'G']) await create('carl', { title: t });
    const whole = (await list('frida')).body.items;
    expect(whole.length).toBeGreaterThanOrEqual(7);
    const pages: Summary[][] = [];
    let query = '?limit=3';
    for (;;) {
      const res = await list('frida', query);
      expect(res.status).toBe(200);
      pages.push(res.body.items);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      if (res.body.next === null) break;
      expect(typeof res.body.next).toBe('string');
      query = `?limit=3&after=${res.body.next}`;
    }
    expect(pages.flat()).toEqual(whole);
    expect(pages.length).toBe(Math.ceil(whole.length / 3));
    // Paging with a filter and a scope, and as of a position.
    const bo = (await list('bo', '?status=draft&limit=2')).body;
    expect(bo.items).toEqual((await list('bo', '?status=draft')).body.items.slice(0, 2));
    const asOf = await list('revi', `?asOfPosition=1000000&limit=2`);
    expect(asOf.status).toBe(400); // beyond the head
    const head = (await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition;
    const replayed = await list('revi', `?asOfPosition=${head}&limit=2&after=${whole[1]!.caseId}`);
    expect(replayed.body).toEqual({ items: whole.slice(2, 4), next: whole[3]!.caseId });
  });

  it('refuses a bad limit or cursor with a 400 naming it', async () => {
    for (const [query, name] of [
      ['?limit=0', 'limit'],
      ['?limit=10001', 'limit'],
      ['?limit=abc', 'limit'],
      ['?limit=1&limit=2', 'limit'],
      ['?after=no%20such', 'after'],
      ['?after=00000000-0000-4000-8000-000000000000', 'after'],
    ] as const) {
      const res = await h.request<Problem>('GET', `/api/business-cases${query}`, { as: 'frida' });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body['invalid-params']?.map((p) => p.name)).toContain(name);
    }
  });
});
