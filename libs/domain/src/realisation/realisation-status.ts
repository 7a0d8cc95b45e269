import { InvalidInput } from '../shared/errors';
import { isOre, type Ore } from '../shared/money';
import { compare, ratio, ratioOf, toNumberTruncated } from './exact-ratio';
import type { RealisedGainResult } from './realised-gain';
import { periodEnd, type RealisationPeriod } from './realisation-period';

export type RealisationColour = 'green' | 'amber' | 'red';

/**
 * Set by finance for the whole municipality: green when realised ≥ greenFromPct % of plan,
 * amber when ≥ amberFromPct %, red below.
 */
export interface RealisationTolerances {
  readonly greenFromPct: number;
  readonly amberFromPct: number;
}

export const DEFAULT_REALISATION_TOLERANCES: RealisationTolerances = { greenFromPct: 90, amberFromPct: 70 };

/** 0 ≤ amberFromPct ≤ greenFromPct ≤ 100, finite. Fields named under `prefix`. */
export const requireRealisationTolerances = (tolerances: RealisationTolerances, prefix = ''): RealisationTolerances => {
  for (const key of ['greenFromPct', 'amberFromPct'] as const) {
    const value: unknown = tolerances[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidInput('not-a-number', `${key} must be a finite number`, `${prefix}${key}`, {
        value: String(value),
      });
    }
    if (value < 0 || value > 100) {
      throw new InvalidInput('out-of-range', `${key} is a percentage 0–100`, `${prefix}${key}`, { value });
    }
  }
  if (tolerances.amberFromPct > tolerances.greenFromPct) {
    throw new InvalidInput(
      'amber-above-green',
      'The amber threshold cannot be above the green threshold',
      `${prefix}amberFromPct`,
      { ...tolerances },
    );
  }
  return { greenFromPct: tolerances.greenFromPct, amberFromPct: tolerances.amberFromPct };
};

export interface RealisationStatusInput {
  readonly plannedToDate: Ore;
  readonly realisedToDate: Ore;
  readonly tolerances: RealisationTolerances;
}

export interface RealisationStatus {
  readonly colour: RealisationColour;
  /**
   * realised ÷ planned in percent, cut to 2 decimals (display: 89.999 % shows as 89.99, never as
   * a green-looking 90.00); null when nothing is planned yet.
   */
  readonly realisedPct: number | null;
  /** planned − realised: positive is a shortfall, negative is ahead of plan. */
  readonly gap: Ore;
}

const requireAmount = (value: Ore, field: string): Ore => {
  if (!isOre(value) || value < 0) {
    throw new InvalidInput('not-whole-ore', `${field} must be a whole, non-negative number of øre`, field, {
      value: String(value),
    });
  }
  return value;
};

/**
 * The colour of realisation to date. Compared exactly (realised × 100 ≥ threshold × planned),
 * so 89.999 % is amber at a 90 % threshold. Nothing planned yet → green, realisedPct null.
 */
export const realisationStatus = (input: RealisationStatusInput): RealisationStatus => {
  const planned = requireAmount(input.plannedToDate, 'plannedToDate');
  const realised = requireAmount(input.realisedToDate, 'realisedToDate');
  const tolerances = requireRealisationTolerances(input.tolerances, 'tolerances.');
  const gap = planned - realised;
  if (planned === 0) return { colour: 'green', realisedPct: null, gap };
  const pct = ratio(BigInt(realised) * 100n, BigInt(planned));
  const atLeast = (thresholdPct: number): boolean => compare(pct, ratioOf(thresholdPct)) >= 0;
  const colour: RealisationColour = atLeast(tolerances.greenFromPct)
    ? 'green'
    : atLeast(tolerances.amberFromPct)
      ? 'amber'
      : 'red';
  return { colour, realisedPct: toNumberTruncated(pct, 2), gap };
};

/** Planned and realised to date at the end of a period. */
export interface RealisationToDatePoint {
  readonly period: RealisationPeriod;
  readonly plannedToDate: Ore;
  readonly realisedToDate: Ore;
}

export interface RealisationColourChange {
  readonly period: RealisationPeriod;
  readonly from: RealisationColour | null;
  readonly to: RealisationColour;
  readonly realisedPct: number | null;
  readonly plannedToDate: Ore;
  readonly realisedToDate: Ore;
}

/** One step of the colour fold: the change this point makes, or null if the colour holds. */
export const nextRealisationColourChange = (
  previous: RealisationColour | null,
  point: RealisationToDatePoint,
  tolerances: RealisationTolerances,
): RealisationColourChange | null => {
  const status = realisationStatus({ ...point, tolerances });
  if (status.colour === previous) return null;
  return {
    period: point.period,
    from: previous,
    to: status.colour,
    realisedPct: status.realisedPct,
    plannedToDate: point.plannedToDate,
    realisedToDate: point.realisedToDate,
  };
};

/**
 * Folds a to-date series period by period into its colour changes. The first point is a
 * change from `initial` (null: never evaluated), so a series that starts red says so.
 */
export const realisationColourChanges = (
  points: readonly RealisationToDatePoint[],
  tolerances: RealisationTolerances,
  initial: RealisationColour | null = null,
): RealisationColourChange[] => {
  const sorted = [...points].sort((a, b) => periodEnd(a.period).localeCompare(periodEnd(b.period)));
  const changes: RealisationColourChange[] = [];
  let colour = initial;
  for (const point of sorted) {
    const change = nextRealisationColourChange(colour, point, tolerances);
    if (change !== null) {
      changes.push(change);
      colour = change.to;
    }
  }
  return changes;
};

/**
 * A case's to-date series from the realised gain of its benefit lines: for every period any
 * line computes, the planned and realised sums over all lines and all periods ending by then.
 * Use periods of one granularity per case (all months, or all years).
 */
export const realisationToDateSeries = (lines: readonly RealisedGainResult[]): RealisationToDatePoint[] => {
  const rows = lines.flatMap((line) => line.periods);
  const ends = [...new Set(rows.map((row) => row.period))].sort((a, b) =>
    periodEnd(a).localeCompare(periodEnd(b)),
  );
  return ends.map((period) => {
    const upTo = rows.filter((row) => periodEnd(row.period) <= periodEnd(period));
    return {
      period,
      plannedToDate: upTo.reduce((sum, row) => sum + row.planned, 0),
      realisedToDate: upTo.reduce((sum, row) => sum + row.realised, 0),
    };
  });
};
