import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { RecordedEvent } from '@gevinst/event-store';
import { InvalidDocumentError, type JsonValue } from './json';
import { MemoryDocumentStore } from './memory-document-store';
import { ProjectionApplyError, type DocumentWriter, type ListOptions, type Projection } from './projection';
import { ProjectionVersionMismatchError, SqliteDocumentStore } from './sqlite-document-store';
import {
  crashEvents,
  recorded,
  streamCounter,
  sumPerType,
  tempDir,
  toyProjections,
  type StreamCount,
  type TypeSum,
} from './spec-support/toy';

const REPO_ROOT = resolve(__dirname, '../../../..');

const countedEvents = (from: number, to: number, stream = 'counter-1'): RecordedEvent[] =>
  Array.from({ length: to - from + 1 }, (_, i) => recorded(from + i, 'Counted', { amount: from + i }, stream));

describe('SqliteDocumentStore', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: SqliteDocumentStore;
  const open = (): SqliteDocumentStore => new SqliteDocumentStore({ file: temp.file('read-models.db') });

  beforeEach(() => {
    temp = tempDir();
    store = open();
  });
  afterEach(() => {
    store.close();
    temp.remove();
  });

  describe('a batch', () => {
    it('stores the documents and advances every checkpoint to the last event', () => {
      const checkpoints = store.applyBatch([streamCounter(), sumPerType], countedEvents(1, 4));
      expect(checkpoints.get('sum-per-type')).toEqual({ version: 1, position: 4n });
      expect(store.checkpoint('stream-counter')).toEqual({ version: 1, position: 4n });
      // Not handled by sum-per-type, still moves its checkpoint.
      store.applyBatch([streamCounter(), sumPerType], [recorded(5, 'Noted', { text: 'x' })]);
      expect(store.checkpoint('sum-per-type')).toEqual({ version: 1, position: 5n });
      const reader = store.reader();
      expect(reader.get<TypeSum>('sum-per-type', 'types', 'Counted')).toEqual({ events: 4, sum: 10 });
      expect(reader.get<StreamCount>('stream-counter', 'streams', 'counter-1')).toEqual({ count: 5, lastPosition: '5' });
    });

    it('lets a get after a put see the new document, and a list see this batch’s puts and deletes in key order', () => {
      const seen: unknown[] = [];
      const probe: Projection = {
        name: 'probe',
        version: 1,
        apply(event, docs) {
          const step = (event.data as { step: number }).step;
          if (step === 1) {
            docs.put('c', 'b', { n: 1 });
            docs.put('c', 'd', { n: 1 });
            docs.put('c', 'x', { n: 1 });
          } else {
            docs.put('c', 'b', { n: 2 });
            seen.push(docs.get('c', 'b'));
            docs.delete('c', 'd');
            seen.push(docs.get('c', 'd'));
            docs.put('c', 'a', { n: 2 });
            docs.put('c', 'c', { n: 2 });
            docs.put('c', 'y', { n: 2 });
            seen.push(docs.list('c').map((e) => `${e.key}${(e.doc as { n: number }).n}`).join(' '));
            seen.push(docs.list('c', 'x').map((e) => e.key));
          }
        },
      };
      store.applyBatch([probe], [recorded(1, 'Step', { step: 1 })]);
      store.applyBatch([probe], [recorded(2, 'Step', { step: 2 })]);
      expect(seen).toEqual([{ n: 2 }, undefined, 'a2 b2 c2 x1 y2', ['x']]);
      expect(store.reader().list('probe', 'c').map((e) => e.key)).toEqual(['a', 'b', 'c', 'x', 'y']);
    });

    it('writes nothing and keeps the checkpoints when it throws before COMMIT', () => {
      store.applyBatch(toyProjections(), countedEvents(1, 3));
      expect(() =>
        store.applyBatch(toyProjections(), countedEvents(4, 6), {
          onBeforeCommit: () => {
            throw new Error('crash before commit');
          },
        }),
      ).toThrow('crash before commit');
      for (const name of ['stream-counter', 'sum-per-type', 'recent-per-stream']) {
        expect(store.checkpoint(name)?.position).toBe(3n);
      }
      expect(store.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 3, sum: 6 });
      // The restart delivers from the lowest checkpoint; nothing is counted twice.
      store.applyBatch(toyProjections(), countedEvents(1, 6));
      expect(store.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 6, sum: 21 });
    });

    it('does not apply an event at or below a projection’s checkpoint again', () => {
      store.applyBatch([sumPerType], countedEvents(1, 5));
      store.applyBatch([sumPerType, streamCounter()], countedEvents(3, 8));
      expect(store.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 8, sum: 36 });
      expect(store.reader().get('stream-counter', 'streams', 'counter-1')).toEqual({ count: 6, lastPosition: '8' });
    });

    it('rolls back every projection’s part when one projection throws, naming it and the event', () => {
      const failing: Projection = {
        name: 'fails-on-3',
        version: 1,
        apply(event) {
          if (event.position === 3n) throw new Error('boom');
        },
      };
      let error: unknown;
      try {
        store.applyBatch([sumPerType, failing], countedEvents(1, 4));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProjectionApplyError);
      expect(error).toMatchObject({ projection: 'fails-on-3', position: 3n, eventType: 'Counted' });
      expect(store.checkpoint('sum-per-type')).toBeUndefined();
      expect(store.reader().get('sum-per-type', 'types', 'Counted')).toBeUndefined();

      // What the runner does next: the failing projection stops just before its event.
      const checkpoints = store.applyBatch([sumPerType, failing], countedEvents(1, 4), { stopBefore: new Map([['fails-on-3', 3n]]) });
      expect(checkpoints.get('fails-on-3')?.position).toBe(2n);
      expect(checkpoints.get('sum-per-type')?.position).toBe(4n);
    });

    it('refuses a document that is not JSON, naming the projection and the path', () => {
      const bigintWriter: Projection = {
        name: 'bigint-writer',
        version: 1,
        apply(event, docs) {
          docs.put('c', 'k', { position: event.position } as unknown as JsonValue);
        },
      };
      expect(() => store.applyBatch([bigintWriter], countedEvents(1, 1))).toThrow(
        expect.objectContaining({
          projection: 'bigint-writer',
          cause: expect.any(InvalidDocumentError) as unknown,
          message: expect.stringContaining('$.position is a bigint') as unknown,
        }) as Error,
      );
    });

    it('gives documents back exactly, whatever JSON they are', () => {
      const docs: JsonValue[] = [5, 'text', true, null, [1, 'two', [3]], { nested: { æøå: '😀', n: -1.5e-7 } }, 2 ** 64];
      const writer: Projection = {
        name: 'writer',
        version: 1,
        apply(_, w) {
          docs.forEach((doc, i) => w.put('c', String(i), doc));
        },
      };
      store.applyBatch([writer], countedEvents(1, 1));
      store.close();
      store = open();
      expect(docs.map((_, i) => store.reader().get('writer', 'c', String(i)))).toEqual(docs);
    });

    it('refuses to apply a projection whose stored version differs', () => {
      store.applyBatch([streamCounter(1)], countedEvents(1, 2));
      expect(() => store.applyBatch([streamCounter(2)], countedEvents(3, 3))).toThrow(ProjectionVersionMismatchError);
    });
  });

  describe('registerProjections', () => {
    it('resets a projection whose version changed, and leaves the others', () => {
      store.applyBatch([streamCounter(1), sumPerType], countedEvents(1, 2));
      const registered = store.registerProjections([streamCounter(2), sumPerType]);
      expect(registered.get('stream-counter')).toEqual({
        checkpoint: { version: 2, position: 'start' },
        reset: true,
        previousVersion: 1,
      });
      expect(registered.get('sum-per-type')).toEqual({ checkpoint: { version: 1, position: 2n }, reset: false });
      expect(store.reader().list('stream-counter', 'streams')).toEqual([]);
      expect(store.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 2, sum: 3 });
    });
  });

  it('resets a projection to start, and drops one altogether, leaving the others', () => {
    store.applyBatch([streamCounter(), sumPerType], countedEvents(1, 3));
    store.reset('stream-counter', 7);
    expect(store.checkpoint('stream-counter')).toEqual({ version: 7, position: 'start' });
    expect(store.reader().list('stream-counter', 'streams')).toEqual([]);
    store.drop('sum-per-type');
    expect(store.checkpoint('sum-per-type')).toBeUndefined();
    expect(store.reader().get('sum-per-type', 'types', 'Counted')).toBeUndefined();
    expect([...store.checkpoints().keys()]).toEqual(['stream-counter']);
  });

  describe('reader', () => {
    it('lists by prefix, after a key, and up to a limit, in key order', () => {
      const keys = ['a/1', 'a/2', 'a/3', 'b/1', 'a', 'ab'];
      const writer: Projection = {
        name: 'keys',
        version: 1,
        apply(_, docs) {
          for (const key of keys) docs.put('k', key, { key });
        },
      };
      store.applyBatch([writer], countedEvents(1, 1));
      const reader = store.reader();
      const list = (options?: Parameters<typeof reader.list>[2]): string[] => reader.list('keys', 'k', options).map((e) => e.key);
      expect(list()).toEqual(['a', 'a/1', 'a/2', 'a/3', 'ab', 'b/1']);
      expect(list({ prefix: 'a/' })).toEqual(['a/1', 'a/2', 'a/3']);
      expect(list({ prefix: 'a/', after: 'a/1', limit: 1 })).toEqual(['a/2']);
      expect(list({ prefix: 'a/', after: 'a' })).toEqual(['a/1', 'a/2', 'a/3']);
      expect(list({ after: 'a/3' })).toEqual(['ab', 'b/1']);
      expect(list({ limit: 0 })).toEqual([]);
      expect(reader.consistent((r) => [r.get('keys', 'k', 'ab'), r.checkpoint('keys')])).toEqual([
        { key: 'ab' },
        { version: 1, position: 1n },
      ]);
    });
  });

  describe('a reader whose documents another connection writes (the projection thread)', () => {
    it('keeps serving its cached document until told of the write (forget), then reads what is committed', () => {
      const reading = new SqliteDocumentStore({ file: temp.file('read-models.db'), documentCacheBytes: 1 << 20 });
      try {
        store.registerProjections([streamCounter()]);
        store.applyBatch([streamCounter()], countedEvents(1, 1));
        const count = (): unknown => reading.reader().get('stream-counter', 'streams', 'counter-1');
        expect(count()).toEqual({ count: 1, lastPosition: '1' });
        store.applyBatch([streamCounter()], countedEvents(2, 3));
        // Cached: the write by the other connection is not seen yet (as the thread's report is not yet in).
        expect(count()).toEqual({ count: 1, lastPosition: '1' });
        reading.forget('stream-counter', 'streams', 'counter-2');
        expect(count()).toEqual({ count: 1, lastPosition: '1' });
        reading.forget('stream-counter', 'streams', 'counter-1');
        expect(count()).toEqual({ count: 3, lastPosition: '3' });
      } finally {
        reading.close();
      }
    });
  });

  it('names the file and what is wrong when it cannot be opened', () => {
    const blocked = temp.file('not-a-dir');
    new Database(blocked).close(); // a file where the directory should be
    expect(() => new SqliteDocumentStore({ file: join(blocked, 'read-models.db') })).toThrow(
      new RegExp(`SQLite read-model store ${join(blocked, 'read-models.db')}: could not open the database: E(EXIST|NOTDIR)`),
    );
    const notADatabase = temp.file('garbage.db');
    writeFileSync(notADatabase, 'x'.repeat(4096));
    expect(() => new SqliteDocumentStore({ file: notADatabase })).toThrow(/could not open the database: the file is not an SQLite database \(SQLITE_NOTADB/);
  });

  it('loses exactly the batch whose transaction a SIGKILL interrupts, and continues from there', () => {
    store.close();
    const file = temp.file('read-models.db');
    const child = spawnSync(
      process.execPath,
      ['-r', join(REPO_ROOT, 'tools/register.js'), join(__dirname, 'spec-support/crash-child.ts'), file],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 20_000 },
    );
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toBe('committed\n');

    store = open();
    for (const name of ['stream-counter', 'sum-per-type', 'recent-per-stream']) {
      expect(store.checkpoint(name)?.position).toBe(5n);
    }
    expect(store.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 5, sum: 15 });

    // After the restart the whole log comes again; only what is past the checkpoint counts.
    store.applyBatch(toyProjections(), crashEvents());
    const memory = new MemoryDocumentStore();
    for (const projection of toyProjections()) {
      const writer = memory.writer(projection.name);
      for (const event of crashEvents()) if (projection.handles?.(event.type) ?? true) projection.apply(event, writer);
    }
    for (const projection of toyProjections()) {
      const snapshot = store.snapshot();
      expect([...snapshot.entries(projection.name)]).toEqual([...memory.entries(projection.name)]);
      snapshot.release();
    }
    expect(store.reader().get('sum-per-type', 'types', 'Counted')).toEqual({ events: 10, sum: 55 });
  });
});

describe('SqliteDocumentStore and MemoryDocumentStore', () => {
  type Op =
    | { op: 'put'; collection: string; key: string; value: number }
    | { op: 'delete'; collection: string; key: string }
    | { op: 'get'; collection: string; key: string }
    | { op: 'list'; collection: string; prefix: string };

  /** Interprets events as document operations and writes down what get and list saw. */
  const interpreter: Projection<RecordedEvent<'Op', Op>> = {
    name: 'interpreter',
    version: 1,
    apply(event, docs: DocumentWriter) {
      const op = event.data;
      const at = event.position.toString().padStart(6, '0');
      switch (op.op) {
        case 'put':
          docs.put(op.collection, op.key, { value: op.value, at });
          break;
        case 'delete':
          docs.delete(op.collection, op.key);
          break;
        case 'get':
          docs.put('seen', at, { got: docs.get(op.collection, op.key) ?? null });
          break;
        case 'list':
          docs.put('seen', at, { listed: docs.list(op.collection, op.prefix).map((e) => [e.key, e.doc]) });
          break;
      }
    },
  };

  const key = fc.constantFrom('a', 'ab', 'b', 'a/1', 'a/2', 'é', '😀', '😀x', '\uE000', '\uD7FFx', 'a\u{10FFFF}', 'a\u{10FFFF}b', '\u{10FFFF}');
  const prefix = fc.constantFrom('', 'a', 'a/', 'b', 'z', '😀', '\uD7FF', 'a\u{10FFFF}', '\u{10FFFF}');
  const collection = fc.constantFrom('one', 'two');
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('put' as const), collection, key, value: fc.integer() }),
    fc.record({ op: fc.constant('delete' as const), collection, key }),
    fc.record({ op: fc.constant('get' as const), collection, key }),
    fc.record({ op: fc.constant('list' as const), collection, prefix }),
  );

  const listOptions = fc.record(
    { prefix, after: key, limit: fc.integer({ min: 0, max: 4 }) },
    { requiredKeys: [] },
  );

  it('give the same documents and the same reads for any operations and batch boundaries', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 20 }), listOptions, (ops, cuts, options) => {
        const events = ops.map((o, i) => recorded(i + 1, 'Op', o));
        const memory = new MemoryDocumentStore();
        const writer = memory.writer('interpreter');
        for (const event of events) interpreter.apply(event as RecordedEvent<'Op', Op>, writer);

        const sqlite = new SqliteDocumentStore({ database: new Database(':memory:') });
        try {
          for (let at = 0, i = 0; at < events.length; i++) {
            const size = cuts[i % cuts.length]!;
            sqlite.applyBatch([interpreter], events.slice(at, at + size));
            at += size;
          }
          expectSameDocuments(sqlite, memory, options);
        } finally {
          sqlite.db.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('give the same with a document cache (of any size), reads between the batches and batches that roll back', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 10 }), fails: fc.boolean(), reads: fc.array(fc.tuple(collection, key), { maxLength: 3 }) }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 400 }),
        listOptions,
        (ops, cuts, cacheBytes, options) => {
          const events = ops.map((o, i) => recorded(i + 1, 'Op', o));
          const memory = new MemoryDocumentStore();
          const writer = memory.writer('interpreter');
          const sqlite = new SqliteDocumentStore({ database: new Database(':memory:'), documentCacheBytes: cacheBytes });
          try {
            for (let at = 0, i = 0; at < events.length; i++) {
              const { size, fails, reads } = cuts[i % cuts.length]!;
              const batch = events.slice(at, at + size);
              if (fails) {
                // Rolled back: neither the documents nor the cache may keep anything of it.
                expect(() => sqlite.applyBatch([interpreter], batch, { onBeforeCommit: () => { throw new Error('no'); } })).toThrow('no');
              }
              sqlite.applyBatch([interpreter], batch);
              for (const event of batch) interpreter.apply(event as RecordedEvent<'Op', Op>, writer);
              at += size;
              for (const [c, k] of reads) expect(sqlite.reader().get('interpreter', c, k)).toEqual(memory.get('interpreter', c, k));
            }
            expectSameDocuments(sqlite, memory, options);
          } finally {
            sqlite.db.close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Every document of the interpreter, and each collection listed with `options`: the same in both stores. */
function expectSameDocuments(sqlite: SqliteDocumentStore, memory: MemoryDocumentStore, options: ListOptions): void {
  expect([...sqlite.snapshot().entries('interpreter')]).toEqual([...memory.entries('interpreter')]);
  for (const c of ['one', 'two']) {
    expect(sqlite.reader().list('interpreter', c, options)).toEqual(memory.list('interpreter', c, options));
  }
}
