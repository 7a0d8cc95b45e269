import type { Ore } from '../shared/money';
import type { BudgetCutRecord, BudgetCutState } from './budget-cut.decider';
import { budgetCutCountsTowardHarvest, type BudgetCutStatus } from './budget-cut.events';
import { harvestHeadroom, type HarvestHeadroom } from './harvest-limit';

/** The status of one cut, or undefined if the case has no such cut. */
export const budgetCutStatus = (state: BudgetCutState, cutId: string): BudgetCutStatus | undefined =>
  state.status === 'harvesting' ? state.cuts[cutId]?.status : undefined;

export interface BudgetCutFilter {
  readonly departmentId?: string;
  readonly year?: number;
  readonly status?: BudgetCutStatus;
}

/** The cuts of a case, optionally for one department, year or status, ordered by year then cutId. */
export const budgetCutsOf = (state: BudgetCutState, filter: BudgetCutFilter = {}): BudgetCutRecord[] =>
  state.status !== 'harvesting'
    ? []
    : Object.values(state.cuts)
        .filter(
          (c) =>
            (filter.departmentId === undefined || c.departmentId === filter.departmentId) &&
            (filter.year === undefined || c.year === filter.year) &&
            (filter.status === undefined || c.status === filter.status),
        )
        .sort((a, b) => a.year - b.year || (a.cutId < b.cutId ? -1 : a.cutId > b.cutId ? 1 : 0));

/** What this case has taken out of a department's budget for a year: booked, not reversed. */
export const bookedBudgetCutTotal = (state: BudgetCutState, departmentId: string, year: number): Ore =>
  budgetCutsOf(state, { departmentId, year, status: 'booked' }).reduce((sum, c) => sum + c.amount, 0);

/** The amount that counts toward the harvest limit for a department, up to and including a year. */
export const harvestedUpTo = (state: BudgetCutState, departmentId: string, upToYear: number): Ore =>
  budgetCutsOf(state, { departmentId })
    .filter((c) => c.year <= upToYear && budgetCutCountsTowardHarvest(c.status))
    .reduce((sum, c) => sum + c.amount, 0);

/**
 * How much more may be proposed for a department and year without an override, given the same
 * facts ProposeBudgetCut takes (for showing the room before proposing).
 */
export const budgetCutHeadroom = (
  state: BudgetCutState,
  facts: {
    readonly departmentId: string;
    readonly year: number;
    readonly plannedBudgetEffective: Readonly<Record<string, Ore>>;
    readonly retainedSharePct: number;
    readonly retainedSharePctByYear?: Readonly<Record<string, number>>;
  },
): HarvestHeadroom =>
  harvestHeadroom({
    plannedBudgetEffective: facts.plannedBudgetEffective,
    shareFor: (y) =>
      y === facts.year ? facts.retainedSharePct : facts.retainedSharePctByYear?.[String(y)] ?? facts.retainedSharePct,
    counted: budgetCutsOf(state, { departmentId: facts.departmentId }).filter((c) => budgetCutCountsTowardHarvest(c.status)),
    year: facts.year,
  });
