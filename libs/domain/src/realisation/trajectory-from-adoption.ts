import { InvalidInput } from '../shared/errors';
import { add, mul, ratio, ratioOf, sub, toNumber, ZERO, type Ratio } from './exact-ratio';
import type { IndicatorTrajectoryPoint } from './indicator';
import {
  monthFromNumber,
  monthNumber,
  monthsOfPeriod,
  requireMonth,
  requirePeriod,
  type RealisationPeriod,
} from './realisation-period';

/**
 * The part of a benefit line's adoption curve that a trajectory needs, in the business case's
 * own shape (so the handler can pass `benefitLine.adoption` as it is; the business case
 * aggregate is not imported). Potential users do not matter here: the trajectory is a share.
 */
export interface RealisationAdoptionCurve {
  /** 'YYYY-MM', the first month with any adoption. */
  readonly startMonth: RealisationPeriod;
  /** Whole months until the target adoption is reached, 0–120 (0 = the target from the first month). */
  readonly rampUpMonths: number;
  /** Share of the potential users expected to use the solution at full ramp-up, 0–100. */
  readonly targetAdoptionPct: number;
}

export interface TrajectoryFromAdoptionInput extends RealisationAdoptionCurve {
  /** The value before the ramp-up starts (adoption today, or a leading indicator's baseline). Default 0. */
  readonly baselineValue?: number;
  /** The value at full ramp-up. Default targetAdoptionPct (an adoption indicator). */
  readonly targetValue?: number;
  /** The periods to plan, months 'YYYY-MM' or years 'YYYY'. */
  readonly periods: readonly RealisationPeriod[];
  /** Decimal places of the planned values (half away from zero). Default 2. */
  readonly decimals?: number;
}

/** The same limit as the business case's ramp-up. */
const MAX_RAMP_UP_MONTHS = 120;

/** Validates an adoption curve, naming fields under `prefix` (e.g. 'trajectory.curve.'). */
export const requireAdoptionCurve = (curve: RealisationAdoptionCurve, prefix = ''): RealisationAdoptionCurve => {
  requireMonth(curve?.startMonth, `${prefix}startMonth`);
  const { rampUpMonths, targetAdoptionPct } = curve;
  if (!Number.isSafeInteger(rampUpMonths) || rampUpMonths < 0 || rampUpMonths > MAX_RAMP_UP_MONTHS) {
    throw new InvalidInput(
      'invalid-ramp-up',
      `rampUpMonths must be a whole number of months from 0 to ${MAX_RAMP_UP_MONTHS}`,
      `${prefix}rampUpMonths`,
      { value: String(rampUpMonths) },
    );
  }
  if (typeof targetAdoptionPct !== 'number' || !Number.isFinite(targetAdoptionPct)) {
    throw new InvalidInput('not-a-number', 'targetAdoptionPct must be a finite number', `${prefix}targetAdoptionPct`, {
      value: String(targetAdoptionPct),
    });
  }
  if (targetAdoptionPct < 0 || targetAdoptionPct > 100) {
    throw new InvalidInput('out-of-range', 'targetAdoptionPct is a percentage 0–100', `${prefix}targetAdoptionPct`, {
      value: targetAdoptionPct,
    });
  }
  return { startMonth: curve.startMonth, rampUpMonths, targetAdoptionPct };
};

/**
 * The months of the ramp-up: from the start month through the month the target is reached
 * (at least the start month). The default periods of a derived trajectory; after its last
 * point the plan stays at the target, because planned values are read "as of".
 */
export const adoptionRampPeriods = (curve: RealisationAdoptionCurve): RealisationPeriod[] => {
  const first = monthNumber(curve.startMonth);
  return Array.from({ length: Math.max(1, curve.rampUpMonths) }, (_, i) => monthFromNumber(first + i));
};

/**
 * Ramp progress 0–1 of one month, as the business case computes adoption: in the n-th month
 * from the start month (n = 1, 2, …) progress = min(n, N) / N with N = max(1, rampUpMonths);
 * before the start month 0.
 */
const monthProgress = (month: RealisationPeriod, curve: RealisationAdoptionCurve): Ratio => {
  const n = monthNumber(month) - monthNumber(curve.startMonth) + 1;
  if (n < 1) return ZERO;
  const rampN = Math.max(1, curve.rampUpMonths);
  return ratio(BigInt(Math.min(n, rampN)), BigInt(rampN));
};

/**
 * A planned trajectory from an adoption curve, as a linear ramp (the business case's own):
 *
 *   month:  value = baselineValue + (targetValue − baselineValue) × min(n, N) / N
 *           (n = 1 in the start month, N = max(1, rampUpMonths); baselineValue before the start)
 *   year:   the mean of its 12 monthly values (as the business case's yearly adoption factor,
 *           so a year's planned adoption matches the adoption its planned saving assumed)
 *
 * Computed exactly, rounded once to `decimals` places.
 */
export const trajectoryFromAdoption = (input: TrajectoryFromAdoptionInput): IndicatorTrajectoryPoint[] => {
  const curve = requireAdoptionCurve(input);
  const baselineValue = input.baselineValue ?? 0;
  const targetValue = input.targetValue ?? input.targetAdoptionPct;
  const decimals = input.decimals ?? 2;
  for (const [field, value] of [
    ['baselineValue', baselineValue],
    ['targetValue', targetValue],
  ] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidInput('not-a-number', `${field} must be a finite number`, field, { value: String(value) });
    }
  }
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new InvalidInput('invalid-decimals', 'decimals must be a whole number from 0 to 10', 'decimals');
  }
  const from = ratioOf(baselineValue);
  const span = sub(ratioOf(targetValue), from);
  const seen = new Set<RealisationPeriod>();
  return input.periods.map((period, i) => {
    requirePeriod(period, `periods[${i}]`);
    if (seen.has(period)) {
      throw new InvalidInput('duplicate-period', `Period ${period} is listed twice`, `periods[${i}]`, { period });
    }
    seen.add(period);
    const months = monthsOfPeriod(period);
    const progressSum = months.reduce((sum, month) => add(sum, monthProgress(month, curve)), ZERO);
    const progress = mul(progressSum, ratio(1n, BigInt(months.length)));
    return { period, value: toNumber(add(from, mul(span, progress)), decimals) };
  });
};
