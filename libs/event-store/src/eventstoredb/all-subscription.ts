/**
 * subscribeToAll on EventStoreDB: the client's catch-up subscription (history, then live, no gap),
 * with what the port adds on top:
 *
 * - exactly once, in order: each event is handed to the handler only after the previous handler
 *   call finished (the client stream is paused meanwhile), and an event at or before the
 *   checkpoint is skipped, so a resubscription can never repeat one;
 * - resubscribe: when the subscription drops (an error, or an end we did not ask for), it is
 *   reopened from the last handled position, after an exponential, capped, jittered backoff;
 * - onCaughtUp: once, at the earlier of (a) the server's caught-up signal, counted after the
 *   events that preceded it have been handled, and (b) the handled checkpoint reaching the head
 *   of the log as it was when the subscription started (servers before 23.10 send no signal).
 *
 * Positions: `after` is a commit position; the client is given { commit: p, prepare: p }, which
 * is the position of the event itself (gRPC appends give every event commit === prepare), and a
 * catch-up subscription starts strictly after it.
 */
import {
  excludeSystemEvents,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type ReadPosition,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import type { LogPosition, RecordedEvent, SubscribeOptions, Subscription } from '../event';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { isPermanentClientError } from './error-mapping';
import { isSystemEvent, toRecordedEvent } from './event-mapping';
import type { EventStoreDbLogger } from './logger';

export interface AllSubscriptionDependencies {
  readonly client: EventStoreDBClient;
  readonly backoff: BackoffPolicy;
  readonly logger: EventStoreDbLogger;
  /** The head of the log (system events skipped), for onCaughtUp on servers without the signal. */
  readonly headPosition: () => Promise<LogPosition>;
  /** Called once the subscription has stopped, for any reason. */
  readonly onStopped: (subscription: EventStoreDbAllSubscription) => void;
}

export const toReadPosition = (position: LogPosition): ReadPosition =>
  position === 'start' ? START : { commit: position, prepare: position };

export class EventStoreDbAllSubscription implements Subscription {
  private current: AllStreamSubscription | undefined;
  private stopped = false;
  private inFlight: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  /** Consecutive failed attempts; reset once a (re)subscription delivers or catches up. */
  private failedAttempts = 0;
  private caughtUpReported = false;
  private headAtStart: LogPosition | undefined;
  private position: LogPosition;

  constructor(
    private readonly deps: AllSubscriptionDependencies,
    private readonly options: SubscribeOptions,
  ) {
    this.position = options.after;
    this.open();
    deps.headPosition().then(
      (head) => {
        this.headAtStart = head;
        this.reportCaughtUpIfAtHead();
      },
      (error: unknown) =>
        deps.logger.warn({ err: error }, 'EventStoreDB subscription: could not read the head; waiting for the caught-up signal'),
    );
  }

  get checkpoint(): LogPosition {
    return this.position;
  }

  async stop(): Promise<void> {
    if (!this.stopped) this.halt();
    await this.inFlight;
  }

  private open(): void {
    if (this.stopped) return;
    const subscription = this.deps.client.subscribeToAll({
      fromPosition: toReadPosition(this.position),
      // Server-side: no $-typed events. Streams starting with $ are skipped on our side as well.
      filter: excludeSystemEvents(),
    });
    this.current = subscription;

    let delivered = 0;
    let handled = 0;
    let caughtUpAfter: number | undefined;

    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      if (this.current !== subscription) return;
      delivered++;
      // One event at a time: the client buffers the rest until the handler is done.
      subscription.pause();
      this.inFlight = this.deliver(resolved).then(() => {
        handled++;
        if (caughtUpAfter !== undefined && handled >= caughtUpAfter) this.reportCaughtUp();
        if (this.current === subscription) subscription.resume();
      });
    });
    subscription.on('caughtUp', () => {
      this.failedAttempts = 0;
      // Everything the server sent before the signal is delivered or still buffered.
      caughtUpAfter = delivered + subscription.readableLength;
      if (handled >= caughtUpAfter) this.reportCaughtUp();
    });
    subscription.on('error', (error: Error) => this.dropped(subscription, error));
    subscription.on('end', () => this.dropped(subscription, undefined));
    subscription.on('close', () => this.dropped(subscription, undefined));
  }

  private async deliver(resolved: AllStreamResolvedEvent): Promise<void> {
    const event = resolved.event;
    if (this.stopped || !event) return;
    const position = event.position.commit;
    // At or before the checkpoint: already handled (or the server started inclusively).
    if (this.position !== 'start' && position <= this.position) return;
    if (isSystemEvent(event.type, event.streamId)) return;

    let recorded: RecordedEvent;
    try {
      recorded = toRecordedEvent(event);
    } catch (error) {
      this.fail(error);
      return;
    }
    try {
      await this.options.handler(recorded);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.position = position;
    this.failedAttempts = 0;
    this.reportCaughtUpIfAtHead();
  }

  private dropped(subscription: AllStreamSubscription, error: Error | undefined): void {
    if (this.current !== subscription || this.stopped) return;
    this.current = undefined;
    this.discard(subscription);

    if (error && isPermanentClientError(error)) {
      this.fail(new EventStoreUnavailableError(`EventStoreDB subscription failed: ${error.message}`, { cause: error }));
      return;
    }
    if (this.failedAttempts >= this.deps.backoff.maxAttempts) {
      this.fail(
        new EventStoreUnavailableError(
          `EventStoreDB subscription dropped ${this.failedAttempts} times in a row; giving up`,
          { cause: error },
        ),
      );
      return;
    }
    const delayMs = backoffDelay(this.failedAttempts, this.deps.backoff);
    this.failedAttempts++;
    this.deps.logger.warn(
      {
        err: error,
        attempt: this.failedAttempts,
        delayMs,
        checkpoint: this.position === 'start' ? 'start' : this.position.toString(),
      },
      'EventStoreDB subscription dropped; resubscribing from the last handled position',
    );
    // Resume only after the handler in flight (if any) has finished and moved the checkpoint.
    void this.inFlight.then(() => {
      if (this.stopped) return;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.open();
      }, delayMs);
    });
  }

  private reportCaughtUpIfAtHead(): void {
    const head = this.headAtStart;
    if (head === undefined) return;
    if (head === 'start' || (this.position !== 'start' && this.position >= head)) this.reportCaughtUp();
  }

  private reportCaughtUp(): void {
    if (this.caughtUpReported || this.stopped) return;
    this.caughtUpReported = true;
    try {
      this.options.onCaughtUp?.();
    } catch (error) {
      this.deps.logger.error({ err: error }, 'EventStoreDB subscription: onCaughtUp threw');
    }
  }

  /** Stops for good and reports the error (a handler's, or the store's). */
  private fail(error: unknown): void {
    if (this.stopped) return;
    this.halt();
    if (this.options.onError) {
      try {
        this.options.onError(error);
      } catch (callbackError) {
        this.deps.logger.error({ err: callbackError }, 'EventStoreDB subscription: onError threw');
      }
    } else {
      this.deps.logger.error({ err: error }, 'EventStoreDB subscription stopped on an error');
    }
  }

  private halt(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const subscription = this.current;
    this.current = undefined;
    if (subscription) this.discard(subscription);
    this.deps.onStopped(this);
  }

  /** Cancels a client subscription we no longer read from. */
  private discard(subscription: AllStreamSubscription): void {
    subscription.removeAllListeners('data');
    subscription.removeAllListeners('caughtUp');
    // Late errors of a discarded subscription must not crash the process.
    subscription.on('error', () => undefined);
    subscription.unsubscribe().catch(() => undefined);
  }
}
