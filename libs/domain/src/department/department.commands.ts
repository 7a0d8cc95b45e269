import type { DomainCommand } from '../shared/decider';
import type { Ore } from '../shared/money';

export type RegisterDepartment = DomainCommand<
  'RegisterDepartment',
  { readonly departmentId: string; readonly name: string; readonly headId?: string | null }
>;

/** Needs context.reason. */
export type RenameDepartment = DomainCommand<'RenameDepartment', { readonly departmentId: string; readonly name: string }>;

/** Needs context.reason. headId null: the department has no head for now. */
export type ChangeDepartmentHead = DomainCommand<
  'ChangeDepartmentHead',
  { readonly departmentId: string; readonly headId: string | null }
>;

/** Needs context.reason. amount in whole øre, ≥ 0. */
export type SetBaselineBudget = DomainCommand<
  'SetBaselineBudget',
  { readonly departmentId: string; readonly year: number; readonly amount: Ore }
>;

export type DepartmentCommand = RegisterDepartment | RenameDepartment | ChangeDepartmentHead | SetBaselineBudget;
