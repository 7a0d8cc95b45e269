import { spec } from '@gevinst/testing';
import { fold, type Actor } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import { kr } from '../shared/money';
import type { DepartmentCommand } from './department.commands';
import { departmentBaselineBudget, departmentDecider } from './department.decider';
import type { BaselineBudgetSet, DepartmentRegistered } from './department.events';

const department = spec(departmentDecider);
const NOW = '2026-02-01T08:00:00Z';
const admin: Actor = { id: 'root', role: 'admin', departments: [] };
const finance: Actor = { id: 'anna', role: 'finance', departments: [] };
const head: Actor = { id: 'henrik', role: 'department-head', departments: ['social'] };

const command = <T extends DepartmentCommand['type']>(
  type: T,
  data: Extract<DepartmentCommand, { type: T }>['data'],
  actor: Actor = finance,
  reason?: string,
): DepartmentCommand => ({ type, data, context: { actor, now: NOW, reason } }) as DepartmentCommand;

const registered: DepartmentRegistered = {
  type: 'DepartmentRegistered',
  data: { departmentId: 'social', name: 'Social- og Sundhedsforvaltningen', headId: 'henrik', registeredBy: 'root', registeredAt: NOW },
};
const budget2026: BaselineBudgetSet = {
  type: 'BaselineBudgetSet',
  data: { departmentId: 'social', year: 2026, amount: kr(812_500_000), previousAmount: null, reason: 'Vedtaget budget 2026', setBy: 'anna', setAt: NOW },
};

describe('department: registration', () => {
  it('registers a department with a name and a head', () => {
    department
      .given([])
      .when(command('RegisterDepartment', { departmentId: 'social', name: ' Social- og Sundhedsforvaltningen ', headId: 'henrik' }, admin))
      .then([registered]);
  });

  it('registers a department without a head yet', () => {
    department
      .given([])
      .when(command('RegisterDepartment', { departmentId: 'tech', name: 'Teknik og Miljø' }))
      .thenEvents(([e]) => expect((e as DepartmentRegistered).data.headId).toBeNull());
  });

  it('needs a name', () => {
    department.given([]).when(command('RegisterDepartment', { departmentId: 'tech', name: ' ' })).thenThrows(InvalidInput, 'name-required');
  });

  it('is registered once', () => {
    department
      .given([registered])
      .when(command('RegisterDepartment', { departmentId: 'social', name: 'Again' }))
      .thenThrows(IllegalState, 'department-already-registered');
  });

  it('is registered by admin or finance only', () => {
    department
      .given([])
      .when(command('RegisterDepartment', { departmentId: 'tech', name: 'Teknik' }, head))
      .thenThrows(NotPermitted, 'role-not-permitted');
  });
});

describe('department: name and head', () => {
  it('renames with a reason, keeping the previous name', () => {
    department
      .given([registered])
      .when(command('RenameDepartment', { departmentId: 'social', name: 'Sundhed og Omsorg' }, admin, 'Reorganisation'))
      .then([
        {
          type: 'DepartmentRenamed',
          data: {
            departmentId: 'social',
            name: 'Sundhed og Omsorg',
            previousName: 'Social- og Sundhedsforvaltningen',
            reason: 'Reorganisation',
            renamedBy: 'root',
            renamedAt: NOW,
          },
        },
      ]);
  });

  it('changes the head with a reason', () => {
    department
      .given([registered])
      .when(command('ChangeDepartmentHead', { departmentId: 'social', headId: 'hanne' }, finance, 'New director'))
      .then([
        {
          type: 'DepartmentHeadChanged',
          data: { departmentId: 'social', headId: 'hanne', previousHeadId: 'henrik', reason: 'New director', changedBy: 'anna', changedAt: NOW },
        },
      ]);
  });

  it('needs a reason to change the head', () => {
    department
      .given([registered])
      .when(command('ChangeDepartmentHead', { departmentId: 'social', headId: 'hanne' }))
      .thenThrows(InvalidInput, 'reason-required');
  });

  it('cannot change a department that is not registered', () => {
    department
      .given([])
      .when(command('RenameDepartment', { departmentId: 'social', name: 'X' }, finance, 'Why'))
      .thenThrows(NotFound, 'department-not-found');
  });
});

describe('department: baseline budget', () => {
  it('sets the budget for a year in exact øre, with a reason', () => {
    department
      .given([registered])
      .when(command('SetBaselineBudget', { departmentId: 'social', year: 2026, amount: kr(812_500_000) }, finance, 'Vedtaget budget 2026'))
      .then([budget2026]);
  });

  it('changes it with a new event that says what it replaced', () => {
    department
      .given([registered, budget2026])
      .when(command('SetBaselineBudget', { departmentId: 'social', year: 2026, amount: kr(815_000_000) }, finance, 'Tillægsbevilling'))
      .then([
        {
          type: 'BaselineBudgetSet',
          data: {
            departmentId: 'social',
            year: 2026,
            amount: kr(815_000_000),
            previousAmount: kr(812_500_000),
            reason: 'Tillægsbevilling',
            setBy: 'anna',
            setAt: NOW,
          },
        },
      ]);
  });

  it('keeps each year apart', () => {
    const state = fold(departmentDecider, [registered, budget2026]);
    expect(departmentBaselineBudget(state, 2026)).toBe(kr(812_500_000));
    expect(departmentBaselineBudget(state, 2027)).toBeUndefined();
  });

  it('needs a reason', () => {
    department
      .given([registered])
      .when(command('SetBaselineBudget', { departmentId: 'social', year: 2026, amount: kr(1) }))
      .thenThrows(InvalidInput, 'reason-required');
  });

  it.each([-1, 10.5, Number.MAX_SAFE_INTEGER + 2])('refuses an amount that is not whole, non-negative øre (%p)', (amount) => {
    department
      .given([registered])
      .when(command('SetBaselineBudget', { departmentId: 'social', year: 2026, amount }, finance, 'x'))
      .thenThrows(InvalidInput, 'invalid-amount');
  });

  it('is set by finance only', () => {
    department
      .given([registered])
      .when(command('SetBaselineBudget', { departmentId: 'social', year: 2026, amount: kr(1) }, admin, 'x'))
      .thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('ignores the same amount again (a retried command)', () => {
    department
      .given([registered, budget2026])
      .when(command('SetBaselineBudget', { departmentId: 'social', year: 2026, amount: kr(812_500_000) }, finance, 'again'))
      .then([]);
  });

  it('refuses a command for another department on this stream', () => {
    department
      .given([registered])
      .when(command('SetBaselineBudget', { departmentId: 'tech', year: 2026, amount: kr(1) }, finance, 'x'))
      .thenThrows(InvalidInput, 'department-mismatch');
  });
});
