/**
 * Disk full and read-only data directory, on the API as a child process (`npm start`'s command):
 *   - start-up on a read-only data directory (empty, or holding data), one that cannot be
 *     created, or a full disk: the process exits non-zero with a message naming the directory;
 *     made writable or given space again, it starts on the same data;
 *   - the disk fills up while commands are written (a small tmpfs, filled by another file):
 *     commands answer 503 problem+json, reads keep being served, nothing is half-written, and
 *     once space is freed writes succeed and the read models catch up;
 *   - the data files turn read-only under the running process (chattr +i: the next write fails
 *     with EPERM): the same; and when only the read-model file cannot be written, a command is
 *     recorded and answered 503 `read-models-behind` (it was a 500), and a re-send with the same
 *     Idempotency-Key gets its result once the read models can be written again.
 * Afterwards the hash chain verifies, every projection equals a rebuild from position 0, every
 * command answered 2xx is in the log exactly once and every one answered 503 is not.
 * Needs root (mount, chattr); see support/storage-faults.ts for what is used and why.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { registerDepartments, sampleCase } from '../support/fixtures';
import { spawnApi, type ChildApi } from './support/child-api';
import { devTokens, harnessOver, sleep, tempDataDir } from './support/common';
import { HttpClient, newKey, type Reply } from './support/http';
import { LogReader, verifyDataDir } from './support/log';
import { canChattr, canMount, isRoot, setImmutable, setImmutableFiles, Tmpfs } from './support/storage-faults';

jest.setTimeout(120_000);

const MOUNT = canMount();
const root = tempDataDir('storage');
const CHATTR = canChattr(root);
const describeIf = (ok: boolean, why: string): jest.Describe => {
  if (!ok) console.warn(`storage-faults: skipped: ${why}`);
  return ok ? describe : describe.skip;
};

interface Sent {
  key: string;
  status: number;
  code?: string;
}

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Sends a business-case create and records the answer. */
const createCase = async (client: HttpClient, tokens: Record<string, string>, sent: Sent[], title: string): Promise<Reply<{ code?: string }>> => {
  const key = newKey('storage');
  const reply = await client.request<{ code?: string }>('POST', '/api/business-cases', { token: tokens['carl']!, json: sampleCase({ title, description: 'x'.repeat(4000) }), headers: { 'idempotency-key': key }, timeoutMs: 20_000 });
  sent.push({ key, status: reply.status, ...(reply.body?.code ? { code: reply.body.code } : {}) });
  return reply;
};

/** The log holds each 2xx command once and each refused one not at all; the stores verify. */
const verifyAfterwards = async (dataDir: string, sent: Sent[]): Promise<void> => {
  const log = new LogReader(dataDir);
  try {
    const counts = log.countsByCommand();
    for (const s of sent) {
      // 'read-models-behind': recorded, only read-your-writes failed; any other error: nothing written.
      const expected = (s.status >= 200 && s.status < 300) || s.code === 'read-models-behind' ? 1 : 0;
      expect({ key: s.key, status: s.status, events: counts.get(s.key) ?? 0 }).toEqual({ key: s.key, status: s.status, events: expected });
    }
    expect(log.atomicityViolations()).toEqual([]);
  } finally {
    log.close();
  }
  const { chain, replay } = await verifyDataDir(dataDir);
  expect(chain).toMatchObject({ ok: true });
  expect(replay.differences).toEqual([]);
  expect(replay.ok).toBe(true);
};

describe('start-up on a read-only or missing data directory', () => {
  const expectRefusedStart = async (dataDir: string, mention: string): Promise<string> => {
    const api = await spawnApi({ dataDir, waitForHealth: false });
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([api.exited, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 30_000)))]);
    clearTimeout(timer);
    if (!exit) await api.kill('SIGKILL');
    expect(exit).not.toBeNull();
    expect(exit!.code).not.toBe(0);
    expect(api.output()).toContain(mention);
    return api.output();
  };

  if (MOUNT) {
    it('exits non-zero naming the directory when it is on a read-only file system (empty)', async () => {
      const fs = new Tmpfs(join(root, 'ro-empty'), 4 * 1024 * 1024);
      try {
        fs.readOnly();
        const output = await expectRefusedStart(fs.dir, fs.dir);
        expect(output).toMatch(/read-only|EROFS/i);
        // Also when the directory itself would have to be created there.
        await expectRefusedStart(join(fs.dir, 'data'), join(fs.dir, 'data'));
      } finally {
        fs.unmount();
      }
    });

    it('exits non-zero naming the directory when its data is on a read-only file system, and starts again once writable', async () => {
      const fs = new Tmpfs(join(root, 'ro-data'), 16 * 1024 * 1024);
      try {
        const tokens = await devTokens(fs.dir);
        let api: ChildApi = await spawnApi({ dataDir: fs.dir });
        const client = new HttpClient(api.baseUrl, 4);
        await registerDepartments(harnessOver(client, tokens));
        const sent: Sent[] = [];
        expect((await createCase(client, tokens, sent, 'Før')).status).toBe(201);
        client.close();
        await api.kill('SIGTERM');

        fs.readOnly();
        // SQLite says "unable to open database file" (it cannot create the -shm/-wal files there).
        const output = await expectRefusedStart(fs.dir, fs.dir);
        expect(output).toMatch(/read-only|EROFS|cannot be opened/i);

        fs.readWrite();
        api = await spawnApi({ dataDir: fs.dir });
        const again = new HttpClient(api.baseUrl, 2);
        expect((await again.request<{ items: unknown[] }>('GET', '/api/business-cases', { token: tokens['frida']! })).body.items).toHaveLength(1);
        again.close();
        await api.kill('SIGTERM');
        await verifyAfterwards(fs.dir, sent);
      } finally {
        fs.unmount();
      }
    });

    it('exits non-zero naming the directory when the disk is full, leaves nothing broken, and starts once there is space', async () => {
      const fs = new Tmpfs(join(root, 'full-at-start'), 4 * 1024 * 1024);
      try {
        const filler = fs.fill();
        const output = await expectRefusedStart(fs.dir, fs.dir);
        expect(output).toMatch(/ENOSPC|full/i);
        rmSync(filler);
        // A failed first start once left an empty dev signing key: the API came up, but no token verified.
        const api = await spawnApi({ dataDir: fs.dir });
        const tokens = await devTokens(fs.dir);
        const client = new HttpClient(api.baseUrl, 2);
        expect((await client.request('GET', '/api/me', { token: tokens['ada']! })).status).toBe(200);
        await registerDepartments(harnessOver(client, tokens));
        client.close();
        await api.kill('SIGTERM');
        await verifyAfterwards(fs.dir, []);
      } finally {
        fs.unmount();
      }
    });
  } else if (CHATTR) {
    it('exits non-zero naming the directory when the directory is immutable (chattr +i; no mount here)', async () => {
      const dir = join(root, 'immutable');
      mkdirSync(dir);
      setImmutable(root, true);
      try {
        await expectRefusedStart(dir, dir);
      } finally {
        setImmutable(root, false);
      }
    });
  } else if (!isRoot()) {
    it('exits non-zero naming the directory when it is not writable (chmod, as a non-root user)', async () => {
      const dir = join(root, 'not-writable');
      mkdirSync(dir, { mode: 0o555 });
      await expectRefusedStart(dir, dir);
    });
  }
});

describeIf(MOUNT, 'mounting a tmpfs needs root with CAP_SYS_ADMIN')('the disk fills up during writes', () => {
  it('answers 503 to commands, keeps serving reads, half-writes nothing, and recovers when space is freed', async () => {
    const fs = new Tmpfs(join(root, 'full'), 24 * 1024 * 1024);
    let api: ChildApi | undefined;
    try {
      const tokens = await devTokens(fs.dir);
      api = await spawnApi({ dataDir: fs.dir });
      const client = new HttpClient(api.baseUrl, 4);
      await registerDepartments(harnessOver(client, tokens));
      const sent: Sent[] = [];
      const first = await createCase(client, tokens, sent, 'Før disken blev fuld');
      expect(first.status).toBe(201);

      const filler = fs.fill();
      const statuses: number[] = [];
      for (let i = 0; i < 40 && !statuses.includes(503); i++) {
        const reply = await createCase(client, tokens, sent, `Fuld disk ${i}`);
        statuses.push(reply.status);
        if (reply.status !== 201) {
          expect(reply.status).toBe(503);
          expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(['store-unavailable', 'read-models-behind']).toContain(reply.body.code);
        }
      }
      expect(statuses).toContain(503);
      // Budgets too: a second kind of command, refused the same way.
      const budgetKey = newKey('storage');
      const budget = await client.request<{ code?: string }>('PUT', '/api/departments/borgerservice/budgets/2030', { token: tokens['frida']!, json: { amount: 1_234_00, reason: 'Fuld disk' }, headers: { 'idempotency-key': budgetKey } });
      sent.push({ key: budgetKey, status: budget.status });
      expect([200, 503]).toContain(budget.status);

      // Reads are served from what is there.
      expect((await client.request('GET', '/health')).status).toBe(200);
      expect((await client.request('GET', '/api/business-cases', { token: tokens['frida']! })).status).toBe(200);
      expect((await client.request('GET', `/api/business-cases/${(first.body as { caseId?: string }).caseId}`, { token: tokens['frida']! })).status).toBe(200);
      expect((await client.request('GET', '/api/departments/borgerservice/ledger', { token: tokens['bo']! })).status).toBe(200);

      // Space again: writes succeed and the read models catch up.
      rmSync(filler);
      const after = await createCase(client, tokens, sent, 'Efter');
      expect(after.status).toBe(201);
      const caseId = (after.body as { caseId?: string }).caseId;
      let listed = false;
      for (let i = 0; i < 100 && !listed; i++) {
        const list = await client.request<{ items: { caseId: string }[] }>('GET', '/api/business-cases', { token: tokens['frida']! });
        listed = list.body.items.some((c) => c.caseId === caseId);
        if (!listed) await sleep(100);
      }
      expect(listed).toBe(true);
      client.close();
      await api.kill('SIGTERM');
      api = undefined;
      await verifyAfterwards(fs.dir, sent);
      console.log(`disk full: ${statuses.length} creates while full: ${statuses.join(' ')}`);
    } finally {
      await api?.kill('SIGKILL');
      fs.unmount();
    }
  });
});

describeIf(CHATTR, 'chattr +i needs root on a file system that supports it')('the data files turn read-only during writes', () => {
  it('when only the read models cannot be written: the command is recorded, answered 503 read-models-behind, and a re-send gets its result', async () => {
    const dataDir = join(root, 'immutable-read-models');
    mkdirSync(dataDir);
    let api: ChildApi | undefined;
    const files = ['read-models.sqlite', 'read-models.sqlite-wal'].map((f) => join(dataDir, f));
    let frozen = false;
    try {
      const tokens = await devTokens(dataDir);
      api = await spawnApi({ dataDir });
      const client = new HttpClient(api.baseUrl, 4);
      await registerDepartments(harnessOver(client, tokens));
      const sent: Sent[] = [];
      setImmutableFiles(files, true);
      frozen = true;
      const behind = await createCase(client, tokens, sent, 'Læsemodellerne står stille');
      // Was a 500 after the 5 s read-your-writes wait (ProjectionWaitTimeoutError was not mapped).
      expect(behind.status).toBe(503);
      expect(behind.body).toMatchObject({ code: 'read-models-behind' });
      expect((await client.request('GET', '/health')).status).toBe(200);
      setImmutableFiles(files, false);
      frozen = false;
      const resent = await client.request<{ duplicate: boolean }>('POST', '/api/business-cases', { token: tokens['carl']!, json: sampleCase({ title: 'Læsemodellerne står stille', description: 'x'.repeat(4000) }), headers: { 'idempotency-key': sent[0]!.key } });
      expect(resent.status).toBe(201);
      expect(resent.body.duplicate).toBe(true);
      client.close();
      await api.kill('SIGTERM');
      api = undefined;
      await verifyAfterwards(dataDir, sent);
    } finally {
      if (frozen) setImmutableFiles(files, false);
      await api?.kill('SIGKILL');
    }
  });

  it('answers 503 to commands, keeps serving reads, half-writes nothing, and recovers when writable again', async () => {
    const dataDir = join(root, 'immutable-live');
    mkdirSync(dataDir);
    let api: ChildApi | undefined;
    let frozen = false;
    try {
      const tokens = await devTokens(dataDir);
      api = await spawnApi({ dataDir });
      const client = new HttpClient(api.baseUrl, 4);
      await registerDepartments(harnessOver(client, tokens));
      const sent: Sent[] = [];
      const first = await createCase(client, tokens, sent, 'Før');
      expect(first.status).toBe(201);

      setImmutable(dataDir, true);
      frozen = true;
      const refused = await createCase(client, tokens, sent, 'Skrivebeskyttet');
      expect(refused.status).toBe(503);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ code: 'store-unavailable' });
      expect((await client.request('GET', '/health')).status).toBe(200);
      expect((await client.request('GET', `/api/business-cases/${(first.body as { caseId?: string }).caseId}`, { token: tokens['carl']! })).status).toBe(200);
      expect((await client.request('GET', '/api/business-cases', { token: tokens['carl']! })).status).toBe(200);

      setImmutable(dataDir, false);
      frozen = false;
      const after = await createCase(client, tokens, sent, 'Efter');
      expect(after.status).toBe(201);
      client.close();
      await api.kill('SIGTERM');
      api = undefined;
      await verifyAfterwards(dataDir, sent);
    } finally {
      if (frozen) setImmutable(dataDir, false);
      await api?.kill('SIGKILL');
    }
  });
});
