import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@gevinst/platform';
import { createApp } from '../../apps/api/src/create-app';
import { serveWeb } from '../../apps/api/src/web/serve-web';
import { da } from '../../apps/web/src/i18n/da';
import { DIST_DIR, ensureWebBuilt } from '../../apps/web/scripts/build-web';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './web-harness';

/**
 * Production sign-in (AUTH_MODE=oidc) against a tiny identity provider served by the test
 * itself: discovery document, authorization endpoint (grants or denies), token endpoint that
 * checks the PKCE verifier against the challenge, JWKS. The API verifies the access token
 * with the provider's JWKS as in production.
 *
 * The page's Content-Security-Policy is in force: in OIDC mode the API adds the provider's
 * origin to connect-src (discovery and the token exchange are fetches from the browser).
 */
describe('web app: OIDC sign-in (authorization code + PKCE)', () => {
  const CLIENT_ID = 'gevinst-web';
  let idp: http.Server;
  let issuer: string;
  let app: NestExpressApplication;
  let baseUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** What the provider does at /authorize. */
  let answer: 'grant' | 'deny' = 'deny';
  const authorizeRequests: URLSearchParams[] = [];
  const tokenRequests: URLSearchParams[] = [];
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  let jwks: { keys: unknown[] };

  beforeAll(async () => {
    ensureWebBuilt();
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] };
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(issuer).setAudience(CLIENT_ID).setIssuedAt().setExpirationTime('5m').sign(privateKey);

    const challenges = new Map<string, { challenge: string; redirectUri: string }>();
    idp = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', issuer);
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', '*');
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], code_challenge_methods_supported: ['S256'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'] });
      }
      if (url.pathname === '/jwks') return json(200, jwks);
      if (url.pathname === '/authorize') {
        authorizeRequests.push(url.searchParams);
        const back = new URL(url.searchParams.get('redirect_uri')!);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        if (answer === 'deny') {
          back.searchParams.set('error', 'access_denied');
          back.searchParams.set('error_description', 'The user cancelled the sign-in');
        } else {
          const code = `code-${authorizeRequests.length}`;
          challenges.set(code, { challenge: url.searchParams.get('code_challenge')!, redirectUri: url.searchParams.get('redirect_uri')! });
          back.searchParams.set('code', code);
        }
        res.writeHead(302, { location: back.href });
        return res.end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          const form = new URLSearchParams(body);
          tokenRequests.push(form);
          const issued = challenges.get(form.get('code') ?? '');
          challenges.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          const s256 = createHash('sha256').update(verifier).digest('base64url');
          if (!issued || issued.challenge !== s256 || issued.redirectUri !== form.get('redirect_uri') || form.get('client_id') !== CLIENT_ID) return json(400, { error: 'invalid_grant' });
          void sign({ sub: 'frida.hansen', name: 'Frida Hansen', roles: ['finance'], departments: [] }).then((token) => json(200, { access_token: token, token_type: 'Bearer', expires_in: 300 }));
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

    const config = loadConfig({
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'gevinst-oidc-')),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: issuer,
      OIDC_AUDIENCE: CLIENT_ID,
      OIDC_JWKS_URL: `${issuer}/jwks`,
    });
    app = await createApp(config, pino({ level: 'silent' }));
    serveWeb(app, DIST_DIR);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
    await new Promise((resolve) => idp?.close(resolve));
  });

  const open = async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    return { page, problems };
  };

  it('publishes the provider in GET /api/auth/config and offers no dev sign-in', async () => {
    const res = await fetch(`${baseUrl}/api/auth/config`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mode: 'oidc', issuer, clientId: CLIENT_ID, scope: 'openid profile' });
    expect((await fetch(`${baseUrl}/api/auth/dev/identities`)).status).toBe(404);
  });

  it('sends the browser to the authorization endpoint with a PKCE S256 challenge; a refusal comes back as a clear message', async () => {
    answer = 'deny';
    const { page, problems } = await open();
    await page.goto(`${baseUrl}/portfolio`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('button', { name: da.signIn.oidcButton }).click();
    await page.waitForURL(/\/auth\/callback\?/);
    const asked = authorizeRequests.at(-1)!;
    expect(Object.fromEntries([...asked.entries()].filter(([k]) => !['code_challenge', 'state'].includes(k)))).toEqual({
      client_id: CLIENT_ID,
      redirect_uri: `${baseUrl}/auth/callback`,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge_method: 'S256',
    });
    expect(asked.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/); // base64url of a SHA-256
    expect(asked.get('state')!.length).toBeGreaterThanOrEqual(20);
    const error = page.getByTestId('oidc-error');
    await error.waitFor();
    expect(await error.innerText()).toContain(da.oidc.failed['provider-error']);
    expect(await error.innerText()).toContain('The user cancelled the sign-in (access_denied)');
    await error.getByRole('link', { name: da.oidc.tryAgain }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(problems).toEqual([]);
  });

  it('a callback that does not belong to a sign-in started in the tab is refused', async () => {
    const { page } = await open();
    await page.goto(`${baseUrl}/auth/callback?code=stolen&state=whatever`);
    await page.getByTestId('oidc-error').getByText(da.oidc.failed['no-pending']).waitFor();
  });

  it('grants: the code and the verifier are exchanged for an access token that the API accepts; the person lands where they were going', async () => {
    answer = 'grant';
    const { page, problems } = await open();
    await page.goto(`${baseUrl}/harvest-plan`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('button', { name: da.signIn.oidcButton }).click();
    await page.waitForURL(/\/harvest-plan$/);
    await page.getByRole('navigation', { name: 'Hovedmenu' }).waitFor();
    expect(await page.getByTestId('signed-in-as').innerText()).toContain('Frida Hansen');
    // The token endpoint saw the verifier whose S256 is the challenge sent to /authorize.
    const form = tokenRequests.at(-1)!;
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(createHash('sha256').update(form.get('code_verifier')!).digest('base64url')).toBe(authorizeRequests.at(-1)!.get('code_challenge'));
    expect(await page.evaluate<string | null>('sessionStorage.getItem("gevinst.oidc")')).toBeNull();
    expect(problems).toEqual([]);
  });
});
