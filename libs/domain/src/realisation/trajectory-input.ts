import { InvalidInput } from '../shared/errors';
import type { IndicatorBaseline, IndicatorDirection, IndicatorKind, IndicatorTarget, IndicatorUnit, IndicatorTrajectoryPoint } from './indicator';
import { requireIndicatorValue } from './indicator';
import type { IndicatorTrajectoryInput } from './realisation.commands';
import type { IndicatorTrajectoryOrigin } from './realisation.events';
import { periodEnd, periodGranularity, requirePeriod } from './realisation-period';
import { adoptionRampPeriods, requireAdoptionCurve, trajectoryFromAdoption } from './trajectory-from-adoption';

export interface IndicatorFacts {
  readonly kind: IndicatorKind;
  readonly unit: IndicatorUnit;
  readonly direction: IndicatorDirection;
  readonly baseline: IndicatorBaseline;
  readonly target: IndicatorTarget;
}

/**
 * Turns a trajectory input into the points an event stores (sorted by period) and their origin.
 * Rules: periods valid, unique, one granularity, none ending before the baseline date; values
 * valid for the unit and, for adoption and leading indicators, never worse than the baseline
 * in the indicator's direction; adoption and leading indicators need at least one point.
 */
export const resolveTrajectory = (
  input: IndicatorTrajectoryInput,
  facts: IndicatorFacts,
  field = 'trajectory',
): { trajectory: IndicatorTrajectoryPoint[]; trajectoryOrigin: IndicatorTrajectoryOrigin } => {
  if (input === undefined || input === null || typeof input !== 'object') {
    throw new InvalidInput('trajectory-required', "A trajectory is 'manual' points or an 'adoption-curve'", field);
  }
  let points: readonly IndicatorTrajectoryPoint[];
  let origin: IndicatorTrajectoryOrigin;
  let periodField: (i: number) => string;
  let valueField: (i: number) => string;
  if (input.source === 'manual') {
    if (!Array.isArray(input.points)) {
      throw new InvalidInput('trajectory-required', 'A manual trajectory needs a list of points', `${field}.points`);
    }
    points = input.points;
    origin = { kind: 'manual' };
    periodField = (i) => `${field}.points[${i}].period`;
    valueField = (i) => `${field}.points[${i}].value`;
  } else if (input.source === 'adoption-curve') {
    const curve = requireAdoptionCurve(input.curve, `${field}.curve.`);
    if (facts.kind === 'adoption' && facts.target.value !== curve.targetAdoptionPct) {
      throw new InvalidInput(
        'target-mismatch',
        `An adoption indicator's target (${facts.target.value} %) must be the curve's target adoption (${curve.targetAdoptionPct} %)`,
        'target.value',
        { target: facts.target.value, targetAdoptionPct: curve.targetAdoptionPct },
      );
    }
    // By default the ramp-up months, less those over before the baseline was measured.
    const periods =
      input.periods ?? adoptionRampPeriods(curve).filter((period) => periodEnd(period) >= facts.baseline.date);
    periods.forEach((p, i) => {
      requirePeriod(p, `${field}.periods[${i}]`);
      if (periods.indexOf(p) !== i) {
        throw new InvalidInput('duplicate-period', `Period ${p} is planned twice`, `${field}.periods[${i}]`, { period: p });
      }
    });
    points = trajectoryFromAdoption({
      ...curve,
      baselineValue: facts.baseline.value,
      targetValue: facts.target.value,
      periods,
      decimals: facts.unit === 'ore' ? 0 : 2,
    });
    origin = { kind: 'adoption-curve', curve };
    periodField = (i) => `${field}.periods[${i}]`;
    valueField = periodField;
  } else {
    throw new InvalidInput('unknown-trajectory-source', "trajectory.source is 'manual' or 'adoption-curve'", `${field}.source`);
  }

  const seen = new Set<string>();
  const granularities = new Set<string>();
  const checked = points.map((point, i) => {
    const period = requirePeriod(point.period, periodField(i));
    if (seen.has(period)) {
      throw new InvalidInput('duplicate-period', `Period ${period} is planned twice`, periodField(i), { period });
    }
    seen.add(period);
    granularities.add(periodGranularity(period));
    if (granularities.size > 1) {
      throw new InvalidInput(
        'mixed-granularity',
        'A trajectory plans either months or years, not both',
        periodField(i),
        { period },
      );
    }
    if (periodEnd(period) < facts.baseline.date) {
      throw new InvalidInput(
        'before-baseline',
        `Period ${period} ends before the baseline date ${facts.baseline.date}`,
        periodField(i),
        { period, baselineDate: facts.baseline.date },
      );
    }
    const value = requireIndicatorValue(point.value, facts.unit, valueField(i));
    if (facts.kind !== 'lagging' && worseThanBaseline(value, facts)) {
      throw new InvalidInput(
        'trajectory-against-direction',
        `The planned value ${value} in ${period} is worse than the baseline ${facts.baseline.value} (${facts.direction})`,
        valueField(i),
        { period, value, baseline: facts.baseline.value, direction: facts.direction },
      );
    }
    return { period, value };
  });
  if (checked.length === 0 && facts.kind !== 'lagging') {
    throw new InvalidInput(
      'trajectory-required',
      'An adoption or leading indicator needs a planned value for at least one period',
      field,
    );
  }
  checked.sort((a, b) => periodEnd(a.period).localeCompare(periodEnd(b.period)));
  return { trajectory: checked, trajectoryOrigin: origin };
};

const worseThanBaseline = (value: number, facts: IndicatorFacts): boolean =>
  facts.direction === 'higher-is-better' ? value < facts.baseline.value : value > facts.baseline.value;
