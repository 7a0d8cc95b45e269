/**
 * The reader thread of a long SqliteEventStore scan (scanAll over much of the log): its own
 * read-only connection reads the pages in position order, a few ahead of the caller, and posts
 * them as raw rows. The caller's thread decodes them (the events are used there, and a parsed
 * object would cost more to post than its JSON costs to parse), so it is left only the JSON and
 * what it does with the events: a replay of the 1,000,000-event bench log spends about a tenth
 * less time (docs/audit.md).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { ReaderData, ReaderMessage, ReaderRequest } from './reader-protocol';
import { SCAN_COLUMNS, type ScanRow } from './schema';

const port = parentPort;
if (!port) throw new Error('sqlite-reader-thread runs in a worker thread');
const data = workerData as ReaderData;

const post = (message: ReaderMessage): void => port.postMessage(message);

let db: Database.Database | undefined;
try {
  db = new Database(data.file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
  const select = db
    .prepare<[bigint, bigint, number], ScanRow>(`SELECT ${SCAN_COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`)
    .raw(true)
    .safeIntegers(true);
  let after = data.after;
  let left = data.maxCount;
  let credit = data.ahead;
  let finished = false;
  const pump = (): void => {
    try {
      while (credit > 0 && !finished) {
        const limit = Math.min(data.pageSize, left);
        const rows = select.all(after, data.until, limit);
        left -= rows.length;
        // A short page is the head of the log as the scan found it.
        finished = rows.length < limit || left <= 0;
        const values: unknown[] = [];
        for (const row of rows) for (const value of row) values.push(value);
        post({ kind: 'page', values, count: rows.length, last: finished });
        credit--;
        if (rows.length > 0) after = rows[rows.length - 1]![0];
      }
    } catch (error) {
      finished = true;
      post({ kind: 'error', code: (error as { code?: string }).code, message: (error as Error).message });
    }
    if (finished) stop();
  };
  const stop = (): void => {
    db?.close();
    port.close();
  };
  port.on('message', (pages: ReaderRequest) => {
    credit += pages;
    pump();
  });
  pump();
} catch (error) {
  post({ kind: 'error', code: (error as { code?: string }).code, message: (error as Error).message });
  db?.close();
  port.close();
}
