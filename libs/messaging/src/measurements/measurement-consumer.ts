import { DomainError } from '@gevinst/domain';
import type { BatchControl, ConsumedMessage, ConsumerLag, MessageConsumer, MessagePublisher } from '../port/messages';
import { backoffDelay, sleep, type BackoffOptions } from '../support/backoff';
import { errorMessage, silentLogger, type MessagingLogger } from '../support/logger';
import { deadLetterFor, type DeadLetterFacts } from './dead-letter';
import { decodeMeasurement } from './decode-measurement';
import { MeasurementRejected, type RecordMeasurement } from './record-measurement';

export const MEASUREMENT_TOPICS = {
  measurements: 'gevinst.measurements.v1',
  deadLetters: 'gevinst.measurements.dlq.v1',
} as const;

/** What a failed recordMeasurement means for the message. */
export type RecordingOutcome =
  /** It can never be recorded as sent: dead-letter it. */
  | { kind: 'rejected'; code: string; message: string }
  /** It was recorded before (a redelivery): done. */
  | { kind: 'already-recorded' }
  /** Worth retrying (store unavailable …). */
  | { kind: 'transient' };

export type ErrorClassifier = (error: unknown) => RecordingOutcome;

/** The domain's code for a measurement id that is already recorded. */
export const DUPLICATE_MEASUREMENT_CODE = 'duplicate-measurement';

/**
 * The domain's 'duplicate-measurement' is a redelivery (done); MeasurementRejected and the
 * domain's other typed errors are permanent; anything else is transient.
 */
export const defaultErrorClassifier: ErrorClassifier = (error) => {
  if (error instanceof DomainError && error.code === DUPLICATE_MEASUREMENT_CODE) return { kind: 'already-recorded' };
  if (error instanceof MeasurementRejected || error instanceof DomainError) {
    return { kind: 'rejected', code: error.code, message: error.message };
  }
  return { kind: 'transient' };
};

export interface MeasurementConsumerOptions {
  consumer: MessageConsumer;
  /** Publishes dead letters. */
  deadLetters: MessagePublisher;
  recordMeasurement: RecordMeasurement;
  topic?: string;
  deadLetterTopic?: string;
  /** Group without committed offsets starts at the oldest message (default true: nothing is missed). */
  fromBeginning?: boolean;
  /** Larger messages are dead-lettered unread (default 64 KiB). */
  maxMessageBytes?: number;
  /** Dead letters carry at most this much of the original payload (default 256 KiB). */
  maxDeadLetterPayloadBytes?: number;
  classifyError?: ErrorClassifier;
  /** Backoff while recordMeasurement fails transiently or the dead-letter topic is unreachable. */
  retry?: BackoffOptions;
  logger?: MessagingLogger;
}

export interface MeasurementConsumerStats {
  recorded: number;
  /** Redeliveries the domain reported as recorded before. */
  alreadyRecorded: number;
  deadLettered: number;
  /** Transient failures retried. */
  retries: number;
  lastError?: string;
}

/**
 * Reads `gevinst.measurements.v1`, validates each message and hands it to recordMeasurement.
 *
 * - A message that can never be recorded (empty, too large, not JSON, invalid, rejected by the
 *   domain) goes to the dead-letter topic with the reason; the consumer moves on.
 * - A transient failure (store unavailable …) is retried with backoff, heartbeating, for as long
 *   as it lasts; the offset is not committed meanwhile. If the partition is revoked meanwhile,
 *   the message is left to its next owner.
 * - Offsets are committed only for messages recorded or dead-lettered, so a rebalance or crash
 *   redelivers at most the unfinished rest; recordMeasurement is idempotent on messageId.
 */
export class MeasurementConsumer {
  private readonly topic: string;
  private readonly deadLetterTopic: string;
  private readonly maxMessageBytes: number;
  private readonly maxDeadLetterPayloadBytes: number;
  private readonly classify: ErrorClassifier;
  private readonly logger: MessagingLogger;
  private readonly stats: MeasurementConsumerStats = { recorded: 0, alreadyRecorded: 0, deadLettered: 0, retries: 0 };
  private abort = new AbortController();

  constructor(private readonly options: MeasurementConsumerOptions) {
    this.topic = options.topic ?? MEASUREMENT_TOPICS.measurements;
    this.deadLetterTopic = options.deadLetterTopic ?? MEASUREMENT_TOPICS.deadLetters;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024;
    this.maxDeadLetterPayloadBytes = options.maxDeadLetterPayloadBytes ?? 256 * 1024;
    this.classify = options.classifyError ?? defaultErrorClassifier;
    this.logger = options.logger ?? silentLogger;
  }

  async start(): Promise<void> {
    this.abort = new AbortController();
    await this.options.consumer.start({
      topics: [this.topic],
      fromBeginning: this.options.fromBeginning ?? true,
      handler: (messages, control) => this.handleBatch(messages, control),
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.options.consumer.stop();
  }

  status(): MeasurementConsumerStats {
    return { ...this.stats };
  }

  lag(): Promise<ConsumerLag> {
    return this.options.consumer.lag();
  }

  /** Exposed for tests with a fake consumer; the broker adapter calls it per batch. */
  async handleBatch(messages: readonly ConsumedMessage[], control: BatchControl): Promise<void> {
    for (const message of messages) {
      if (!control.shouldContinue()) return;
      const done = await this.handleMessage(message, control);
      if (!done) return;
      control.markProcessed(message);
      await control.commitIfNecessary();
      await control.heartbeat();
    }
  }

  /** True once the message is recorded or dead-lettered; false when we must let go of it. */
  private async handleMessage(message: ConsumedMessage, control: BatchControl): Promise<boolean> {
    const decoded = decodeMeasurement(message, this.maxMessageBytes);
    if (!decoded.ok) {
      const { reason, detail } = decoded;
      return this.deadLetter(message, { reason, detail, ...(decoded.errors ? { errors: decoded.errors } : {}) }, control);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.recordMeasurement(decoded.command);
        this.stats.recorded += 1;
        return true;
      } catch (error) {
        const outcome = this.classify(error);
        if (outcome.kind === 'already-recorded') {
          this.stats.alreadyRecorded += 1;
          return true;
        }
        if (outcome.kind === 'rejected') {
          return this.deadLetter(
            message,
            { reason: 'rejected', code: outcome.code, detail: `${outcome.code}: ${outcome.message}` },
            control,
          );
        }
        this.stats.retries += 1;
        this.stats.lastError = errorMessage(error);
        if (attempt === 1 || attempt % 10 === 0) {
          this.logger.warn(
            { messageId: decoded.command.commandId, error: this.stats.lastError, attempt },
            'recording a measurement failed; retrying',
          );
        }
        if (!(await this.pause(attempt, control))) return false;
      }
    }
  }

  private async deadLetter(message: ConsumedMessage, facts: DeadLetterFacts, control: BatchControl): Promise<boolean> {
    const letter = deadLetterFor(message, facts, this.deadLetterTopic, this.maxDeadLetterPayloadBytes);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.deadLetters.publish([letter]);
        this.stats.deadLettered += 1;
        this.logger.info(
          { topic: message.topic, partition: message.partition, offset: message.offset, reason: facts.reason },
          `measurement dead-lettered: ${facts.detail.slice(0, 200)}`,
        );
        return true;
      } catch (error) {
        this.stats.retries += 1;
        this.stats.lastError = errorMessage(error);
        if (attempt === 1 || attempt % 10 === 0) {
          this.logger.warn({ error: this.stats.lastError, attempt }, 'publishing a dead letter failed; retrying');
        }
        if (!(await this.pause(attempt, control))) return false;
      }
    }
  }

  /** Waits out a backoff, heartbeating at least once a second; false if we must stop. */
  private async pause(attempt: number, control: BatchControl): Promise<boolean> {
    let remaining = backoffDelay(attempt, this.options.retry);
    while (remaining > 0) {
      if (!control.shouldContinue() || this.abort.signal.aborted) return false;
      const step = Math.min(remaining, 1000);
      await sleep(step, this.abort.signal);
      remaining -= step;
      await control.heartbeat();
    }
    return control.shouldContinue() && !this.abort.signal.aborted;
  }
}
