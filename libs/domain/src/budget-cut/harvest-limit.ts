import type { Ore } from '../shared/money';
import { splitByRetainedShare } from '../retained-share/retained-share.percent';

/**
 * "Harvest as fast as the gains arise, but not faster", per case and department:
 *
 *   for every budget year Y' ≥ the year of a new cut,
 *     Σ cuts that count (proposed, approved, booked) with year ≤ Y'  +  the new cut
 *       ≤  Σ planned cut (planned budget-effective saving − retained share) for years ≤ Y'.
 *
 * The comparison is with planned *cuts*, not gross savings, because the department keeps its
 * retained share. It is cumulative, so a year not harvested may be caught up later, and it is
 * checked for every later year too, so a cut for an early year cannot push a later year over.
 */
export interface HarvestLimitInput {
  /** Planned budget-effective saving per year (key: year) of the approved revision for the department. */
  readonly plannedBudgetEffective: Readonly<Record<string, Ore>>;
  /** The retained share in force in a year, in percent. */
  readonly shareFor: (year: number) => number;
  /** The department's cuts from this case that count toward the harvest. */
  readonly counted: readonly { readonly year: number; readonly amount: Ore }[];
  /** The year of the new cut. */
  readonly year: number;
}

/** Where a cut would run ahead: the first year at which the cumulative rule breaks. */
export interface HarvestBreach {
  readonly year: number;
  readonly limit: Ore;
  readonly already: Ore;
  readonly requested: Ore;
  readonly excess: Ore;
}

/** How much more may be cut for a year without an override, and which year binds. */
export interface HarvestHeadroom {
  readonly year: number;
  readonly limit: Ore;
  readonly already: Ore;
  /** limit − already at the binding year; negative when the cuts already run ahead. */
  readonly headroom: Ore;
}

/** The rule's cut (gross − retained) for each planned year. */
export const plannedCutsByYear = (
  plannedBudgetEffective: Readonly<Record<string, Ore>>,
  shareFor: (year: number) => number,
): Map<number, Ore> => {
  const cuts = new Map<number, Ore>();
  for (const [key, gross] of Object.entries(plannedBudgetEffective)) {
    const year = Number(key);
    cuts.set(year, splitByRetainedShare(gross, shareFor(year)).cut);
  }
  return cuts;
};

interface CumulativePoint {
  readonly year: number;
  readonly limit: Ore;
  readonly already: Ore;
}

/** Cumulative limit and cumulative counted cuts at every year that matters from `year` on. */
const cumulativePoints = (input: HarvestLimitInput): CumulativePoint[] => {
  const planned = plannedCutsByYear(input.plannedBudgetEffective, input.shareFor);
  const years = new Set<number>([input.year]);
  for (const y of planned.keys()) if (y >= input.year) years.add(y);
  for (const c of input.counted) if (c.year >= input.year) years.add(c.year);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      let limit = 0;
      for (const [y, cut] of planned) if (y <= year) limit += cut;
      let already = 0;
      for (const c of input.counted) if (c.year <= year) already += c.amount;
      return { year, limit, already };
    });
};

export const harvestHeadroom = (input: HarvestLimitInput): HarvestHeadroom => {
  let binding: HarvestHeadroom | undefined;
  for (const point of cumulativePoints(input)) {
    const headroom = point.limit - point.already;
    if (!binding || headroom < binding.headroom) binding = { ...point, headroom };
  }
  // cumulativePoints always holds input.year, so binding is set
  return binding as HarvestHeadroom;
};

/** Undefined when `requested` fits; otherwise the first year at which it would run ahead. */
export const findHarvestBreach = (input: HarvestLimitInput, requested: Ore): HarvestBreach | undefined => {
  for (const point of cumulativePoints(input)) {
    const excess = point.already + requested - point.limit;
    if (excess > 0) return { ...point, requested, excess };
  }
  return undefined;
};
