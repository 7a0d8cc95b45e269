/**
 * The state of a business case, folded from its stream. A union tagged by `status`.
 *
 * Statuses: draft → submitted → approved | rejected | returned-for-revision;
 * returned-for-revision → (revise) → draft; approved → in-implementation → in-operation → closed.
 *
 * A re-baseline (a revision after approval) does not change `status`: the case keeps showing its
 * phase (approved / in-implementation / in-operation) with the approved revision pinned in
 * `approved`, while `rebaseline` tracks the new revision through draft → submitted →
 * (approved: it becomes `approved`; rejected: dropped; returned: revise again).
 */
import type { ActorRef, ApprovalSummary, BusinessCaseEventType } from './events';
import type { BusinessCaseContent } from './content';

export type BusinessCaseStatus =
  | 'draft'
  | 'submitted'
  | 'approved'
  | 'rejected'
  | 'returned-for-revision'
  | 'in-implementation'
  | 'in-operation'
  | 'closed';

export interface RevisionRecord {
  readonly revision: number;
  readonly content: BusinessCaseContent;
  readonly reason: string;
  readonly by: ActorRef;
  readonly at: string;
  readonly rebaseline: boolean;
}

export interface ApprovalRecord {
  readonly revision: number;
  /** The pinned revision's content, so that its economics can always be recomputed. */
  readonly content: BusinessCaseContent;
  /** The numbers as approved; they never change. */
  readonly summary: ApprovalSummary;
  readonly reason: string;
  readonly by: ActorRef;
  readonly at: string;
}

/** One entry per event: the audit trail of the case, with actor and reason. */
export interface TransitionRecord {
  readonly event: BusinessCaseEventType;
  readonly revision: number | null;
  readonly status: BusinessCaseStatus;
  readonly rebaselineStatus: RebaselineStatus | null;
  readonly by: ActorRef;
  readonly at: string;
  readonly reason: string;
}

export type RebaselineStatus = 'draft' | 'submitted' | 'returned-for-revision';

export interface Rebaseline {
  readonly revision: number;
  readonly status: RebaselineStatus;
}

interface CaseCore {
  readonly caseId: string;
  /** Every revision, in order; revisions[n − 1].revision === n. */
  readonly revisions: readonly RevisionRecord[];
  /** The latest revision's number. */
  readonly latestRevision: number;
  /** The latest revision's content. */
  readonly current: BusinessCaseContent;
  /** True while the latest revision is derived from a national case ("top-down estimate"). */
  readonly topDownEstimate: boolean;
  /** Every approval, oldest first. */
  readonly approvals: readonly ApprovalRecord[];
  readonly history: readonly TransitionRecord[];
  readonly createdBy: ActorRef;
  readonly createdAt: string;
}

export interface EmptyBusinessCase {
  readonly status: 'empty';
}

/** Before any approval. */
export interface UnapprovedBusinessCase extends CaseCore {
  readonly status: 'draft' | 'submitted' | 'returned-for-revision' | 'rejected';
  readonly approved: null;
  readonly rebaseline: null;
}

/** Approved, possibly with a re-baseline in progress. */
export interface ApprovedBusinessCase extends CaseCore {
  readonly status: 'approved' | 'in-implementation' | 'in-operation';
  /** The approval in force (the latest). */
  readonly approved: ApprovalRecord;
  readonly rebaseline: Rebaseline | null;
}

export interface ClosedBusinessCase extends CaseCore {
  readonly status: 'closed';
  readonly approved: ApprovalRecord;
  readonly rebaseline: null;
}

export type BusinessCaseState = EmptyBusinessCase | UnapprovedBusinessCase | ApprovedBusinessCase | ClosedBusinessCase;
export type ExistingBusinessCase = Exclude<BusinessCaseState, EmptyBusinessCase>;

export const initialBusinessCaseState = (): BusinessCaseState => ({ status: 'empty' });

/** The content of revision n, or undefined. */
export const revisionContent = (state: BusinessCaseState, revision: number): BusinessCaseContent | undefined =>
  state.status === 'empty' ? undefined : state.revisions[revision - 1]?.content;

/**
 * The approved budget-effective benefit per department and year in force, as approved (empty
 * before any approval): what a budget cut may harvest.
 */
export const approvedBudgetEffective = (state: BusinessCaseState): ApprovalSummary['budgetEffectiveByDepartmentAndYear'] =>
  state.status === 'empty' || state.approved === null ? {} : state.approved.summary.budgetEffectiveByDepartmentAndYear;
