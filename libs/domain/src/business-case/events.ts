/**
 * Events of the business case stream `business-case-<caseId>`. Never change a stored shape: add
 * a new type or schema version and upcast on read. Every event carries who (`by`), when (`at`)
 * and why (`reason`) in its data, besides the metadata the application adds.
 */
import type { DomainEvent, Ore, Role } from '../shared';
import type { BusinessCaseContent } from './content';
import type { Payback } from './economics';

export const businessCaseStreamName = (caseId: string): string => `business-case-${caseId}`;

/** Who did it. */
export interface ActorRef {
  readonly id: string;
  readonly role: Role;
}

interface Transition {
  readonly caseId: string;
  readonly by: ActorRef;
  /** ISO-8601 instant, from the command's context. */
  readonly at: string;
  readonly reason: string;
}

/** Revision 1, complete. */
export type BusinessCaseDrafted = DomainEvent<
  'BusinessCaseDrafted',
  Transition & { readonly revision: 1; readonly content: BusinessCaseContent }
>;

/** Revision n ≥ 2, complete. `rebaseline` when the case had an approved revision already. */
export type BusinessCaseRevised = DomainEvent<
  'BusinessCaseRevised',
  Transition & { readonly revision: number; readonly content: BusinessCaseContent; readonly rebaseline: boolean }
>;

export type BusinessCaseSubmitted = DomainEvent<
  'BusinessCaseSubmitted',
  Transition & { readonly revision: number; readonly rebaseline: boolean }
>;

/**
 * The numbers the approver saw, computed from the pinned revision at approval time and stored:
 * the approved numbers never change, even if the economics code later does.
 */
export interface ApprovalSummary {
  readonly discountRatePct: number;
  readonly npv: Ore;
  readonly npvBudgetEffective: Ore;
  readonly payback: Payback;
  readonly benefitCostRatio: number | null;
  readonly totalCosts: Ore;
  readonly totalBenefits: Ore;
  readonly totalBudgetEffective: Ore;
  readonly topDownEstimate: boolean;
  /** department → calendar year → øre: what finance may later harvest. */
  readonly budgetEffectiveByDepartmentAndYear: Readonly<Record<string, Readonly<Record<number, Ore>>>>;
}

export type BusinessCaseApproved = DomainEvent<
  'BusinessCaseApproved',
  Transition & {
    /** The pinned revision. */
    readonly revision: number;
    readonly rebaseline: boolean;
    /** The revision this approval replaces (a re-baseline), or null. */
    readonly previousApprovedRevision: number | null;
    readonly summary: ApprovalSummary;
  }
>;

/** On a re-baseline only the re-baseline is rejected; the approved revision stays in force. */
export type BusinessCaseRejected = DomainEvent<
  'BusinessCaseRejected',
  Transition & { readonly revision: number; readonly rebaseline: boolean }
>;

export type BusinessCaseReturnedForRevision = DomainEvent<
  'BusinessCaseReturnedForRevision',
  Transition & { readonly revision: number; readonly rebaseline: boolean }
>;

export type BusinessCaseImplementationStarted = DomainEvent<'BusinessCaseImplementationStarted', Transition>;

export type BusinessCaseWentLive = DomainEvent<'BusinessCaseWentLive', Transition>;

export type BusinessCaseClosed = DomainEvent<'BusinessCaseClosed', Transition>;

export type BusinessCaseEvent =
  | BusinessCaseDrafted
  | BusinessCaseRevised
  | BusinessCaseSubmitted
  | BusinessCaseApproved
  | BusinessCaseRejected
  | BusinessCaseReturnedForRevision
  | BusinessCaseImplementationStarted
  | BusinessCaseWentLive
  | BusinessCaseClosed;

export type BusinessCaseEventType = BusinessCaseEvent['type'];

/** Every event type of the stream, for the event type registry (all at schema version 1). */
export const BUSINESS_CASE_EVENT_TYPES: readonly BusinessCaseEventType[] = [
  'BusinessCaseDrafted',
  'BusinessCaseRevised',
  'BusinessCaseSubmitted',
  'BusinessCaseApproved',
  'BusinessCaseRejected',
  'BusinessCaseReturnedForRevision',
  'BusinessCaseImplementationStarted',
  'BusinessCaseWentLive',
  'BusinessCaseClosed',
];
