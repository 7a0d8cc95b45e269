import { InvalidInput } from '../shared/errors';
import type { IsoDate, RealisationPeriod } from './realisation-period';

/**
 * What an indicator measures and how. The units are a closed list so that "unit mismatch"
 * is a plain comparison; adding a unit later is a compatible change.
 *  - percent: a share 0–100 (adoption, share of applications made digitally)
 *  - ore: money, a whole number of øre (shown as kr.) — never a float of kroner
 *  - hours, minutes, days: time (hours saved, case processing time)
 *  - count: a number of things (calls to the front desk per month)
 */
export type IndicatorUnit = 'percent' | 'ore' | 'hours' | 'minutes' | 'days' | 'count';
export const INDICATOR_UNITS: readonly IndicatorUnit[] = ['percent', 'ore', 'hours', 'minutes', 'days', 'count'];

export type IndicatorDirection = 'lower-is-better' | 'higher-is-better';
export const INDICATOR_DIRECTIONS: readonly IndicatorDirection[] = ['lower-is-better', 'higher-is-better'];

/**
 * leading: an early signal (processing time, share digital, calls to the front desk);
 * adoption: share of potential users using the solution (percent, higher is better);
 * lagging: hours or kroner actually saved in a period (ore or hours, higher is better).
 */
export type IndicatorKind = 'leading' | 'adoption' | 'lagging';
export const INDICATOR_KINDS: readonly IndicatorKind[] = ['leading', 'adoption', 'lagging'];

export interface IndicatorBaseline {
  readonly value: number;
  readonly date: IsoDate;
}

export interface IndicatorTarget {
  readonly value: number;
  readonly date?: IsoDate;
}

/** The planned value of an indicator in a period. */
export interface IndicatorTrajectoryPoint {
  readonly period: RealisationPeriod;
  readonly value: number;
}

/** The facts about an indicator that the realised-gain formula needs. */
export interface IndicatorForGain {
  readonly indicatorId: string;
  readonly kind: IndicatorKind;
  readonly unit: IndicatorUnit;
  readonly direction: IndicatorDirection;
  readonly benefitLineIds: readonly string[];
  readonly baseline: IndicatorBaseline;
  readonly trajectory: readonly IndicatorTrajectoryPoint[];
}

/**
 * Checks a measured or planned value for its unit. Throws InvalidInput naming the field:
 * 'not-a-number' (not a finite number: NaN, Infinity, a string), 'out-of-range' (negative,
 * or a percentage above 100), 'not-whole-ore' (money with a fraction of an øre).
 */
export const requireIndicatorValue = (value: unknown, unit: IndicatorUnit, field: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidInput('not-a-number', `${field} must be a finite number`, field, { value: String(value) });
  }
  if (value < 0) {
    throw new InvalidInput('out-of-range', `${field} cannot be negative`, field, { value, unit });
  }
  if (unit === 'percent' && value > 100) {
    throw new InvalidInput('out-of-range', `${field} is a percentage and cannot exceed 100`, field, { value, unit });
  }
  if (unit === 'ore' && !Number.isSafeInteger(value)) {
    throw new InvalidInput('not-whole-ore', `${field} is money and must be a whole number of øre`, field, {
      value,
      unit,
    });
  }
  return value === 0 ? 0 : value; // no negative zero in events
};
