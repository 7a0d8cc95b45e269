import type { DomainEvent } from '../shared/decider';
import type { Ore } from '../shared/money';
import type {
  IndicatorBaseline,
  IndicatorDirection,
  IndicatorKind,
  IndicatorTarget,
  IndicatorUnit,
  IndicatorTrajectoryPoint,
} from './indicator';
import type { IsoDate, RealisationPeriod } from './realisation-period';
import type { RealisationColour, RealisationTolerances } from './realisation-status';
import type { RealisationAdoptionCurve } from './trajectory-from-adoption';

/** Events of the case realisation aggregate, stream `realisation-<caseId>`. */

/** Where a trajectory came from: typed in, or derived from the case's adoption curve (kept for audit). */
export type IndicatorTrajectoryOrigin =
  | { readonly kind: 'manual' }
  | { readonly kind: 'adoption-curve'; readonly curve: RealisationAdoptionCurve };

export type MeasurementSource = { readonly kind: 'manual' } | { readonly kind: 'system'; readonly system: string };

export type IndicatorDefined = DomainEvent<
  'IndicatorDefined',
  {
    readonly caseId: string;
    readonly indicatorId: string;
    readonly name: string;
    readonly unit: IndicatorUnit;
    readonly direction: IndicatorDirection;
    readonly kind: IndicatorKind;
    readonly benefitLineIds: readonly string[];
    readonly baseline: IndicatorBaseline;
    readonly target: IndicatorTarget;
    /** Planned value per period, sorted by period. */
    readonly trajectory: readonly IndicatorTrajectoryPoint[];
    readonly trajectoryOrigin: IndicatorTrajectoryOrigin;
    readonly definedBy: string;
    readonly definedAt: string;
  }
>;

export type IndicatorTrajectoryEdited = DomainEvent<
  'IndicatorTrajectoryEdited',
  {
    readonly caseId: string;
    readonly indicatorId: string;
    /** The whole new trajectory (replaces the previous one), sorted by period. */
    readonly trajectory: readonly IndicatorTrajectoryPoint[];
    readonly trajectoryOrigin: IndicatorTrajectoryOrigin;
    readonly reason: string;
    readonly editedBy: string;
    readonly editedAt: string;
  }
>;

export type MeasurementRecorded = DomainEvent<
  'MeasurementRecorded',
  {
    readonly caseId: string;
    readonly measurementId: string;
    readonly indicatorId: string;
    readonly value: number;
    readonly unit: IndicatorUnit;
    /** The period the value is for. */
    readonly period: RealisationPeriod;
    /** The day it was measured, when known (within the period). */
    readonly date?: IsoDate;
    readonly source: MeasurementSource;
    readonly recordedBy: string;
    readonly recordedAt: string;
  }
>;

/** A new measurement that supersedes an earlier one; the earlier one stays in history. */
export type MeasurementCorrected = DomainEvent<
  'MeasurementCorrected',
  {
    readonly caseId: string;
    /** The id of the new, correcting measurement. */
    readonly measurementId: string;
    /** The id of the measurement it replaces. */
    readonly supersedes: string;
    readonly indicatorId: string;
    readonly value: number;
    readonly unit: IndicatorUnit;
    readonly period: RealisationPeriod;
    readonly date?: IsoDate;
    readonly source: MeasurementSource;
    readonly reason: string;
    readonly recordedBy: string;
    readonly recordedAt: string;
  }
>;

/** Every change of a case's realisation colour (the first evaluation is a change from null). */
export type RealisationColourChanged = DomainEvent<
  'RealisationColourChanged',
  {
    readonly caseId: string;
    /** The period the figures are to date of. */
    readonly period: RealisationPeriod;
    readonly at: string;
    readonly from: RealisationColour | null;
    readonly to: RealisationColour;
    readonly realisedPct: number | null;
    readonly plannedToDate: Ore;
    readonly realisedToDate: Ore;
    readonly tolerances: RealisationTolerances;
    readonly evaluatedBy: string;
  }
>;

/** The case turned red: a red episode begins, to be acknowledged by finance or management. */
export type RealisationTurnedRed = DomainEvent<
  'RealisationTurnedRed',
  {
    readonly caseId: string;
    /** 1 for the case's first red episode, then 2, … */
    readonly episode: number;
    readonly period: RealisationPeriod;
    readonly at: string;
    readonly realisedPct: number | null;
    readonly plannedToDate: Ore;
    readonly realisedToDate: Ore;
    /** planned − realised to date. */
    readonly gap: Ore;
    readonly tolerances: RealisationTolerances;
    readonly evaluatedBy: string;
  }
>;

export type RedStatusAcknowledged = DomainEvent<
  'RedStatusAcknowledged',
  {
    readonly caseId: string;
    readonly episode: number;
    readonly by: string;
    readonly at: string;
    readonly comment: string;
  }
>;

export type RealisationEvent =
  | IndicatorDefined
  | IndicatorTrajectoryEdited
  | MeasurementRecorded
  | MeasurementCorrected
  | RealisationColourChanged
  | RealisationTurnedRed
  | RedStatusAcknowledged;

export const REALISATION_EVENT_TYPES: readonly RealisationEvent['type'][] = [
  'IndicatorDefined',
  'IndicatorTrajectoryEdited',
  'MeasurementRecorded',
  'MeasurementCorrected',
  'RealisationColourChanged',
  'RealisationTurnedRed',
  'RedStatusAcknowledged',
];

export const REALISATION_STREAM_PREFIX = 'realisation-';
export const realisationStreamName = (caseId: string): string => `${REALISATION_STREAM_PREFIX}${caseId}`;
