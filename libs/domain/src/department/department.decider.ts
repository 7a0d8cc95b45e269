import type { CommandContext, Decider, Role } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import { isOre, type Ore } from '../shared/money';
import type { DepartmentCommand } from './department.commands';
import type { DepartmentEvent } from './department.events';

export type DepartmentState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly departmentId: string;
      readonly name: string;
      readonly headId: string | null;
      /** Baseline budget per budget year (key: the year as a string), in øre. */
      readonly baselineBudgets: Readonly<Record<string, Ore>>;
    };

/** Who may do what with a department (deny by default). */
export const DEPARTMENT_PERMISSIONS: Readonly<Record<DepartmentCommand['type'], readonly Role[]>> = {
  // The organisation chart is kept by admins and finance.
  RegisterDepartment: ['admin', 'finance'],
  RenameDepartment: ['admin', 'finance'],
  ChangeDepartmentHead: ['admin', 'finance'],
  // Budgets are finance's: admin is a technical role with no budget authority.
  SetBaselineBudget: ['finance'],
};

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

const initialState = (): DepartmentState => ({ status: 'unregistered' });

const requireRole = (command: DepartmentCommand): void => {
  const allowed = DEPARTMENT_PERMISSIONS[command.type];
  const { role } = command.context.actor;
  if (!allowed.includes(role)) {
    throw new NotPermitted('role-not-permitted', `A ${role} cannot ${command.type}`, { role, allowed });
  }
};

const requireText = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInput(`${field}-required`, `${field} is required`, field);
  }
  return value.trim();
};

const requireReason = (context: CommandContext): string => {
  const reason = context.reason?.trim();
  if (!reason) throw new InvalidInput('reason-required', 'This change needs a reason', 'reason');
  return reason;
};

const requireRegistered = (
  state: DepartmentState,
  departmentId: string,
): Extract<DepartmentState, { status: 'registered' }> => {
  if (state.status !== 'registered') {
    throw new NotFound('department-not-found', `Department ${departmentId} is not registered`, { departmentId });
  }
  if (state.departmentId !== departmentId) {
    throw new InvalidInput('department-mismatch', `This stream is department ${state.departmentId}`, 'departmentId');
  }
  return state;
};

const decide = (command: DepartmentCommand, state: DepartmentState): DepartmentEvent[] => {
  requireRole(command);
  const { context } = command;
  const departmentId = requireText(command.data.departmentId, 'departmentId');

  switch (command.type) {
    case 'RegisterDepartment': {
      if (state.status === 'registered') {
        throw new IllegalState('department-already-registered', `Department ${departmentId} is already registered`);
      }
      const name = requireText(command.data.name, 'name');
      const headId = command.data.headId == null ? null : requireText(command.data.headId, 'headId');
      return [
        {
          type: 'DepartmentRegistered',
          data: { departmentId, name, headId, registeredBy: context.actor.id, registeredAt: context.now },
        },
      ];
    }
    case 'RenameDepartment': {
      const current = requireRegistered(state, departmentId);
      const name = requireText(command.data.name, 'name');
      const reason = requireReason(context);
      if (name === current.name) return [];
      return [
        {
          type: 'DepartmentRenamed',
          data: {
            departmentId,
            name,
            previousName: current.name,
            reason,
            renamedBy: context.actor.id,
            renamedAt: context.now,
          },
        },
      ];
    }
    case 'ChangeDepartmentHead': {
      const current = requireRegistered(state, departmentId);
      const headId = command.data.headId === null ? null : requireText(command.data.headId, 'headId');
      const reason = requireReason(context);
      if (headId === current.headId) return [];
      return [
        {
          type: 'DepartmentHeadChanged',
          data: {
            departmentId,
            headId,
            previousHeadId: current.headId,
            reason,
            changedBy: context.actor.id,
            changedAt: context.now,
          },
        },
      ];
    }
    case 'SetBaselineBudget': {
      const current = requireRegistered(state, departmentId);
      const { year, amount } = command.data;
      if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
        throw new InvalidInput('invalid-year', `Not a budget year: ${String(year)}`, 'year');
      }
      if (!isOre(amount) || amount < 0) {
        throw new InvalidInput('invalid-amount', 'A baseline budget is a whole, non-negative number of øre', 'amount', {
          amount,
        });
      }
      const reason = requireReason(context);
      const previousAmount = current.baselineBudgets[String(year)] ?? null;
      // the same amount again (a retried command) changes nothing
      if (previousAmount === amount) return [];
      return [
        {
          type: 'BaselineBudgetSet',
          data: { departmentId, year, amount, previousAmount, reason, setBy: context.actor.id, setAt: context.now },
        },
      ];
    }
    default: {
      const unknown: never = command;
      throw new InvalidInput('unknown-command', `Unknown command ${(unknown as { type: string }).type}`);
    }
  }
};

const evolve = (state: DepartmentState, event: DepartmentEvent): DepartmentState => {
  if (event.type === 'DepartmentRegistered') {
    const { departmentId, name, headId } = event.data;
    return { status: 'registered', departmentId, name, headId, baselineBudgets: {} };
  }
  if (state.status !== 'registered') return state; // not reachable from a well-formed stream
  switch (event.type) {
    case 'DepartmentRenamed':
      return { ...state, name: event.data.name };
    case 'DepartmentHeadChanged':
      return { ...state, headId: event.data.headId };
    case 'BaselineBudgetSet':
      return { ...state, baselineBudgets: { ...state.baselineBudgets, [String(event.data.year)]: event.data.amount } };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown department event ${(unknown as { type: string }).type}`);
    }
  }
};

/** One department, its head and its baseline budget per year (stream `department-<id>`). */
export const departmentDecider: Decider<DepartmentCommand, DepartmentState, DepartmentEvent> = {
  decide,
  evolve,
  initialState,
};

/** The department's baseline budget for a year, before cuts; undefined if never set. */
export const departmentBaselineBudget = (state: DepartmentState, year: number): Ore | undefined =>
  state.status === 'registered' ? state.baselineBudgets[String(year)] : undefined;
