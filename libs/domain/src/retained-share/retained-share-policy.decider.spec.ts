import { spec } from '@gevinst/testing';
import type { Actor } from '../shared/decider';
import { InvalidInput, NotPermitted, RuleViolated } from '../shared/errors';
import type { RetainedSharePolicyCommand } from './retained-share.commands';
import type { RetainedSharePolicyEvent } from './retained-share.events';
import { retainedSharePolicyDecider } from './retained-share-policy.decider';

const policy = spec(retainedSharePolicyDecider);
const NOW = '2026-05-04T12:00:00Z';
const finance: Actor = { id: 'anna', role: 'finance', departments: [] };
const management: Actor = { id: 'dorte', role: 'management', departments: [] };
const head: Actor = { id: 'henrik', role: 'department-head', departments: ['social'] };

const command = <T extends RetainedSharePolicyCommand['type']>(
  type: T,
  data: Extract<RetainedSharePolicyCommand, { type: T }>['data'],
  actor: Actor = management,
  reason: string | undefined = 'Budget agreement 2027',
): RetainedSharePolicyCommand => ({ type, data, context: { actor, now: NOW, reason } }) as RetainedSharePolicyCommand;

const setBy = (actor: Actor, reason = 'Budget agreement 2027') => ({ reason, setBy: actor.id, setAt: NOW });

describe('retained-share policy: changes', () => {
  it('sets the default with actor and reason', () => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct: 25, effectiveFromYear: 2027 }))
      .then([{ type: 'DefaultRetainedShareSet', data: { pct: 25, effectiveFromYear: 2027, ...setBy(management) } }]);
  });

  it('overrides per department and per case', () => {
    policy
      .given([])
      .when(command('SetDepartmentRetainedShare', { departmentId: 'social', pct: 40, effectiveFromYear: 2026 }, finance))
      .then([{ type: 'DepartmentRetainedShareSet', data: { departmentId: 'social', pct: 40, effectiveFromYear: 2026, ...setBy(finance) } }]);
    policy
      .given([])
      .when(command('SetCaseRetainedShare', { caseId: 'c1', pct: 12.5, effectiveFromYear: 2027 }))
      .then([{ type: 'CaseRetainedShareSet', data: { caseId: 'c1', pct: 12.5, effectiveFromYear: 2027, ...setBy(management) } }]);
  });

  it('clears an override in force, from a year', () => {
    const set: RetainedSharePolicyEvent = {
      type: 'DepartmentRetainedShareSet',
      data: { departmentId: 'social', pct: 40, effectiveFromYear: 2026, ...setBy(finance) },
    };
    policy
      .given([set])
      .when(command('ClearDepartmentRetainedShare', { departmentId: 'social', effectiveFromYear: 2028 }))
      .then([{ type: 'DepartmentRetainedShareCleared', data: { departmentId: 'social', effectiveFromYear: 2028, ...setBy(management) } }]);
  });

  it('needs a reason', () => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct: 25, effectiveFromYear: 2027 }, management, '  '))
      .thenThrows(InvalidInput, 'reason-required');
  });

  it('cannot change the policy of a past year', () => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct: 25, effectiveFromYear: 2025 }))
      .thenThrows(RuleViolated, 'retroactive-policy-change');
    policy
      .given([])
      .when(command('ClearCaseRetainedShare', { caseId: 'c1', effectiveFromYear: 2024 }))
      .thenThrows(RuleViolated, 'retroactive-policy-change');
  });

  it('may change the current budget year', () => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct: 25, effectiveFromYear: 2026 }))
      .thenEvents((events) => expect(events).toHaveLength(1));
  });

  it.each([-1, 100.01, 12.345, Number.NaN])('refuses a percentage outside 0–100 with at most two decimals (%p)', (pct) => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct, effectiveFromYear: 2027 }))
      .thenThrows(InvalidInput, 'invalid-percentage');
  });

  it.each([0, 0.07, 33.33, 100])('accepts %p %', (pct) => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct, effectiveFromYear: 2027 }))
      .thenEvents((events) => expect(events).toHaveLength(1));
  });

  it('is changed only by finance or management', () => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct: 25, effectiveFromYear: 2027 }, head))
      .thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('ignores the same setting again (a retried command)', () => {
    const set: RetainedSharePolicyEvent = {
      type: 'DefaultRetainedShareSet',
      data: { pct: 25, effectiveFromYear: 2027, ...setBy(management) },
    };
    policy.given([set]).when(command('SetDefaultRetainedShare', { pct: 25, effectiveFromYear: 2027 })).then([]);
  });

  it('ignores clearing an override that is not in force', () => {
    policy.given([]).when(command('ClearDepartmentRetainedShare', { departmentId: 'social', effectiveFromYear: 2027 })).then([]);
  });

  it('needs the department or case it overrides', () => {
    policy
      .given([])
      .when(command('SetDepartmentRetainedShare', { departmentId: '', pct: 10, effectiveFromYear: 2027 }))
      .thenThrows(InvalidInput, 'departmentId-required');
  });

  it.each([2026.5, 1800])('refuses a year that is not a budget year (%p)', (effectiveFromYear) => {
    policy
      .given([])
      .when(command('SetDefaultRetainedShare', { pct: 10, effectiveFromYear }))
      .thenThrows(InvalidInput, 'invalid-year');
  });
});
