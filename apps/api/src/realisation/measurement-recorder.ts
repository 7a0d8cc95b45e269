import { Injectable } from '@nestjs/common';
import { MeasurementRejected, type RecordMeasurementCommand } from '@gevinst/messaging';
import type { Actor } from '@gevinst/domain';
import type { RequestContext } from '../application/command-runner';
import { ProblemError } from '../http/problem';
import { RealisationWriter, type MeasurementInput, type RealisationWriteResult } from './realisation-writer';

/** The identity measurements from other systems are recorded as (role admin: system sources only). */
export const MEASUREMENT_INTEGRATION: Actor = { id: 'system:measurement-consumer', role: 'admin', departments: [] };

/**
 * Records one measurement, for HTTP and for other systems (the Kafka measurement consumer):
 * the same checks, the same events, then the case's colour is evaluated.
 *
 * Idempotent on `context.commandId`: a command id already recorded appends nothing and answers
 * as the first time (`duplicate: true`). The measurement id defaults to one derived from the
 * command id. Refusals are domain errors (InvalidInput: unit-mismatch, not-a-number,
 * before-baseline, in-the-future, …; NotFound: business-case-not-found; IllegalState:
 * period-already-measured, duplicate-measurement; NotPermitted) or a 422 ProblemError
 * 'unknown-indicator'; nothing is appended then.
 */
@Injectable()
export class MeasurementRecorder {
  constructor(private readonly writer: RealisationWriter) {}

  record(input: MeasurementInput, context: RequestContext): Promise<RealisationWriteResult> {
    return this.writer.recordMeasurement(input, context);
  }

  /**
   * The adapter for the Kafka consumer (bound to KAFKA_MEASUREMENT_RECORDER): the message id is
   * the command id and the measurement id; the source is the reporting system.
   */
  fromKafka = async (command: RecordMeasurementCommand): Promise<void> => {
    try {
      await this.recordFromKafka(command);
    } catch (error) {
      // A refusal that is not a domain error (e.g. 422 unknown-indicator) can never succeed either: dead-letter it.
      if (error instanceof ProblemError && error.problem.status < 500) {
        throw new MeasurementRejected(error.problem.code ?? 'rejected', error.problem.detail ?? error.message);
      }
      throw error;
    }
  };

  private async recordFromKafka(command: RecordMeasurementCommand): Promise<void> {
    await this.record(
      {
        caseId: command.caseId,
        indicatorId: command.indicatorId,
        measurementId: command.commandId,
        value: command.value,
        unit: command.unit,
        period: command.period,
        ...(command.date === undefined ? {} : { date: command.date }),
        source: { kind: 'system', system: command.source.system },
      },
      { actor: MEASUREMENT_INTEGRATION, commandId: command.commandId, correlationId: command.commandId },
    );
  }
}
