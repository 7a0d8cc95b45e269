import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { startApp, type Harness } from '../support/app-harness';

/** The API skeleton over real HTTP on the embedded default: health, OpenAPI, auth, errors. */
describe('API foundation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApp();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers GET /health without a token', async () => {
    const res = await h.request<{ status: string; eventStore: { kind: string } }>('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.eventStore.kind).toBe('sqlite');
  });

  it('serves an OpenAPI document listing the endpoints', async () => {
    const res = await h.request<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health', '/api/me']));
    const ui = await h.request<string>('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('refuses a request without a token with 401 problem+json', async () => {
    const res = await h.request<{ status: number; code: string }>('GET', '/api/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('unauthenticated');
  });

  it('refuses an expired token, a token signed with another key, and garbage', async () => {
    const expired = await new SignJWT({ roles: ['finance'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('frida')
      .setIssuer('gevinst-dev')
      .setAudience('gevinst')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(readFileSync(`${h.dataDir}/dev-signing-key`, 'utf8').trim()));
    const wrongKey = await new SignJWT({ roles: ['finance'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('frida')
      .setIssuer('gevinst-dev')
      .setAudience('gevinst')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(64)));
    for (const token of [expired, wrongKey, 'not-a-jwt']) {
      const res = await h.request<{ detail: string }>('GET', '/api/me', { as: token });
      expect(res.status).toBe(401);
    }
    const res = await h.request<{ detail: string }>('GET', '/api/me', { as: expired });
    expect(res.body.detail).toMatch(/expired/);
  });

  it('takes the actor from the token', async () => {
    const res = await h.request<{ id: string; role: string; departments: string[] }>('GET', '/api/me', { as: 'bo' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'bo', role: 'department-head', departments: ['borgerservice'] });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await h.request<{ status: number }>('GET', '/api/no-such-thing', { as: 'frida' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('metrics', () => {
  it('exposes Prometheus metrics with request durations, the log head and projection lag', async () => {
    const h = await startApp();
    try {
      await h.request('GET', '/api/me', { as: 'frida' });
      const res = await h.request<string>('GET', '/metrics');
      expect(res.status).toBe(200);
      const text = String(res.body);
      expect(text).toMatch(/gevinst_http_request_duration_seconds_count\{[^}]*route="\/api\/me"[^}]*\} 1/);
      expect(text).toContain('gevinst_event_log_head_position 0');
      expect(text).toContain('gevinst_projection_lag_events 0');
    } finally {
      await h.close();
    }
  });
});
