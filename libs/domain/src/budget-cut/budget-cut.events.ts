import type { DomainEvent } from '../shared/decider';
import type { Ore } from '../shared/money';

/**
 * One stream per business case, `harvest-<caseId>`, holds the lifecycle of every cut taken from
 * that case: the rule "not faster than they arise" spans all of them, so this stream is the
 * consistency boundary and an append at its expected revision serialises concurrent proposals.
 */
export const budgetCutStreamName = (caseId: string): string => `harvest-${caseId}`;

export type BudgetCutStatus = 'proposed' | 'approved' | 'booked' | 'rejected' | 'reversed';

export type BudgetCutRealisationStatus = 'green' | 'amber' | 'red';

/**
 * A cut that runs ahead of the planned cuts, with the justification a person wrote and the
 * numbers it overrode. Kept forever on the proposal (and repeated on the booking).
 */
export interface BudgetCutOverride {
  readonly justification: string;
  /** The first budget year at which the cumulative cuts run ahead of the cumulative planned cuts. */
  readonly year: number;
  /** Cumulative planned cut (gross − retained) of this case for this department up to that year. */
  readonly limit: Ore;
  /** Cumulative cuts that already counted up to that year, before this one. */
  readonly already: Ore;
  readonly requested: Ore;
  /** already + requested − limit: how far this cut runs ahead. */
  readonly excess: Ore;
}

/** What a cut is, self-contained, so a ledger can be built from events alone. */
export interface BudgetCutFigures {
  readonly cutId: string;
  readonly caseId: string;
  readonly departmentId: string;
  /** The budget year whose budget is reduced. */
  readonly year: number;
  /** The approved revision of the business case whose numbers were used. */
  readonly approvedRevision: number;
  /** The retained share in force that was used, in percent (0–100, ≤ 2 decimals). */
  readonly sharePct: number;
  /** The approved revision's budget-effective saving for this department and year. */
  readonly gross: Ore;
  /** gross × share, rounded half away from zero to the øre: what the department keeps. */
  readonly retained: Ore;
  /** gross − retained: the full cut the rule gives for this year (retained + cut = gross). */
  readonly cut: Ore;
  /** What this budget cut takes out of the department's budget: `cut` unless the proposer chose another amount. */
  readonly amount: Ore;
  /** Set only when the cut runs ahead of the planned cuts. */
  readonly override: BudgetCutOverride | null;
}

export type BudgetCutProposed = DomainEvent<
  'BudgetCutProposed',
  BudgetCutFigures & {
    /** The business case's status when the cut was proposed. */
    readonly caseStatus: string;
    /** The case's realisation status when proposed; null while no realisation is known. */
    readonly realisationStatus: BudgetCutRealisationStatus | null;
    /** Why the proposer went ahead although realisation was red; null otherwise. */
    readonly realisationAcknowledgement: string | null;
    readonly proposedBy: string;
    readonly proposedAt: string;
  }
>;

interface BudgetCutRef {
  readonly cutId: string;
  readonly caseId: string;
  readonly departmentId: string;
  readonly year: number;
  readonly amount: Ore;
}

export type BudgetCutApproved = DomainEvent<
  'BudgetCutApproved',
  BudgetCutRef & { readonly approvedBy: string; readonly approvedAt: string }
>;

export type BudgetCutRejected = DomainEvent<
  'BudgetCutRejected',
  BudgetCutRef & { readonly reason: string; readonly rejectedBy: string; readonly rejectedAt: string }
>;

/** The department's budget for `year` is reduced by `amount`. */
export type BudgetCutBooked = DomainEvent<
  'BudgetCutBooked',
  BudgetCutFigures & { readonly bookedBy: string; readonly bookedAt: string }
>;

/** The booking is undone: the department's budget for `year` is `amount` higher again. */
export type BudgetCutReversed = DomainEvent<
  'BudgetCutReversed',
  BudgetCutRef & { readonly reason: string; readonly reversedBy: string; readonly reversedAt: string }
>;

export type BudgetCutEvent =
  | BudgetCutProposed
  | BudgetCutApproved
  | BudgetCutRejected
  | BudgetCutBooked
  | BudgetCutReversed;

export const BUDGET_CUT_EVENT_TYPES: readonly BudgetCutEvent['type'][] = [
  'BudgetCutProposed',
  'BudgetCutApproved',
  'BudgetCutRejected',
  'BudgetCutBooked',
  'BudgetCutReversed',
];

/** The status a cut has after each event: enough for a ledger projection to follow a cut. */
export const BUDGET_CUT_STATUS_AFTER: Readonly<Record<BudgetCutEvent['type'], BudgetCutStatus>> = {
  BudgetCutProposed: 'proposed',
  BudgetCutApproved: 'approved',
  BudgetCutRejected: 'rejected',
  BudgetCutBooked: 'booked',
  BudgetCutReversed: 'reversed',
};

/** Cuts in these statuses count toward "not faster than they arise"; rejected and reversed do not. */
export const budgetCutCountsTowardHarvest = (status: BudgetCutStatus): boolean =>
  status === 'proposed' || status === 'approved' || status === 'booked';
