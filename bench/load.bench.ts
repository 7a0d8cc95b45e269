/**
 * Load: the API on the embedded default (SQLite, synchronous=FULL, LOG_LEVEL as by default) in
 * a child process with a temp DATA_DIR, seeded with a realistic municipality, then autocannon
 * with sustained mixed traffic: 80 % reads, 20 % commands (each with a unique Idempotency-Key).
 *
 *   node -r ./tools/register.js bench/load.bench.ts [--duration 60] [--connections 10] [--warmup 5] [--baseline 5] [--profile <dir>] [--only <request>] [--keep-data]
 *
 * Seed: 10 departments with budgets, a retained-share policy, 250 business cases (150 drafts,
 * 50 submitted, 50 approved with a booked budget cut).
 * Reads (8 of every 10 requests): the portfolio list, a case, a revision's economics, a
 * department ledger, a case's cuts, the departments, /api/me, /health. Commands (2 of 10) follow
 * the life of a case — create, submit, approve, propose a cut, approve it (four eyes), book it —
 * plus revisions of drafts and department budgets.
 * Reports throughput, p50/p99 latency, errors and non-2xx answers, the API's CPU use and the
 * machine's load, and beside them a baseline measured in the same run just before the mix:
 * `/health` alone for --baseline seconds (the cheapest request: what this machine, as loaded
 * now, lets the API and the load generator do), so the figure can be read as a ratio. Target: ≥ 1,000 requests/s with p99 ≤ 50 ms and no error; prints PASS/FAIL
 * and exits 1 on FAIL.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { DEV_IDENTITIES, loadConfig, signDevToken } from '../libs/platform/src';
import { sampleCase } from '../test/support/fixtures';

/** The parts of autocannon (no type declarations installed) this bench uses. */
interface Histogram {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  average: number;
}
interface AutocannonResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest: (req: Record<string, unknown>, context: { then?: (body: Record<string, unknown>) => void; last?: string }) => Record<string, unknown>;
  onResponse: (status: number, body: string, context: { then?: (body: Record<string, unknown>) => void; last?: string }) => void;
}
type Autocannon = (
  options: { url: string; connections: number; duration: number; requests: AutocannonRequest[]; timeout: number },
  done: (error: Error | null, result: AutocannonResult) => void,
) => { on(event: 'response', listener: (client: unknown, statusCode: number) => void): void };
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

const TARGET_RPS = 1_000;
const TARGET_P99_MS = 50;

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const DURATION = arg('duration', 60);
const CONNECTIONS = arg('connections', 10);
const WARMUP = arg('warmup', 5);
const BASELINE = process.argv.includes('--baseline') && ['0', 'off'].includes(process.argv[process.argv.indexOf('--baseline') + 1] ?? '') ? 0 : arg('baseline', 5);

const root = resolve(__dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'gevinst-bench-load-'));

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });

/** CPU seconds (user + system) the process has used, from /proc. */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
};

interface Json {
  [key: string]: unknown;
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  for (const key of ['LOG_LEVEL', 'SQLITE_SYNCHRONOUS']) if (process.env[key]) env[key] = process.env[key]!;
  // The embedded default: no SQLITE_SYNCHRONOUS (FULL), LOG_LEVEL info; the logs go to /dev/null.
  // --profile <dir>: the API writes a V8 CPU profile there when it stops.
  const profileAt = process.argv.indexOf('--profile');
  const profile = profileAt >= 0 ? [`--cpu-prof`, `--cpu-prof-dir=${resolve(process.argv[profileAt + 1] ?? 'tmp/profiles')}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', './tools/register.js', 'apps/api/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.on('exit', stop);
  try {
    await waitForHealth(base);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const tokens: Record<string, string> = {};
    for (const identity of DEV_IDENTITIES) tokens[identity.id] = await signDevToken(config, identity.id);

    const seeded = await seed(base, tokens);
    process.stdout.write(`seeded: ${seeded.departments.length} departments, ${seeded.cases.length} business cases (${seeded.drafts.length} drafts, ${seeded.approved.length} approved), ${seeded.cuts} budget cuts\n`);

    let n = 0;
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    const auth = (id: string): Record<string, string> => ({ authorization: `Bearer ${tokens[id]}` });
    const command = (id: string): Record<string, string> => ({ ...auth(id), 'content-type': 'application/json', 'idempotency-key': `load-${randomUUID()}` });
    type Req = { method: string; path: string; headers: Record<string, string>; body?: string; then?: (body: Json) => void };
    const named: Record<string, () => Req> = {
      list: () => ({ method: 'GET', path: '/api/business-cases', headers: auth('frida') }),
      case: () => ({ method: 'GET', path: `/api/business-cases/${pick(seeded.cases)}`, headers: auth('revi') }),
      economics: () => ({ method: 'GET', path: `/api/business-cases/${pick(seeded.approved)}/revisions/1/economics`, headers: auth('mette') }),
      ledger: () => ({ method: 'GET', path: `/api/departments/${pick(seeded.departments)}/ledger`, headers: auth('frank') }),
      cuts: () => ({ method: 'GET', path: `/api/business-cases/${pick(seeded.approved)}/budget-cuts`, headers: auth('frida') }),
      departments: () => ({ method: 'GET', path: '/api/departments', headers: auth('ada') }),
      me: () => ({ method: 'GET', path: '/api/me', headers: auth('bo') }),
      health: () => ({ method: 'GET', path: '/health', headers: {} }),
    };
    const reads = Object.values(named);

    // Commands follow the life of a case: create → submit → approve → propose a cut → approve it
    // (another person) → book it; besides, revisions of drafts and baseline budgets. A step whose
    // queue is empty (its predecessor has not answered yet) sends a revision instead.
    const queue = { submit: [] as string[], approve: [] as string[], propose: [] as { caseId: string; department: string }[], approveCut: [] as { caseId: string; cutId: string }[], book: [] as { caseId: string; cutId: string }[] };
    const revise = (): Req => {
      const draft = pick(seeded.drafts);
      return { method: 'POST', path: `/api/business-cases/${draft.caseId}/revisions`, headers: command(draft.author), body: JSON.stringify(sampleCase({ title: `Revision ${++n}`, reason: 'Justeret', owningDepartmentId: draft.owner, benefitLines: draft.benefitLines })) };
    };
    const commands: Record<string, () => Req> = {
      create: () => {
        const other = pick(seeded.departments.slice(2));
        const body = sampleCase({ title: `Ny sag ${++n}`, reason: 'Ny sag' });
        (body['benefitLines'] as { departmentId: string }[])[1]!.departmentId = other;
        return { method: 'POST', path: '/api/business-cases', headers: command('carl'), body: JSON.stringify(body), then: (b) => queue.submit.push(String(b['caseId'])) };
      },
      revise,
      submit: () => {
        const caseId = queue.submit.shift();
        return caseId ? { method: 'POST', path: `/api/business-cases/${caseId}/submit`, headers: command('carl'), body: '{"reason":"Klar"}', then: () => queue.approve.push(caseId) } : revise();
      },
      approve: () => {
        const caseId = queue.approve.shift();
        return caseId ? { method: 'POST', path: `/api/business-cases/${caseId}/approve`, headers: command('mette'), body: '{"revision":1,"reason":"Godkendt"}', then: () => queue.propose.push({ caseId, department: seeded.departments[2]! }) } : revise();
      },
      propose: () => {
        const c = queue.propose.shift();
        return c ? { method: 'POST', path: `/api/business-cases/${c.caseId}/budget-cuts`, headers: command('frida'), body: JSON.stringify({ departmentId: 'borgerservice', year: 2029, amount: 10_000_00 }), then: (b) => queue.approveCut.push({ caseId: c.caseId, cutId: String(b['cutId']) }) } : revise();
      },
      approveCut: () => {
        const c = queue.approveCut.shift();
        return c ? { method: 'POST', path: `/api/business-cases/${c.caseId}/budget-cuts/${c.cutId}/approve`, headers: command('frank'), body: '{}', then: () => queue.book.push(c) } : revise();
      },
      book: () => {
        const c = queue.book.shift();
        return c ? { method: 'POST', path: `/api/business-cases/${c.caseId}/budget-cuts/${c.cutId}/book`, headers: command('frida'), body: '{}' } : revise();
      },
      budget: () => ({ method: 'PUT', path: `/api/departments/${pick(seeded.departments)}/budgets/${2027 + (n % 10)}`, headers: command('frida'), body: JSON.stringify({ amount: 40_000_000_00 + ++n, reason: 'Budgetjustering' }) }),
    };
    Object.assign(named, commands);
    const rotation = ['create', 'revise', 'submit', 'revise', 'approve', 'propose', 'budget', 'approveCut', 'revise', 'book'];
    let turn = 0;
    const nextCommand = (): Req => commands[rotation[turn++ % rotation.length]!]!();
    let commandsSent = 0;
    // Ten requests per round on each connection: 8 reads, 2 commands (80 / 20). --only <name>
    // sends one kind of request only (to see what each costs).
    // `--only reads` sends the eight reads in turn, `--only commands` the commands' rotation.
    Object.assign(named, { commands: nextCommand });
    const onlyAt = process.argv.indexOf('--only');
    const onlyName = onlyAt >= 0 ? process.argv[onlyAt + 1] ?? '' : undefined;
    const only = onlyName === undefined || onlyName === 'reads' ? undefined : named[onlyName];
    if (onlyName !== undefined && onlyName !== 'reads' && !only) throw new Error(`--only takes one of reads, ${Object.keys(named).join(', ')}`);
    const mix: (() => Req)[] = only ? [only] : onlyName === 'reads' ? reads : [reads[0]!, reads[1]!, nextCommand, reads[2]!, reads[3]!, reads[4]!, reads[5]!, nextCommand, reads[6]!, reads[7]!];
    const refusals = new Map<string, number>();
    // Per connection (autocannon's context): what to do with the answer to its request in flight.
    const requests: AutocannonRequest[] = mix.map((make) => ({
      method: 'GET',
      path: '/health',
      setupRequest: (req, context) => {
        const r = make();
        context.then = r.then;
        context.last = `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').replace(/cut-[\w-]+/g, '{cut}')}`;
        if (r.method !== 'GET') commandsSent++;
        return { ...req, method: r.method, path: r.path, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) };
      },
      onResponse: (status, body, context) => {
        if (context.then && status < 300) context.then(JSON.parse(body) as Json);
        if (status >= 300) {
          const code = `${context.last} → ${status} ${String((JSON.parse(body) as Json)['code'] ?? '')}`;
          refusals.set(code, (refusals.get(code) ?? 0) + 1);
        }
      },
    }));

    const statuses = new Map<number, number>();
    const run = (duration: number): Promise<AutocannonResult> =>
      new Promise((ok, fail) => {
        const instance = autocannon({ url: base, connections: CONNECTIONS, duration, requests, timeout: 10 }, (error, result) => (error ? fail(error) : ok(result)));
        instance.on('response', (_client: unknown, statusCode: number) => statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1));
      });

    // Baseline: /health alone, with the same connections, just before the mix.
    let baseline: AutocannonResult | undefined;
    if (BASELINE > 0) {
      baseline = await new Promise<AutocannonResult>((ok, fail) => {
        autocannon({ url: base, connections: CONNECTIONS, duration: BASELINE, requests: [{ method: 'GET', path: '/health', setupRequest: (r) => r, onResponse: () => undefined }], timeout: 10 }, (error, result) => (error ? fail(error) : ok(result)));
      });
    }
    if (WARMUP > 0) {
      await run(WARMUP);
      statuses.clear();
      commandsSent = 0;
    }
    type Health = { eventStore: { headPosition: string; writer?: { transactions: number; appends: number; largestGroup: number } } };
    const writer0 = ((await (await fetch(`${base}/health`)).json()) as Health).eventStore.writer;
    const load0 = loadavg();
    const cpu0 = cpuSeconds(child.pid!);
    const self0 = process.cpuUsage();
    const started = Date.now();
    const result = await run(DURATION);
    const wall = (Date.now() - started) / 1000;
    const apiCpu = (cpuSeconds(child.pid!) - cpu0) / wall;
    const selfCpu = ((u) => (u.user + u.system) / 1e6 / wall)(process.cpuUsage(self0));
    const load1 = loadavg();

    const total = result.requests.total;
    const rps = total / wall;
    const errors = result.errors + result.timeouts + result.non2xx;
    const pass = rps >= TARGET_RPS && result.latency.p99 <= TARGET_P99_MS && errors === 0;
    const head = (await (await fetch(`${base}/health`)).json()) as Health;
    const writer1 = head.eventStore.writer;
    const lines = [
      `load: ${DURATION} s, ${CONNECTIONS} connections, mix 80 % reads / 20 % commands (${commandsSent} commands sent, ${((commandsSent / Math.max(1, total)) * 100).toFixed(1)} %)`,
      `  throughput   ${rps.toFixed(0)} requests/s (${total} requests; target ≥ ${TARGET_RPS})`,
      `  latency      p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms (target p99 ≤ ${TARGET_P99_MS} ms)`,
      `  errors       ${result.errors} connection errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      ...[...refusals].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([what, count]) => `               ${count} × ${what}`),
      ...(baseline
        ? [`  baseline     /health alone just before: ${(baseline.requests.total / BASELINE).toFixed(0)} requests/s, p50 ${baseline.latency.p50} ms, p99 ${baseline.latency.p99} ms; the mix ran at ${((rps / (baseline.requests.total / BASELINE)) * 100).toFixed(0)} % of it`]
        : []),
      `  event log    ${head.eventStore.headPosition} events at the end` +
        (writer0 && writer1
          ? `; the writer thread committed ${writer1.appends - writer0.appends} appends in ${writer1.transactions - writer0.transactions} transactions (fsyncs), ${((writer1.appends - writer0.appends) / Math.max(1, writer1.transactions - writer0.transactions)).toFixed(2)} per group, largest ${writer1.largestGroup}`
          : ''),
      `  CPU          API process ${(apiCpu * 100).toFixed(0)} % of one core (${((apiCpu * wall * 1000) / Math.max(1, total)).toFixed(2)} ms of CPU per request, all its threads), load generator ${(selfCpu * 100).toFixed(0)} %; ${cpus().length} cores`,
      `  machine load ${load0.map((l) => l.toFixed(2)).join(' ')} before, ${load1.map((l) => l.toFixed(2)).join(' ')} after (1/5/15 min averages; the machine is shared)`,
      `${pass ? 'PASS' : 'FAIL'}: ${rps.toFixed(0)} requests/s, p99 ${result.latency.p99} ms, ${errors} errors`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.exitCode = pass ? 0 : 1;
  } finally {
    stop();
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    if (process.argv.includes('--keep-data')) process.stdout.write(`data kept in ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

async function waitForHealth(base: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).status === 200) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('the API did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Draft {
  caseId: string;
  author: string;
  owner: string;
  benefitLines: unknown;
}

/** Ten departments with budgets, a retained-share policy, 250 business cases in several states with booked cuts. */
async function seed(base: string, tokens: Record<string, string>): Promise<{ departments: string[]; cases: string[]; drafts: Draft[]; approved: string[]; cuts: number }> {
  const call = async (method: string, path: string, as: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const parsed = (await res.json()) as Json;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(parsed)}`);
    return parsed;
  };
  const departments = ['borgerservice', 'social-og-sundhed', 'boern-og-unge', 'teknik-og-miljoe', 'kultur-og-fritid', 'beskaeftigelse', 'aeldre', 'it-og-digitalisering', 'oekonomi', 'hr'];
  for (const d of departments) {
    await call('POST', '/api/departments', 'ada', { departmentId: d, name: d.replace(/-/g, ' ') });
    for (const year of [2027, 2028, 2029, 2030, 2031]) await call('PUT', `/api/departments/${d}/budgets/${year}`, 'frida', { amount: 50_000_000_00 + year, reason: 'Vedtaget budget' });
  }
  await call('PUT', '/api/retained-share/default', 'frida', { pct: 25, effectiveFromYear: new Date().getUTCFullYear(), reason: 'Byrådets beslutning' });
  const cases: string[] = [];
  const drafts: Draft[] = [];
  const approved: string[] = [];
  let cuts = 0;
  // 250 cases: 150 drafts (revised during the run), 50 submitted, 50 approved with a booked cut.
  for (let i = 0; i < 250; i++) {
    const owner = departments[i % 2]!; // the dev case authors belong to these two
    const other = departments[2 + (i % (departments.length - 2))]!;
    const body = sampleCase({ title: `Sag ${i}`, owningDepartmentId: owner });
    (body['benefitLines'] as { departmentId: string }[])[1]!.departmentId = other;
    const author = owner === 'borgerservice' ? 'carl' : 'cecilie';
    const { caseId } = (await call('POST', '/api/business-cases', author, body)) as { caseId: string };
    cases.push(caseId);
    if (i < 150) {
      drafts.push({ caseId, author, owner, benefitLines: body['benefitLines'] });
      continue;
    }
    await call('POST', `/api/business-cases/${caseId}/submit`, author, { reason: 'Klar til godkendelse' });
    if (i >= 200) {
      await call('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt' });
      approved.push(caseId);
      const cut = (await call('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId: other, year: 2029, amount: 10_000_00 })) as { cutId: string };
      await call('POST', `/api/business-cases/${caseId}/budget-cuts/${cut.cutId}/approve`, 'frank', {});
      await call('POST', `/api/business-cases/${caseId}/budget-cuts/${cut.cutId}/book`, 'frida', {});
      cuts++;
    }
  }
  return { departments, cases, drafts, approved, cuts };
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause !== undefined ? `\ncaused by: ${error.cause instanceof Error ? error.cause.stack ?? error.cause.message : String(error.cause)}` : '';
  process.stderr.write(`load bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}${cause}\n`);
  process.exitCode = 1;
});
