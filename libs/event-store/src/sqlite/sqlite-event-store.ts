import Database from 'better-sqlite3';
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EventDecodingError, EventStoreUnavailableError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  LogPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  ScanAllOptions,
  SubscribeOptions,
  Subscription,
} from '../event';
import type { EventStore } from '../event-store.port';
import { notifyAppend, onAppend } from './append-notifier';
import { prepareAppend } from './append-input';
import { GENESIS_HASH, chainHash, type ChainHead, type ChainVerification, type ChainedFields } from './hash-chain';
import { lazyMetadata } from './lazy-metadata';
import { Col, EVENT_COLUMNS, SCAN_RECORDED_AT, SCHEMA_SQL, type RawEventRow } from './schema';
import { toStoreError } from './sqlite-errors';
import { scanByReadAll, scanOptions } from '../scan-log';
import { scanOnThread } from './sqlite-scan';
import { SqliteSubscription } from './sqlite-subscription';
import { SqliteWriter } from './sqlite-writer';
import { WriterThreadClient, type WriterStats } from './writer-thread-client';

export type { WriterStats } from './writer-thread-client';

export * from './hash-chain';

export interface SqliteEventStoreOptions {
  /**
   * FULL (default): a returned append survives a power cut. NORMAL: faster, but the last
   * commits before a power cut may be lost (never corrupted); acceptable for dev machines.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another process's write lock before failing; default 5000. */
  busyTimeoutMs?: number;
  /** How often an idle subscription looks for appends made by other processes; default 50. */
  pollIntervalMs?: number;
  /** Events a subscription reads per query while catching up; default 500. */
  subscriptionBatchSize?: number;
  /**
   * Refuse to grow the file beyond about this many bytes (writes then fail with
   * EventStoreUnavailableError, as on a full disk). Default: no limit but the disk.
   */
  maxSizeBytes?: number;
  /**
   * Open an existing file read-only (audits, exports): appends fail with
   * EventStoreUnavailableError; reads, subscriptions, chainHead and verifyChain work.
   */
  readonly?: boolean;
  /**
   * Where appends are written. 'inline' (default): on this connection, in the caller's thread;
   * each append is its own transaction, and with FULL the caller's event loop waits for its
   * fsync. 'thread': in a writer thread of this store, with its own connection; appends that
   * arrive while it is busy are committed together (one transaction, one fsync, a savepoint
   * and its own checks per append), and the caller's event loop never waits for a disk. An
   * append resolves only after its COMMIT returned, in both modes. Read-only stores are inline.
   */
  writer?: 'inline' | 'thread';
  /**
   * A scan (scanAll) of at least this many events (as far as the log reaches when it starts)
   * reads on a reader thread of its own, pages ahead of the caller; a shorter one reads on this
   * connection. Default 50,000 (a thread costs tens of milliseconds to start); Infinity: never.
   */
  scanThreadFrom?: number;
}

/** How scans have read so far (see SqliteEventStoreOptions.scanThreadFrom). */
export interface ScanStats {
  inline: number;
  threaded: number;
}

/**
 * Calls `listener` after every append to this file that commits in this thread (the threads of
 * one process each have their own notifier): to wake a subscription in another thread, which
 * calls its sqliteAppendWaker there. Returns the unsubscribe.
 */
export const onSqliteAppend = (file: string, listener: () => void): (() => void) => onAppend(realpathSync(resolve(file)), listener);

/**
 * For a thread told of appends to this file made in another thread: the returned function
 * makes this thread's subscriptions read now, not at their next poll (the file's path is
 * resolved once, here).
 */
export const sqliteAppendWaker = (file: string): (() => void) => {
  const key = realpathSync(resolve(file));
  return () => notifyAppend(key);
};

/** SQLite's largest integer: "no upper bound" for revision ranges. */
const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
const CHAIN_PAGE = 1000;

type ChainRow = [...RawEventRow, hash: string, commandId: string, recordedAt: string];

/**
 * The embedded event store: one SQLite file in WAL mode, written through better-sqlite3.
 *
 * better-sqlite3 is synchronous; every method does its work before the returned promise
 * settles. Appends are serialised by SQLite's write lock (BEGIN IMMEDIATE), also across
 * processes sharing the file, so expected-revision checks and positions are race-free.
 */
export class SqliteEventStore implements EventStore {
  /** Absolute path of the database file. */
  readonly file: string;
  private readonly db: Database.Database;
  /** Key for the in-process append notifier (symlinks resolved). */
  private readonly notifyKey: string;
  private readonly subscriptions = new Map<SqliteSubscription, () => void>();
  private readonly tuning: { batchSize: number; pollIntervalMs: number };
  private closed = false;
  private readonly busyTimeoutMs: number;
  private readonly scanThreadFrom: number;
  /** How scans have read so far. */
  readonly scanStats: ScanStats = { inline: 0, threaded: 0 };

  /** Writes appends on this connection (writer 'inline'). */
  private readonly inlineWriter: SqliteWriter | undefined;
  /** Sends appends to the writer thread (writer 'thread'). */
  private readonly writerThread: WriterThreadClient | undefined;
  private readonly selectStream: Database.Statement<[string, bigint, bigint, number], RawEventRow>;
  /** The usual read (to the end of the stream, no count): without the bounds it runs in a quarter of the time. */
  private readonly selectStreamTail: Database.Statement<[string, bigint], RawEventRow>;
  private readonly selectAll: Database.Statement<[bigint, number], RawEventRow>;
  private readonly selectHead: Database.Statement<[], bigint | null>;
  private readonly selectChainHead: Database.Statement<[], [bigint, string]>;
  private readonly selectChain: Database.Statement<[bigint, number], ChainRow>;
  private readonly selectSequence: Database.Statement<[], bigint>;

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new TypeError(`SqliteEventStore: synchronous must be FULL or NORMAL, not ${String(synchronous)}`);
    }
    const busyTimeoutMs = nonNegativeInteger('busyTimeoutMs', options.busyTimeoutMs ?? 5000);
    this.busyTimeoutMs = busyTimeoutMs;
    const scanThreadFrom = options.scanThreadFrom ?? 50_000;
    if (scanThreadFrom !== Infinity) nonNegativeInteger('scanThreadFrom', scanThreadFrom);
    this.scanThreadFrom = scanThreadFrom;
    this.tuning = {
      pollIntervalMs: nonNegativeInteger('pollIntervalMs', options.pollIntervalMs ?? 50),
      batchSize: Math.max(1, nonNegativeInteger('subscriptionBatchSize', options.subscriptionBatchSize ?? 500)),
    };

    this.file = resolve(file);
    let db: Database.Database | undefined;
    let maxPageCount: number | undefined;
    try {
      if (!options.readonly) mkdirSync(dirname(this.file), { recursive: true });
      db = new Database(this.file, options.readonly ? { readonly: true, fileMustExist: true } : {});
      // busy_timeout first: switching to WAL needs a lock another process may hold.
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new EventStoreUnavailableError(`could not switch to WAL (journal_mode is ${String(mode)})`);
      db.pragma(`synchronous = ${synchronous}`);
      if (options.maxSizeBytes !== undefined) {
        const pageSize = Number(db.pragma('page_size', { simple: true }));
        maxPageCount = Math.max(1, Math.floor(nonNegativeInteger('maxSizeBytes', options.maxSizeBytes) / pageSize));
        db.pragma(`max_page_count = ${maxPageCount}`);
      }
      db.exec(SCHEMA_SQL);
      this.notifyKey = realpathSync(this.file);
    } catch (error) {
      db?.close();
      const mapped = toStoreError(error, this.file, 'open the database');
      if (mapped instanceof EventStoreUnavailableError) throw mapped;
      throw new EventStoreUnavailableError(
        `SQLite event store ${this.file}: could not open the database: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.db = db;

    // Raw (array) rows and bigint integers: no per-row key objects, no precision loss.
    const prepare = <P extends unknown[], R>(sql: string, raw = true): Database.Statement<P, R> => {
      const statement = db.prepare<P, R>(sql).safeIntegers(true);
      return raw ? statement.raw(true) : statement;
    };
    this.selectStream = prepare(`SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream = ? AND revision >= ? AND revision <= ? ORDER BY revision LIMIT ?`);
    this.selectStreamTail = prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision`);
    this.selectAll = prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    this.selectHead = prepare<[], bigint | null>('SELECT max(position) FROM events', false).pluck(true);
    this.selectChainHead = prepare('SELECT position, hash FROM events ORDER BY position DESC LIMIT 1');
    this.selectChain = prepare(
      `SELECT ${EVENT_COLUMNS}, hash, command_id, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    );
    this.selectSequence = prepare<[], bigint>("SELECT seq FROM sqlite_sequence WHERE name = 'events'", false).pluck(true);
    const writer = options.writer ?? 'inline';
    if (writer !== 'inline' && writer !== 'thread') throw new TypeError(`SqliteEventStore: writer must be inline or thread, not ${String(writer)}`);
    if (writer === 'thread' && !options.readonly) {
      this.writerThread = new WriterThreadClient({ file: this.file, synchronous, busyTimeoutMs, ...(maxPageCount !== undefined ? { maxPageCount } : {}) });
    } else {
      this.inlineWriter = new SqliteWriter(db, this.file);
    }
  }

  /** How the writer thread grouped appends (undefined for writer 'inline'). */
  get writerStats(): WriterStats | undefined {
    return this.writerThread ? { ...this.writerThread.stats } : undefined;
  }

  async append(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const prepared = prepareAppend(streamName, events, options);
    this.assertOpen('append');
    let result: AppendResult;
    if (this.writerThread) {
      result = await this.writerThread.append(prepared);
    } else {
      const [outcome] = this.inlineWriter!.commit([prepared]);
      if (!outcome!.ok) throw outcome!.error;
      result = outcome!.result;
    }
    if (!result.duplicate) notifyAppend(this.notifyKey);
    return result;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0n;
    const to = options.toRevision ?? MAX_INT64;
    const maxCount = options.maxCount ?? -1;
    if (typeof from !== 'bigint' || from < 0n || typeof to !== 'bigint') {
      throw new TypeError('readStream: fromRevision and toRevision must be bigints >= 0');
    }
    if (maxCount !== -1) nonNegativeInteger('maxCount', maxCount);
    if (maxCount === 0 || to < from) return [];
    this.assertOpen('read a stream');
    if (to >= MAX_INT64 && maxCount === -1) return this.read(() => this.selectStreamTail.all(streamName, from));
    return this.read(() => this.selectStream.all(streamName, from, to > MAX_INT64 ? MAX_INT64 : to, maxCount));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 'start';
    if (after !== 'start' && typeof after !== 'bigint') throw new TypeError("readAll: after must be a bigint or 'start'");
    const maxCount = nonNegativeInteger('maxCount', options.maxCount ?? 1000);
    if (maxCount === 0) return [];
    this.assertOpen('read the log');
    return this.readAfter(after === 'start' ? 0n : after, maxCount);
  }

  /**
   * The log from `after` in pages (see EventStore.scanAll). A scan of at least `scanThreadFrom`
   * events reads on a reader thread (sqlite-reader-thread.ts) and only decodes here, each
   * event's metadata when it is first read (lazy-metadata.ts); a shorter one reads here with
   * readAll, page by page. Either way a page holds what readAll would return.
   */
  async *scanAll(options: ScanAllOptions = {}): AsyncGenerator<RecordedEvent[]> {
    const { after, pageSize, toPosition, maxCount } = scanOptions(options);
    this.assertOpen('read the log');
    const from = after === 'start' ? 0n : after;
    const until = toPosition === undefined || toPosition > MAX_INT64 ? MAX_INT64 : toPosition;
    if (until <= from || maxCount === 0) return;
    let head: bigint;
    try {
      head = this.selectHead.get() ?? 0n;
    } catch (error) {
      throw toStoreError(error, this.file, 'read the head position');
    }
    const span = Math.min(Number((head < until ? head : until) - from), maxCount);
    if (span >= this.scanThreadFrom) {
      this.scanStats.threaded++;
      const data = { file: this.file, busyTimeoutMs: this.busyTimeoutMs, after: from, until, maxCount: maxCount === Infinity ? Number.MAX_SAFE_INTEGER : maxCount, pageSize };
      for await (const page of scanOnThread(data, decodeScanRow)) {
        this.assertOpen('read the log');
        yield page;
      }
      return;
    }
    this.scanStats.inline++;
    yield* scanByReadAll(this, options);
  }

  async headPosition(): Promise<LogPosition> {
    this.assertOpen('read the head position');
    try {
      return this.selectHead.get() ?? 'start';
    } catch (error) {
      throw toStoreError(error, this.file, 'read the head position');
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen('subscribe');
    const subscription = new SqliteSubscription(
      { readAfter: (after, maxCount) => this.readAfter(after, maxCount) },
      options,
      this.tuning,
      (finished) => {
        this.subscriptions.get(finished)?.();
        this.subscriptions.delete(finished);
      },
    );
    // The subscription's loop starts after a microtask, so this runs before it can finish.
    this.subscriptions.set(subscription, onAppend(this.notifyKey, () => subscription.wake()));
    return subscription;
  }

  /** The last event of the log and its hash, or null when the log is empty. */
  chainHead(): ChainHead | null {
    this.assertOpen('read the chain head');
    const row = this.selectChainHead.get();
    return row ? { position: row[0], hash: row[1] } : null;
  }

  /**
   * Recomputes the hash chain over the whole log (in one read snapshot) and reports the first
   * event that does not verify. Tail removal is caught through sqlite_sequence (the highest
   * position ever assigned); a tamperer who also rewrites that is only caught by comparing
   * chainHead() with a head recorded elsewhere.
   */
  verifyChain(): ChainVerification {
    this.assertOpen('verify the hash chain');
    return this.db.transaction(() => this.walkChain()).deferred();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions.keys()].map((subscription) => subscription.stop()));
    await this.writerThread?.close();
    this.db.close();
  }

  private readAfter(after: bigint, maxCount: number): RecordedEvent[] {
    return this.read(() => this.selectAll.all(after, maxCount));
  }

  private read(select: () => RawEventRow[]): RecordedEvent[] {
    let rows: RawEventRow[];
    try {
      rows = select();
    } catch (error) {
      throw toStoreError(error, this.file, 'read events');
    }
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = decodeRow(rows[i]!);
    return events;
  }

  private walkChain(): ChainVerification {
    let previousHash = GENESIS_HASH;
    let expected = 1n;
    let count = 0;
    let mismatch: { position: bigint; storedHash: string } | null = null;
    for (const row of this.chainRows(MIN_INT64)) {
      const position = row[Col.Position];
      if (position !== expected) {
        return position > expected
          ? breakAt(expected, 'removed', count, `positions ${expected}..${position - 1n} are missing from the log`)
          : breakAt(position, 'reordered', count, `an event is stored at position ${position}, before the first position`);
      }
      const hash = chainHash(previousHash, chainedFields(row, position));
      if (hash !== row[8]) {
        mismatch = { position, storedHash: row[8] };
        break;
      }
      if (!columnsMatchMetadata(row)) {
        return breakAt(position, 'altered', count, `the command_id or recorded_at column of the event at position ${position} differs from its (intact) metadata`);
      }
      previousHash = hash;
      expected++;
      count++;
    }
    if (mismatch) return this.classifyMismatch(mismatch.position, previousHash, mismatch.storedHash, count);
    const sequence = this.selectSequence.get();
    if (sequence !== undefined && sequence >= expected) {
      return breakAt(expected, 'removed', count, `the log ends at position ${expected - 1n}, but positions up to ${sequence} were written`);
    }
    return { ok: true, head: count === 0 ? null : { position: expected - 1n, hash: previousHash }, count };
  }

  /** Rows after `after` in position order, a page at a time (paged reads beat iterate()). */
  private *chainRows(after: bigint): Generator<ChainRow> {
    for (;;) {
      const rows = this.selectChain.all(after, CHAIN_PAGE);
      yield* rows;
      if (rows.length < CHAIN_PAGE) return;
      after = rows[rows.length - 1]![Col.Position];
    }
  }

  /**
   * The event at `position` does not chain. If some later event would chain here (its stored
   * hash, or the hash stored here, matches it placed at this position), events were swapped
   * or moved: 'reordered'. Otherwise the content here (or the previous hash) was changed.
   */
  private classifyMismatch(position: bigint, previousHash: string, storedHash: string, count: number): ChainVerification {
    for (const later of this.chainRows(position)) {
      const hash = chainHash(previousHash, chainedFields(later, position));
      if (hash === later[8] || hash === storedHash) {
        return breakAt(position, 'reordered', count, `the event that belongs at position ${position} (id ${later[Col.Id]}) is stored at position ${later[Col.Position]}`);
      }
    }
    return breakAt(position, 'altered', count, `the event at position ${position} does not match its hash: its content, or the hash of the event before it, was changed after it was written`);
  }

  private assertOpen(doing: string): void {
    if (this.closed) throw new EventStoreUnavailableError(`SQLite event store ${this.file}: could not ${doing}: the store is closed`);
  }
}

/** A row read on this connection (EVENT_COLUMNS): data and metadata parsed now. */
const decodeRow = (row: RawEventRow): RecordedEvent => eventAt(row, 0, false);

/**
 * A row of a long scan (at `at` in a page's flat values, SCAN_COLUMNS): as decodeRow, but the
 * metadata is parsed when first read (all but `recordedAt`, from its column; lazy-metadata.ts).
 */
const decodeScanRow = (values: readonly unknown[], at: number): RecordedEvent => eventAt(values, at, true);

const eventAt = (values: readonly unknown[], at: number, lazy: boolean): RecordedEvent => {
  const position = values[at + Col.Position] as bigint;
  const type = values[at + Col.Type] as string;
  const schemaVersion = Number(values[at + Col.SchemaVersion] as bigint);
  const metadataJson = values[at + Col.Metadata] as string;
  return {
    id: values[at + Col.Id] as string,
    type,
    schemaVersion,
    data: parseJson(values[at + Col.Data] as string, position, type, schemaVersion),
    metadata: lazy
      ? lazyMetadata(metadataJson, values[at + SCAN_RECORDED_AT] as string, position, type, schemaVersion)
      : (parseJson(metadataJson, position, type, schemaVersion) as EventMetadata),
    streamName: values[at + Col.Stream] as string,
    revision: values[at + Col.Revision] as bigint,
    position,
  };
};

const parseJson = (text: string, position: bigint, type: string, schemaVersion: number): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new EventDecodingError(type, schemaVersion, `Event at position ${position} is not valid JSON: ${(error as Error).message}`);
  }
};

const chainedFields = (row: RawEventRow | ChainRow, position: bigint): ChainedFields => ({
  position,
  id: row[Col.Id],
  stream: row[Col.Stream],
  revision: row[Col.Revision],
  type: row[Col.Type],
  schemaVersion: Number(row[Col.SchemaVersion]),
  dataJson: row[Col.Data],
  metadataJson: row[Col.Metadata],
});

/** The query columns duplicate hashed metadata fields; an audit query must be able to trust them. */
const columnsMatchMetadata = (row: ChainRow): boolean => {
  try {
    const metadata = JSON.parse(row[Col.Metadata]) as Partial<EventMetadata>;
    return metadata.commandId === row[9] && metadata.recordedAt === row[10];
  } catch {
    return false;
  }
};

const breakAt = (
  position: bigint,
  reason: 'altered' | 'removed' | 'reordered',
  verifiedCount: number,
  detail: string,
): ChainVerification => ({ ok: false, position, reason, detail, verifiedCount });

const nonNegativeInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be an integer >= 0, not ${String(value)}`);
  return value;
};
