import type { LogPosition } from '@gevinst/event-store';
import { minPosition } from './projection';

export interface ProjectionFault {
  /** The event it failed on; the projection stays just before it. */
  readonly position: bigint;
  readonly error: unknown;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  /** The last log position applied and committed. */
  readonly position: LogPosition;
  /** Set when the projection threw: it stops there (the others go on) until the process restarts. */
  readonly fault?: ProjectionFault;
}

/** waitFor gave up: the named projections had not reached the position in time. */
export class ProjectionWaitTimeoutError extends Error {
  override readonly name = 'ProjectionWaitTimeoutError';
  constructor(
    readonly position: LogPosition,
    readonly behind: readonly string[],
    timeoutMs: number,
  ) {
    super(`Read models did not reach position ${String(position)} within ${timeoutMs} ms (behind: ${behind.join(', ')})`);
  }
}

/** waitFor can never succeed: a projection it waits for is stuck on a failing event. */
export class ProjectionFaultedError extends Error {
  override readonly name = 'ProjectionFaultedError';
  constructor(
    readonly projection: string,
    readonly position: bigint,
    options: { cause: unknown },
  ) {
    super(`Projection ${projection} is stopped at the event at position ${position}, which it fails to apply`, options);
  }
}

export class ProjectionRunnerStoppedError extends Error {
  override readonly name = 'ProjectionRunnerStoppedError';
  constructor() {
    super('The projection runner is stopped');
  }
}

interface Waiter {
  readonly position: LogPosition;
  readonly projections: readonly string[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * How far the live projections have come, as one thread knows it: each projection's committed
 * checkpoint and fault, and the callers waiting for a position (read-your-writes). The runner
 * keeps it where it applies the events; a thread that only reads the read models (the API's,
 * when the projections run in a thread of their own) keeps one from the runner's reports.
 */
export class ProjectionProgress {
  readonly checkpoints = new Map<string, LogPosition>();
  readonly faults = new Map<string, ProjectionFault>();
  private readonly waiters = new Set<Waiter>();
  private state: 'new' | 'running' | 'stopped' = 'new';

  constructor(private readonly projections: ReadonlyArray<{ readonly name: string; readonly version: number }>) {}

  /** The lowest checkpoint: every read model includes the log up to here. */
  get position(): LogPosition {
    return minPosition(this.checkpoints.values()) ?? 'start';
  }

  /** Head of the log minus `position`, in log-position units (events, for the SQLite log). */
  lag(head: LogPosition): bigint {
    if (head === 'start') return 0n;
    const position = this.position;
    const lag = head - (position === 'start' ? 0n : position);
    return lag > 0n ? lag : 0n;
  }

  status(): ProjectionStatus[] {
    return this.projections.map((projection) => {
      const fault = this.faults.get(projection.name);
      return {
        name: projection.name,
        version: projection.version,
        position: this.checkpoints.get(projection.name) ?? 'start',
        ...(fault ? { fault } : {}),
      };
    });
  }

  /** The checkpoints are known from here on: waiters are settled as they advance. */
  started(): void {
    if (this.state !== 'new') return;
    this.state = 'running';
    this.settle();
  }

  /** Rejects every waiter, now and later, with ProjectionRunnerStoppedError. */
  stopped(): void {
    this.state = 'stopped';
    for (const waiter of this.waiters) this.finish(waiter, new ProjectionRunnerStoppedError());
  }

  /**
   * Read-your-writes: resolves once the projections (all, or those named) have applied the
   * log up to `position` (e.g. the position a command's append returned). Rejects with
   * ProjectionWaitTimeoutError after `timeoutMs`, with ProjectionFaultedError if a projection
   * it waits for is stuck before `position`, with ProjectionRunnerStoppedError once stopped.
   */
  waitFor(position: LogPosition, timeoutMs: number, options: { projections?: readonly string[] } = {}): Promise<void> {
    const names = options.projections ?? this.projections.map((projection) => projection.name);
    for (const name of names) {
      if (!this.projections.some((projection) => projection.name === name)) {
        return Promise.reject(new TypeError(`waitFor: no projection named ${name} runs here`));
      }
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { position, projections: names, resolve, reject };
      this.waiters.add(waiter);
      if (this.state === 'stopped') return this.finish(waiter, new ProjectionRunnerStoppedError());
      if (this.state === 'running' && this.settleOne(waiter)) return;
      waiter.timer = setTimeout(() => {
        const behind = names.filter((name) => !reached(this.checkpoints.get(name) ?? 'start', position));
        this.finish(waiter, new ProjectionWaitTimeoutError(position, behind, timeoutMs));
      }, timeoutMs);
    });
  }

  /** Resolves or rejects the waiters whose outcome is now known (after the checkpoints or faults changed). */
  settle(): void {
    if (this.state !== 'running') return;
    for (const waiter of this.waiters) this.settleOne(waiter);
  }

  /** Resolves or rejects the waiter if its outcome is known; true if it did. */
  private settleOne(waiter: Waiter): boolean {
    let pending = false;
    for (const name of waiter.projections) {
      if (reached(this.checkpoints.get(name) ?? 'start', waiter.position)) continue;
      const fault = this.faults.get(name);
      if (fault && waiter.position !== 'start' && waiter.position >= fault.position) {
        this.finish(waiter, new ProjectionFaultedError(name, fault.position, { cause: fault.error }));
        return true;
      }
      pending = true;
    }
    if (pending) return false;
    this.finish(waiter);
    return true;
  }

  private finish(waiter: Waiter, error?: Error): void {
    if (!this.waiters.delete(waiter)) return;
    if (waiter.timer) clearTimeout(waiter.timer);
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}

const reached = (checkpoint: LogPosition, position: LogPosition): boolean =>
  position === 'start' || (checkpoint !== 'start' && checkpoint >= position);
