export * from './department.events';
export * from './department.commands';
export { departmentDecider, departmentBaselineBudget, DEPARTMENT_PERMISSIONS } from './department.decider';
export type { DepartmentState } from './department.decider';
