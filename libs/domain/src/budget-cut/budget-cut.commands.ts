import type { DomainCommand } from '../shared/decider';
import type { Ore } from '../shared/money';
import type { BudgetCutRealisationStatus } from './budget-cut.events';

/**
 * Proposed by finance. The handler supplies the facts from other streams, read at decision time:
 * the case's status and approved revision, that revision's planned budget-effective savings for
 * this department, and the retained share in force (retainedShareInForce / retainedSharesByYear).
 */
export interface ProposeBudgetCutData {
  readonly cutId: string;
  readonly caseId: string;
  readonly departmentId: string;
  readonly year: number;
  /** The business case's status; only approved / in-implementation / in-operation cases are harvested. */
  readonly caseStatus: string;
  readonly approvedRevision: number;
  /** Budget-effective saving per year (key: year) for THIS department from the approved revision, all years. */
  readonly plannedBudgetEffective: Readonly<Record<string, Ore>>;
  /** The retained share in force for this department, case and year. */
  readonly retainedSharePct: number;
  /**
   * The share in force for the other years of the horizon (key: year), used for the cumulative
   * limit. A year left out is taken at retainedSharePct; supply every year when shares differ.
   */
  readonly retainedSharePctByYear?: Readonly<Record<string, number>>;
  /** Harvest only part now (or catch up on earlier years); default: the rule's cut for the year. */
  readonly amount?: Ore;
  /** Hook for realisation: 'red' refuses the proposal unless it is acknowledged. */
  readonly realisationStatus?: BudgetCutRealisationStatus;
  readonly realisationAcknowledgement?: { readonly justification: string };
  /** Needed to run ahead of the planned cuts; recorded on the event with the numbers overridden. */
  readonly override?: { readonly justification: string };
}

export type ProposeBudgetCut = DomainCommand<'ProposeBudgetCut', ProposeBudgetCutData>;

interface BudgetCutTarget {
  readonly caseId: string;
  readonly cutId: string;
}

/** By finance or management, never by the proposer. */
export type ApproveBudgetCut = DomainCommand<'ApproveBudgetCut', BudgetCutTarget>;
/** By finance or management, while proposed; needs context.reason. */
export type RejectBudgetCut = DomainCommand<'RejectBudgetCut', BudgetCutTarget>;
/** By finance, once approved. */
export type BookBudgetCut = DomainCommand<'BookBudgetCut', BudgetCutTarget>;
/** By finance, once booked; needs context.reason. */
export type ReverseBudgetCut = DomainCommand<'ReverseBudgetCut', BudgetCutTarget>;

export type BudgetCutCommand = ProposeBudgetCut | ApproveBudgetCut | RejectBudgetCut | BookBudgetCut | ReverseBudgetCut;
