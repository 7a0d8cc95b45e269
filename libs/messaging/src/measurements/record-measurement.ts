import type { MeasurementUnit } from './measurement-message';

/**
 * The command the consumer hands to the domain for each valid message. `commandId` is the
 * message id: recording must be idempotent on it. The handler appends with it as the command id
 * (the event store ignores a repeated one) and uses it as the domain's measurementId; the
 * domain's 'duplicate-measurement' rejection of a redelivery counts as success here.
 */
export interface RecordMeasurementCommand {
  commandId: string;
  indicatorId: string;
  caseId: string;
  value: number;
  unit: MeasurementUnit;
  /** 'YYYY-MM' or 'YYYY'. */
  period: string;
  /** YYYY-MM-DD within the period. */
  date?: string;
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
