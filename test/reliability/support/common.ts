import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_IDENTITIES, loadConfig, signDevToken } from '@gevinst/platform';
import type { Harness } from '../../support/app-harness';
import type { HttpClient } from './http';

/** Seeded randomness (mulberry32): a failing run can be repeated with RELIABILITY_SEED. */
export class Rng {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export const seedFromEnv = (fallback: number): number => {
  const raw = process.env.RELIABILITY_SEED;
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
};

export const tempDataDir = (name: string): string => mkdtempSync(join(tmpdir(), `gevinst-reliability-${name}-`));

/** Bearer tokens of every dev identity for a data directory (creates its dev signing key). */
export async function devTokens(dataDir: string): Promise<Record<string, string>> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const tokens: Record<string, string> = {};
  for (const identity of DEV_IDENTITIES) tokens[identity.id] = await signDevToken(config, identity.id);
  return tokens;
}

/** Just enough of the in-process Harness for test/support/fixtures.ts, over an HttpClient. */
export const harnessOver = (client: HttpClient, tokens: Record<string, string>): Harness =>
  ({
    request: async (method: string, url: string, options: { as?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
      const reply = await client.request(method, url, {
        ...(options.as ? { token: tokens[options.as] ?? options.as } : {}),
        ...(options.body !== undefined ? { json: options.body } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
      });
      return { status: reply.status, headers: new Headers(), body: reply.body as never };
    },
  }) as unknown as Harness;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
