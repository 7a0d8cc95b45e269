export * from './budget-cut.events';
export * from './budget-cut.commands';
export {
  budgetCutDecider,
  BUDGET_CUT_PERMISSIONS,
  HARVESTABLE_CASE_STATUSES,
  type BudgetCutRecord,
  type BudgetCutState,
} from './budget-cut.decider';
export {
  findHarvestBreach,
  harvestHeadroom,
  plannedCutsByYear,
  type HarvestBreach,
  type HarvestHeadroom,
  type HarvestLimitInput,
} from './harvest-limit';
export * from './budget-cut.queries';
