import type { EventStore, LogPosition, RecordedEvent, Subscription } from '@gevinst/event-store';
import { assertProjections, minPosition, ProjectionApplyError, type Projection } from './projection';
import { ProjectionProgress, type ProjectionStatus } from './projection-progress';
import type { RegisteredProjection, SqliteDocumentStore } from './sqlite-document-store';

export interface ProjectionRunnerOptions {
  /** Most events applied in one transaction; default 500. Fewer when fewer have arrived. */
  batchSize?: number;
  /** Told about every projection fault and every store failure; default console.error. */
  onError?: (error: unknown) => void;
  /** After a store failure, resubscribe after this long, doubling up to maxRetryDelayMs; default 100. */
  retryDelayMs?: number;
  /** Default 10000. */
  maxRetryDelayMs?: number;
  /**
   * Called after each batch the runner committed or gave up on, and once started: the status
   * (checkpoints, faults) may have changed. E.g. to tell another thread.
   */
  onProgress?: () => void;
}

export {
  ProjectionFaultedError,
  ProjectionRunnerStoppedError,
  ProjectionWaitTimeoutError,
  type ProjectionFault,
  type ProjectionStatus,
} from './projection-progress';

/**
 * Keeps the live read models up to date: one catch-up subscription to the global log, from
 * the lowest checkpoint; events are applied in batches, each batch and the checkpoints in
 * one SQLite transaction. A projection whose version changed is rebuilt from 0 on start.
 *
 * A projection that throws is stopped just before the failing event and reported; the
 * others go on. A store failure (disk, lock) drops the uncommitted batch and resubscribes
 * from the committed checkpoints after a backoff.
 *
 * One runner per read-model store: two runners on the same projections would both apply
 * (the checkpoints keep each batch whole, but not the two runners apart).
 */
export class ProjectionRunner {
  private readonly progress: ProjectionProgress;
  private readonly checkpoints: Map<string, LogPosition>;
  private readonly faults: ProjectionProgress['faults'];
  private readonly batchSize: number;
  private readonly onProgress: () => void;
  private readonly onError: (error: unknown) => void;
  private readonly initialRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private retryDelayMs: number;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private subscription: Subscription | undefined;
  /** Bumped whenever a subscription is abandoned, so its late calls are ignored. */
  private generation = 0;
  private buffer: RecordedEvent[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly docs: SqliteDocumentStore,
    private readonly projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    assertProjections(projections);
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 500);
    this.initialRetryDelayMs = positiveInteger('retryDelayMs', options.retryDelayMs ?? 100);
    this.maxRetryDelayMs = positiveInteger('maxRetryDelayMs', options.maxRetryDelayMs ?? 10_000);
    this.retryDelayMs = this.initialRetryDelayMs;
    this.onError = options.onError ?? ((error) => console.error('[projections]', error));
    this.onProgress = options.onProgress ?? (() => undefined);
    this.progress = new ProjectionProgress(projections);
    this.checkpoints = this.progress.checkpoints;
    this.faults = this.progress.faults;
  }

  /**
   * Registers the projections (resetting those whose version changed) and subscribes.
   * Returns what registration found, e.g. to log which projections are being rebuilt.
   */
  async start(): Promise<Map<string, RegisteredProjection>> {
    if (this.state !== 'new') throw new Error('A ProjectionRunner starts once');
    const registered = this.docs.registerProjections(this.projections);
    for (const [name, { checkpoint }] of registered) this.checkpoints.set(name, checkpoint.position);
    this.state = 'running';
    this.subscribe();
    this.progress.started();
    this.onProgress();
    return registered;
  }

  /** Stops the subscription and commits what has been received. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) await subscription.stop();
    this.flush();
    this.generation++;
    this.progress.stopped();
  }

  /** The lowest checkpoint: every read model includes the log up to here. */
  get position(): LogPosition {
    return this.progress.position;
  }

  /**
   * Head of the log minus `position`, in log-position units (events, for the SQLite log).
   * `head`: the log's head, if the caller has just read it (else it is read here).
   */
  async lag(head?: LogPosition): Promise<bigint> {
    return this.progress.lag(head ?? (await this.store.headPosition()));
  }

  status(): ProjectionStatus[] {
    return this.progress.status();
  }

  /**
   * Read-your-writes: resolves once the projections (all, or those named) have applied the
   * log up to `position` (e.g. the position a command's append returned). Rejects with
   * ProjectionWaitTimeoutError after `timeoutMs`, with ProjectionFaultedError if a projection
   * it waits for is stuck before `position`, with ProjectionRunnerStoppedError on stop().
   */
  waitFor(position: LogPosition, timeoutMs: number, options: { projections?: readonly string[] } = {}): Promise<void> {
    return this.progress.waitFor(position, timeoutMs, options);
  }

  private subscribe(): void {
    if (this.projections.length === 0) return;
    const generation = ++this.generation;
    const live = this.projections.filter((projection) => !this.faults.has(projection.name));
    const after = minPosition((live.length > 0 ? live : this.projections).map((p) => this.checkpoints.get(p.name) ?? 'start')) ?? 'start';
    this.subscription = this.store.subscribeToAll({
      after,
      handler: (event) => {
        if (generation === this.generation) this.receive(event);
      },
      onError: (error) => {
        if (generation === this.generation) this.fail(error);
      },
    });
  }

  private receive(event: RecordedEvent): void {
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) {
      this.flush();
    } else if (!this.flushScheduled) {
      // Whatever else arrives before the event loop turns goes into the same batch.
      this.flushScheduled = setImmediate(() => {
        this.flushScheduled = undefined;
        this.flush();
      });
    }
  }

  private flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    try {
      this.applyBatch(events);
      this.retryDelayMs = this.initialRetryDelayMs;
    } catch (error) {
      this.fail(error);
    }
    this.progress.settle();
    this.onProgress();
  }

  /** Applies the batch; a projection that throws is faulted and the batch retried without it. */
  private applyBatch(events: readonly RecordedEvent[]): void {
    for (;;) {
      const stopBefore = new Map([...this.faults].map(([name, fault]) => [name, fault.position]));
      try {
        const checkpoints = this.docs.applyBatch(this.projections, events, { stopBefore });
        for (const [name, checkpoint] of checkpoints) this.checkpoints.set(name, checkpoint.position);
        return;
      } catch (error) {
        if (!(error instanceof ProjectionApplyError) || this.faults.has(error.projection)) throw error;
        this.faults.set(error.projection, { position: error.position, error });
        this.onError(error);
      }
    }
  }

  /** A store failure: drop what is not committed, resubscribe from the checkpoints later. */
  private fail(error: unknown): void {
    this.onError(error);
    this.generation++;
    this.buffer = [];
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    // Not awaited: we may be inside its handler, and stop() waits for the handler.
    subscription?.stop().catch(() => undefined);
    if (this.state !== 'running' || this.retryTimer) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.maxRetryDelayMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state !== 'running') return;
      try {
        const stored = this.docs.checkpoints();
        for (const projection of this.projections) {
          this.checkpoints.set(projection.name, stored.get(projection.name)?.position ?? 'start');
        }
        this.subscribe();
      } catch (retryError) {
        this.fail(retryError);
      }
    }, delay);
  }
}

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`ProjectionRunner: ${name} must be a positive integer, not ${String(value)}`);
  return value;
};
