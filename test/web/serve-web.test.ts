import * as fs from 'node:fs';
import * as path from 'node:path';
import { serveWeb, isPagePath, webContentSecurityPolicy } from '../../apps/api/src/web/serve-web';
import { DIST_DIR, ensureWebBuilt } from '../../apps/web/scripts/build-web';
import { startApp, type Harness } from '../support/app-harness';

/** The API process serves the built web app without getting in the way of the API. */
describe('serving the web app from the API', () => {
  let h: Harness;
  let asset: string;
  beforeAll(async () => {
    ensureWebBuilt();
    asset = fs.readdirSync(path.join(DIST_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
    h = await startApp({}, undefined, (app) => {
      serveWeb(app, DIST_DIR);
      serveWeb(app, DIST_DIR); // a second call is a no-op
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers a page path with index.html, no-cache and a content security policy', async () => {
    for (const url of ['/', '/portfolio', '/cases/42', '/audit/as-of?at=2025-01-01']) {
      const res = await h.request<string>('GET', url, { headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('revalidates index.html by its ETag', async () => {
    const first = await h.request('GET', '/cases', { headers: { accept: 'text/html' } });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const second = await h.request('GET', '/cases', { headers: { accept: 'text/html', 'if-none-match': etag } });
    expect(second.status).toBe(304);
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await h.request<string>('GET', `/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
  });

  it('does not swallow API 404s, health, missing assets or non-HTML requests', async () => {
    const api404 = await h.request<{ status: number }>('GET', '/api/no-such-thing', { as: 'frida', headers: { accept: 'text/html' } });
    expect(api404.status).toBe(404);
    expect(api404.headers.get('content-type')).toContain('application/problem+json');
    const bare = await h.request('GET', '/api', { headers: { accept: 'text/html' } });
    expect(bare.headers.get('content-type')).not.toMatch(/^text\/html/);
    const health = await h.request<{ status: string }>('GET', '/health', { headers: { accept: 'text/html' } });
    expect(health.body.status).toBe('ok');
    const missing = await h.request('GET', '/assets/nope-123.js', { headers: { accept: '*/*' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).not.toMatch(/^text\/html/);
    const json = await h.request('GET', '/portfolio', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    const post = await h.request('POST', '/portfolio', { body: {}, headers: { accept: 'text/html' } });
    expect(post.status).toBe(404);
  });

  it("adds the OIDC provider's origin, and only that, to connect-src", async () => {
    const dev = await h.request('GET', '/', { headers: { accept: 'text/html' } });
    expect(dev.headers.get('content-security-policy')).toContain("connect-src 'self';");
    // In AUTH_MODE=oidc create-app passes the issuer's origin (the OIDC browser test signs in through it).
    expect(webContentSecurityPolicy(['https://login.kommune.example'])).toContain("connect-src 'self' https://login.kommune.example;");
  });

  it('tells page paths from reserved prefixes and files', () => {
    expect(isPagePath('/')).toBe(true);
    expect(isPagePath('/cases/bc-1/revise')).toBe(true);
    expect(isPagePath('/api')).toBe(false);
    expect(isPagePath('/api/me')).toBe(false);
    expect(isPagePath('/apiary')).toBe(true);
    expect(isPagePath('/health')).toBe(false);
    expect(isPagePath('/favicon.ico')).toBe(false);
  });
});
