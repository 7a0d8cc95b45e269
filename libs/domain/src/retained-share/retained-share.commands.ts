import type { DomainCommand } from '../shared/decider';

/** Every policy change needs context.reason; the actor comes from context.actor. */
export type SetDefaultRetainedShare = DomainCommand<
  'SetDefaultRetainedShare',
  { readonly pct: number; readonly effectiveFromYear: number }
>;
export type SetDepartmentRetainedShare = DomainCommand<
  'SetDepartmentRetainedShare',
  { readonly departmentId: string; readonly pct: number; readonly effectiveFromYear: number }
>;
export type ClearDepartmentRetainedShare = DomainCommand<
  'ClearDepartmentRetainedShare',
  { readonly departmentId: string; readonly effectiveFromYear: number }
>;
export type SetCaseRetainedShare = DomainCommand<
  'SetCaseRetainedShare',
  { readonly caseId: string; readonly pct: number; readonly effectiveFromYear: number }
>;
export type ClearCaseRetainedShare = DomainCommand<
  'ClearCaseRetainedShare',
  { readonly caseId: string; readonly effectiveFromYear: number }
>;

export type RetainedSharePolicyCommand =
  | SetDefaultRetainedShare
  | SetDepartmentRetainedShare
  | ClearDepartmentRetainedShare
  | SetCaseRetainedShare
  | ClearCaseRetainedShare;
