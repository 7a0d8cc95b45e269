import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { explainSqliteFailure, type LogPosition, type RecordedEvent } from '@gevinst/event-store';
import { ABSENT, DocumentCache } from './document-cache';
import { assertName, compareKeys, freezeParsed, normalizeDocument, type JsonValue } from './json';
import {
  applyEvent,
  assertProjections,
  flushProjection,
  listLimit,
  type DocumentEntry,
  type DocumentReader,
  type DocumentWriter,
  type ListOptions,
  type Projection,
  type ProjectionCheckpoint,
} from './projection';
import { SortedKeys } from './sorted-keys';

/**
 * Table names carry a `projection_` prefix so that the read models can share the event
 * log's file (`events`, `commands`) and other checkpointed consumers' tables.
 * `doc` is declared TEXT, not JSON: a JSON column would get NUMERIC affinity and SQLite would
 * turn a document like `5` into an integer.
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS projection_documents (
  projection TEXT NOT NULL,
  collection TEXT NOT NULL,
  key        TEXT NOT NULL,
  doc        TEXT NOT NULL,
  PRIMARY KEY (projection, collection, key)
) WITHOUT ROWID;

-- position NULL: nothing applied yet ('start').
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  projection TEXT    PRIMARY KEY,
  version    INTEGER NOT NULL,
  position   INTEGER
) WITHOUT ROWID;
`;

export type SqliteDocumentStoreOptions = (
  | {
      /**
       * The database file: a file of its own (e.g. `data/read-models.sqlite`), or the event
       * log's file (one file to back up; a connection of our own, tables of our own).
       */
      file: string;
      /**
       * NORMAL (default): a power cut may lose the last commits, never split one; the
       * runner then re-applies those events. FULL: every commit is on disk when it returns.
       */
      synchronous?: 'FULL' | 'NORMAL';
      /** How long a write waits for another connection's write lock; default 5000. */
      busyTimeoutMs?: number;
    }
  | {
      /** An open connection (not closed by close()); e.g. `new Database(':memory:')` in tests. */
      database: Database.Database;
    }
) & {
  /**
   * Keep parsed documents in memory across batches and reads, up to about this many bytes of
   * their JSON (least recently used dropped first), so that a document read again (a ledger
   * every cut rewrites, a document every query reads) is not fetched and parsed again.
   * Default 0: none. For the one connection that writes the documents (the runner's), or for
   * a reader told of every write by another connection (forget) before it reads again.
   */
  documentCacheBytes?: number;
};

/** A document a batch wrote: applied to the document cache once the batch committed. */
type Written = [collection: string, key: string, doc: JsonValue | typeof ABSENT, size: number];

export interface ApplyBatchOptions {
  /** Per projection: apply only events before this position (the runner's faulted projections). */
  stopBefore?: ReadonlyMap<string, bigint>;
  /** Fault injection for tests: runs after all writes, just before COMMIT; a throw rolls back. */
  onBeforeCommit?: () => void;
}

/** The projection's stored version is not its code's version: it must be reset first. */
export class ProjectionVersionMismatchError extends Error {
  override readonly name = 'ProjectionVersionMismatchError';
  constructor(
    readonly projection: string,
    readonly storedVersion: number,
    readonly version: number,
  ) {
    super(`Projection ${projection}: the read model was built by version ${storedVersion}, the code is version ${version}; reset it`);
  }
}

export interface RegisteredProjection {
  readonly checkpoint: ProjectionCheckpoint;
  /** The stored version differed, so its documents were dropped and its checkpoint reset. */
  readonly reset: boolean;
  /** The version the dropped documents were built by. */
  readonly previousVersion?: number;
}

/** A read-only, consistent view of the whole store (a read transaction held open). */
export interface DocumentSnapshot {
  /** False for an in-memory database: the view is live, not isolated from writes. */
  readonly isolated: boolean;
  checkpoints(): Map<string, ProjectionCheckpoint>;
  /** Every document of a projection, ordered by collection, then key. */
  entries(projection: string): IterableIterator<{ collection: string; key: string; doc: JsonValue }>;
  release(): void;
}

type CheckpointRow = [version: bigint, position: bigint | null];
type NamedCheckpointRow = [projection: string, version: bigint, position: bigint | null];
type KeyDocRow = [key: string, doc: string];
type EntryRow = [collection: string, key: string, doc: string];

/**
 * The live read models, in SQLite (better-sqlite3, WAL). A batch of events is applied to
 * every projection and their checkpoints advanced in one transaction: a crash leaves either
 * all of it or none of it.
 */
export class SqliteDocumentStore {
  readonly db: Database.Database;
  private readonly ownsConnection: boolean;
  private closed = false;
  /** @internal statements shared with the batch writers and the reader. */
  readonly sql: Statements;
  /** @internal committed documents, parsed (documentCacheBytes), shared with the batch writers and the reader. */
  readonly cache: DocumentCache | undefined;

  constructor(options: SqliteDocumentStoreOptions) {
    if ('database' in options) {
      this.db = options.database;
      this.ownsConnection = false;
    } else {
      const file = resolve(options.file);
      const synchronous = options.synchronous ?? 'NORMAL';
      if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
        throw new TypeError(`SqliteDocumentStore: synchronous must be FULL or NORMAL, not ${String(synchronous)}`);
      }
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
        throw new TypeError(`SqliteDocumentStore: busyTimeoutMs must be an integer >= 0, not ${String(busyTimeoutMs)}`);
      }
      let db: Database.Database | undefined;
      try {
        mkdirSync(dirname(file), { recursive: true });
        db = new Database(file);
        db.pragma(`busy_timeout = ${busyTimeoutMs}`);
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal') throw new Error(`could not switch ${file} to WAL (journal_mode is ${String(mode)})`);
        db.pragma(`synchronous = ${synchronous}`);
      } catch (error) {
        db?.close();
        // A read-only or full disk, a file that is not a database: say which file and what it means.
        const explained = explainSqliteFailure(error) ?? systemFailure(error);
        throw explained ? new Error(`SQLite read-model store ${file}: could not open the database: ${explained}`, { cause: error }) : error;
      }
      this.db = db;
      this.ownsConnection = true;
    }
    this.db.exec(SCHEMA_SQL);
    this.sql = new Statements(this.db);
    const cacheBytes = options.documentCacheBytes ?? 0;
    if (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0) {
      throw new TypeError(`SqliteDocumentStore: documentCacheBytes must be an integer >= 0, not ${String(cacheBytes)}`);
    }
    this.cache = cacheBytes > 0 ? new DocumentCache(cacheBytes) : undefined;
  }

  /** How many documents (and bytes of their JSON) the document cache holds, and its hits and misses; undefined without one. */
  get cacheStats(): { documents: number; bytes: number; hits: number; misses: number } | undefined {
    return this.cache ? { ...this.cache.size, hits: this.cache.hits, misses: this.cache.misses } : undefined;
  }

  /** Every stored checkpoint, by projection name. */
  /**
   * Another connection (the projection thread's) wrote this document: the cached copy, if any,
   * is dropped, so the next read fetches what is committed now.
   */
  forget(projection: string, collection: string, key: string): void {
    this.cache?.delete(projection, collection, key);
  }

  checkpoints(): Map<string, ProjectionCheckpoint> {
    return readCheckpoints(this.sql.selectCheckpoints);
  }

  checkpoint(projection: string): ProjectionCheckpoint | undefined {
    const row = this.sql.selectCheckpoint.get(projection);
    return row ? toCheckpoint(row) : undefined;
  }

  /**
   * Makes the store ready for these projections, in one transaction: a projection seen for
   * the first time gets a checkpoint at 'start'; one whose stored version differs from its
   * code's has its documents dropped and its checkpoint reset, so it is rebuilt from 0.
   */
  registerProjections(projections: readonly Projection[]): Map<string, RegisteredProjection> {
    assertProjections(projections);
    this.cache?.clear();
    return this.db
      .transaction(() => {
        const registered = new Map<string, RegisteredProjection>();
        for (const projection of projections) {
          const stored = this.checkpoint(projection.name);
          if (stored && stored.version === projection.version) {
            registered.set(projection.name, { checkpoint: stored, reset: false });
            continue;
          }
          this.resetInTransaction(projection.name, projection.version);
          registered.set(projection.name, {
            checkpoint: { version: projection.version, position: 'start' },
            reset: stored !== undefined,
            ...(stored ? { previousVersion: stored.version } : {}),
          });
        }
        return registered;
      })
      .immediate();
  }

  /** Drops a projection's documents and sets its checkpoint to 'start' at `version`. */
  reset(projection: string, version: number): void {
    this.cache?.clear();
    this.db.transaction(() => this.resetInTransaction(projection, version)).immediate();
  }

  /** Removes a projection's documents and checkpoint (a projection that is retired). */
  drop(projection: string): void {
    this.cache?.clear();
    this.db
      .transaction(() => {
        this.sql.deleteProjectionDocuments.run(projection);
        this.sql.deleteCheckpoint.run(projection);
      })
      .immediate();
  }

  /**
   * Applies `events` (in log order) to each projection, skipping those at or below its
   * stored checkpoint, and advances each checkpoint to the last event of the batch, in one
   * transaction. Throws ProjectionApplyError naming the projection and event if one fails;
   * then nothing of the batch is stored. Returns the checkpoints after the batch.
   */
  applyBatch(
    projections: readonly Projection[],
    events: readonly RecordedEvent[],
    options: ApplyBatchOptions = {},
  ): Map<string, ProjectionCheckpoint> {
    this.assertOpen();
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.position <= events[i - 1]!.position) {
        throw new RangeError(`applyBatch: events must be in log order (position ${events[i]!.position} after ${events[i - 1]!.position})`);
      }
    }
    const written = new Map<string, Written[]>();
    const checkpoints = this.db
      .transaction(() => {
        const result = new Map<string, ProjectionCheckpoint>();
        for (const projection of projections) {
          result.set(projection.name, this.applyToProjection(projection, events, options.stopBefore?.get(projection.name), written));
        }
        options.onBeforeCommit?.();
        return result;
      })
      .immediate();
    // Committed: only now may the cache hold what the batch wrote (a rollback leaves it as it was).
    if (this.cache) {
      for (const [projection, docs] of written) {
        for (const [collection, key, doc, size] of docs) this.cache.set(projection, collection, key, doc, size);
      }
    }
    return checkpoints;
  }

  /** The query side over the live read models. */
  reader(): SqliteDocumentReader {
    return new SqliteDocumentReader(this);
  }

  /**
   * A consistent read-only view for verification: a second connection holding a read
   * transaction, so the runner can go on writing meanwhile. For an in-memory database (no
   * second connection possible) the view is the live connection, not isolated.
   */
  snapshot(): DocumentSnapshot {
    this.assertOpen();
    if (this.db.memory) return new LiveSnapshot(this.sql);
    return IsolatedSnapshot.open(this.db.name);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsConnection) this.db.close();
  }

  private applyToProjection(
    projection: Projection,
    events: readonly RecordedEvent[],
    stopBefore: bigint | undefined,
    written: Map<string, Written[]>,
  ): ProjectionCheckpoint {
    const stored = this.checkpoint(projection.name);
    if (stored && stored.version !== projection.version) {
      throw new ProjectionVersionMismatchError(projection.name, stored.version, projection.version);
    }
    const from = stored?.position ?? 'start';
    const writer = new SqliteBatchWriter(this.sql, projection.name, this.cache);
    let position: LogPosition = from;
    let last: RecordedEvent | undefined;
    for (const event of events) {
      // At or below the checkpoint: applied by an earlier commit (never twice).
      if (from !== 'start' && event.position <= from) continue;
      if (stopBefore !== undefined && event.position >= stopBefore) break;
      applyEvent(projection, event, writer);
      position = event.position;
      last = event;
    }
    if (last) flushProjection(projection, writer, last);
    const docs = writer.flush();
    if (this.cache) written.set(projection.name, docs);
    if (!stored || position !== from) {
      this.sql.upsertCheckpoint.run(projection.name, projection.version, position === 'start' ? null : position);
    }
    return { version: projection.version, position };
  }

  private resetInTransaction(projection: string, version: number): void {
    assertName('projection', projection);
    this.sql.deleteProjectionDocuments.run(projection);
    this.sql.upsertCheckpoint.run(projection, version, null);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteDocumentStore is closed');
  }
}

/** @internal */
export class Statements {
  readonly selectCheckpoint: Database.Statement<[string], CheckpointRow>;
  readonly selectCheckpoints: Database.Statement<[], NamedCheckpointRow>;
  readonly upsertCheckpoint: Database.Statement<[string, number, bigint | null]>;
  readonly deleteCheckpoint: Database.Statement<[string]>;
  readonly deleteProjectionDocuments: Database.Statement<[string]>;
  readonly selectDoc: Database.Statement<[string, string, string], string>;
  private readonly listStatements = new Map<string, Database.Statement<Array<string | number>, KeyDocRow>>();
  readonly selectEntries: Database.Statement<[string], EntryRow>;
  readonly upsertDoc: Database.Statement<[string, string, string, string]>;
  readonly deleteDoc: Database.Statement<[string, string, string]>;

  constructor(private readonly db: Database.Database) {
    this.selectCheckpoint = db
      .prepare<[string], CheckpointRow>('SELECT version, position FROM projection_checkpoints WHERE projection = ?')
      .safeIntegers(true)
      .raw(true);
    this.selectCheckpoints = db
      .prepare<[], NamedCheckpointRow>('SELECT projection, version, position FROM projection_checkpoints ORDER BY projection')
      .safeIntegers(true)
      .raw(true);
    this.upsertCheckpoint = db.prepare(`INSERT INTO projection_checkpoints (projection, version, position) VALUES (?, ?, ?)
      ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = excluded.position`);
    this.deleteCheckpoint = db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?');
    this.deleteProjectionDocuments = db.prepare('DELETE FROM projection_documents WHERE projection = ?');
    this.selectDoc = db
      .prepare<[string, string, string], string>('SELECT doc FROM projection_documents WHERE projection = ? AND collection = ? AND key = ?')
      .pluck(true);
    this.selectEntries = db
      .prepare<[string], EntryRow>('SELECT collection, key, doc FROM projection_documents WHERE projection = ? ORDER BY collection, key')
      .raw(true);
    this.upsertDoc = db.prepare(`INSERT INTO projection_documents (projection, collection, key, doc) VALUES (?, ?, ?, ?)
      ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc`);
    this.deleteDoc = db.prepare('DELETE FROM projection_documents WHERE projection = ? AND collection = ? AND key = ?');
  }

  /**
   * Documents of one collection in key order: from `start` (inclusive, or exclusive when
   * `after`), below `end` (the prefix's end, if it has one), at most `limit`. One prepared
   * statement per shape: a bound given as "no bound" would make SQLite scan to the end.
   */
  list(projection: string, collection: string, start: string, after: boolean, end: string | undefined, limit: number): KeyDocRow[] {
    const shape = `${after ? '>' : '>='}${end === undefined ? '' : '<'}${limit === Infinity ? '' : 'L'}`;
    let statement = this.listStatements.get(shape);
    if (!statement) {
      statement = this.db
        .prepare<Array<string | number>, KeyDocRow>(
          `SELECT key, doc FROM projection_documents WHERE projection = ? AND collection = ? AND key ${after ? '>' : '>='} ?` +
            `${end === undefined ? '' : ' AND key < ?'} ORDER BY key${limit === Infinity ? '' : ' LIMIT ?'}`,
        )
        .raw(true);
      this.listStatements.set(shape, statement);
    }
    const parameters: Array<string | number> = [projection, collection, start];
    if (end !== undefined) parameters.push(end);
    if (limit !== Infinity) parameters.push(limit);
    return statement.all(...parameters);
  }
}

const toCheckpoint = (row: CheckpointRow): ProjectionCheckpoint => ({
  version: Number(row[0]),
  position: row[1] ?? 'start',
});

const readCheckpoints = (statement: Database.Statement<[], NamedCheckpointRow>): Map<string, ProjectionCheckpoint> => {
  const checkpoints = new Map<string, ProjectionCheckpoint>();
  for (const [projection, version, position] of statement.all()) {
    checkpoints.set(projection, toCheckpoint([version, position]));
  }
  return checkpoints;
};

/** A file system error (EROFS, ENOSPC, EACCES …) as "CODE: message"; duck-typed, as it may come from another realm. */
const systemFailure = (error: unknown): string | undefined => {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string' ? (message.startsWith(code) ? message : `${code}: ${message}`) : undefined;
};

const parseDoc = (text: string): JsonValue => freezeParsed(JSON.parse(text));

/** A committed document: from the cache, or read and parsed (and then cached). */
const readDocument = (sql: Statements, cache: DocumentCache | undefined, projection: string, collection: string, key: string): JsonValue | undefined => {
  const cached = cache?.get(projection, collection, key);
  if (cached !== undefined) return cached === ABSENT ? undefined : cached;
  const text = sql.selectDoc.get(projection, collection, key);
  const doc = text === undefined ? undefined : parseDoc(text);
  cache?.set(projection, collection, key, doc ?? ABSENT, text?.length ?? 0);
  return doc;
};

/** A listed row's document: the cached one (the same JSON), or the row's text parsed. */
const cachedOrParsed = (cache: DocumentCache | undefined, projection: string, collection: string, key: string, text: string): JsonValue => {
  const cached = cache?.get(projection, collection, key);
  return cached !== undefined && cached !== ABSENT ? cached : parseDoc(text);
};

/**
 * The least string above every string that starts with `prefix` (in code point order, which
 * is SQLite's order for UTF-8 text): the prefix with its last code point raised by one.
 * None for an empty prefix or one of only U+10FFFF.
 */
const prefixEnd = (prefix: string): string | undefined => {
  const last = prefix.charCodeAt(prefix.length - 1);
  // The usual case: the last character is below U+D7FF, so one more is the same kind.
  if (last < 0xd7ff) return prefix.slice(0, -1) + String.fromCharCode(last + 1);
  return prefixEndOfCodePoints(prefix);
};

const prefixEndOfCodePoints = (prefix: string): string | undefined => {
  const codePoints = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (codePoints.length > 0 && codePoints[codePoints.length - 1] === 0x10ffff) codePoints.pop();
  if (codePoints.length === 0) return undefined;
  const last = codePoints[codePoints.length - 1]! + 1;
  codePoints[codePoints.length - 1] = last === 0xd800 ? 0xe000 : last; // skip the surrogate range
  return String.fromCodePoint(...codePoints);
};

interface Slot {
  /** undefined: deleted (or absent). */
  doc: JsonValue | undefined;
  dirty: boolean;
}

interface CachedCollection {
  readonly slots: Map<string, Slot>;
  /** The keys of the dirty slots, sorted, for list() to merge with the stored keys. */
  readonly dirtyKeys: SortedKeys;
}

/**
 * One projection's writer for one batch. Writes are held in a cache (so a get after a put
 * sees the new document, and a document written many times in a batch is stored once) and
 * flushed inside the batch's transaction.
 */
class SqliteBatchWriter implements DocumentWriter {
  private readonly collections = new Map<string, CachedCollection>();
  private readonly states = new Map<object, unknown>();

  constructor(
    private readonly sql: Statements,
    private readonly projection: string,
    private readonly cache: DocumentCache | undefined,
  ) {}

  get<T extends JsonValue = JsonValue>(collection: string, key: string): T | undefined {
    const { slots } = this.collection(collection);
    const slot = slots.get(key);
    if (slot) return slot.doc as T | undefined;
    const doc = readDocument(this.sql, this.cache, this.projection, collection, key);
    slots.set(key, { doc, dirty: false });
    return doc as T | undefined;
  }

  put(collection: string, key: string, doc: JsonValue): void {
    assertName('collection', collection);
    assertName('key', key);
    this.write(collection, key, normalizeDocument(doc));
  }

  delete(collection: string, key: string): void {
    assertName('collection', collection);
    assertName('key', key);
    this.write(collection, key, undefined);
  }

  list<T extends JsonValue = JsonValue>(collection: string, prefix = ''): ReadonlyArray<DocumentEntry<T>> {
    assertName('prefix', prefix);
    const { slots, dirtyKeys } = this.collection(collection);
    const entries: Array<DocumentEntry<T>> = [];
    const stored = new Set<string>();
    for (const [key, text] of this.sql.list(this.projection, collection, prefix, false, prefixEnd(prefix), Infinity)) {
      stored.add(key);
      let slot = slots.get(key);
      if (!slot) {
        slot = { doc: cachedOrParsed(this.cache, this.projection, collection, key, text), dirty: false };
        slots.set(key, slot);
      }
      if (slot.doc !== undefined) entries.push({ key, doc: slot.doc as T });
    }
    let added = false;
    dirtyKeys.scan(prefix, true, (key) => {
      if (!key.startsWith(prefix)) return false;
      const doc = slots.get(key)!.doc;
      if (doc !== undefined && !stored.has(key)) {
        entries.push({ key, doc: doc as T });
        added = true;
      }
      return true;
    });
    return added ? entries.sort((a, b) => compareKeys(a.key, b.key)) : entries;
  }

  batchState<T>(owner: object, create: () => T): T {
    let state = this.states.get(owner) as T | undefined;
    if (state === undefined) {
      state = create();
      this.states.set(owner, state);
    }
    return state;
  }

  /** Stores the batch's writes (in its transaction); returns them, for the document cache once committed. */
  flush(): Written[] {
    const written: Written[] = [];
    for (const [collection, { slots }] of this.collections) {
      for (const [key, slot] of slots) {
        if (!slot.dirty) continue;
        if (slot.doc === undefined) {
          this.sql.deleteDoc.run(this.projection, collection, key);
          written.push([collection, key, ABSENT, 0]);
        } else {
          const text = JSON.stringify(slot.doc);
          this.sql.upsertDoc.run(this.projection, collection, key, text);
          written.push([collection, key, slot.doc, text.length]);
        }
      }
    }
    this.collections.clear();
    return written;
  }

  private write(collection: string, key: string, doc: JsonValue | undefined): void {
    const { slots, dirtyKeys } = this.collection(collection);
    const slot = slots.get(key);
    if (slot?.dirty) {
      slot.doc = doc;
      return;
    }
    dirtyKeys.insert(key);
    slots.set(key, { doc, dirty: true });
  }

  private collection(name: string): CachedCollection {
    let cached = this.collections.get(name);
    if (!cached) {
      cached = { slots: new Map(), dirtyKeys: SortedKeys.of() };
      this.collections.set(name, cached);
    }
    return cached;
  }
}

/** Live queries over the SQLite read models. */
export class SqliteDocumentReader implements DocumentReader {
  constructor(private readonly store: SqliteDocumentStore) {}

  get<T extends JsonValue = JsonValue>(projection: string, collection: string, key: string): T | undefined {
    return readDocument(this.store.sql, this.store.cache, projection, collection, key) as T | undefined;
  }

  list<T extends JsonValue = JsonValue>(projection: string, collection: string, options: ListOptions = {}): Array<DocumentEntry<T>> {
    const { prefix = '', after } = options;
    const limit = listLimit(options);
    assertName('prefix', prefix);
    const entries: Array<DocumentEntry<T>> = [];
    if (limit === 0) return entries;
    const fromAfter = after !== undefined && compareKeys(after, prefix) >= 0;
    const rows = this.store.sql.list(projection, collection, fromAfter ? after : prefix, fromAfter, prefixEnd(prefix), limit);
    const cache = this.store.cache;
    for (const [key, text] of rows) entries.push({ key, doc: cachedOrParsed(cache, projection, collection, key, text) as T });
    return entries;
  }

  checkpoint(projection: string): ProjectionCheckpoint | undefined {
    return this.store.checkpoint(projection);
  }

  /**
   * Runs several reads in one read transaction, so they see one state even while another
   * process (a separate worker) commits batches.
   */
  consistent<T>(read: (reader: this) => T): T {
    return this.store.db.transaction(() => read(this)).deferred();
  }
}

class LiveSnapshot implements DocumentSnapshot {
  readonly isolated = false;
  constructor(private readonly sql: Statements) {}
  checkpoints(): Map<string, ProjectionCheckpoint> {
    return readCheckpoints(this.sql.selectCheckpoints);
  }
  *entries(projection: string): IterableIterator<{ collection: string; key: string; doc: JsonValue }> {
    for (const [collection, key, text] of this.sql.selectEntries.all(projection)) {
      yield { collection, key, doc: parseDoc(text) };
    }
  }
  release(): void {}
}

class IsolatedSnapshot implements DocumentSnapshot {
  readonly isolated = true;
  private released = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly sql: Statements,
  ) {}

  static open(file: string): IsolatedSnapshot {
    const db = new Database(file, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const sql = new Statements(db);
      db.exec('BEGIN');
      // The read transaction's snapshot is taken at its first read.
      sql.selectCheckpoints.all();
      return new IsolatedSnapshot(db, sql);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  checkpoints(): Map<string, ProjectionCheckpoint> {
    return readCheckpoints(this.sql.selectCheckpoints);
  }

  *entries(projection: string): IterableIterator<{ collection: string; key: string; doc: JsonValue }> {
    for (const [collection, key, text] of this.sql.selectEntries.iterate(projection)) {
      yield { collection, key, doc: parseDoc(text) };
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    try {
      this.db.exec('COMMIT');
    } finally {
      this.db.close();
    }
  }
}
