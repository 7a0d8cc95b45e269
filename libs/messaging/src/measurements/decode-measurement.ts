import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ConsumedMessage } from '../port/messages';
import { MeasurementMessageV1 } from './measurement-message';
import type { RecordMeasurementCommand } from './record-measurement';

export type DeadLetterReason =
  | 'empty-payload'
  | 'payload-too-large'
  | 'invalid-json'
  | 'validation-failed'
  | 'rejected';

export interface FieldError {
  /** Path of the field, e.g. 'source.system'. */
  field: string;
  messages: string[];
}

export type DecodeResult =
  | { ok: true; command: RecordMeasurementCommand }
  | { ok: false; reason: DeadLetterReason; detail: string; errors?: FieldError[] };

const flatten = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own: FieldError[] = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });

/** Turns a consumed message into a command, or says why it cannot be one. */
export const decodeMeasurement = (message: ConsumedMessage, maxBytes: number): DecodeResult => {
  const value = message.value;
  if (!value || value.length === 0) return { ok: false, reason: 'empty-payload', detail: 'The message has no value' };
  if (value.length > maxBytes) {
    return {
      ok: false,
      reason: 'payload-too-large',
      detail: `The message has ${value.length} bytes; a measurement may have at most ${maxBytes}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'invalid-json', detail: error instanceof Error ? error.message : 'Not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'validation-failed', detail: 'The message is not a JSON object' };
  }
  const dto = plainToInstance(MeasurementMessageV1, json);
  const errors = flatten(validateSync(dto, { whitelist: true, forbidUnknownValues: true }));
  if (errors.length > 0) {
    return {
      ok: false,
      reason: 'validation-failed',
      detail: errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | '),
      errors,
    };
  }
  return {
    ok: true,
    command: {
      commandId: dto.messageId,
      indicatorId: dto.indicatorId,
      caseId: dto.caseId,
      value: dto.value,
      unit: dto.unit,
      period: dto.period,
      ...(dto.date === undefined ? {} : { date: dto.date }),
      source: {
        system: dto.source.system,
        ...(dto.source.reference === undefined ? {} : { reference: dto.source.reference }),
      },
      recordedBy: dto.recordedBy,
      ...(dto.note === undefined ? {} : { note: dto.note }),
      receivedFrom: { topic: message.topic, partition: message.partition, offset: message.offset },
    },
  };
};
