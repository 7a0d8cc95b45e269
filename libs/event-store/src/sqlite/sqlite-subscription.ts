import type { LogPosition, RecordedEvent, SubscribeOptions, Subscription } from '../event';

export interface SubscriptionSource {
  /** Up to `maxCount` events strictly after `after`, in log order (synchronous: SQLite). */
  readAfter(after: bigint, maxCount: number): RecordedEvent[];
}

export interface SubscriptionTuning {
  batchSize: number;
  pollIntervalMs: number;
}

/**
 * Catch-up and live are one loop: read the next batch after the checkpoint, hand each event
 * to the handler in turn, repeat; when a read comes back empty, wait for a wake-up (an append
 * in this process) or the poll interval (appends by other processes). Because SQLite commits
 * positions in order and a reader sees whole commits, "everything after the checkpoint" never
 * skips or repeats an event, so there is no separate switch-over to get wrong.
 *
 * Do not await stop() from inside the handler: stop() waits for that very handler call.
 */
export class SqliteSubscription implements Subscription {
  private position: LogPosition;
  private stopped = false;
  /** Set by wake(); cleared before each read, so a wake during a read or handler isn't lost. */
  private woken = false;
  private resumeWaiter: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    private readonly tuning: SubscriptionTuning,
    private readonly onFinished: (subscription: SqliteSubscription) => void,
  ) {
    this.position = options.after;
    this.done = this.run();
  }

  get checkpoint(): LogPosition {
    return this.position;
  }

  /** An append committed: read again now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    const resume = this.resumeWaiter;
    if (resume) {
      this.resumeWaiter = null;
      resume();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    // Never call the handler before subscribeToAll has returned the subscription.
    await Promise.resolve();
    const { handler, onCaughtUp } = this.options;
    let caughtUp = false;
    try {
      while (!this.stopped) {
        this.woken = false;
        const after = this.position === 'start' ? 0n : this.position;
        const batch = this.source.readAfter(after, this.tuning.batchSize);
        for (const event of batch) {
          if (this.stopped) return;
          await handler(event);
          this.position = event.position;
        }
        if (batch.length < this.tuning.batchSize) {
          if (!caughtUp) {
            caughtUp = true;
            onCaughtUp?.();
          }
          // Everything committed when the batch was read is handled: wait for the next append
          // (or the poll), unless one was announced meanwhile (no second read to find nothing).
          if (!this.woken && !this.stopped) await this.idle();
        } else {
          // A long catch-up with synchronous handlers would otherwise never yield to I/O.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    } catch (error) {
      this.stopped = true;
      this.options.onError?.(error);
    } finally {
      this.onFinished(this);
    }
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.resumeWaiter = null;
        resolve();
      }, this.tuning.pollIntervalMs);
      this.resumeWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
