/**
 * The writer thread of a SqliteEventStore (writer 'thread'): its own connection to the log,
 * which takes every append. Appends that arrive while it is busy (typically: while COMMIT waits
 * for the fsync of the previous group) are committed together in one transaction — one fsync
 * for the group — each with its own savepoint, expected-revision check and idempotency result
 * (see SqliteWriter). A result is posted back only after COMMIT returned, so an answer means
 * the append is on disk (synchronous=FULL) and a crash loses no acknowledged append.
 *
 * The event loop of the API never waits for an fsync: it only posts the prepared append and
 * receives the result.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SCHEMA_SQL } from './schema';
import { toStoreError } from './sqlite-errors';
import { SqliteWriter } from './sqlite-writer';
import { toWire, type WriterData, type WriterReply, type WriterRequest } from './writer-protocol';

const port = parentPort;
if (!port) throw new Error('sqlite-writer-thread runs in a worker thread');
const data = workerData as WriterData;

let writer: SqliteWriter | undefined;
let db: Database.Database | undefined;
let openError: unknown;
try {
  db = new Database(data.file, { fileMustExist: true });
  db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${data.synchronous}`);
  if (data.maxPageCount !== undefined) db.pragma(`max_page_count = ${data.maxPageCount}`);
  db.exec(SCHEMA_SQL);
  writer = new SqliteWriter(db, data.file);
} catch (error) {
  openError = error;
  try {
    db?.close();
  } catch {
    // ignore
  }
  db = undefined;
}

let queue: WriterRequest[] = [];
let scheduled = false;

const flush = (): void => {
  scheduled = false;
  const requests = queue.flatMap((r) => (r.kind === 'appends' ? r.items : []));
  // A writer that could not open answers with that error and ends; the next append starts a new one.
  const close = queue.some((r) => r.kind === 'close') || (!writer && requests.length > 0);
  queue = [];
  if (requests.length > 0) {
    let reply: WriterReply;
    if (!writer) {
      reply = { kind: 'results', group: requests.length, results: requests.map((r) => ({ id: r.id, ok: false as const, error: toWire(toStoreError(openError, data.file, 'open the database'), data.file) })) };
    } else {
      const outcomes = writer.commit(requests.map((r) => r.append));
      reply = {
        kind: 'results',
        group: requests.length,
        results: outcomes.map((o, i) => (o.ok ? { id: requests[i]!.id, ok: true as const, result: o.result } : { id: requests[i]!.id, ok: false as const, error: toWire(o.error, data.file) })),
      };
    }
    port.postMessage(reply);
  }
  if (close) {
    try {
      db?.close();
    } finally {
      port.close();
    }
  }
};

port.on('message', (request: WriterRequest) => {
  queue.push(request);
  if (!scheduled) {
    scheduled = true;
    // Whatever else arrives before this thread's event loop turns joins the same group.
    setImmediate(flush);
  }
});
