import { fold } from '../shared/decider';
import { kr } from '../shared/money';
import type { RetainedSharePolicyEvent } from '../retained-share/retained-share.events';
import { retainedShareInForce, retainedSharesByYear } from '../retained-share/retained-share-in-force';
import { retainedSharePolicyDecider } from '../retained-share/retained-share-policy.decider';
import { budgetCutDecider } from './budget-cut.decider';
import type { BudgetCutProposed } from './budget-cut.events';
import { CASE, DEPT, PLANNED, propose } from './test-fixtures';

const change = { reason: 'Budget agreement', setBy: 'dorte', setAt: '2025-09-30T12:00:00Z' };
const events: RetainedSharePolicyEvent[] = [
  { type: 'DefaultRetainedShareSet', data: { pct: 25, effectiveFromYear: 2026, ...change } },
  { type: 'DepartmentRetainedShareSet', data: { departmentId: DEPT, pct: 40, effectiveFromYear: 2027, ...change } },
];

/** What the handler does: resolve the share in force for the cut's year (and the horizon), then propose. */
const proposeUnder = (policyEvents: RetainedSharePolicyEvent[], year: number, cutId: string) => {
  const policy = fold(retainedSharePolicyDecider, policyEvents);
  const inForce = retainedShareInForce(policy, { departmentId: DEPT, caseId: CASE, year })!;
  const byYear = retainedSharesByYear(policy, { departmentId: DEPT, caseId: CASE, years: Object.keys(PLANNED).map(Number) });
  const [event] = budgetCutDecider.decide(
    propose({ cutId, year, retainedSharePct: inForce.pct, retainedSharePctByYear: byYear }),
    budgetCutDecider.initialState(),
  );
  return (event as BudgetCutProposed).data;
};

describe('budget cut: the retained share in force by year', () => {
  it('uses the default in 2026 and the department override from 2027', () => {
    expect(proposeUnder(events, 2026, 'a')).toMatchObject({ sharePct: 25, gross: kr(400_000), retained: kr(100_000), cut: kr(300_000) });
    expect(proposeUnder(events, 2027, 'b')).toMatchObject({ sharePct: 40, gross: kr(1_000_000), retained: kr(400_000), cut: kr(600_000) });
  });

  it('keeps the share a cut was made with, whatever the policy says later', () => {
    const made = proposeUnder(events, 2027, 'b');
    const later: RetainedSharePolicyEvent[] = [
      ...events,
      { type: 'CaseRetainedShareSet', data: { caseId: CASE, pct: 10, effectiveFromYear: 2027, ...change } },
    ];
    // a new proposal sees the case override; the earlier cut's event still says 40 %
    expect(proposeUnder(later, 2027, 'c').sharePct).toBe(10);
    expect(made.sharePct).toBe(40);
    expect(made.retained + made.cut).toBe(made.gross);
  });
});
