import { fold } from '../shared/decider';
import { kr } from '../shared/money';
import { budgetCutDecider } from './budget-cut.decider';
import { BUDGET_CUT_EVENT_TYPES, BUDGET_CUT_STATUS_AFTER } from './budget-cut.events';
import { budgetCutHeadroom, budgetCutStatus, budgetCutsOf, harvestedUpTo } from './budget-cut.queries';
import { approved, booked, DEPT, PLANNED, proposed, rejected } from './test-fixtures';

const a = proposed({ cutId: 'a', amount: kr(100_000) });
const b = proposed({ cutId: 'b', amount: kr(50_000) });
const c = proposed({ cutId: 'c', year: 2027, gross: kr(1_000_000) });
const state = fold(budgetCutDecider, [a, approved(a), booked(a), b, rejected(b), c]);

describe('budget cut: read helpers', () => {
  it('gives each cut its status', () => {
    expect(budgetCutStatus(state, 'a')).toBe('booked');
    expect(budgetCutStatus(state, 'b')).toBe('rejected');
    expect(budgetCutStatus(state, 'c')).toBe('proposed');
    expect(budgetCutStatus(state, 'zzz')).toBeUndefined();
  });

  it('maps every event type to the status it leads to', () => {
    expect(Object.keys(BUDGET_CUT_STATUS_AFTER).sort()).toEqual([...BUDGET_CUT_EVENT_TYPES].sort());
  });

  it('lists cuts by year and filter', () => {
    expect(budgetCutsOf(state).map((x) => x.cutId)).toEqual(['a', 'b', 'c']);
    expect(budgetCutsOf(state, { year: 2027 }).map((x) => x.cutId)).toEqual(['c']);
  });

  it('sums what counts toward the harvest (not rejected) up to a year', () => {
    expect(harvestedUpTo(state, DEPT, 2026)).toBe(kr(100_000));
    expect(harvestedUpTo(state, DEPT, 2027)).toBe(kr(100_000) + kr(750_000));
  });

  it('tells how much more may be cut without an override, and which year binds', () => {
    expect(budgetCutHeadroom(state, { departmentId: DEPT, year: 2026, plannedBudgetEffective: PLANNED, retainedSharePct: 25 })).toEqual({
      year: 2026,
      limit: kr(300_000),
      already: kr(100_000),
      headroom: kr(200_000),
    });
  });
});
