/**
 * Access: walks the whole of access-table.ts (every endpoint × every principal, including no
 * token, an expired token, a token signed with another key and tokens for another department)
 * against the real app over HTTP, and fails when the OpenAPI document has an endpoint the table
 * lacks, so that every new endpoint gets its row.
 */
import { loadConfig, signDevToken } from '@gevinst/platform';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments } from '../support/fixtures';
import { ACCESS_TABLE, BASELINE_DATE, borgerserviceCase, MONTH_BEFORE, NO_2XX_NEEDED, PRINCIPALS, UNDOCUMENTED, type Expected, type Fixtures, type Principal } from './access-table';
import { operationKey, operationsOf, type OpenApiDocument } from './support/openapi';

jest.setTimeout(60_000);

describe('access: every endpoint × every principal', () => {
  let h: Harness;
  let fixtures: Fixtures;
  const tokens: Partial<Record<Principal, string>> = {};

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    for (const p of PRINCIPALS) if (h.tokens[p]) tokens[p] = h.tokens[p];
    tokens['expired'] = await signDevToken(h.config, 'frida', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    tokens['wrong-key'] = await signDevToken(loadConfig({ DATA_DIR: h.dataDir, DEV_TOKEN_SECRET: 'an-entirely-different-signing-secret-0123456789' }), 'frida');

    const ok = async <T>(method: string, url: string, as: string, body?: unknown): Promise<T> => {
      const res = await h.request<T>(method, url, { as, ...(body !== undefined ? { body } : {}) });
      if (res.status >= 300) throw new Error(`fixture ${method} ${url} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const create = async (): Promise<string> => (await ok<{ caseId: string }>('POST', '/api/business-cases', 'carl', borgerserviceCase())).caseId;
    const submit = async (caseId: string): Promise<string> => (await ok('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Klar' }), caseId);
    const approve = async (caseId: string): Promise<string> => (await ok('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt' }), caseId);
    await ok('PUT', '/api/retained-share/default', 'frida', { pct: 25, effectiveFromYear: new Date().getUTCFullYear(), reason: 'Politik' });
    const B = await approve(await submit(await create()));
    const cut = async (): Promise<string> => (await ok<{ cutId: string }>('POST', `/api/business-cases/${B}/budget-cuts`, 'frida', { departmentId: 'borgerservice', year: 2029, amount: 1_000_00 })).cutId;
    const cutP = await cut();
    const cutR = await cut();
    const cutK = await cut();
    await ok('POST', `/api/business-cases/${B}/budget-cuts/${cutK}/approve`, 'frank', {});
    const cutV = await cut();
    await ok('POST', `/api/business-cases/${B}/budget-cuts/${cutV}/approve`, 'frank', {});
    await ok('POST', `/api/business-cases/${B}/budget-cuts/${cutV}/book`, 'frida', {});
    const indicator = 'adgang-indikator';
    await ok('POST', `/api/business-cases/${B}/indicators`, 'frida', { indicatorId: indicator, name: 'Andel digitale', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: BASELINE_DATE } });
    const measurement = 'adgang-maaling';
    await ok('POST', `/api/business-cases/${B}/measurements`, 'frida', { indicatorId: indicator, measurementId: measurement, value: 5, unit: 'percent', period: MONTH_BEFORE });
    fixtures = {
      indicator,
      measurement,
      A: await create(),
      S1: await submit(await create()),
      S2: await submit(await create()),
      S3: await submit(await create()),
      P: await approve(await submit(await create())),
      B,
      cutP,
      cutR,
      cutK,
      cutV,
    };
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers every cell of the table as written', async () => {
    const mismatches: string[] = [];
    const never2xx: string[] = [];
    let cellsWalked = 0;
    for (const row of ACCESS_TABLE) {
      let succeeded = false;
      for (const principal of PRINCIPALS) {
        const { url, body } = row.request(fixtures);
        const token = tokens[principal];
        const res = await h.request(row.method, url, { ...(token ? { as: token } : {}), ...(body !== undefined ? { body } : {}) });
        cellsWalked++;
        const got: Expected | number = res.status === 401 || res.status === 403 ? res.status : res.status < 500 ? 'ok' : res.status;
        if (got !== row.expect[principal]) {
          mismatches.push(`${row.method} ${row.path} as ${principal}: expected ${row.expect[principal]}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
        if (res.status >= 200 && res.status < 300) succeeded = true;
      }
      if (!succeeded && !NO_2XX_NEEDED.has(`${row.method} ${row.path}`)) never2xx.push(`${row.method} ${row.path}`);
    }
    expect(mismatches).toEqual([]);
    // Every row reaches its endpoint for real at least once (not only 4xx about a wrong URL).
    expect(never2xx).toEqual([]);
    expect(cellsWalked).toBe(ACCESS_TABLE.length * PRINCIPALS.length);
  });

  it('has a row for every endpoint of the OpenAPI document, and no row for one that is gone', async () => {
    const doc = await h.request<OpenApiDocument>('GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    const documented = new Set(operationsOf(doc.body).map(operationKey));
    const inTable = new Set(ACCESS_TABLE.map(operationKey));
    const missing = [...documented].filter((op) => !inTable.has(op));
    const stale = [...inTable].filter((op) => !documented.has(op) && !UNDOCUMENTED.has(op));
    expect({ missingFromTheAccessTable: missing, notInTheOpenApiDocument: stale }).toEqual({ missingFromTheAccessTable: [], notInTheOpenApiDocument: [] });
    expect(ACCESS_TABLE.length).toBe(inTable.size); // one row per endpoint
  });

  it('refuses a token that expires after it was accepted (verified tokens are remembered only until they expire)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await signDevToken(h.config, 'frida', { expiresIn: exp });
    expect((await h.request('GET', '/api/me', { as: token })).status).toBe(200);
    expect((await h.request('GET', '/api/me', { as: token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, exp * 1000 - Date.now() + 50));
    expect((await h.request('GET', '/api/me', { as: token })).status).toBe(401);
  });
});
