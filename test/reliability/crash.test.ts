/**
 * Crash: the API runs as a child process (`node -r ./tools/register.js apps/api/src/main.ts`)
 * while workers append through HTTP (business-case creates and revisions, department budgets,
 * each with a unique Idempotency-Key); it is killed with SIGKILL at a random moment, 10 times,
 * and restarted on the same data directory. Then:
 *   - every command that got a 2xx is in the log exactly once;
 *   - a command that got an error appended nothing; one that got no answer appended all of its
 *     events or none (and every command in the log is one contiguous run of positions and
 *     revisions, matching its idempotency row);
 *   - re-sending a command (same key) after a restart appends nothing new;
 *   - the hash chain verifies and every projection equals a rebuild from position 0.
 * Randomness is seeded: RELIABILITY_SEED=<n> repeats a run's choices (not its timing).
 */
import { rmSync } from 'node:fs';
import { registerDepartments, sampleCase } from '../support/fixtures';
import { spawnApi, type ChildApi } from './support/child-api';
import { devTokens, harnessOver, Rng, seedFromEnv, sleep, tempDataDir } from './support/common';
import { HttpClient, newKey, type Reply } from './support/http';
import { LogReader, verifyDataDir } from './support/log';

const ROUNDS = 10;
const WORKERS = 6;
const SEED = seedFromEnv(20_261_127);

type Kind = 'create' | 'revise' | 'budget';
interface Command {
  key: string;
  kind: Kind;
  method: string;
  path: string;
  as: string;
  body: unknown;
  /** Events one such command appends. */
  events: number;
  round: number;
  /** Status of the first answer; 0 = no answer. */
  status: number;
  /** The problem's code, if the answer was an error. */
  code?: string;
  /** Status of a re-send after a restart (same key), if any. */
  resentStatus?: number;
}

jest.setTimeout(180_000);

describe('crash: SIGKILL under load loses nothing and half-writes nothing', () => {
  const dataDir = tempDataDir('crash');
  const rng = new Rng(SEED);
  let api: ChildApi | undefined;
  let tokens: Record<string, string>;
  const commands: Command[] = [];
  const caseIds: string[] = [];
  let seededHead = 0;
  let counter = 0;
  const stats = { kills: 0, inFlightAtKill: 0, acknowledged: 0, errors: 0, noAnswer: 0, noAnswerButWritten: 0, resent: 0 };

  afterAll(async () => {
    await api?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (client: HttpClient, c: Pick<Command, 'method' | 'path' | 'as' | 'body' | 'key'>): Promise<Reply<{ caseId?: string; duplicate?: boolean; code?: string }>> =>
    client.request(c.method, c.path, { token: tokens[c.as]!, json: c.body, headers: { 'idempotency-key': c.key }, timeoutMs: 20_000 });

  const nextCommand = (round: number): Command => {
    const n = ++counter;
    const roll = rng.next();
    const key = newKey(`crash-${round}-${n}`);
    if (roll < 0.35 || caseIds.length === 0) {
      return { key, kind: 'create', method: 'POST', path: '/api/business-cases', as: 'carl', body: sampleCase({ title: `Sag ${n}` }), events: 1, round, status: -1 };
    }
    if (roll < 0.7) {
      const caseId = rng.pick(caseIds);
      return { key, kind: 'revise', method: 'POST', path: `/api/business-cases/${caseId}/revisions`, as: 'carl', body: sampleCase({ title: `Sag, revision ${n}`, reason: `Revision ${n}` }), events: 1, round, status: -1 };
    }
    const department = rng.pick(['borgerservice', 'social-og-sundhed']);
    const year = rng.int(2027, 2031);
    // A unique amount, so the command always changes the budget (one event).
    return { key, kind: 'budget', method: 'PUT', path: `/api/departments/${department}/budgets/${year}`, as: 'frida', body: { amount: 40_000_000_00 + n, reason: `Budgetjustering ${n}` }, events: 1, round, status: -1 };
  };

  it(`survives ${ROUNDS} SIGKILLs at random moments (seed ${SEED})`, async () => {
    tokens = await devTokens(dataDir);
    api = await spawnApi({ dataDir });
    let client = new HttpClient(api.baseUrl, WORKERS + 2);
    await registerDepartments(harnessOver(client, tokens));
    {
      const reader = new LogReader(dataDir);
      seededHead = reader.head();
      reader.close();
    }

    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1) {
        api = await spawnApi({ dataDir });
        client = new HttpClient(api.baseUrl, WORKERS + 2);
        // A client that got no answer re-sends with the same key: half of them do here.
        const unanswered = commands.filter((c) => c.round === round - 1 && c.status === 0);
        for (const c of unanswered) {
          if (rng.next() < 0.5) continue;
          const reply = await send(client, c);
          c.resentStatus = reply.status;
          stats.resent++;
          if (c.kind === 'create' && reply.status === 201 && reply.body.caseId) caseIds.push(reply.body.caseId);
          expect([200, 201, 409]).toContain(reply.status);
        }
        // A re-sent acknowledged command answers as the first time and appends nothing.
        const acknowledged = commands.filter((c) => c.status >= 200 && c.status < 300);
        for (let i = 0; i < 3 && acknowledged.length > 0; i++) {
          const c = rng.pick(acknowledged);
          const reply = await send(client, c);
          expect(reply.status).toBe(c.status);
          expect(reply.body.duplicate).toBe(true);
        }
      }

      let stopped = false;
      const worker = async (): Promise<void> => {
        while (!stopped) {
          const c = nextCommand(round);
          commands.push(c);
          const reply = await send(client, c);
          c.status = reply.status;
          if (reply.status >= 400) c.code = (reply.body as { code?: string } | undefined)?.code ?? '';
          if (c.kind === 'create' && reply.status === 201 && reply.body.caseId) caseIds.push(reply.body.caseId);
          if (reply.status >= 500) throw new Error(`${c.method} ${c.path}: ${reply.status} ${reply.text}`);
        }
      };
      const workers = Array.from({ length: WORKERS }, () => worker());
      await sleep(rng.int(150, 1200));
      await api.kill('SIGKILL');
      stats.kills++;
      stopped = true;
      await Promise.all(workers);
      client.close();
      stats.inFlightAtKill += commands.filter((c) => c.round === round && c.status === 0).length;
    }

    // The final restart: it must come up on whatever the last kill left.
    api = await spawnApi({ dataDir });
    client = new HttpClient(api.baseUrl, 2);
    const health = await client.request<{ status: string }>('GET', '/health');
    expect(health.status).toBe(200);
    client.close();
    await api.kill('SIGTERM');
    api = undefined;

    const reader = new LogReader(dataDir);
    try {
      const counts = reader.countsByCommand();
      const tracked = new Set(commands.map((c) => c.key));
      for (const c of commands) {
        const inLog = counts.get(c.key) ?? 0;
        // 503 read-models-behind: recorded, only read-your-writes timed out.
        const acknowledged =
          (c.status >= 200 && c.status < 300) || c.code === 'read-models-behind' || (c.resentStatus !== undefined && c.resentStatus >= 200 && c.resentStatus < 300);
        const context = `${c.kind} ${c.key} (round ${c.round}, answered ${c.status}${c.resentStatus !== undefined ? `, re-sent ${c.resentStatus}` : ''})`;
        if (acknowledged) {
          stats.acknowledged++;
          expect({ command: context, events: inLog }).toEqual({ command: context, events: c.events });
        } else if (c.status === 0) {
          stats.noAnswer++;
          if (inLog > 0) stats.noAnswerButWritten++;
          // All or nothing.
          expect({ command: context, allOrNothing: inLog === 0 || inLog === c.events }).toEqual({ command: context, allOrNothing: true });
        } else {
          stats.errors++;
          expect({ command: context, events: inLog }).toEqual({ command: context, events: 0 });
        }
      }
      expect(reader.atomicityViolations()).toEqual([]);
      // Nothing but the seed and the tracked commands wrote to the log.
      const strays = reader.after(seededHead).filter((e) => !tracked.has(e.commandId));
      expect(strays).toEqual([]);
    } finally {
      reader.close();
    }

    const { chain, replay } = await verifyDataDir(dataDir);
    expect(chain).toMatchObject({ ok: true });
    expect(replay.differences).toEqual([]);
    expect(replay.ok).toBe(true);
    expect(replay.projections.map((p) => p.status)).toEqual(replay.projections.map(() => 'compared'));

    console.log(`crash (seed ${SEED}): ${JSON.stringify(stats)}; log ${chain.ok ? chain.count : '?'} events`);
    // Not vacuous: real load, and kills that caught commands in flight.
    expect(stats.kills).toBe(ROUNDS);
    expect(stats.acknowledged).toBeGreaterThan(50);
    expect(stats.inFlightAtKill).toBeGreaterThan(0);
  });
});
