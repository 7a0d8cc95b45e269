import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeEventStoreContract } from '@gevinst/testing';
import { EventDecodingError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event';
import { EventTypeRegistry } from '../event-type-registry';
import { UpcastingEventStore } from '../upcasting-event-store';
import { chainHash } from './hash-chain';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';

const REPO_ROOT = resolve(__dirname, '../../../..');

/** A fresh data directory per test; removed by the returned cleanup. */
const tempDir = (): { dir: string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'gevinst-sqlite-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
};

describeEventStoreContract('SQLite', async () => {
  const { dir, remove } = tempDir();
  // A nested path: the adapter creates the data directory itself.
  const store = new SqliteEventStore(join(dir, 'data', 'events.db'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

describeEventStoreContract('SQLite, writer thread', async () => {
  const { dir, remove } = tempDir();
  const store = new SqliteEventStore(join(dir, 'data', 'events.db'), { writer: 'thread' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      remove();
    },
  };
});

const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  actorId: 'tester',
  actorRole: 'admin',
  recordedAt: '2025-01-02T03:04:05.000Z',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
  ...overrides,
});

/** Events of one command (shared command id). */
const events = (...types: string[]): NewEvent[] => {
  const shared = metadata();
  return types.map((type, i) => ({ id: randomUUID(), type, data: { i, type }, metadata: shared }));
};

const waitFor = async (condition: () => boolean, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('SqliteEventStore (SQLite only)', () => {
  let dir: string;
  let remove: () => void;
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = (options?: SqliteEventStoreOptions, path = file): SqliteEventStore => {
    const store = new SqliteEventStore(path, options);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    ({ dir, remove } = tempDir());
    file = join(dir, 'events.db');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    remove();
  });

  describe('storage', () => {
    it('opens in WAL mode with synchronous FULL by default, NORMAL on request', () => {
      open();
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
      // synchronous is per connection: read it through the adapter's own connection.
      const pragma = (store: SqliteEventStore): unknown =>
        (store as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true });
      expect(pragma(opened[0]!)).toBe(2); // FULL
      expect(pragma(open({ synchronous: 'NORMAL' }, join(dir, 'other.db')))).toBe(1);
    });

    it('keeps events, idempotency and the chain across close and reopen', async () => {
      const first = open();
      const batch = events('A', 'B');
      const result = await first.append('s-1', batch, { expectedRevision: 'no-stream' });
      await first.close();

      const again = open();
      expect((await again.readStream('s-1')).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect(await again.append('s-1', batch, { expectedRevision: 'no-stream' })).toEqual({ ...result, duplicate: true });
      await again.append('s-1', events('C'), { expectedRevision: 1n });
      expect(again.verifyChain()).toMatchObject({ ok: true, count: 3 });
    });

    it('rejects a second use of an event id without writing anything', async () => {
      const store = open();
      const [event] = events('A');
      await store.append('s-1', [event!], { expectedRevision: 'no-stream' });
      const reuse = { ...event!, metadata: metadata() };
      await expect(store.append('s-2', [...events('X'), reuse].map((e) => ({ ...e, metadata: reuse.metadata })), { expectedRevision: 'any' }))
        .rejects.toThrow(/event id is already in the log/);
      expect(await store.readStream('s-2')).toEqual([]);
      expect(store.verifyChain()).toMatchObject({ ok: true, count: 1 });
    });

    it('reports a store it cannot open as unavailable', () => {
      // A path below a regular file: the data directory cannot be created.
      expect(() => new SqliteEventStore('/dev/null/data/events.db')).toThrow(EventStoreUnavailableError);
    });

    it('reports a closed store as unavailable and stops its subscriptions', async () => {
      const store = new SqliteEventStore(file);
      const errors: unknown[] = [];
      const subscription = store.subscribeToAll({ after: 'start', handler: () => undefined, onError: (e) => errors.push(e) });
      await store.close();
      await subscription.stop();
      expect(errors).toEqual([]);
      await expect(store.append('s', events('A'), { expectedRevision: 'any' })).rejects.toThrow(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toThrow(EventStoreUnavailableError);
    });
  });

  describe.each(['inline', 'thread'] as const)('write failures (writer %s)', (writer) => {
    it('rolls back every event when a write fails mid-transaction (third insert rejected)', async () => {
      const store = open({ writer });
      await store.append('s-1', events('Opened'), { expectedRevision: 'no-stream' });
      // Behind the adapter's back: refuse the third event of the batch, but only once the
      // first two of that same append are already in the (uncommitted) transaction.
      const raw = new Database(file);
      raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON events
        WHEN NEW.type = 'Poison' AND (SELECT count(*) FROM events WHERE stream = NEW.stream) = 3
        BEGIN SELECT RAISE(ABORT, 'poisoned after two inserts'); END`);
      raw.close();

      // Caught and read by message: better-sqlite3's SqliteError is not an Error subclass jest
      // recognises once another test file in the same worker has loaded the module first.
      const error = await store.append('s-1', events('A', 'B', 'Poison'), { expectedRevision: 0n }).then(
        () => undefined,
        (e: unknown) => e as { message?: unknown },
      );
      expect(error?.message).toMatch(/poisoned after two inserts/);

      expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['Opened']);
      expect(await store.headPosition()).toBe(1n);
      const next = await store.append('s-1', events('After'), { expectedRevision: 0n });
      expect(next).toEqual({ nextExpectedRevision: 1n, position: 2n, duplicate: false });
      expect(store.verifyChain()).toMatchObject({ ok: true, count: 2 });
    });

    it('maps a full disk (SQLITE_FULL) to EventStoreUnavailableError and writes nothing', async () => {
      const store = open({ maxSizeBytes: 256 * 1024, writer });
      await store.append('s-1', events('Opened'), { expectedRevision: 'no-stream' });
      const batch = events('Small', 'Small', 'Huge');
      batch[2] = { ...batch[2]!, data: { blob: 'x'.repeat(1024 * 1024) } };

      const error = await store.append('s-1', batch, { expectedRevision: 0n }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect((error as Error).message).toMatch(/full.*SQLITE_FULL/);
      expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['Opened']);
      expect(await store.append('s-1', events('Fits'), { expectedRevision: 0n })).toMatchObject({ position: 2n });
      expect(store.verifyChain()).toMatchObject({ ok: true, count: 2 });
    });

    it('maps a write lock held too long by another process (SQLITE_BUSY) to EventStoreUnavailableError', async () => {
      const store = open({ busyTimeoutMs: 50, writer });
      await store.append('s-1', events('Opened'), { expectedRevision: 'no-stream' });
      const raw = new Database(file);
      raw.exec('BEGIN IMMEDIATE');
      try {
        await expect(store.append('s-1', events('Blocked'), { expectedRevision: 0n })).rejects.toThrow(
          /locked by another process.*SQLITE_BUSY/,
        );
      } finally {
        raw.exec('ROLLBACK');
        raw.close();
      }
      expect(await store.append('s-1', events('Unblocked'), { expectedRevision: 0n })).toMatchObject({ nextExpectedRevision: 1n });
    });
  });

  describe('group commit (writer thread)', () => {
    it('commits the appends of one turn in one transaction; a conflicting one fails alone with a clean conflict', async () => {
      const store = open({ writer: 'thread' });
      await store.append('s-1', events('Opened'), { expectedRevision: 'no-stream' });
      const before = store.writerStats!;
      // Three appends sent in the same turn: the second expects a revision s-1 is not at.
      const [a, conflict, c] = await Promise.allSettled([
        store.append('s-2', events('A'), { expectedRevision: 'no-stream' }),
        store.append('s-1', events('Stale'), { expectedRevision: 5n }),
        store.append('s-1', events('B', 'C'), { expectedRevision: 0n }),
      ]);
      const after = store.writerStats!;
      expect(after.transactions - before.transactions).toBe(1);
      expect(after.appends - before.appends).toBe(3);
      expect(a).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n, position: 2n, duplicate: false } });
      expect(conflict.status).toBe('rejected');
      expect((conflict as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((conflict as PromiseRejectedResult).reason).toMatchObject({ streamName: 's-1', expected: 5n, actual: 0n });
      expect(c).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 2n, position: 4n, duplicate: false } });
      expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['Opened', 'B', 'C']);
      expect(store.verifyChain()).toMatchObject({ ok: true, count: 4 });
    });

    it('two appends racing on one stream in one group: the first wins, the second gets the conflict', async () => {
      const store = open({ writer: 'thread' });
      const [first, second] = await Promise.allSettled([
        store.append('s', events('First'), { expectedRevision: 'no-stream' }),
        store.append('s', events('Second'), { expectedRevision: 'no-stream' }),
      ]);
      expect(first).toMatchObject({ status: 'fulfilled', value: { position: 1n } });
      expect((second as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream('s')).map((e) => e.type)).toEqual(['First']);
    });

    it('a command re-sent within the same group is a duplicate with the first result', async () => {
      const store = open({ writer: 'thread' });
      const batch = events('Once');
      const [first, again] = await Promise.all([
        store.append('s', batch, { expectedRevision: 'no-stream' }),
        store.append('s', batch.map((e) => ({ ...e, id: randomUUID() })), { expectedRevision: 'no-stream' }),
      ]);
      expect(first).toEqual({ nextExpectedRevision: 0n, position: 1n, duplicate: false });
      expect(again).toEqual({ ...first, duplicate: true });
      expect(await store.headPosition()).toBe(1n);
    });

    it('an append that fails mid-way in a group is rolled back alone (nothing half-written); the others commit', async () => {
      const store = open({ writer: 'thread' });
      await store.append('p', events('Opened'), { expectedRevision: 'no-stream' });
      const raw = new Database(file);
      raw.exec(`CREATE TRIGGER poison BEFORE INSERT ON events
        WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
      raw.close();
      const [before, poisoned, after] = await Promise.allSettled([
        store.append('x', events('X'), { expectedRevision: 'no-stream' }),
        store.append('p', events('A', 'B', 'Poison'), { expectedRevision: 0n }),
        store.append('y', events('Y'), { expectedRevision: 'no-stream' }),
      ]);
      expect(store.writerStats!.largestGroup).toBe(3);
      expect(before.status).toBe('fulfilled');
      expect(((poisoned as PromiseRejectedResult).reason as Error).message).toMatch(/poisoned/);
      expect(after.status).toBe('fulfilled');
      expect((await store.readStream('p')).map((e) => e.type)).toEqual(['Opened']);
      const log = await store.readAll();
      expect(log.map((e) => [e.type, e.position])).toEqual([['Opened', 1n], ['X', 2n], ['Y', 3n]]);
      expect(store.verifyChain()).toMatchObject({ ok: true, count: 3 });
    });

    it('when the transaction itself fails (disk full), every append of the group fails and nothing is written', async () => {
      const store = open({ writer: 'thread', maxSizeBytes: 256 * 1024 });
      await store.append('s', events('Opened'), { expectedRevision: 'no-stream' });
      const huge = events('Huge');
      huge[0] = { ...huge[0]!, data: { blob: 'x'.repeat(1024 * 1024) } };
      const outcomes = await Promise.allSettled([
        store.append('a', events('Small'), { expectedRevision: 'no-stream' }),
        store.append('s', huge, { expectedRevision: 0n }),
        store.append('b', events('Small'), { expectedRevision: 'no-stream' }),
      ]);
      // SQLite may keep the transaction (only the huge append fails) or roll it back (all fail);
      // either way no append is reported as written that is not, and the log is whole.
      const written = (await store.readAll()).map((e) => e.type);
      expect(outcomes[1]!.status).toBe('rejected');
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreUnavailableError);
      expect(written).toEqual(['Opened', ...outcomes.filter((o) => o.status === 'fulfilled').map(() => 'Small')]);
      expect(store.verifyChain()).toMatchObject({ ok: true });
      expect(await store.append('s', events('Fits'), { expectedRevision: 0n })).toMatchObject({ duplicate: false });
    });

    it('when the writer thread stops, its waiting appends fail as unavailable and the next append starts a new one', async () => {
      const store = open({ writer: 'thread' });
      await store.append('s', events('First'), { expectedRevision: 'no-stream' });
      const thread = (store as unknown as { writerThread: { worker?: { terminate(): Promise<number> } } }).writerThread;
      const waiting = store.append('s', events('Lost?'), { expectedRevision: 0n });
      await thread.worker!.terminate();
      const outcome = await waiting.then(() => 'appended', (e: unknown) => e);
      // Answered: it is in the log. Failed (no real answer: the thread may have committed it
      // just before it stopped, as after a crash): whole or absent, found by its command id.
      const inLog = (await store.readStream('s')).map((e) => e.type);
      if (outcome === 'appended') expect(inLog).toEqual(['First', 'Lost?']);
      else {
        expect(outcome).toBeInstanceOf(EventStoreUnavailableError);
        expect([['First'], ['First', 'Lost?']]).toContainEqual(inLog);
      }
      const next = await store.append('s', events('After'), { expectedRevision: BigInt(inLog.length - 1) });
      expect(next).toMatchObject({ duplicate: false, nextExpectedRevision: BigInt(inLog.length) });
      expect(store.verifyChain()).toMatchObject({ ok: true });
    });

    it('answers reads on the store while the writer thread commits, and closes cleanly with appends in flight', async () => {
      const store = new SqliteEventStore(file, { writer: 'thread' });
      const appends = Array.from({ length: 20 }, (_, i) => store.append(`s-${i % 4}`, events(`E${i}`), { expectedRevision: 'any' }));
      const closed = store.close();
      const results = await Promise.allSettled(appends);
      await closed;
      expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
      const again = open();
      expect(await again.headPosition()).toBe(20n);
      expect(again.verifyChain()).toMatchObject({ ok: true, count: 20 });
    });
  });

  describe('hash chain', () => {
    /** 10 events over 3 streams, then a raw connection for tampering behind the adapter's back. */
    const seeded = async (): Promise<{ store: SqliteEventStore; raw: Database.Database }> => {
      const store = open();
      for (let i = 0; i < 10; i++) {
        await store.append(`stream-${i % 3}`, events(`Step${i}`), { expectedRevision: 'any' });
      }
      const raw = new Database(file);
      return { store, raw };
    };

    it('verifies an untouched log and reports its head', async () => {
      const empty = open({}, join(dir, 'empty.db'));
      expect(empty.verifyChain()).toEqual({ ok: true, head: null, count: 0 });
      expect(empty.chainHead()).toBeNull();

      const { store, raw } = await seeded();
      raw.close();
      const head = store.chainHead();
      expect(head).toEqual({ position: 10n, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(store.verifyChain()).toEqual({ ok: true, head, count: 10 });
    });

    it('detects an edited row as altered', async () => {
      const { store, raw } = await seeded();
      raw.prepare(`UPDATE events SET data = '{"i":0,"type":"Forged"}' WHERE position = 5`).run();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 5n, reason: 'altered', verifiedCount: 4 });
    });

    it('detects an edited reason in the metadata as altered', async () => {
      const { store, raw } = await seeded();
      raw.prepare(`UPDATE events SET metadata = json_set(metadata, '$.reason', 'backdated') WHERE position = 3`).run();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 3n, reason: 'altered' });
    });

    it('detects an edited command_id or recorded_at column (outside the hashed metadata) as altered', async () => {
      const { store, raw } = await seeded();
      raw.prepare(`UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = 8`).run();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 8n, reason: 'altered', verifiedCount: 7 });
    });

    it('detects an edited row whose own hash was recomputed, at the next event', async () => {
      const { store, raw } = await seeded();
      const row = raw.prepare('SELECT * FROM events WHERE position = 5').get() as Record<string, string | number>;
      const previous = raw.prepare('SELECT hash FROM events WHERE position = 4').pluck().get() as string;
      const forgedData = '{"i":0,"type":"Forged"}';
      const forgedHash = chainHash(previous, {
        position: 5n,
        id: row['id'] as string,
        stream: row['stream'] as string,
        revision: BigInt(row['revision']!),
        type: row['type'] as string,
        schemaVersion: Number(row['schema_version']),
        dataJson: forgedData,
        metadataJson: row['metadata'] as string,
      });
      raw.prepare('UPDATE events SET data = ?, hash = ? WHERE position = 5').run(forgedData, forgedHash);
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 6n, reason: 'altered' });
    });

    it('detects a deleted row as removed', async () => {
      const { store, raw } = await seeded();
      raw.prepare('DELETE FROM events WHERE position = 5').run();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 5n, reason: 'removed', verifiedCount: 4 });
    });

    it('detects a deleted last row as removed, and never reuses its position', async () => {
      const { store, raw } = await seeded();
      raw.prepare('DELETE FROM events WHERE position = 10').run();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 10n, reason: 'removed' });
      expect(await store.append('later', events('Later'), { expectedRevision: 'any' })).toMatchObject({ position: 11n });
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 10n, reason: 'removed' });
    });

    it('detects two swapped rows as reordered', async () => {
      const { store, raw } = await seeded();
      raw.transaction(() => {
        raw.prepare('UPDATE events SET position = -1 WHERE position = 4').run();
        raw.prepare('UPDATE events SET position = 4 WHERE position = 7').run();
        raw.prepare('UPDATE events SET position = 7 WHERE position = -1').run();
      })();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 4n, reason: 'reordered', verifiedCount: 3 });
    });

    it('detects swapped contents under unchanged hashes as reordered', async () => {
      const { store, raw } = await seeded();
      const columns = 'id, stream, revision, type, schema_version, data, metadata, command_id, recorded_at';
      raw.transaction(() => {
        const a = raw.prepare(`SELECT ${columns} FROM events WHERE position = 6`).raw().get() as unknown[];
        const b = raw.prepare(`SELECT ${columns} FROM events WHERE position = 8`).raw().get() as unknown[];
        const update = raw.prepare(`UPDATE events SET (${columns}) = (?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE position = ?`);
        // Free the unique id and (stream, revision) first.
        raw.prepare(`UPDATE events SET id = 'tmp-' || position, revision = -position WHERE position IN (6, 8)`).run();
        update.run(...b, 6);
        update.run(...a, 8);
      })();
      raw.close();
      expect(store.verifyChain()).toMatchObject({ ok: false, position: 6n, reason: 'reordered' });
    });
  });

  describe('subscriptions across connections', () => {
    it('wakes a subscription at once for an append by another store on the same file in this process', async () => {
      // A poll interval far longer than the wait: only the in-process notifier can deliver in time.
      const subscriber = open({ pollIntervalMs: 60_000 });
      const writer = open();
      const received: RecordedEvent[] = [];
      let caughtUp = false;
      const subscription = subscriber.subscribeToAll({
        after: 'start',
        handler: (e) => void received.push(e),
        onCaughtUp: () => (caughtUp = true),
      });
      await waitFor(() => caughtUp, 2_000, 'catch-up');
      await writer.append('s-1', events('A'), { expectedRevision: 'no-stream' });
      await waitFor(() => received.length === 1, 1_000, 'the notified event');
      await subscription.stop();
    });

    it('sees appends made by another process on the same file (polling)', async () => {
      const store = open();
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 'start', handler: (e) => void received.push(e) });
      const script = `
        const { SqliteEventStore } = require('./libs/event-store/src/sqlite/sqlite-event-store.ts');
        const { randomUUID } = require('node:crypto');
        (async () => {
          const store = new SqliteEventStore(process.argv[1]);
          for (let i = 0; i < 5; i++) {
            const commandId = randomUUID();
            await store.append('from-child', [{ type: 'Child', data: { i }, metadata: {
              actorId: 'child', actorRole: 'admin', recordedAt: new Date().toISOString(),
              correlationId: commandId, causationId: commandId, commandId } }], { expectedRevision: 'any' });
          }
          await store.close();
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const exitCode = await new Promise<number | null>((resolveExit, reject) => {
        const child = spawn(process.execPath, ['-r', './tools/register.js', '-e', script, file], {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        child.on('error', reject);
        child.on('exit', resolveExit);
      });
      expect(exitCode).toBe(0);
      await waitFor(() => received.length === 5, 5_000, 'the child process events');
      await subscription.stop();
      expect(received.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4]);
      expect(store.verifyChain()).toMatchObject({ ok: true, count: 5 });
    }, 30_000);
  });

  describe('upcasting through UpcastingEventStore', () => {
    // v1 stored the amount in whole kroner; v2 in øre, with a currency.
    const registry = new EventTypeRegistry().register({
      type: 'SavingRegistered',
      currentVersion: 2,
      upcasters: {
        1: (data) => {
          const v1 = data as { caseId: string; amountKroner: number };
          return { caseId: v1.caseId, amountOere: v1.amountKroner * 100, currency: 'DKK' };
        },
      },
    });

    it('reads an old v1 event as v2 from streams, the log and subscriptions; writes new events as v2', async () => {
      const raw = open();
      const store = new UpcastingEventStore(raw, registry);
      const v1: NewEvent = { type: 'SavingRegistered', schemaVersion: 1, data: { caseId: 'c-1', amountKroner: 250 }, metadata: metadata() };
      await raw.append('business-case-c-1', [v1], { expectedRevision: 'no-stream' });
      await store.append(
        'business-case-c-1',
        [{ type: 'SavingRegistered', data: { caseId: 'c-1', amountOere: 5, currency: 'DKK' }, metadata: metadata() }],
        { expectedRevision: 0n },
      );

      const expected = [
        { schemaVersion: 2, data: { caseId: 'c-1', amountOere: 25000, currency: 'DKK' } },
        { schemaVersion: 2, data: { caseId: 'c-1', amountOere: 5, currency: 'DKK' } },
      ];
      expect(await store.readStream('business-case-c-1')).toMatchObject(expected);
      expect(await store.readAll()).toMatchObject(expected);
      const received: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 'start', handler: (e) => void received.push(e) });
      await waitFor(() => received.length === 2, 2_000, 'two upcast events');
      await subscription.stop();
      expect(received).toMatchObject(expected);
      // Stored shapes are never rewritten.
      expect((await raw.readStream('business-case-c-1')).map((e) => e.schemaVersion)).toEqual([1, 2]);
    });

    it('refuses to read an event type it does not know', async () => {
      const raw = open();
      await raw.append('s', [{ type: 'Unheard', data: {}, metadata: metadata() }], { expectedRevision: 'no-stream' });
      await expect(new UpcastingEventStore(raw, registry).readStream('s')).rejects.toThrow(EventDecodingError);
    });
  });

  describe('scans (scanAll)', () => {
    const fill = async (store: SqliteEventStore, count: number, prefix = 'scan'): Promise<void> => {
      for (let i = 0; i < count; i += 50) {
        const batch = Array.from({ length: Math.min(50, count - i) }, (_, k) => `E${i + k}`);
        await store.append(`${prefix}-${i}`, events(...batch), { expectedRevision: 'no-stream' });
      }
    };
    const collect = async (scan: AsyncIterable<RecordedEvent[]>): Promise<RecordedEvent[][]> => {
      const pages: RecordedEvent[][] = [];
      for await (const page of scan) pages.push(page);
      return pages;
    };

    it('reads a long scan on a reader thread and a short one here, page for page the same events as readAll', async () => {
      const file = join(dir, 'scan.db');
      const writer = new SqliteEventStore(file);
      await fill(writer, 730);
      const threaded = new SqliteEventStore(file, { readonly: true, scanThreadFrom: 500 });
      try {
        const log = await writer.readAll({ maxCount: 10_000 });
        const whole = await collect(threaded.scanAll({ pageSize: 100 }));
        expect(threaded.scanStats).toEqual({ inline: 0, threaded: 1 });
        expect(whole.map((p) => p.length)).toEqual([100, 100, 100, 100, 100, 100, 100, 30]);
        expect(whole.flat()).toEqual(log);
        // 300 events to go: below the threshold, read here.
        const tail = await collect(threaded.scanAll({ after: log[429]!.position, pageSize: 128 }));
        expect(threaded.scanStats).toEqual({ inline: 1, threaded: 1 });
        expect(tail.flat()).toEqual(log.slice(430));
        // Bounded on the thread: after, toPosition and maxCount.
        const bounded = await collect(threaded.scanAll({ after: log[9]!.position, toPosition: log[639]!.position, pageSize: 64 }));
        expect(bounded.flat()).toEqual(log.slice(10, 640));
        const counted = await collect(threaded.scanAll({ maxCount: 555, pageSize: 100 }));
        expect(threaded.scanStats.threaded).toBe(3);
        expect(counted.flat()).toEqual(log.slice(0, 555));
        // Events appended after the scan started are read too, up to the head it finds. (The
        // thread reads at most eight pages ahead of the caller: with pages of 10 it is far from
        // the end when the caller has taken the first page and appends.)
        let appended = false;
        const grown: RecordedEvent[] = [];
        for await (const page of threaded.scanAll({ pageSize: 10 })) {
          grown.push(...page);
          if (!appended) {
            appended = true;
            await fill(writer, 1, 'late');
          }
        }
        expect(grown).toEqual(await writer.readAll({ maxCount: 10_000 }));
        expect(grown).toHaveLength(731);
      } finally {
        await threaded.close();
        await writer.close();
      }
    });

    it('stops its reader thread when the caller leaves the loop, and decodes on the caller (a row that is not JSON: EventDecodingError)', async () => {
      const file = join(dir, 'scan-stop.db');
      const writer = new SqliteEventStore(file);
      await fill(writer, 400);
      const store = new SqliteEventStore(file, { scanThreadFrom: 0 });
      try {
        let pages = 0;
        for await (const page of store.scanAll({ pageSize: 10 })) {
          expect(page).toHaveLength(10);
          if (++pages === 3) break;
        }
        expect(pages).toBe(3);
        const db = new Database(file);
        db.prepare("UPDATE events SET data = '{not json' WHERE position = 250").run();
        db.close();
        const seen: bigint[] = [];
        const failure = await (async () => {
          try {
            for await (const page of store.scanAll({ pageSize: 100 })) seen.push(...page.map((e) => e.position));
          } catch (error) {
            return error;
          }
          return undefined;
        })();
        expect(failure).toBeInstanceOf(EventDecodingError);
        expect(String((failure as Error).message)).toMatch(/position 250/);
        expect(seen).toHaveLength(200);
      } finally {
        await store.close();
        await writer.close();
      }
    });

    it("parses a long scan's metadata when it is first read: recordedAt from its column, the rest as readAll gives it (corrupt metadata: EventDecodingError then)", async () => {
      const file = join(dir, 'scan-metadata.db');
      const writer = new SqliteEventStore(file);
      await fill(writer, 60);
      await writer.append('with-reason', [{ type: 'Why', data: {}, metadata: { ...metadata(), reason: 'because' } }], { expectedRevision: 'no-stream' });
      const store = new SqliteEventStore(file, { readonly: true, scanThreadFrom: 0 });
      try {
        const eager = await writer.readAll({ maxCount: 1000 });
        const scanned = (await collect(store.scanAll({ pageSize: 25 }))).flat();
        expect(scanned).toHaveLength(61);
        // recordedAt without parsing; then every other use sees what readAll gives.
        expect(scanned.map((e) => e.metadata.recordedAt)).toEqual(eager.map((e) => e.metadata.recordedAt));
        const last = scanned[60]!.metadata;
        expect(JSON.stringify(last)).toBe(JSON.stringify(eager[60]!.metadata));
        expect(Object.keys(scanned[0]!.metadata)).toEqual(Object.keys(eager[0]!.metadata));
        expect({ ...scanned[1]!.metadata }).toEqual(eager[1]!.metadata);
        expect('reason' in last && last.reason).toBe('because');
        expect(scanned[2]!.metadata.actorId).toBe(eager[2]!.metadata.actorId);
        expect(scanned).toEqual(eager);

        const db = new Database(file);
        db.prepare("UPDATE events SET metadata = '{not json' WHERE position = 30").run();
        db.close();
        const again = (await collect(store.scanAll({ pageSize: 25 }))).flat();
        // The page reads; recordedAt reads; anything else fails, naming the event.
        expect(again[29]!.metadata.recordedAt).toBe(eager[29]!.metadata.recordedAt);
        expect(() => again[29]!.metadata.actorId).toThrow(EventDecodingError);
        expect(() => ({ ...again[29]!.metadata })).toThrow(/position 30: its metadata is not valid JSON/);
        expect(again[30]!.metadata).toEqual(eager[30]!.metadata);
      } finally {
        await store.close();
        await writer.close();
      }
    });

    it('fails as unavailable when its reader thread cannot open the file', async () => {
      const file = join(dir, 'scan-gone.db');
      const store = new SqliteEventStore(file, { scanThreadFrom: 0 });
      await fill(store, 5);
      rmSync(file);
      try {
        await expect(collect(store.scanAll())).rejects.toThrow(EventStoreUnavailableError);
      } finally {
        await store.close();
      }
    });
  });

  it('throws the typed conflict from a raced append even across two stores on one file', async () => {
    const a = open();
    const b = open();
    await a.append('shared', events('Opened'), { expectedRevision: 'no-stream' });
    await b.append('shared', events('ByB'), { expectedRevision: 0n });
    await expect(a.append('shared', events('ByA'), { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
