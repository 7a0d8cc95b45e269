import type { DomainEvent } from '../shared/decider';
import type { Ore } from '../shared/money';

/** Stream of one department: `department-<id>`. */
export const departmentStreamName = (departmentId: string): string => `department-${departmentId}`;

export type DepartmentRegistered = DomainEvent<
  'DepartmentRegistered',
  {
    readonly departmentId: string;
    readonly name: string;
    /** The department head's person id, if known at registration. */
    readonly headId: string | null;
    readonly registeredBy: string;
    readonly registeredAt: string;
  }
>;

export type DepartmentRenamed = DomainEvent<
  'DepartmentRenamed',
  {
    readonly departmentId: string;
    readonly name: string;
    readonly previousName: string;
    readonly reason: string;
    readonly renamedBy: string;
    readonly renamedAt: string;
  }
>;

export type DepartmentHeadChanged = DomainEvent<
  'DepartmentHeadChanged',
  {
    readonly departmentId: string;
    /** null: the department has no head for now. */
    readonly headId: string | null;
    readonly previousHeadId: string | null;
    readonly reason: string;
    readonly changedBy: string;
    readonly changedAt: string;
  }
>;

/**
 * The department's baseline budget for one budget year, before any budget cut. A later event for
 * the same year supersedes it (previousAmount says what it replaced); booked cuts live on the
 * harvest streams and are subtracted by whoever reads the budget.
 */
export type BaselineBudgetSet = DomainEvent<
  'BaselineBudgetSet',
  {
    readonly departmentId: string;
    readonly year: number;
    readonly amount: Ore;
    readonly previousAmount: Ore | null;
    readonly reason: string;
    readonly setBy: string;
    readonly setAt: string;
  }
>;

export type DepartmentEvent = DepartmentRegistered | DepartmentRenamed | DepartmentHeadChanged | BaselineBudgetSet;

export const DEPARTMENT_EVENT_TYPES: readonly DepartmentEvent['type'][] = [
  'DepartmentRegistered',
  'DepartmentRenamed',
  'DepartmentHeadChanged',
  'BaselineBudgetSet',
];
