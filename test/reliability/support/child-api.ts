/**
 * The API as a child process, exactly as `npm start` runs it minus the web build:
 * `node -r ./tools/register.js apps/api/src/main.ts` with its own DATA_DIR and PORT.
 * Used where the test must kill the process (SIGKILL), measure its memory on its own, or see
 * how it exits at start-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface ChildApi {
  pid: number;
  port: number;
  baseUrl: string;
  process: ChildProcess;
  /** Everything the child wrote to stderr (and stdout, when captured) so far. */
  output(): string;
  /** Resident set size of the child in bytes (from /proc). */
  rss(): number;
  /** Sends the signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<ChildExit>;
  exited: Promise<ChildExit>;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  dataDir: string;
  env?: Record<string, string>;
  /** Wait for GET /health to answer 200 (default true). */
  waitForHealth?: boolean;
  timeoutMs?: number;
}

/** A TCP port nobody listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });

/** Starts the API; resolves when /health answers (or, with waitForHealth false, at once). */
export async function spawnApi(options: SpawnOptions): Promise<ChildApi> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', './tools/register.js', 'apps/api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<ChildExit>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const api: ChildApi = {
    pid: child.pid!,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    process: child,
    output: () => output,
    rss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      return kb ? Number(kb[1]) * 1024 : 0;
    },
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    exited,
  };
  if (options.waitForHealth === false) return api;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let exitedEarly: ChildExit | undefined;
  void exited.then((e) => (exitedEarly = e));
  for (;;) {
    if (exitedEarly) throw new Error(`the API exited during start-up (${JSON.stringify(exitedEarly)}):\n${output}`);
    try {
      const res = await fetch(`${api.baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return api;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await api.kill('SIGKILL');
      throw new Error(`the API did not answer /health within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
