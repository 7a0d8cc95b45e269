import { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError } from '../errors';
import type { AppendResult } from '../event';
import type { PreparedAppend } from './append-input';
import { threadEntry } from './thread-entry';
import { fromWire, type WriterData, type WriterReply, type WriterRequest } from './writer-protocol';

/** How the writer thread has grouped appends so far (each group: one transaction, one fsync). */
export interface WriterStats {
  /** Transactions committed (or attempted). */
  transactions: number;
  /** Appends they carried. */
  appends: number;
  largestGroup: number;
}

interface Pending {
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

/**
 * The store's side of the writer thread (see sqlite-writer-thread.ts). Started on the first
 * append, so stores that only read never start one. While no append is waiting the thread
 * does not keep the process alive. If the thread stops (it could not open the file, or it
 * crashed), its waiting appends fail as unavailable and the next append starts a new one.
 */
export class WriterThreadClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private outbox: { id: number; append: PreparedAppend }[] = [];
  private drained: (() => void) | undefined;
  readonly stats: WriterStats = { transactions: 0, appends: 0, largestGroup: 0 };

  constructor(private readonly data: WriterData) {}

  append(append: PreparedAppend): Promise<AppendResult> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      // The appends of this turn travel together (one message, so one transaction at least);
      // the thread adds whatever else has arrived by the time it is free.
      this.outbox.push({ id, append });
      if (this.outbox.length === 1) setImmediate(() => this.post());
    });
  }

  private post(): void {
    // Those already failed (the thread stopped meanwhile) are not sent again.
    const items = this.outbox.filter((item) => this.pending.has(item.id));
    this.outbox = [];
    if (items.length === 0) return;
    const worker = this.worker ?? this.start();
    worker.ref();
    worker.postMessage({ kind: 'appends', items } satisfies WriterRequest);
  }

  /** Waits for the appends in flight, then ends the thread (which closes its connection). */
  async close(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((r) => (this.drained = r));
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    worker.ref();
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    await exited;
  }

  private start(): Worker {
    const worker = new Worker(threadEntry('sqlite-writer-thread', 'SQLite writer thread'), { eval: true, workerData: this.data });
    worker.on('message', (reply: WriterReply) => this.receive(worker, reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`it exited with code ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(worker: Worker, reply: WriterReply): void {
    this.stats.transactions++;
    this.stats.appends += reply.group;
    this.stats.largestGroup = Math.max(this.stats.largestGroup, reply.group);
    for (const result of reply.results) {
      const waiting = this.pending.get(result.id);
      if (!waiting) continue;
      this.pending.delete(result.id);
      if (result.ok) waiting.resolve(result.result);
      else waiting.reject(fromWire(result.error));
    }
    this.settled(worker);
  }

  /** The thread stopped: whatever waits fails as unavailable (an append it committed but did not answer is found by its idempotency key). */
  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    if (this.pending.size === 0) return;
    const failure = new EventStoreUnavailableError(`SQLite event store ${this.data.file}: the writer thread stopped: ${error.message}`, { cause: error });
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(failure);
    this.settled(worker);
  }

  private settled(worker: Worker): void {
    if (this.pending.size > 0) return;
    worker.unref();
    const drained = this.drained;
    this.drained = undefined;
    drained?.();
  }
}
