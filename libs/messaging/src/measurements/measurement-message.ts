// class-transformer's @Type reads decorator metadata.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Equals,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/**
 * The public v1 schema of topic `gevinst.measurements.v1`: other systems (case-handling
 * systems, self-service portals, BI) report the value of one indicator for one period.
 *
 * ```json
 * {
 *   "schema": "gevinst.measurement.v1",
 *   "messageId": "0b7c3c1e-8f7a-4c4b-9d5e-1f2a3b4c5d6e",
 *   "indicatorId": "sagsbehandlingstid-boligstoette",
 *   "caseId": "6c1d…",
 *   "value": 12.5,
 *   "unit": "days",
 *   "period": "2026-01",
 *   "date": "2026-01-31",
 *   "source": { "system": "KMD Nexus", "reference": "report-2026-01" },
 *   "recordedBy": "svc-nexus-export",
 *   "note": "optional free text"
 * }
 * ```
 * - `messageId` (uuid) is the idempotency key: the same id sent again records nothing new.
 * - `unit` must be the indicator's unit; Gevinst rejects (dead-letters) a mismatch.
 * - `period` is a calendar month 'YYYY-MM' or a budget year 'YYYY' (as in the realisation
 *   domain); `date`, when given, is the day measured and lies within the period.
 * - Unknown extra fields are ignored (producers may add fields; v1 readers skip them).
 * Breaking changes go to a new schema and topic (….v2), never into v1.
 */
export const MEASUREMENT_SCHEMA_V1 = 'gevinst.measurement.v1';

export const MEASUREMENT_UNITS = ['count', 'percent', 'minutes', 'hours', 'days', 'ore'] as const;
export type MeasurementUnit = (typeof MEASUREMENT_UNITS)[number];

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const PERIOD_PATTERN = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/** count: whole number ≥ 0; percent: 0–100; minutes/hours/days: ≥ 0; ore (money): whole øre. */
const valueFitsUnit = (value: number, unit: unknown): boolean => {
  switch (unit) {
    case 'count':
      return Number.isSafeInteger(value) && value >= 0;
    case 'percent':
      return value >= 0 && value <= 100;
    case 'minutes':
    case 'hours':
    case 'days':
      return value >= 0;
    case 'ore':
      return Number.isSafeInteger(value);
    default:
      return true; // the unit itself is reported by its own rule
  }
};

const IsValueForUnit = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isValueForUnit',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          typeof value === 'number' && valueFitsUnit(value, (args?.object as { unit?: unknown }).unit),
        defaultMessage: (args?: ValidationArguments) =>
          `value ${String(args?.value)} is not a valid amount of ${String((args?.object as { unit?: unknown }).unit)} ` +
          '(count: whole ≥ 0; percent: 0–100; minutes/hours/days: ≥ 0; ore: whole)',
      },
    },
    options,
  );

/** The date lies within the period given in `periodProperty` ('YYYY-MM' or 'YYYY'). */
const IsWithinPeriod = (periodProperty: string, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isWithinPeriod',
      constraints: [periodProperty],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const period = (args?.object as Record<string, unknown>)[periodProperty];
          if (typeof period !== 'string' || !PERIOD_PATTERN.test(period)) return true; // reported on the period
          return typeof value === 'string' && value.startsWith(`${period}-`);
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} must lie within the ${periodProperty}`,
      },
    },
    options,
  );

export class MeasurementSourceV1 {
  /** The reporting system, e.g. 'KMD Nexus'. */
  @IsString()
  @Length(1, 100)
  system!: string;

  /** The report, extract or record in that system, for tracing. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
}

export class MeasurementMessageV1 {
  @Equals(MEASUREMENT_SCHEMA_V1)
  schema!: typeof MEASUREMENT_SCHEMA_V1;

  @IsUUID()
  messageId!: string;

  @IsString()
  @Length(1, 100)
  @Matches(ID_PATTERN, { message: 'indicatorId may hold letters, digits and . _ : - only' })
  indicatorId!: string;

  @IsString()
  @Length(1, 100)
  @Matches(ID_PATTERN, { message: 'caseId may hold letters, digits and . _ : - only' })
  caseId!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsValueForUnit()
  value!: number;

  @IsIn(MEASUREMENT_UNITS)
  unit!: MeasurementUnit;

  /** The period measured: a calendar month 'YYYY-MM' or a budget year 'YYYY'. */
  @IsString()
  @Matches(PERIOD_PATTERN, { message: "period must be a month 'YYYY-MM' or a year 'YYYY'" })
  period!: string;

  /** The day measured, YYYY-MM-DD, within the period (optional). */
  @IsOptional()
  @Matches(DATE_PATTERN, { message: 'date must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  @IsWithinPeriod('period')
  date?: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => MeasurementSourceV1)
  source!: MeasurementSourceV1;

  /** The person or service account that recorded the measurement in the source system. */
  @IsString()
  @Length(1, 200)
  recordedBy!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
