import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEV_IDENTITIES, loadConfig, signDevToken, type AppConfig } from '@gevinst/platform';
import { createApp } from '../../apps/api/src/create-app';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Harness {
  baseUrl: string;
  config: AppConfig;
  app: NestExpressApplication;
  dataDir: string;
  /** Bearer tokens of every dev identity, by id (frida, frank, carl, bo, revi, ...). */
  tokens: Record<string, string>;
  request<T = unknown>(
    method: string,
    url: string,
    options?: { as?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

/**
 * Starts the real Nest app over HTTP on the embedded default (SQLite in a fresh temp dir),
 * on a random port, with tokens for every dev identity. `beforeListen` runs on the created app
 * before it is initialised (e.g. to serve the web app: middleware added later is never reached).
 */
export async function startApp(
  env: Record<string, string> = {},
  dataDir?: string,
  beforeListen?: (app: NestExpressApplication) => void | Promise<void>,
): Promise<Harness> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gevinst-test-'));
  const config = loadConfig({ DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, pino({ level: 'silent' }));
  if (beforeListen) await beforeListen(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const tokens: Record<string, string> = {};
  for (const identity of DEV_IDENTITIES) tokens[identity.id] = await signDevToken(config, identity.id);

  const request: Harness['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.as) headers['authorization'] = `Bearer ${tokens[options.as] ?? options.as}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${baseUrl}${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON; keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as never };
  };

  return {
    baseUrl,
    config,
    app,
    dataDir: dir,
    tokens,
    request,
    close: async () => {
      await app.close();
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
