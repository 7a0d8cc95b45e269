import type { DomainEvent } from '../shared/decider';

/** The one municipality-wide stream that holds the whole retained-share policy. */
export const RETAINED_SHARE_POLICY_STREAM = 'retained-share-policy';

/** Who changed the policy, when and why: kept on every event so the policy reads on its own. */
interface RetainedShareChange {
  /** The first budget year the setting applies to; earlier years keep what was in force. */
  readonly effectiveFromYear: number;
  readonly reason: string;
  readonly setBy: string;
  /** ISO-8601 instant of the decision. */
  readonly setAt: string;
}

/** Percentages are 0–100 with at most two decimals (see retained-share.percent.ts). */
export type DefaultRetainedShareSet = DomainEvent<
  'DefaultRetainedShareSet',
  RetainedShareChange & { readonly pct: number }
>;
export type DepartmentRetainedShareSet = DomainEvent<
  'DepartmentRetainedShareSet',
  RetainedShareChange & { readonly departmentId: string; readonly pct: number }
>;
/** From effectiveFromYear the department follows the default again. */
export type DepartmentRetainedShareCleared = DomainEvent<
  'DepartmentRetainedShareCleared',
  RetainedShareChange & { readonly departmentId: string }
>;
export type CaseRetainedShareSet = DomainEvent<
  'CaseRetainedShareSet',
  RetainedShareChange & { readonly caseId: string; readonly pct: number }
>;
/** From effectiveFromYear the case follows its department's share (or the default) again. */
export type CaseRetainedShareCleared = DomainEvent<
  'CaseRetainedShareCleared',
  RetainedShareChange & { readonly caseId: string }
>;

export type RetainedSharePolicyEvent =
  | DefaultRetainedShareSet
  | DepartmentRetainedShareSet
  | DepartmentRetainedShareCleared
  | CaseRetainedShareSet
  | CaseRetainedShareCleared;

export const RETAINED_SHARE_POLICY_EVENT_TYPES: readonly RetainedSharePolicyEvent['type'][] = [
  'DefaultRetainedShareSet',
  'DepartmentRetainedShareSet',
  'DepartmentRetainedShareCleared',
  'CaseRetainedShareSet',
  'CaseRetainedShareCleared',
];
