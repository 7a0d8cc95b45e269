import { request as httpRequest } from 'node:http';
import { signDevToken } from '@gevinst/platform';
import { ResponseCache } from '../../apps/api/src/http/response-cache';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type CaseView = { caseId: string; status: string; etag: string; current: { title: string } };
type Ledger = { departmentId: string; years: { year: number; baseline: number | null; proposed: number }[] };
type Cuts = { items: { cutId: string; status: string }[] };
type Departments = { items: { departmentId: string; headId: string | null }[] };
type Me = { id: string; role: string; departments: string[] };

const THIS_YEAR = new Date().getUTCFullYear();

/**
 * GET answers served from the response cache (apps/api/src/http/response-cache.ts) over real
 * HTTP: after a command's 2xx the next read shows it (read-your-writes), one role's or
 * department's answer is never served to another, and a cached answer is the same bytes and
 * headers as a fresh one. Each test reads twice first, and checks the cache really answered.
 */
describe('response cache over HTTP', () => {
  let h: Harness;
  let cache: ResponseCache;
  const get = <T>(as: string, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T; headers: Headers }> => h.request<T>('GET', url, { as, headers });
  /** Reads twice and checks the second came from the cache; returns the second. */
  const cached = async <T>(as: string, url: string): Promise<{ status: number; body: T; headers: Headers }> => {
    const first = await get<T>(as, url);
    const hits = cache.hits;
    const second = await get<T>(as, url);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    if (first.status === 200) expect(cache.hits).toBe(hits + 1);
    return second;
  };
  const create = async (as: string, overrides: Record<string, unknown> = {}): Promise<string> => {
    const res = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as, body: sampleCase(overrides) });
    expect(res.status).toBe(201);
    return res.body.caseId;
  };
  /** Owned by social-og-sundhed, with its benefits there only: not borgerservice's. */
  const socialCase = (title: string): Record<string, unknown> => ({
    title,
    owningDepartmentId: 'social-og-sundhed',
    benefitLines: (sampleCase()['benefitLines'] as { departmentId: string }[]).map((l) => ({ ...l, departmentId: 'social-og-sundhed' })),
  });

  beforeAll(async () => {
    h = await startApp();
    cache = h.app.get(ResponseCache);
    await registerDepartments(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('serves the same bytes and headers from the cache, and still answers If-None-Match with 304', async () => {
    const caseId = await create('carl', { title: 'Bytes' });
    const url = `/api/business-cases/${caseId}`;
    const first = await h.request<string>('GET', url, { as: 'revi', headers: { accept: 'application/json' } });
    const raw = async (): Promise<{ text: string; headers: Headers }> => {
      const res = await fetch(`${h.baseUrl}${url}`, { headers: { authorization: `Bearer ${h.tokens['revi']}` } });
      return { text: await res.text(), headers: res.headers };
    };
    const hits = cache.hits;
    const a = await raw();
    const b = await raw();
    expect(cache.hits).toBeGreaterThanOrEqual(hits + 1);
    expect(b.text).toBe(a.text);
    expect(JSON.parse(b.text)).toEqual(first.body);
    for (const name of ['content-type', 'etag', 'content-length']) expect(b.headers.get(name)).toBe(a.headers.get(name));
    expect(b.headers.get('etag')).toBe('"0"');
    // (Not with fetch: it adds Cache-Control: no-cache to a conditional request.)
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${h.baseUrl}${url}`, { headers: { authorization: `Bearer ${h.tokens['revi']}`, 'if-none-match': b.headers.get('etag')! } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(304);
  });

  it('shows a revision, a submit and an approval in the very next read of the case and the list', async () => {
    const caseId = await create('carl', { title: 'Før' });
    const url = `/api/business-cases/${caseId}`;
    expect((await cached<CaseView>('revi', url)).body.current.title).toBe('Før');
    expect((await cached<{ items: { caseId: string; title: string }[] }>('frida', '/api/business-cases')).body.items.find((i) => i.caseId === caseId)?.title).toBe('Før');

    expect((await h.request('POST', `${url}/revisions`, { as: 'carl', body: sampleCase({ title: 'Efter', reason: 'Ny titel' }) })).status).toBe(200);
    const revised = await get<CaseView>('revi', url);
    expect(revised.body.current.title).toBe('Efter');
    expect(revised.headers.get('etag')).toBe('"1"');
    expect((await get<{ items: { caseId: string; title: string }[] }>('frida', '/api/business-cases')).body.items.find((i) => i.caseId === caseId)?.title).toBe('Efter');

    await cached('revi', url);
    expect((await h.request('POST', `${url}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);
    expect((await get<CaseView>('revi', url)).body.status).toBe('submitted');
    await cached('revi', url);
    expect((await h.request('POST', `${url}/approve`, { as: 'mette', body: { revision: 2, reason: 'Godkendt' } })).status).toBe(200);
    expect((await get<CaseView>('revi', url)).body.status).toBe('approved');
    expect((await cached<{ revision: number }>('mette', `${url}/revisions/2/economics`)).body.revision).toBe(2);
  });

  it('shows a budget, a new department, a new head and a budget cut in the very next read', async () => {
    const ledgerUrl = '/api/departments/borgerservice/ledger';
    const year = (l: Ledger, y: number) => l.years.find((x) => x.year === y);
    expect(year((await cached<Ledger>('frank', ledgerUrl)).body, 2029)?.baseline).toBe(50_000_000_00);
    expect((await h.request('PUT', '/api/departments/borgerservice/budgets/2029', { as: 'frida', body: { amount: 49_000_000_00, reason: 'Justering' } })).status).toBe(200);
    expect(year((await get<Ledger>('frank', ledgerUrl)).body, 2029)?.baseline).toBe(49_000_000_00);

    expect((await cached<Departments>('ada', '/api/departments')).body.items.map((d) => d.departmentId)).not.toContain('kultur');
    expect((await h.request('POST', '/api/departments', { as: 'ada', body: { departmentId: 'kultur', name: 'Kultur' } })).status).toBe(201);
    expect((await get<Departments>('ada', '/api/departments')).body.items.map((d) => d.departmentId)).toContain('kultur');
    await cached('ada', '/api/departments');
    expect((await h.request('PUT', '/api/departments/kultur/head', { as: 'ada', body: { headId: 'kim', reason: 'Ny chef' } })).status).toBe(200);
    expect((await get<Departments>('ada', '/api/departments')).body.items.find((d) => d.departmentId === 'kultur')?.headId).toBe('kim');

    const caseId = await create('carl', { title: 'Med besparelse' });
    expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'mette', body: { revision: 1, reason: 'Godkendt' } })).status).toBe(200);
    expect((await h.request('PUT', '/api/retained-share/default', { as: 'frida', body: { pct: 25, effectiveFromYear: THIS_YEAR, reason: 'Byrådets beslutning' } })).status).toBe(200);
    const cutsUrl = `/api/business-cases/${caseId}/budget-cuts`;
    expect((await cached<Cuts>('frida', cutsUrl)).body.items).toEqual([]);
    const proposedBefore = year((await cached<Ledger>('frank', ledgerUrl)).body, 2028)?.proposed ?? 0;
    const proposed = await h.request<{ cutId: string }>('POST', cutsUrl, { as: 'frida', body: { departmentId: 'borgerservice', year: 2028 } });
    expect(proposed.status).toBe(201);
    expect((await get<Cuts>('frida', cutsUrl)).body.items.map((c) => [c.cutId, c.status])).toEqual([[proposed.body.cutId, 'proposed']]);
    expect(year((await get<Ledger>('frank', ledgerUrl)).body, 2028)?.proposed).toBeGreaterThan(proposedBefore);
    await cached('frida', cutsUrl);
    expect((await h.request('POST', `${cutsUrl}/${proposed.body.cutId}/approve`, { as: 'frank', body: {} })).status).toBe(200);
    expect((await get<Cuts>('frida', cutsUrl)).body.items.map((c) => c.status)).toEqual(['approved']);
  });

  it('never serves one department’s or role’s answer to another', async () => {
    const social = await create('cecilie', socialCase('Social sag'));
    const url = `/api/business-cases/${social}`;
    // Cached for social-og-sundhed's head; borgerservice's head and case author are still refused.
    expect((await cached('sara', url)).status).toBe(200);
    expect((await get('bo', url)).status).toBe(403);
    expect((await get('carl', url)).status).toBe(403);
    // Ledgers: the same.
    expect((await cached('sara', '/api/departments/social-og-sundhed/ledger')).status).toBe(200);
    expect((await get('bo', '/api/departments/social-og-sundhed/ledger')).status).toBe(403);
    expect((await cached('bo', '/api/departments/borgerservice/ledger')).status).toBe(200);
    expect((await get('sara', '/api/departments/borgerservice/ledger')).status).toBe(403);
    // The portfolio and the departments: each scope its own answer, however often asked.
    const own = (items: { caseId: string }[]) => items.map((i) => i.caseId).includes(social);
    for (let i = 0; i < 2; i++) {
      expect(own((await get<{ items: { caseId: string }[] }>('sara', '/api/business-cases')).body.items)).toBe(true);
      expect(own((await get<{ items: { caseId: string }[] }>('bo', '/api/business-cases')).body.items)).toBe(false);
      expect(own((await get<{ items: { caseId: string }[] }>('carl', '/api/business-cases')).body.items)).toBe(false);
      expect(own((await get<{ items: { caseId: string }[] }>('frida', '/api/business-cases')).body.items)).toBe(true);
      expect((await get<Departments>('bo', '/api/departments')).body.items.map((d) => d.departmentId)).toEqual(['borgerservice']);
      expect((await get<Departments>('sara', '/api/departments')).body.items.map((d) => d.departmentId)).toEqual(['social-og-sundhed']);
      expect((await get<Departments>('frida', '/api/departments')).body.items.length).toBeGreaterThan(2);
    }
  });

  it('answers /api/me for the person asking, also between two people of the same role and scope', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await get<Me>('frida', '/api/me')).body.id).toBe('frida');
      expect((await get<Me>('frank', '/api/me')).body.id).toBe('frank');
      expect((await get<Me>('bo', '/api/me')).body).toMatchObject({ id: 'bo', departments: ['borgerservice'] });
    }
    await cached('frida', '/api/me');
  });

  it('still authenticates every request: a bad or expired token on a cached URL is a 401', async () => {
    const url = '/api/departments';
    await cached('frida', url);
    expect((await get(`${h.tokens['frida']!.slice(0, -2)}xx`, url)).status).toBe(401);
    expect((await h.request('GET', url)).status).toBe(401);
    const expired = await signDevToken(h.config, 'frida', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await get(expired, url)).status).toBe(401);
  });

  it('never keeps an answer made while a command changed its sources (reads racing revisions)', async () => {
    const caseId = await create('carl', { title: 'Race 0' });
    const url = `/api/business-cases/${caseId}`;
    for (let n = 1; n <= 15; n++) {
      // Reads in flight while the revision is written and applied.
      const reads = Array.from({ length: 6 }, () => get<CaseView>('revi', url));
      const listReads = Array.from({ length: 3 }, () => get('frida', '/api/business-cases'));
      const revised = await h.request('POST', `${url}/revisions`, { as: 'carl', body: sampleCase({ title: `Race ${n}`, reason: 'Igen' }) });
      expect(revised.status).toBe(200);
      await Promise.all([...reads, ...listReads]);
      // After the 2xx (and after every racing read has been answered, and maybe kept): the new title.
      expect((await get<CaseView>('revi', url)).body.current.title).toBe(`Race ${n}`);
      expect((await get<{ items: { caseId: string; title: string }[] }>('frida', '/api/business-cases')).body.items.find((i) => i.caseId === caseId)?.title).toBe(`Race ${n}`);
    }
  });

  it('does not cache as-of reads', async () => {
    const caseId = await create('carl', { title: 'Som før' });
    const head = (await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition;
    const url = `/api/business-cases/${caseId}?asOfPosition=${head}`;
    const stores = cache.stores;
    expect((await get<CaseView>('revi', url)).body.current.title).toBe('Som før');
    expect((await get<CaseView>('revi', url)).body.current.title).toBe('Som før');
    expect(cache.stores).toBe(stores);
  });
});
