import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a SQLite WAL file from a thread of its own, so that the connection that commits
 * (the projection runner's, on the event loop) never does. SQLite's automatic checkpoint runs
 * in the committing connection when the WAL passes 1,000 pages: it copies the pages into the
 * database file and, with synchronous=NORMAL, waits for two fsyncs — on the event loop, about
 * 10 % of a command's CPU time under load (the read models rewrite large documents often).
 *
 * Here the committing connection's automatic checkpoint is moved far out (a safety net should
 * this thread be unable to run), and the thread runs a PASSIVE checkpoint (never waits for or
 * blocks a reader or writer) every `intervalMs`. A checkpoint that fails (disk full, read-only
 * file) is tried again at the next interval; the commits are unaffected, as with SQLite's own.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private closed = false;

  constructor(db: Database.Database, options: { intervalMs?: number; fallbackPages?: number } = {}) {
    const intervalMs = options.intervalMs ?? 250;
    db.pragma(`wal_autocheckpoint = ${options.fallbackPages ?? 50_000}`);
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: db.name, intervalMs, driver: require.resolve('better-sqlite3') },
    });
    // Failures of the thread itself (e.g. it could not open the file) leave SQLite's own fallback.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  /** Stops the thread, after the checkpoint it may be running (a last one is left to the connection's close). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
const checkpoint = () => {
  try {
    if (!db) {
      db = new Database(workerData.file, { fileMustExist: true });
      db.pragma('busy_timeout = 0');
    }
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy, a full disk, a read-only file: try again next time.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  try {
    db?.close();
  } catch {
    // closing anyway
  }
  parentPort.close();
});
`;
