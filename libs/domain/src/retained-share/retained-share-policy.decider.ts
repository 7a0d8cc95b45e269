import type { CommandContext, Decider, Role } from '../shared/decider';
import { InvalidInput, NotPermitted, RuleViolated } from '../shared/errors';
import type { RetainedSharePolicyCommand } from './retained-share.commands';
import type { RetainedSharePolicyEvent } from './retained-share.events';
import { settingInForce, settingsOf, type RetainedSharePolicyState, type RetainedShareSetting } from './retained-share-in-force';
import { retainedShareBasisPoints } from './retained-share.percent';

/** Management decides how savings are handled in the budget; finance records and runs it. */
const POLICY_ROLES: readonly Role[] = ['finance', 'management'];

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

const initialState = (): RetainedSharePolicyState => ({ defaults: [], departments: {}, cases: {} });

const requireRole = (context: CommandContext): void => {
  if (!POLICY_ROLES.includes(context.actor.role)) {
    throw new NotPermitted('role-not-permitted', `A ${context.actor.role} cannot change the retained-share policy`, {
      role: context.actor.role,
      allowed: POLICY_ROLES,
    });
  }
};

const requireReason = (context: CommandContext): string => {
  const reason = context.reason?.trim();
  if (!reason) throw new InvalidInput('reason-required', 'A change of the retained-share policy needs a reason', 'reason');
  return reason;
};

const requireId = (value: string, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInput(`${field}-required`, `${field} is required`, field);
  }
  return value;
};

/** The budget year of the decision, as written in the ISO instant (local date when it has an offset). */
const budgetYearOf = (now: string): number => {
  if (Number.isNaN(Date.parse(now))) throw new InvalidInput('invalid-now', `Not an ISO-8601 instant: ${now}`, 'now');
  return Number(now.slice(0, 4));
};

/**
 * Past years keep the policy that was in force: a change may take effect from the current budget
 * year at the earliest. (Cuts also record the share they used, so nothing booked moves either way.)
 */
const requireEffectiveYear = (effectiveFromYear: number, context: CommandContext): number => {
  if (!Number.isInteger(effectiveFromYear) || effectiveFromYear < MIN_YEAR || effectiveFromYear > MAX_YEAR) {
    throw new InvalidInput('invalid-year', `Not a budget year: ${String(effectiveFromYear)}`, 'effectiveFromYear');
  }
  const currentYear = budgetYearOf(context.now);
  if (effectiveFromYear < currentYear) {
    throw new RuleViolated(
      'retroactive-policy-change',
      `The retained share of past years cannot change: ${effectiveFromYear} is before ${currentYear}`,
      { effectiveFromYear, currentYear },
    );
  }
  return effectiveFromYear;
};

const requirePct = (pct: number): number => {
  retainedShareBasisPoints(pct, 'pct');
  return pct;
};

/** Setting the same share again from the same year is a no-op, so a retried command is harmless. */
const alreadySet = (settings: readonly RetainedShareSetting[] | undefined, pct: number, year: number): boolean => {
  const current = settingInForce(settings, year);
  return current !== undefined && current.effectiveFromYear === year && current.pct === pct;
};

/** Clearing a scope that has no override in force that year changes nothing. */
const nothingToClear = (settings: readonly RetainedShareSetting[] | undefined, year: number): boolean => {
  const current = settingInForce(settings, year);
  return current === undefined || current.pct === null;
};

const decide = (command: RetainedSharePolicyCommand, state: RetainedSharePolicyState): RetainedSharePolicyEvent[] => {
  const { context } = command;
  requireRole(context);
  const effectiveFromYear = requireEffectiveYear(command.data.effectiveFromYear, context);
  const reason = requireReason(context);
  const change = { effectiveFromYear, reason, setBy: context.actor.id, setAt: context.now };

  switch (command.type) {
    case 'SetDefaultRetainedShare': {
      const pct = requirePct(command.data.pct);
      if (alreadySet(state.defaults, pct, effectiveFromYear)) return [];
      return [{ type: 'DefaultRetainedShareSet', data: { pct, ...change } }];
    }
    case 'SetDepartmentRetainedShare': {
      const departmentId = requireId(command.data.departmentId, 'departmentId');
      const pct = requirePct(command.data.pct);
      if (alreadySet(settingsOf(state.departments, departmentId), pct, effectiveFromYear)) return [];
      return [{ type: 'DepartmentRetainedShareSet', data: { departmentId, pct, ...change } }];
    }
    case 'ClearDepartmentRetainedShare': {
      const departmentId = requireId(command.data.departmentId, 'departmentId');
      if (nothingToClear(settingsOf(state.departments, departmentId), effectiveFromYear)) return [];
      return [{ type: 'DepartmentRetainedShareCleared', data: { departmentId, ...change } }];
    }
    case 'SetCaseRetainedShare': {
      const caseId = requireId(command.data.caseId, 'caseId');
      const pct = requirePct(command.data.pct);
      if (alreadySet(settingsOf(state.cases, caseId), pct, effectiveFromYear)) return [];
      return [{ type: 'CaseRetainedShareSet', data: { caseId, pct, ...change } }];
    }
    case 'ClearCaseRetainedShare': {
      const caseId = requireId(command.data.caseId, 'caseId');
      if (nothingToClear(settingsOf(state.cases, caseId), effectiveFromYear)) return [];
      return [{ type: 'CaseRetainedShareCleared', data: { caseId, ...change } }];
    }
    default: {
      const unknown: never = command;
      throw new InvalidInput('unknown-command', `Unknown command ${(unknown as { type: string }).type}`);
    }
  }
};

const append = (
  byKey: Readonly<Record<string, readonly RetainedShareSetting[]>>,
  key: string,
  setting: RetainedShareSetting,
): Readonly<Record<string, readonly RetainedShareSetting[]>> => ({ ...byKey, [key]: [...(settingsOf(byKey, key) ?? []), setting] });

const evolve = (state: RetainedSharePolicyState, event: RetainedSharePolicyEvent): RetainedSharePolicyState => {
  const { effectiveFromYear, reason, setBy, setAt } = event.data;
  const base = { effectiveFromYear, reason, setBy, setAt };
  switch (event.type) {
    case 'DefaultRetainedShareSet':
      return { ...state, defaults: [...state.defaults, { ...base, pct: event.data.pct }] };
    case 'DepartmentRetainedShareSet':
      return { ...state, departments: append(state.departments, event.data.departmentId, { ...base, pct: event.data.pct }) };
    case 'DepartmentRetainedShareCleared':
      return { ...state, departments: append(state.departments, event.data.departmentId, { ...base, pct: null }) };
    case 'CaseRetainedShareSet':
      return { ...state, cases: append(state.cases, event.data.caseId, { ...base, pct: event.data.pct }) };
    case 'CaseRetainedShareCleared':
      return { ...state, cases: append(state.cases, event.data.caseId, { ...base, pct: null }) };
    default: {
      const unknown: never = event;
      throw new Error(`Unknown retained-share policy event ${(unknown as { type: string }).type}`);
    }
  }
};

/** The municipality-wide retained-share policy (stream `retained-share-policy`). */
export const retainedSharePolicyDecider: Decider<
  RetainedSharePolicyCommand,
  RetainedSharePolicyState,
  RetainedSharePolicyEvent
> = { decide, evolve, initialState };
