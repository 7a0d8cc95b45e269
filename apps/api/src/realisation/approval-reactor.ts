import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type LogPosition, type RecordedEvent, type Subscription } from '@gevinst/event-store';
import { SqliteCheckpointStore } from '@gevinst/messaging';
import type { AppConfig } from '@gevinst/platform';
import { APP_CONFIG } from '../infrastructure/tokens';
import { RealisationEvaluator } from './realisation-evaluator';

/** The reactor's checkpoint: its own file in DATA_DIR, one row under this name. */
export const APPROVAL_REACTOR_CHECKPOINT_FILE = 'realisation-reactor.sqlite';
export const APPROVAL_REACTOR_CHECKPOINT = 'realisation-approval-reactor';
/** Save the position at least every this many events seen, so a restart re-reads little. */
const SAVE_EVERY = 500;

const after = (a: LogPosition, b: LogPosition): boolean => (a === 'start' ? false : b === 'start' ? true : a > b);
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Evaluates a tracked case's colour when a revision of it is approved (a re-baseline changes
 * the plan the colour is measured against). A checkpointed subscription to the global log: on
 * start-up it catches up from where it stopped, so an approval made while the process was down
 * (or before it evaluated) is evaluated then, not only at the next change or sweep.
 *
 * At least once: the checkpoint moves only after the approvals before it were evaluated; the
 * evaluation's command id is derived from the approval event's id, so an approval seen twice
 * appends nothing twice. The first time it runs on a data directory (no checkpoint file) it
 * starts from the head of the log and saves that at once: approvals older than the reactor's
 * checkpoint are the monthly sweep's, and a large log written by other means (an upgrade, a
 * seeded benchmark) is not evaluated case by case at start-up. A checkpoint file without a
 * position (the reactor ran on an empty log and stopped before saving) means from the start.
 */
@Injectable()
export class ApprovalReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('realisation');
  private subscription: Subscription | undefined;
  private checkpoints: SqliteCheckpointStore | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** The last event delivered, and the last position saved. */
  private seen: LogPosition = 'start';
  private saved: LogPosition = 'start';
  private sinceSave = 0;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly evaluator: RealisationEvaluator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let from: LogPosition = 'start';
    try {
      const file = path.join(this.config.dataDir, APPROVAL_REACTOR_CHECKPOINT_FILE);
      const ranBefore = fs.existsSync(file);
      this.checkpoints = new SqliteCheckpointStore(file);
      from = await this.checkpoints.load(APPROVAL_REACTOR_CHECKPOINT);
      if (from === 'start' && !ranBefore) {
        // The first start on this data (a log written before the reactor kept a checkpoint, or
        // seeded by other means): from the head, as before; older approvals are the monthly
        // sweep's. Saved at once, so that from now on nothing is missed.
        from = await this.store.headPosition();
        if (from !== 'start') await this.checkpoints.save(APPROVAL_REACTOR_CHECKPOINT, from);
      }
    } catch (error) {
      // Without a place to keep a checkpoint: the live log only (approvals while down: the sweep's).
      this.logger.warn(`approval reactor: no checkpoint (${message(error)}); listening from the head of the log`);
      from = await this.store.headPosition();
      this.checkpoints = undefined;
    }
    this.seen = from;
    this.saved = from;
    // Not awaited: catching up runs beside start-up and requests.
    this.subscription = this.store.subscribeToAll({
      after: from,
      handler: (event) => {
        this.seen = event.position;
        if (event.type === 'BusinessCaseApproved') this.enqueue(event);
        else if (++this.sinceSave >= SAVE_EVERY) this.enqueueSave();
      },
      onCaughtUp: () => this.enqueueSave(),
      onError: (error) => {
        this.stopped = true;
        this.logger.warn(`approval subscription stopped: ${message(error)}`);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.stopped && this.subscription === undefined) return;
    this.stopped = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    this.enqueueSave();
    await this.drain();
    this.checkpoints?.close();
    this.checkpoints = undefined;
  }

  /**
   * Resolves when every event in the log when called has been seen, every approval among them
   * evaluated, and the position saved (for tests; at most `timeoutMs` waiting for the subscription).
   */
  async idle(timeoutMs = 10_000): Promise<void> {
    const head = await this.store.headPosition();
    const deadline = Date.now() + timeoutMs;
    while (!this.stopped && after(head, this.seen) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    if (!this.stopped) this.enqueueSave();
    await this.drain();
  }

  /** The position saved (what a restart catches up from). */
  get checkpoint(): LogPosition {
    return this.saved;
  }

  private async drain(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  private enqueue(event: RecordedEvent): void {
    const caseId = (event.data as { caseId?: unknown }).caseId;
    const position = event.position;
    this.queue = this.queue.then(async () => {
      if (typeof caseId === 'string') {
        try {
          await this.evaluator.evaluate(caseId, { commandId: `approval-${event.id}`, correlationId: event.metadata.correlationId });
        } catch (error) {
          // The next change of the case, or the monthly sweep, evaluates it again.
          this.logger.warn(`evaluating case ${caseId} after its approval failed: ${message(error)}`);
        }
      }
      await this.save(position);
    });
  }

  /** Saves the position seen so far, once the approvals before it are evaluated. */
  private enqueueSave(): void {
    const position = this.seen;
    this.sinceSave = 0;
    this.queue = this.queue.then(() => this.save(position));
  }

  private async save(position: LogPosition): Promise<void> {
    if (position === 'start' || !after(position, this.saved) || !this.checkpoints) return;
    try {
      await this.checkpoints.save(APPROVAL_REACTOR_CHECKPOINT, position);
      this.saved = position;
    } catch (error) {
      // A read-only or full disk: keep going; a restart re-reads from the last saved position.
      this.logger.warn(`approval reactor: saving the checkpoint failed: ${message(error)}`);
    }
  }
}
