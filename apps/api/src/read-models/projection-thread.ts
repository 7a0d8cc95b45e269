import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { onSqliteAppend, type EventStore, type LogPosition } from '@gevinst/event-store';
import {
  ProjectionProgress,
  type Projection,
  type ProjectionRunner,
  type ProjectionStatus,
  type RegisteredProjection,
  type SqliteDocumentStore,
} from '@gevinst/read-models';
import type { DocumentChanges } from './document-changes';

/** What the API needs of the live projections, wherever they run. */
export type LiveProjections = Pick<ProjectionRunner, 'start' | 'stop' | 'position' | 'lag' | 'status' | 'waitFor'>;

/** What the projection thread opens. */
export interface ProjectionThreadData {
  /** The SQLite event log (only read there). */
  eventLogFile: string;
  /** As the API opens it (the checkpoint of the log's WAL at close uses it). */
  eventLogSynchronous: 'FULL' | 'NORMAL';
  /** The read-model file, which only the thread writes. */
  readModelFile: string;
  documentCacheBytes: number;
  /** [0]: appends made in the API's thread, counted; the thread waits on it (Atomics) to read at once. */
  appends: Int32Array;
}

/** A fault or a store failure, as it crosses to the API's thread. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
}

export type ToProjectionThread = { type: 'stop' };

export type FromProjectionThread =
  | { type: 'started'; registered: Array<[string, RegisteredProjection]> }
  | {
      type: 'progress';
      checkpoints: Array<[name: string, position: LogPosition]>;
      faults: Array<[name: string, position: bigint, error: ThreadError]>;
      /** The documents written since the last report, committed: projection, collection, key, … */
      written: string[];
    }
  | { type: 'error'; error: ThreadError }
  | { type: 'failed'; error: ThreadError }
  | { type: 'stopped' };

export const threadError = (error: unknown): ThreadError =>
  error instanceof Error ? { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) } : { name: 'Error', message: String(error) };

const asError = (e: ThreadError): Error => Object.assign(new Error(e.message), { name: e.name, stack: e.stack ?? `${e.name}: ${e.message}` });

/**
 * The live projections in a thread of their own (the embedded default): the thread follows the
 * event log, applies the events and commits the read models; this thread (the API's) only reads
 * them. After each committed batch the thread reports the checkpoints, any faults and the
 * documents it wrote: here the document cache drops those documents, DocumentChanges tells the
 * caches of answers, and read-your-writes waiters are settled, in that order.
 *
 * Between a batch's COMMIT and its report, a read of several documents may see some of the
 * batch's documents and, from the cache, the earlier version of others; answers cached from
 * such a read are dropped when the report arrives, as the documents they were built from changed.
 * A thread that crashes is started again (see spawn). Appends made in this thread wake the
 * thread's subscription at once (a counter in shared memory, Atomics.notify: cheaper than a
 * message per append), so a command waiting to read its own write does not wait for a poll.
 */
export class ProjectionThread implements LiveProjections {
  private readonly progress: ProjectionProgress;
  private worker: Worker | undefined;
  private stopping: Promise<void> | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private restartDelayMs = RESTART_MIN_MS;
  private hasStarted = false;
  /** The current worker has not exited. */
  private alive = false;

  constructor(
    private readonly store: EventStore,
    private readonly docs: SqliteDocumentStore,
    private readonly changes: DocumentChanges,
    projections: readonly Projection[],
    private readonly data: Omit<ProjectionThreadData, 'appends'>,
    private readonly onError: (error: Error) => void,
  ) {
    this.progress = new ProjectionProgress(projections);
  }

  get position(): LogPosition {
    return this.progress.position;
  }

  async lag(head?: LogPosition): Promise<bigint> {
    return this.progress.lag(head ?? (await this.store.headPosition()));
  }

  status(): ProjectionStatus[] {
    return this.progress.status();
  }

  waitFor(position: LogPosition, timeoutMs: number, options: { projections?: readonly string[] } = {}): Promise<void> {
    return this.progress.waitFor(position, timeoutMs, options);
  }

  /** Starts the thread; resolves when it has registered the projections (what it found, as ProjectionRunner.start). */
  start(): Promise<Map<string, RegisteredProjection>> {
    if (this.worker) return Promise.reject(new Error('A ProjectionThread starts once'));
    return this.spawn().then((registered) => {
      this.progress.started();
      return registered;
    });
  }

  /** Asks the thread to commit what it has received and close; waits for it to end. */
  stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    if (!worker || !this.alive) {
      this.stopping ??= Promise.resolve();
      this.progress.stopped();
      return this.stopping;
    }
    this.stopping ??= new Promise<void>((resolveStop) => {
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        this.progress.stopped();
        resolveStop();
      });
      worker.postMessage({ type: 'stop' } satisfies ToProjectionThread);
    });
    return this.stopping;
  }

  /**
   * A thread that ended by itself after it had started (a crash: an uncaught error, running out
   * of memory) is started again after a delay (doubling up to RESTART_MAX_MS): it goes on from
   * the committed checkpoints, as after a restart of the process. Commands waiting to read their
   * own write keep waiting (they get read-models-behind if it takes longer than their wait).
   */
  private spawn(): Promise<Map<string, RegisteredProjection>> {
    const appends = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(bootstrap(), { eval: true, workerData: { ...this.data, appends } satisfies ProjectionThreadData });
    this.worker = worker;
    this.alive = true;
    const unsubscribe = onSqliteAppend(this.data.eventLogFile, () => {
      Atomics.add(appends, 0, 1);
      Atomics.notify(appends, 0);
    });
    return new Promise((resolveStart, rejectStart) => {
      let started = false;
      worker.on('message', (message: FromProjectionThread) => {
        switch (message.type) {
          case 'progress':
            return this.receive(message);
          case 'started':
            started = true;
            this.hasStarted = true;
            this.restartDelayMs = RESTART_MIN_MS;
            return resolveStart(new Map(message.registered));
          case 'error':
            return this.onError(asError(message.error));
          case 'failed':
            return rejectStart(asError(message.error));
          case 'stopped':
            return;
        }
      });
      worker.on('error', (error) => {
        if (!started) rejectStart(error);
        else this.onError(error);
      });
      worker.on('exit', (code) => {
        unsubscribe();
        if (this.worker === worker) this.alive = false;
        if (!started) rejectStart(new Error(`the projection thread stopped before it started (exit code ${code})`));
        // The first start failing is start()'s to report; after that, a thread that ends is started again.
        if (this.stopping || this.worker !== worker || !this.hasStarted) return;
        const delay = this.restartDelayMs;
        this.restartDelayMs = Math.min(delay * 2, RESTART_MAX_MS);
        this.onError(new Error(`the projection thread stopped (exit code ${code}); starting it again in ${delay} ms`));
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          if (this.stopping) return;
          this.spawn().catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))));
        }, delay);
      });
    });
  }

  private receive(message: Extract<FromProjectionThread, { type: 'progress' }>): void {
    const { written } = message;
    // First forget every written document, then tell: a listener told of one document may read others of the batch.
    for (let i = 0; i + 2 < written.length; i += 3) this.docs.forget(written[i]!, written[i + 1]!, written[i + 2]!);
    for (let i = 0; i + 2 < written.length; i += 3) this.changes.written(written[i]!, written[i + 1]!, written[i + 2]!);
    for (const [name, position] of message.checkpoints) this.progress.checkpoints.set(name, position);
    for (const [name, position, error] of message.faults) {
      if (!this.progress.faults.has(name)) this.progress.faults.set(name, { position, error: asError(error) });
    }
    this.progress.settle();
  }
}

/** The delay before a crashed projection thread is started again, doubling up to the maximum. */
const RESTART_MIN_MS = 100;
const RESTART_MAX_MS = 10_000;

/**
 * The thread's code: the compiled module next to this one, or, when running from TypeScript
 * sources (npm start, jest, benches), the sources through the project's require hook.
 */
const bootstrap = (): string => {
  const ext = extname(__filename);
  const entry = join(__dirname, `projection-thread.worker${ext}`);
  if (ext !== '.ts') return `require(${JSON.stringify(entry)});`;
  const hook = resolve(__dirname, '../../../../tools/register.js');
  if (!existsSync(hook)) throw new Error(`cannot start the projection thread: ${hook} (the TypeScript require hook) is missing`);
  return `require(${JSON.stringify(hook)});require(${JSON.stringify(entry)});`;
};
