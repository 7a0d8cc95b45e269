import { InvalidInput } from '../shared/errors';
import { isOre, type Ore } from '../shared/money';
import { add, clamp, compare, div, isZero, mulOre, ratio, ratioOf, sub, toNumber, ZERO, type Ratio } from './exact-ratio';
import type { IndicatorForGain } from './indicator';
import {
  monthsOfPeriod,
  periodEnd,
  periodGranularity,
  periodWithin,
  requirePeriod,
  type RealisationPeriod,
} from './realisation-period';

/**
 * An adoption or leading share above this is counted as this: early in a ramp-up a small
 * planned adoption (2 %) met by a modest actual (8 %) would otherwise report 400 % of the
 * planned saving, a gain the benefit line cannot deliver. Lagging (measured) savings are
 * never capped: they are the money itself.
 */
export const DEFAULT_REALISED_SHARE_CAP = 1.5;

/** A measurement as the formula reads it; a superseded one (supersededBy set) is ignored. */
export interface MeasurementForGain {
  readonly measurementId: string;
  readonly indicatorId: string;
  readonly period: RealisationPeriod;
  readonly value: number;
  readonly supersededBy?: string;
}

export interface RealisationPlannedSaving {
  readonly period: RealisationPeriod;
  /** The benefit line's planned saving in the period, øre (from the approved revision). */
  readonly planned: Ore;
}

export interface RealisedGainInput {
  readonly benefitLineId: string;
  /** Periods to compute, months or years, none overlapping another. */
  readonly plannedSavingByPeriod: readonly RealisationPlannedSaving[];
  /** The case's indicators in order of definition; those not tied to the benefit line are ignored. */
  readonly indicators: readonly IndicatorForGain[];
  /** Measurements in order of recording (later wins a tie). Superseded ones are skipped. */
  readonly measurements: readonly MeasurementForGain[];
  /** Cost of one staff hour, øre: needed only when a lagging indicator counts hours. */
  readonly hourlyCostOre?: Ore;
  /** Cap on adoption/leading shares; default DEFAULT_REALISED_SHARE_CAP; null = no cap. */
  readonly shareCap?: number | null;
}

/** Which evidence a period's realised gain rests on. */
export type RealisedGainBasis =
  | {
      readonly kind: 'lagging';
      readonly indicatorId: string;
      /** One measurement for exactly the period, or the sub-period measurements summed. */
      readonly measurementIds: readonly string[];
      readonly measured: number;
    }
  | {
      readonly kind: 'adoption' | 'leading';
      readonly indicatorId: string;
      /** The measurements the level rests on (one, or those behind a year's monthly mean). */
      readonly measurementIds: readonly string[];
      readonly measuredPeriods: readonly RealisationPeriod[];
      /** A measurement from before the period was carried forward into it. */
      readonly carriedForward: boolean;
      /** A year's level is the mean of its 12 monthly levels. */
      readonly averagedOverMonths: boolean;
      /** The achieved level (4 decimals, display). */
      readonly actual: number;
      /** The planned level (the trajectory; the baseline before it starts), 4 decimals. */
      readonly planned: number;
      readonly baseline: number;
    }
  | { readonly kind: 'none' };

export interface RealisedGainPeriod {
  readonly period: RealisationPeriod;
  readonly planned: Ore;
  readonly realised: Ore;
  /**
   * The share of the planned saving realised (4 decimals, display only: the øre are computed
   * from the exact share). Null when it is undefined: no planned improvement or no planned saving.
   */
  readonly realisedShare: number | null;
  /** The adoption/leading share was above the cap and was counted at the cap. */
  readonly capped: boolean;
  readonly basis: RealisedGainBasis;
}

export interface RealisedGainResult {
  readonly benefitLineId: string;
  /** In period order. */
  readonly periods: readonly RealisedGainPeriod[];
  readonly plannedTotal: Ore;
  readonly realisedTotal: Ore;
}

const PRECEDENCE = ['lagging', 'adoption', 'leading'] as const;

/**
 * The realised gain of one benefit line, period by period. See docs/realisation.md.
 *
 * For each period P, the first kind of indicator with evidence wins, lagging > adoption > leading,
 * and within a kind the indicator defined first:
 *  - lagging (measured saving, ore or hours): a measurement for exactly P, or else the sum of
 *    measurements for periods within P (months of a year). Not carried forward: a saving is a
 *    flow. realised = øre measured, or hours × hourlyCostOre. Not capped.
 *  - adoption: actual and planned are levels in P: for a month, the latest measurement (or
 *    trajectory point) for a period ending by the month's end, carried forward; for a year, a
 *    value for exactly that year, or else the mean of its 12 monthly levels (a month with no
 *    measurement counts as 0 adoption; planned before the trajectory starts is the baseline).
 *    share = actual ÷ planned.
 *  - leading: share = achieved improvement ÷ planned improvement from the baseline, in the
 *    indicator's direction: (actual − baseline) ÷ (planned − baseline), signs flipped when
 *    lower is better; levels as for adoption, a month with no measurement at the baseline.
 *  - adoption/leading: share clamped to [0, cap]; realised = planned saving × share, rounded
 *    once to a whole øre half away from zero. A plan with no improvement (planned adoption 0,
 *    or planned = baseline) gives share null and realised 0.
 *  - no evidence at all: realised 0, so that missing follow-up shows as missing gain.
 */
export const realisedGain = (input: RealisedGainInput): RealisedGainResult => {
  const periods = evaluate(input, true) as RealisedGainPeriod[];
  return {
    benefitLineId: input.benefitLineId,
    periods,
    plannedTotal: periods.reduce((sum, p) => sum + p.planned, 0),
    realisedTotal: periods.reduce((sum, p) => sum + p.realised, 0),
  };
};

/** A period's figures without the basis's details (for read models that recompute many periods). */
export interface RealisedGainFigures {
  readonly period: RealisationPeriod;
  readonly planned: Ore;
  readonly realised: Ore;
  readonly realisedShare: number | null;
  readonly capped: boolean;
  /** The indicator the period's figure rests on; null when there is no evidence. */
  readonly indicatorId: string | null;
}

/**
 * realisedGain's figures, period by period, computed the same way (the same code) but without
 * the basis's display details (measurement ids, levels rounded for display): what a read model
 * stores for each month. The specs check it against realisedGain.
 */
export const realisedGainFigures = (input: RealisedGainInput): RealisedGainFigures[] => evaluate(input, false) as RealisedGainFigures[];

const DEFAULT_CAP = ratioOf(DEFAULT_REALISED_SHARE_CAP);

const evaluate = (input: RealisedGainInput, detail: boolean): Array<RealisedGainPeriod | RealisedGainFigures> => {
  const cap = input.shareCap === undefined ? DEFAULT_CAP : requireCap(input.shareCap);
  const planned = requirePlannedSavings(input.plannedSavingByPeriod);
  const indicators = input.indicators.filter((i) => i.benefitLineIds.includes(input.benefitLineId));
  const effective = input.measurements.filter((m) => m.supersededBy === undefined);
  const byIndicator = (indicatorId: string): MeasurementForGain[] =>
    effective.filter((m) => m.indicatorId === indicatorId);
  const ordered = PRECEDENCE.flatMap((kind) => indicators.filter((i) => i.kind === kind));

  return planned.map((row): RealisedGainPeriod | RealisedGainFigures => {
    for (const indicator of ordered) {
      const measurements = byIndicator(indicator.indicatorId);
      const result =
        indicator.kind === 'lagging'
          ? laggingGain(indicator, measurements, row, input.hourlyCostOre, detail)
          : levelGain(indicator, measurements, row, cap, detail);
      if (result !== null) return result;
    }
    const share = row.planned === 0 ? null : 0;
    return detail
      ? { period: row.period, planned: row.planned, realised: 0, realisedShare: share, capped: false, basis: { kind: 'none' } }
      : { period: row.period, planned: row.planned, realised: 0, realisedShare: share, capped: false, indicatorId: null };
  });
};

const laggingGain = (
  indicator: IndicatorForGain,
  measurements: readonly MeasurementForGain[],
  row: RealisationPlannedSaving,
  hourlyCostOre: Ore | undefined,
  detail: boolean,
): RealisedGainPeriod | RealisedGainFigures | null => {
  const exact = measurements.filter((m) => m.period === row.period);
  const used = exact.length > 0 ? exact.slice(-1) : measurements.filter((m) => periodWithin(m.period, row.period));
  if (used.length === 0) return null;
  const measured = used.reduce<Ratio>((sum, m) => add(sum, ratioOf(m.value)), ZERO);
  let realised: Ore;
  if (indicator.unit === 'hours') {
    if (hourlyCostOre === undefined || !isOre(hourlyCostOre) || hourlyCostOre < 0) {
      throw new InvalidInput(
        'hourly-cost-required',
        `Indicator ${indicator.indicatorId} counts hours saved: an hourly cost in øre is needed`,
        'hourlyCostOre',
        { indicatorId: indicator.indicatorId },
      );
    }
    realised = mulOre(hourlyCostOre, measured);
  } else {
    realised = mulOre(1, measured); // øre already
  }
  const realisedShare = row.planned === 0 ? null : toNumber(ratio(BigInt(realised), BigInt(row.planned)), 4);
  if (!detail) return { period: row.period, planned: row.planned, realised, realisedShare, capped: false, indicatorId: indicator.indicatorId };
  return {
    period: row.period,
    planned: row.planned,
    realised,
    realisedShare,
    capped: false,
    basis: {
      kind: 'lagging',
      indicatorId: indicator.indicatorId,
      measurementIds: used.map((m) => m.measurementId),
      measured: toNumber(measured, 6),
    },
  };
};

const levelGain = (
  indicator: IndicatorForGain,
  measurements: readonly MeasurementForGain[],
  row: RealisationPlannedSaving,
  cap: Ratio | null,
  detail: boolean,
): RealisedGainPeriod | RealisedGainFigures | null => {
  const baseline = ratioOf(indicator.baseline.value);
  // A month without a measurement counts as nothing achieved: no adoption, or the baseline.
  const actual = levelIn(measurements, row.period, indicator.kind === 'adoption' ? ZERO : baseline);
  if (actual === null) return null;
  const planned = levelIn(indicator.trajectory, row.period, baseline)?.value ?? baseline;

  let share: Ratio | null;
  if (indicator.kind === 'adoption') {
    share = isZero(planned) ? null : div(actual.value, planned);
  } else {
    const improvement = (value: Ratio): Ratio => {
      const diff = sub(value, baseline);
      return indicator.direction === 'higher-is-better' ? diff : sub(ZERO, diff);
    };
    const plannedImprovement = improvement(planned);
    share = compare(plannedImprovement, ZERO) <= 0 ? null : div(improvement(actual.value), plannedImprovement);
  }
  const counted = share === null ? null : clamp(share, ZERO, cap ?? share);
  const capped = share !== null && counted !== null && compare(share, counted) > 0;
  const realised = counted === null ? 0 : mulOre(row.planned, counted);
  const realisedShare = counted === null ? null : toNumber(counted, 4);
  if (!detail) return { period: row.period, planned: row.planned, realised, realisedShare, capped, indicatorId: indicator.indicatorId };
  return {
    period: row.period,
    planned: row.planned,
    realised,
    realisedShare,
    capped,
    basis: {
      kind: indicator.kind === 'adoption' ? 'adoption' : 'leading',
      indicatorId: indicator.indicatorId,
      measurementIds: actual.used.map((m) => m.measurementId),
      measuredPeriods: [...new Set(actual.used.map((m) => m.period))],
      carriedForward: actual.used.some((m) => !periodWithin(m.period, row.period)),
      averagedOverMonths: actual.averaged,
      actual: toNumber(actual.value, 4),
      planned: toNumber(planned, 4),
      baseline: indicator.baseline.value,
    },
  };
};

/**
 * The planned level of an adoption or leading indicator in a period, exactly as the formula
 * reads it: the trajectory as of the period (a year: its own point, else the mean of its 12
 * monthly levels), the baseline before the trajectory starts. Exact; for reports and charts.
 */
export const plannedLevelIn = (indicator: Pick<IndicatorForGain, 'baseline' | 'trajectory'>, period: RealisationPeriod): Ratio => {
  const baseline = ratioOf(indicator.baseline.value);
  return levelIn(indicator.trajectory, period, baseline)?.value ?? baseline;
};

/**
 * The level of a series (measurements or trajectory points) in a period:
 *  - a month: the latest item for a period ending by the month's end (carried forward);
 *  - a year: an item for exactly that year if there is one; otherwise the mean of the 12 monthly
 *    levels, a month with no item counting as `missing`.
 * Null when no item at all bears on the period.
 */
const levelIn = <T extends { readonly period: RealisationPeriod; readonly value: number }>(
  items: readonly T[],
  period: RealisationPeriod,
  missing: Ratio,
): { value: Ratio; used: T[]; averaged: boolean } | null => {
  if (periodGranularity(period) === 'month') {
    const item = latestAsOf(items, period);
    return item === null ? null : { value: ratioOf(item.value), used: [item], averaged: false };
  }
  const exact = items.filter((i) => i.period === period);
  if (exact.length > 0) {
    const item = exact[exact.length - 1];
    return { value: ratioOf(item.value), used: [item], averaged: false };
  }
  const perMonth = monthsOfPeriod(period).map((month) => latestAsOf(items, month));
  const used = [...new Set(perMonth.filter((item): item is T => item !== null))];
  if (used.length === 0) return null;
  const sum = perMonth.reduce<Ratio>((total, item) => add(total, item === null ? missing : ratioOf(item.value)), ZERO);
  return { value: div(sum, ratio(BigInt(perMonth.length), 1n)), used, averaged: true };
};

/** The item for the latest period that has ended by the end of `period`; a tie goes to the later item. */
const latestAsOf = <T extends { readonly period: RealisationPeriod }>(items: readonly T[], period: RealisationPeriod): T | null => {
  const end = periodEnd(period);
  let best: T | null = null;
  for (const item of items) {
    const itemEnd = periodEnd(item.period);
    if (itemEnd <= end && (best === null || itemEnd >= periodEnd(best.period))) best = item;
  }
  return best;
};

const requireCap = (cap: number | null): Ratio | null => {
  if (cap === null) return null;
  if (typeof cap !== 'number' || !Number.isFinite(cap) || cap < 1) {
    throw new InvalidInput('invalid-share-cap', 'shareCap must be a number ≥ 1, or null for no cap', 'shareCap', {
      value: String(cap),
    });
  }
  return ratioOf(cap);
};

const requirePlannedSavings = (rows: readonly RealisationPlannedSaving[]): RealisationPlannedSaving[] => {
  rows.forEach((row, i) => {
    requirePeriod(row.period, `plannedSavingByPeriod[${i}].period`);
    if (!isOre(row.planned) || row.planned < 0) {
      throw new InvalidInput(
        'not-whole-ore',
        'A planned saving is a whole, non-negative number of øre',
        `plannedSavingByPeriod[${i}].planned`,
        { value: String(row.planned) },
      );
    }
    rows.slice(0, i).forEach((earlier, j) => {
      if (periodWithin(row.period, earlier.period) || periodWithin(earlier.period, row.period)) {
        throw new InvalidInput(
          'overlapping-periods',
          `Periods ${earlier.period} and ${row.period} overlap: a saving would be counted twice`,
          `plannedSavingByPeriod[${i}].period`,
          { period: row.period, overlaps: earlier.period, index: j },
        );
      }
    });
  });
  return [...rows].sort((a, b) => periodEnd(a.period).localeCompare(periodEnd(b.period)));
};
