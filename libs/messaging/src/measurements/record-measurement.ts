import type { MeasurementUnit } from './measurement-message';

/**
 * The command the consumer hands to the domain for each valid message. `commandId` is the
 * message id: recording must be idempotent on it (the event store's command-id idempotency
 * does that when the handler appends with it).
 */
export interface RecordMeasurementCommand {
  commandId: string;
  indicatorId: string;
  caseId: string;
  value: number;
  unit: MeasurementUnit;
  periodStart: string;
  periodEnd: string;
  measuredAt?: string;
  source: { system: string; reference?: string };
  recordedBy: string;
  note?: string;
  /** Where the message was read, for the audit trail. */
  receivedFrom: { topic: string; partition: number; offset: string };
}

/** Records one measurement; throws MeasurementRejected (or a domain error) for a message that can never succeed. */
export type RecordMeasurement = (command: RecordMeasurementCommand) => Promise<void>;

/**
 * The measurement can never be recorded as sent (unknown indicator, wrong unit for the
 * indicator, case closed …): it goes to the dead-letter topic instead of being retried.
 * Any other error is taken as transient and retried.
 */
export class MeasurementRejected extends Error {
  override readonly name = 'MeasurementRejected';
  constructor(
    /** Stable, machine-readable, e.g. 'unknown-indicator'. */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
