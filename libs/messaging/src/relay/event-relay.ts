import type { EventStore, LogPosition, RecordedEvent, Subscription } from '@gevinst/event-store';
import type { MessagePublisher, OutgoingMessage } from '../port/messages';
import { backoffDelay, sleep, type BackoffOptions } from '../support/backoff';
import { errorMessage, silentLogger, type MessagingLogger } from '../support/logger';
import type { CheckpointStore } from './checkpoint-store';
import type { IntegrationEventRegistry } from './integration-event-registry';

export interface EventRelayOptions {
  store: EventStore;
  publisher: MessagePublisher;
  checkpoints: CheckpointStore;
  registry: IntegrationEventRegistry;
  /** Name of the checkpoint (default 'kafka-relay'). One running relay per name. */
  checkpointName?: string;
  /** Most events per publish (default 1000). */
  batchSize?: number;
  /** ms to wait for a batch to fill before sending a partial one (default 5). */
  lingerMs?: number;
  /** Events read ahead of the broker before the subscription is held back (default 4 × batchSize). */
  maxBufferedEvents?: number;
  /** Backoff between attempts while the broker (or the checkpoint store) fails. */
  retry?: BackoffOptions;
  logger?: MessagingLogger;
  /** Called when the relay stops for good: an event could not be mapped (a bug to fix). */
  onFailed?: (error: unknown) => void;
}

export type RelayState = 'stopped' | 'running' | 'retrying' | 'failed';

export interface RelayStatus {
  state: RelayState;
  /** Last log position published and checkpointed, as a decimal string, or 'start'. */
  checkpoint: string;
  /** Events read from the log but not yet acknowledged by the broker. */
  bufferedEvents: number;
  /** Since start: messages acknowledged by the broker. */
  publishedMessages: number;
  /** Since start: events passed over because their type is not published. */
  skippedEvents: number;
  /** Failed attempts in a row (0 when healthy). */
  consecutiveFailures: number;
  lastError?: string;
  /** True once the subscription has read the whole log and turned live. */
  caughtUp: boolean;
}

export interface RelayLag {
  head: LogPosition;
  checkpoint: LogPosition;
  /**
   * head − checkpoint. With the SQLite store positions are consecutive, so this is the number of
   * events not yet published; with EventStoreDB positions are byte offsets (0 still means none).
   */
  behind: bigint;
}

const positionText = (p: LogPosition): string => (p === 'start' ? 'start' : p.toString());

/** An event read from the log, already mapped (mapping happens while the previous batch is in flight). */
interface Pending {
  event: RecordedEvent;
  /** Undefined for a type that is not published. */
  message: OutgoingMessage | undefined;
  mappingError?: unknown;
}
const atOrAfter = (p: LogPosition, target: bigint): boolean => p !== 'start' && p >= target;

/**
 * The transactional-outbox relay, with the event log as the outbox: a checkpointed
 * subscription on the global log, mapped to integration events, published in batches.
 *
 * Guarantees: every published-type event after the checkpoint reaches the broker, in log
 * order per aggregate (key), at least once; the checkpoint moves only after the broker
 * acknowledged everything up to it. While the broker is away the same batch is retried with
 * backoff (nothing skipped); after a restart the relay resumes at the checkpoint. A batch
 * acknowledged but not checkpointed (crash in between) is published again: consumers
 * de-duplicate by the `event-id` header.
 */
export class EventRelay {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly maxBuffered: number;
  private readonly logger: MessagingLogger;

  private state: RelayState = 'stopped';
  private running = false;
  private abort = new AbortController();
  private subscription: Subscription | undefined;
  private pumping: Promise<void> | undefined;
  private buffer: Pending[] = [];
  private committed: LogPosition = 'start';
  private received: LogPosition = 'start';
  private caughtUp = false;
  private publishedMessages = 0;
  private skippedEvents = 0;
  private consecutiveFailures = 0;
  private lastError: string | undefined;
  private wakePump: (() => void) | undefined;
  private spaceWaiters: Array<() => void> = [];
  private positionWaiters: Array<{ position: bigint; resolve: () => void }> = [];

  constructor(private readonly options: EventRelayOptions) {
    this.name = options.checkpointName ?? 'kafka-relay';
    this.batchSize = options.batchSize ?? 1000;
    this.lingerMs = options.lingerMs ?? 5;
    this.maxBuffered = Math.max(this.batchSize, options.maxBufferedEvents ?? this.batchSize * 4);
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    if (this.running || this.state === 'failed') throw new Error(`Relay ${this.name} is ${this.state}`);
    this.committed = await this.options.checkpoints.load(this.name);
    this.received = this.committed;
    this.buffer = [];
    this.caughtUp = false;
    this.running = true;
    this.state = 'running';
    this.abort = new AbortController();
    this.subscribe(0);
    this.pumping = this.pump();
    this.logger.info({ relay: this.name, checkpoint: positionText(this.committed) }, 'relay started');
  }

  /** Stops reading and publishing. Whatever was not acknowledged is published after the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.abort.abort();
    this.wake();
    this.releaseSpace();
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.pumping;
    this.pumping = undefined;
    this.buffer = [];
    if (this.state !== 'failed') this.state = 'stopped';
    this.logger.info({ relay: this.name, checkpoint: positionText(this.committed) }, 'relay stopped');
  }

  status(): RelayStatus {
    return {
      state: this.state,
      checkpoint: positionText(this.committed),
      bufferedEvents: this.buffer.length,
      publishedMessages: this.publishedMessages,
      skippedEvents: this.skippedEvents,
      consecutiveFailures: this.consecutiveFailures,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
      caughtUp: this.caughtUp,
    };
  }

  /** How far the published checkpoint is behind the head of the log. */
  async lag(): Promise<RelayLag> {
    const head = await this.options.store.headPosition();
    const checkpoint = this.committed;
    const behind = head === 'start' ? 0n : head - (checkpoint === 'start' ? 0n : checkpoint);
    return { head, checkpoint, behind: behind < 0n ? 0n : behind };
  }

  /** Resolves once everything up to `position` is published and checkpointed. */
  waitUntilPublished(position: bigint, timeoutMs = 30_000): Promise<void> {
    if (atOrAfter(this.committed, position)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.positionWaiters = this.positionWaiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `Relay ${this.name}: position ${position} not published after ${timeoutMs} ms ` +
              `(checkpoint ${positionText(this.committed)}, ${this.state}${this.lastError ? `: ${this.lastError}` : ''})`,
          ),
        );
      }, timeoutMs);
      this.positionWaiters.push(waiter);
    });
  }

  private subscribe(failures: number): void {
    if (!this.running) return;
    try {
      this.subscription = this.options.store.subscribeToAll({
        // Resume after the last event taken into the buffer: the buffer is still published.
        after: this.received,
        handler: (event) => this.enqueue(event),
        onCaughtUp: () => {
          this.caughtUp = true;
        },
        onError: (error) => this.resubscribe(error, failures + 1),
      });
    } catch (error) {
      this.resubscribe(error, failures + 1);
    }
  }

  private resubscribe(error: unknown, failures: number): void {
    if (!this.running) return;
    this.lastError = errorMessage(error);
    this.logger.warn({ relay: this.name, error: this.lastError, failures }, 'event log subscription failed; resubscribing');
    void sleep(backoffDelay(failures, this.options.retry), this.abort.signal).then(() => this.subscribe(failures));
  }

  private async enqueue(event: RecordedEvent): Promise<void> {
    if (!this.running) return;
    // Defensive: a resubscription never hands us an event twice.
    if (this.received !== 'start' && event.position <= this.received) return;
    let pending: Pending;
    try {
      pending = { event, message: this.options.registry.toMessage(event) };
    } catch (error) {
      pending = { event, message: undefined, mappingError: error };
    }
    this.buffer.push(pending);
    this.received = event.position;
    if (this.buffer.length >= this.batchSize || this.buffer.length === 1) this.wake();
    if (this.buffer.length >= this.maxBuffered) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
  }

  private wake(): void {
    const wake = this.wakePump;
    this.wakePump = undefined;
    wake?.();
  }

  private releaseSpace(): void {
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async pump(): Promise<void> {
    while (this.running) {
      if (this.buffer.length === 0) {
        await new Promise<void>((resolve) => (this.wakePump = resolve));
        continue;
      }
      if (this.buffer.length < this.batchSize && this.lingerMs > 0) {
        await sleep(this.lingerMs, this.abort.signal);
        if (!this.running) return;
      }
      let batch = this.buffer.slice(0, this.batchSize);
      // An event that cannot be mapped: publish what comes before it, then stop at it.
      const unmappable = batch.findIndex((p) => p.mappingError !== undefined);
      if (unmappable === 0) {
        this.fail(batch[0]!.mappingError, batch[0]!.event);
        return;
      }
      if (unmappable > 0) batch = batch.slice(0, unmappable);
      const last = batch[batch.length - 1]!.event;
      const messages: OutgoingMessage[] = [];
      for (const p of batch) if (p.message) messages.push(p.message);

      if (messages.length > 0) {
        const published = await this.attempt('publish', () => this.options.publisher.publish(messages));
        if (!published) return;
      }
      // Once acknowledged, record it even while stopping, or it would be published twice.
      const saved = await this.attempt('save checkpoint', () => this.options.checkpoints.save(this.name, last.position));
      if (!saved) return;

      this.committed = last.position;
      this.publishedMessages += messages.length;
      this.skippedEvents += batch.length - messages.length;
      this.buffer.splice(0, batch.length);
      if (this.buffer.length < this.maxBuffered) this.releaseSpace();
      this.notifyPositionWaiters();
    }
  }

  /** Runs `action` until it succeeds; false when the relay stopped first. */
  private async attempt(what: string, action: () => Promise<void>): Promise<boolean> {
    for (;;) {
      try {
        await action();
        if (this.consecutiveFailures > 0) {
          this.logger.info({ relay: this.name, failures: this.consecutiveFailures }, `relay recovered (${what})`);
        }
        this.consecutiveFailures = 0;
        this.lastError = undefined;
        if (this.state === 'retrying') this.state = 'running';
        return true;
      } catch (error) {
        this.consecutiveFailures += 1;
        this.lastError = errorMessage(error);
        if (!this.running) return false;
        this.state = 'retrying';
        const delay = backoffDelay(this.consecutiveFailures, this.options.retry);
        const fields = { relay: this.name, error: this.lastError, failures: this.consecutiveFailures, retryInMs: delay };
        // Log the first failure and then every tenth: an outage should not flood the log.
        if (this.consecutiveFailures === 1 || this.consecutiveFailures % 10 === 0) {
          this.logger.warn(fields, `relay: ${what} failed; retrying`);
        }
        await sleep(delay, this.abort.signal);
        if (!this.running) return false;
      }
    }
  }

  private fail(error: unknown, event: RecordedEvent): void {
    this.state = 'failed';
    this.lastError = `Event ${event.id} (${event.type} at ${event.position}) could not be mapped: ${errorMessage(error)}`;
    this.logger.error({ relay: this.name, error: this.lastError }, 'relay stopped: an event could not be mapped');
    this.running = false;
    this.abort.abort();
    this.releaseSpace();
    void this.subscription?.stop();
    this.subscription = undefined;
    this.options.onFailed?.(error);
  }

  private notifyPositionWaiters(): void {
    const committed = this.committed;
    if (committed === 'start') return;
    const ready = this.positionWaiters.filter((w) => committed >= w.position);
    if (ready.length === 0) return;
    this.positionWaiters = this.positionWaiters.filter((w) => committed < w.position);
    for (const waiter of ready) waiter.resolve();
  }
}
