import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Clock, ManualClock } from '../../apps/api/src/application/clock';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { ApprovalReactor } from '../../apps/api/src/realisation/approval-reactor';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

const ROOT = path.resolve(__dirname, '../..');
type Run = { code: number; stdout: string; stderr: string };

/** Runs the CLI as a user would (npm run cli -- …), in its own process. */
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<Run> =>
  new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['-r', path.join(ROOT, 'tools/register.js'), path.join(ROOT, 'apps/cli/src/main.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', GEVINST_API_URL: '', GEVINST_TOKEN: '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });

/** A minimal RFC 4180 reader, to check what the CLI writes. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the last record does not end in CRLF');
  return rows;
};

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * The auditor's CLI against a running API (same auth: an auditor's token) and directly against
 * the files (read-only): the same answers both ways and the same as the API's, tampering caught,
 * replay verification naming the projection, what-if writing nothing, exports that parse.
 */
describe('the auditor CLI', () => {
  let h: Harness;
  const clock = new ManualClock('2027-02-01T09:00:00.000Z');
  let caseId: string;
  let cutId: string;
  let afterApproval: { time: string; position: string };
  const TITLE = 'Digital post, "første bølge"\nfase 1';
  let scratch: string;

  const api = (args: string[], token = 'revi'): Promise<Run> => cli([...args, '--api', h.baseUrl, '--token', h.tokens[token] ?? token]);
  const direct = (args: string[], dataDir = h.dataDir): Promise<Run> => cli([...args, '--data-dir', dataDir]);
  const both = async (args: string[]): Promise<[Run, Run]> => Promise.all([api(args), direct(args)]);
  const step = async <T>(method: string, url: string, as: string, body?: unknown): Promise<T> => {
    clock.advance(11 * 60_000);
    const res = await h.request<T>(method, url, { as, ...(body !== undefined ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const head = async (): Promise<string> => (await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition;
  const settle = async (): Promise<string> => {
    for (;;) {
      await h.app.get(ApprovalReactor).idle();
      const before = await head();
      await h.app.get(ReadModels).caughtUpTo(BigInt(before));
      await new Promise((r) => setTimeout(r, 30));
      if ((await head()) === before) return before;
    }
  };
  /** A consistent copy of the data directory (SQLite's own backup), in WAL mode like the original. */
  const copyData = async (name: string): Promise<string> => {
    const dir = path.join(scratch, name);
    fs.mkdirSync(dir);
    for (const file of ['events.sqlite', 'read-models.sqlite']) {
      const source = new Database(path.join(h.dataDir, file), { readonly: true });
      await source.backup(path.join(dir, file));
      source.close();
      const copy = new Database(path.join(dir, file));
      copy.pragma('journal_mode = WAL');
      copy.close();
    }
    return dir;
  };
  const tamper = (dir: string, work: (db: Database.Database) => void): void => {
    const db = new Database(path.join(dir, 'events.sqlite'));
    db.transaction(() => work(db))();
    db.close();
  };

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinst-cli-test-'));
    h = await startApp();
    h.app.get(Clock).use(clock.read);
    await registerDepartments(h);
    await step('PUT', '/api/retained-share/default', 'frida', { pct: 25, effectiveFromYear: 2027, reason: 'Byrådets beslutning' });
    caseId = (await step<{ caseId: string }>('POST', '/api/business-cases', 'carl', sampleCase({ title: TITLE }))).caseId;
    await step('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Klar' });
    await step('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt' });
    await step('POST', '/api/prioritisation/criteria', 'mette', { criterionId: 'service', name: 'Bedre service', weight: 60, reason: 'Strategi' });
    await step('PUT', `/api/prioritisation/scores/${caseId}/service`, 'frida', { score: 4, reason: 'Svar med det samme' });
    cutId = (await step<{ cutId: string }>('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId: 'borgerservice', year: 2028, reason: 'Høst' })).cutId;
    await step('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/approve`, 'frank', { reason: 'Set' });
    afterApproval = { position: await settle(), time: clock.iso() };
    clock.set('2027-03-02T10:00:00.000Z');
    await step('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/book`, 'frida', {});
    await step('PUT', '/api/departments/borgerservice/budgets/2028', 'frida', { amount: 47_000_000_00, reason: 'Budgetforlig' });
    await settle();
    clock.set('2027-03-03T08:00:00.000Z');
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps token and identities', async () => {
    const identities = await cli(['identities']);
    expect(identities.code).toBe(0);
    expect(identities.stdout).toMatch(/^revi\s+auditor/m);
    const token = await cli(['token', 'revi'], { DATA_DIR: h.dataDir });
    expect(token.code).toBe(0);
    expect(token.stdout.trim().split('.')).toHaveLength(3);
    expect((await cli(['help'])).stdout).toMatch(/replay-verify/);
  });

  it('history: the same entries from the API and from the files; readable, with who, why and before → after', async () => {
    const [viaApi, viaFiles] = await both(['history', 'budget-cut', caseId, cutId, '--json']);
    expect(viaApi.code).toBe(0);
    expect(JSON.parse(viaFiles.stdout)).toEqual(JSON.parse(viaApi.stdout));
    expect(JSON.parse(viaApi.stdout).entries.map((e: { type: string }) => e.type)).toEqual(['BudgetCutProposed', 'BudgetCutApproved', 'BudgetCutBooked']);
    const text = await direct(['history', 'department', 'borgerservice']);
    expect(text.stdout).toMatch(/frida \(finance\)\s+BaselineBudgetSet/);
    expect(text.stdout).toContain('reason: Budgetforlig');
    expect(text.stdout).toContain('baselineBudgets.2028: 5000000000 → 4700000000');
    const [caseApi, caseFiles] = await both(['history', 'business-case', caseId, '--json']);
    expect(JSON.parse(caseFiles.stdout)).toEqual(JSON.parse(caseApi.stdout));
  });

  it('as-of: every view equals what the API answers for the same point, from the API and from the files', async () => {
    const views: [string[], string][] = [
      [['business-cases'], '/api/business-cases'],
      [['business-case', caseId], `/api/business-cases/${caseId}`],
      [['economics', caseId, '1'], `/api/business-cases/${caseId}/revisions/1/economics`],
      [['ledger', 'borgerservice'], '/api/departments/borgerservice/ledger'],
      [['cuts'], '/api/budget-cuts'],
      [['realisation', caseId], `/api/business-cases/${caseId}/realisation`],
      [['portfolio'], '/api/realisation/portfolio'],
      [['ranking'], '/api/prioritisation/ranking'],
      [['plan'], '/api/prioritisation/plan'],
    ];
    for (const [flag, query] of [
      ['--position', `asOfPosition=${afterApproval.position}`],
      ['--at', `asOf=${encodeURIComponent(afterApproval.time)}`],
    ] as const) {
      for (const [args, url] of views) {
        const expected = (await h.request('GET', `${url}?${query}`, { as: 'revi' })).body;
        const value = flag === '--position' ? afterApproval.position : afterApproval.time;
        const [viaApi, viaFiles] = await both(['as-of', ...args, flag, value]);
        expect({ args, flag, code: viaApi.code }).toEqual({ args, flag, code: 0 });
        expect({ args, flag, view: JSON.parse(viaApi.stdout) }).toEqual({ args, flag, view: expected });
        expect({ args, flag, view: JSON.parse(viaFiles.stdout) }).toEqual({ args, flag, view: expected });
      }
    }
    // As of then, the cut was approved, not yet booked.
    const ledger = JSON.parse((await direct(['as-of', 'cuts', '--position', afterApproval.position])).stdout) as { items: { cutId: string; status: string }[] };
    expect(ledger.items.find((c) => c.cutId === cutId)?.status).toBe('approved');
  }, 120_000); // 36 CLI processes: about 25 s on a busy 2-core machine

  it('refuses a bad point, a point in the future and a missing one, in both modes', async () => {
    for (const args of [['as-of', 'portfolio', '--at', 'yesterday'], ['as-of', 'portfolio', '--at', '2099-01-01T00:00:00Z'], ['as-of', 'portfolio', '--position', '99999'], ['as-of', 'portfolio'], ['as-of', 'nothing', '--position', '1']]) {
      const [viaApi, viaFiles] = await both(args);
      expect({ args, api: viaApi.code, files: viaFiles.code }).toEqual({ args, api: 2, files: 2 });
    }
  });

  it('at-approval: what finance saw, from both sources', async () => {
    const expected = (await h.request('GET', `/api/audit/budget-cuts/${caseId}/${cutId}/at-approval`, { as: 'revi' })).body;
    const [viaApi, viaFiles] = await both(['at-approval', caseId, cutId]);
    expect(JSON.parse(viaApi.stdout)).toEqual(expected);
    expect(JSON.parse(viaFiles.stdout)).toEqual(expected);
  });

  it('verify and chain-head: an untouched log verifies; the head kept outside is found again', async () => {
    const [viaApi, viaFiles] = await both(['verify']);
    expect([viaApi.code, viaFiles.code]).toEqual([0, 0]);
    expect(viaFiles.stdout).toMatch(/^OK: \d+ events verified/);
    const kept = (await direct(['chain-head'])).stdout.trim();
    expect(kept).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect((await api(['chain-head'])).stdout.trim()).toBe(kept);
    const [again, againFiles] = await both(['verify', '--expect-head', kept]);
    expect([again.code, againFiles.code]).toEqual([0, 0]);
    expect(againFiles.stdout).toContain(`OK: kept head ${kept}`);
    expect((await direct(['verify', '--expect-head', 'nonsense'])).code).toBe(2);
  });

  it('catches an edited, a deleted and two swapped events in copies of the log, naming the position', async () => {
    const untouched = await copyData('untouched');
    expect((await direct(['verify'], untouched)).code).toBe(0);

    const edited = await copyData('edited');
    tamper(edited, (db) => db.prepare("UPDATE events SET data = replace(data, '\"year\":2028', '\"year\":2029') WHERE type = 'BudgetCutProposed'").run());
    const position = (new Database(path.join(edited, 'events.sqlite'), { readonly: true }).prepare("SELECT position FROM events WHERE type = 'BudgetCutProposed'").get() as { position: number }).position;
    const e = await direct(['verify', '--json'], edited);
    expect(e.code).toBe(1);
    expect(JSON.parse(e.stdout)).toMatchObject({ ok: false, break: { position: String(position), reason: 'altered' } });

    const deleted = await copyData('deleted');
    tamper(deleted, (db) => db.prepare('DELETE FROM events WHERE position = 7').run());
    const d = await direct(['verify'], deleted);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/^BROKEN at position 7 \(removed\)/);

    const swapped = await copyData('swapped');
    tamper(swapped, (db) => {
      const columns = ['id', 'stream', 'revision', 'type', 'schema_version', 'data', 'metadata', 'command_id', 'recorded_at', 'hash'];
      const a = db.prepare('SELECT * FROM events WHERE position = 12').get() as Record<string, unknown>;
      const b = db.prepare('SELECT * FROM events WHERE position = 13').get() as Record<string, unknown>;
      db.prepare("UPDATE events SET id = id || '-x', revision = -1 - revision WHERE position IN (12, 13)").run();
      const set = db.prepare(`UPDATE events SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE position = ?`);
      set.run(...columns.map((c) => b[c]), 12);
      set.run(...columns.map((c) => a[c]), 13);
    });
    const s = await direct(['verify'], swapped);
    expect(s.code).toBe(1);
    expect(s.stdout).toMatch(/^BROKEN at position 12 \(reordered\)/);

    // Cut short, with the sequence rewritten too: the chain alone verifies, the kept head does not.
    const kept = (await direct(['chain-head'], untouched)).stdout.trim();
    const shortened = await copyData('shortened');
    tamper(shortened, (db) => {
      const last = Number(kept.split(':')[0]);
      db.prepare('DELETE FROM events WHERE position = ?').run(last);
      db.prepare("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'").run(last - 1);
    });
    expect((await direct(['verify'], shortened)).code).toBe(0);
    const cut = await direct(['verify', '--expect-head', kept], shortened);
    expect(cut.code).toBe(1);
    expect(cut.stdout).toContain('NOT FOUND');
  });

  it('replay-verify passes on the live files and fails naming the projection when a read-model row is edited', async () => {
    const [viaApi, viaFiles] = await both(['replay-verify']);
    expect([viaApi.code, viaFiles.code]).toEqual([0, 0]);
    expect(viaFiles.stdout).toMatch(/^OK/);
    const dir = await copyData('read-models');
    const db = new Database(path.join(dir, 'read-models.sqlite'));
    db.prepare("UPDATE projection_documents SET doc = replace(doc, '\"status\":\"booked\"', '\"status\":\"approved\"') WHERE projection = 'department-ledger' AND collection = 'cuts'").run();
    db.close();
    const bad = await direct(['replay-verify', '--json'], dir);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, failed: ['department-ledger'] });
    expect((await direct(['replay-verify'], dir)).stdout).toMatch(/^DIFFERENT: department-ledger/);
  });

  it('what-if: the same answer from both sources, and the log does not move', async () => {
    const before = (await direct(['chain-head'])).stdout;
    const args = ['what-if', '--discount-rate', '5', '--retained-share', '40', '--adoption-factor', '90', '--json'];
    const [viaApi, viaFiles] = await both(args);
    expect(viaApi.code).toBe(0);
    const report = JSON.parse(viaFiles.stdout) as { cuts: { cutId: string; sharePct: { whatIf: number } }[] };
    expect(report).toEqual(JSON.parse(viaApi.stdout));
    expect(report.cuts.find((c) => c.cutId === cutId)?.sharePct.whatIf).toBe(40);
    expect((await direct(['what-if', '--discount-rate', '5'])).stdout).toContain('nothing written');
    expect((await direct(['what-if'])).code).toBe(2);
    expect((await direct(['chain-head'])).stdout).toBe(before);
  });

  it('export-log: every event as a JSON line, positions as strings, the same from both sources', async () => {
    const out = path.join(scratch, 'log.jsonl');
    const [viaApi, viaFiles] = await Promise.all([api(['export-log']), direct(['export-log', '--out', out])]);
    expect(viaFiles.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(viaApi.stdout.trimEnd().split('\n')).toEqual(lines);
    const events = lines.map((l) => JSON.parse(l) as { position: string; revision: string; metadata: { actorId: string } });
    expect(events).toHaveLength(Number(await head()));
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => String(i + 1)));
    expect(typeof events[0]!.revision).toBe('string');
    expect(viaFiles.stderr).toContain(`${events.length} events`);
    expect((await direct(['export-log', '--out', out])).code).toBe(2); // never overwrites
    const tail = await direct(['export-log', '--after', String(events.length - 2)]);
    expect(tail.stdout.trimEnd().split('\n')).toEqual(lines.slice(-2));
  });

  it('export-views: CSV by RFC 4180 — quotes, commas and line breaks survive; the same from both sources and as of a point', async () => {
    for (const view of ['business-cases', 'cuts', 'ledgers', 'portfolio']) {
      const [viaApi, viaFiles] = await both(['export-views', view]);
      expect({ view, code: viaFiles.code }).toEqual({ view, code: 0 });
      expect({ view, csv: viaFiles.stdout }).toEqual({ view, csv: viaApi.stdout });
      const rows = parseCsv(viaFiles.stdout);
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    }
    const cases = parseCsv((await direct(['export-views', 'business-cases'])).stdout);
    const title = cases[0]!.indexOf('title');
    expect(cases[1]![title]).toBe(TITLE);
    const then = parseCsv((await direct(['export-views', 'cuts', '--position', afterApproval.position])).stdout);
    expect(then[1]![then[0]!.indexOf('status')]).toBe('approved');
  });

  it('reads the files without changing them', async () => {
    const dir = await copyData('read-only');
    const files = ['events.sqlite', 'read-models.sqlite'].map((f) => path.join(dir, f));
    const before = files.map(sha);
    for (const args of [['verify'], ['chain-head'], ['replay-verify'], ['history', 'business-case', caseId], ['as-of', 'portfolio', '--position', '5'], ['what-if', '--discount-rate', '4'], ['export-views', 'ledgers']]) {
      expect({ args, code: (await direct(args, dir)).code }).toEqual({ args, code: 0 });
    }
    expect(files.map(sha)).toEqual(before);
  });

  it('uses the API’s auth: a case author may not verify, a bad token is refused; EventStoreDB has no direct mode', async () => {
    expect((await api(['verify'], 'carl')).code).toBe(3);
    expect((await api(['verify'], 'not-a-token')).code).toBe(3);
    expect((await cli(['verify', '--api', h.baseUrl])).code).toBe(2);
    const esdb = await cli(['verify'], { EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false', DATA_DIR: h.dataDir });
    expect(esdb.code).toBe(3);
    expect(esdb.stderr).toContain('server is the authority');
  });
});
