import type { Actor } from '@gevinst/domain';
import { ForbiddenProblem } from '../http/problem';

/** Roles scoped to their own departments; everyone else reads across departments. */
const SCOPED_ROLES = new Set(['case-author', 'department-head']);

export const isScoped = (actor: Actor): boolean => SCOPED_ROLES.has(actor.role);

export const canSeeDepartment = (actor: Actor, departmentId: string): boolean =>
  !isScoped(actor) || actor.departments.includes(departmentId);

/** Throws 403 when a scoped actor asks for another department's data. */
export function assertDepartmentScope(actor: Actor, departmentId: string): void {
  if (!canSeeDepartment(actor, departmentId)) {
    throw new ForbiddenProblem(`You may only see your own department's data (not ${departmentId})`);
  }
}
