import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotPermitted, RuleViolated } from '../shared/errors';
import { kr } from '../shared/money';
import { budgetCutDecider } from './budget-cut.decider';
import type { BudgetCutProposed } from './budget-cut.events';
import { anna, bo, CASE, direktor, propose, proposed } from './test-fixtures';

const cut = spec(budgetCutDecider);

describe('budget cut: proposing', () => {
  it('records gross, retained share, cut, revision and proposer, computed from the approved revision', () => {
    cut.given([]).when(propose()).then([
      {
        type: 'BudgetCutProposed',
        data: {
          cutId: 'cut-1',
          caseId: CASE,
          departmentId: 'dep-social',
          year: 2026,
          approvedRevision: 2,
          sharePct: 25,
          gross: kr(400_000),
          retained: kr(100_000),
          cut: kr(300_000),
          amount: kr(300_000),
          override: null,
          caseStatus: 'approved',
          realisationStatus: null,
          realisationAcknowledgement: null,
          proposedBy: 'anna',
          proposedAt: '2026-03-02T09:00:00Z',
        },
      },
    ]);
  });

  it('may harvest part of the year now: an explicit amount is recorded beside the full cut', () => {
    cut
      .given([])
      .when(propose({ amount: kr(120_000) }))
      .thenEvents(([e]) => {
        const data = (e as BudgetCutProposed).data;
        expect(data.amount).toBe(kr(120_000));
        expect(data.cut).toBe(kr(300_000));
      });
  });

  it.each(['approved', 'in-implementation', 'in-operation'])('harvests a case that is %s', (caseStatus) => {
    cut.given([]).when(propose({ caseStatus })).thenEvents((events) => expect(events).toHaveLength(1));
  });

  it.each(['draft', 'submitted', 'in-review', 'rejected', 'closed', ''])(
    'refuses a cut against a case that is not approved (%s)',
    (caseStatus) => {
      cut.given([]).when(propose({ caseStatus })).thenThrows(RuleViolated, 'case-not-approved');
    },
  );

  it('only finance proposes', () => {
    cut.given([]).when(propose({}, direktor)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('refuses a year the approved revision gives no saving for, unless an amount is stated', () => {
    cut.given([]).when(propose({ year: 2025 })).thenThrows(RuleViolated, 'nothing-to-harvest');
  });

  it('refuses a dis-benefit year (negative saving): there is nothing to cut', () => {
    cut
      .given([])
      .when(propose({ plannedBudgetEffective: { '2026': kr(-50_000) } }))
      .thenThrows(RuleViolated, 'nothing-to-harvest');
  });

  it('refuses a second cut with the same id', () => {
    cut.given([proposed()]).when(propose({}, bo)).thenThrows(IllegalState, 'budget-cut-exists');
  });

  it('refuses a proposal for another case on this stream', () => {
    cut.given([proposed()]).when(propose({ cutId: 'cut-2', caseId: 'case-8' })).thenThrows(InvalidInput, 'case-mismatch');
  });

  it.each([0, -100, 12.5])('refuses an explicit amount that is not a positive whole number of øre (%p)', (amount) => {
    cut.given([]).when(propose({ amount })).thenThrows(InvalidInput, 'invalid-amount');
  });

  it('refuses a planned saving that is not whole øre', () => {
    cut.given([]).when(propose({ plannedBudgetEffective: { '2026': 100.5 } })).thenThrows(InvalidInput, 'invalid-amount');
  });

  it('refuses a retained share outside 0–100 or with more than two decimals', () => {
    cut.given([]).when(propose({ retainedSharePct: 101 })).thenThrows(InvalidInput, 'invalid-percentage');
    cut.given([]).when(propose({ retainedSharePct: 12.345 })).thenThrows(InvalidInput, 'invalid-percentage');
  });

  it('refuses a share for the cut year that disagrees with the share by year', () => {
    cut
      .given([])
      .when(propose({ retainedSharePct: 25, retainedSharePctByYear: { '2026': 30 } }))
      .thenThrows(InvalidInput, 'inconsistent-retained-share');
  });

  it('refuses a blank override justification', () => {
    cut.given([]).when(propose({ override: { justification: '  ' } })).thenThrows(InvalidInput, 'justification-required');
  });

  it('records who proposed it, from the command context', () => {
    cut
      .given([])
      .when(propose({}, anna))
      .thenEvents(([e]) => expect((e as BudgetCutProposed).data.proposedBy).toBe('anna'));
  });
});
