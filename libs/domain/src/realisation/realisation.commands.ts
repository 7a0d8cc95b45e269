import type { DomainCommand } from '../shared/decider';
import type { Ore } from '../shared/money';
import type {
  IndicatorBaseline,
  IndicatorDirection,
  IndicatorKind,
  IndicatorTarget,
  IndicatorUnit,
  IndicatorTrajectoryPoint,
} from './indicator';
import type { MeasurementSource } from './realisation.events';
import type { IsoDate, RealisationPeriod } from './realisation-period';
import type { RealisationTolerances } from './realisation-status';
import type { RealisationAdoptionCurve } from './trajectory-from-adoption';

/**
 * Facts about the business case the handler reads from the case's own streams and passes in
 * (the realisation domain does not import the business case aggregate).
 */
export interface RealisationCaseScope {
  /** The departments the case belongs to: a case author may act only within them. */
  readonly caseDepartmentIds: readonly string[];
}

/** Either typed-in points, or derived from the case's adoption curve (default periods: the ramp-up months). */
export type IndicatorTrajectoryInput =
  | { readonly source: 'manual'; readonly points: readonly IndicatorTrajectoryPoint[] }
  | {
      readonly source: 'adoption-curve';
      readonly curve: RealisationAdoptionCurve;
      readonly periods?: readonly RealisationPeriod[];
    };

export type DefineIndicator = DomainCommand<
  'DefineIndicator',
  RealisationCaseScope & {
    readonly caseId: string;
    readonly indicatorId: string;
    readonly name: string;
    readonly unit: IndicatorUnit;
    readonly direction: IndicatorDirection;
    readonly kind: IndicatorKind;
    readonly benefitLineIds: readonly string[];
    /** The benefit lines of the case (current revision), to check benefitLineIds against. */
    readonly caseBenefitLineIds: readonly string[];
    readonly baseline: IndicatorBaseline;
    readonly target: IndicatorTarget;
    readonly trajectory: IndicatorTrajectoryInput;
  }
>;

/** Replaces an indicator's trajectory; context.reason is required. */
export type EditIndicatorTrajectory = DomainCommand<
  'EditIndicatorTrajectory',
  RealisationCaseScope & {
    readonly caseId: string;
    readonly indicatorId: string;
    readonly trajectory: IndicatorTrajectoryInput;
  }
>;

export type RecordMeasurement = DomainCommand<
  'RecordMeasurement',
  RealisationCaseScope & {
    readonly caseId: string;
    readonly measurementId: string;
    readonly indicatorId: string;
    readonly value: number;
    readonly unit: IndicatorUnit;
    readonly period: RealisationPeriod;
    readonly date?: IsoDate;
    readonly source: MeasurementSource;
  }
>;

/** Supersedes a measurement with a new one; context.reason is required. Omitted fields keep the old values. */
export type CorrectMeasurement = DomainCommand<
  'CorrectMeasurement',
  RealisationCaseScope & {
    readonly caseId: string;
    /** The new measurement's id. */
    readonly measurementId: string;
    readonly supersedes: string;
    readonly value: number;
    readonly unit?: IndicatorUnit;
    readonly period?: RealisationPeriod;
    readonly date?: IsoDate;
    /** Default: manual. */
    readonly source?: MeasurementSource;
  }
>;

/**
 * Carries figures the handler computed (realisedGain over the case's benefit lines, summed to
 * date) and the tolerances in force; decide turns them into colour facts.
 */
export type EvaluateRealisation = DomainCommand<
  'EvaluateRealisation',
  {
    readonly caseId: string;
    readonly period: RealisationPeriod;
    readonly plannedToDate: Ore;
    readonly realisedToDate: Ore;
    readonly tolerances: RealisationTolerances;
  }
>;

export type AcknowledgeRed = DomainCommand<
  'AcknowledgeRed',
  {
    readonly caseId: string;
    /** The red episode; default the latest one. */
    readonly episode?: number;
    readonly comment: string;
  }
>;

export type RealisationCommand =
  | DefineIndicator
  | EditIndicatorTrajectory
  | RecordMeasurement
  | CorrectMeasurement
  | EvaluateRealisation
  | AcknowledgeRed;
