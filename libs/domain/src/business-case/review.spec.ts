import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotPermitted, type Actor } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import {
  admin,
  approve,
  approved,
  auditor,
  author,
  CASE_ID,
  content,
  departmentHead,
  drafted,
  finance,
  management,
  NOW,
  ref,
  reject,
  rejected,
  returnForRevision,
  returned,
  revise,
  revised,
  submit,
  submitted,
} from './business-case.fixtures';
import type { BusinessCaseCommand } from './commands';
import { computeEconomics } from './economics';

const bc = spec(businessCaseDecider);
const underReview = [drafted(), submitted(1)];

describe('approving a business case', () => {
  it('pins the submitted revision with the numbers the approver saw', () => {
    // content(): costs 2027 1 100 000; benefit 1 200 000 a year 2027–2029 at 100 %.
    // PV benefits = 1 200 000 × (1 + 1/1.035 + 1/1.035²) = 3 479 633.13 → 3 479 633
    // NPV = 3 479 633 − 1 100 000 = 2 379 633; net never negative → payback 0
    bc.given(underReview)
      .when(approve(1, finance))
      .then([
        {
          type: 'BusinessCaseApproved',
          data: {
            caseId: CASE_ID,
            revision: 1,
            rebaseline: false,
            previousApprovedRevision: null,
            reason: 'good case',
            by: ref(finance),
            at: NOW,
            summary: {
              discountRatePct: 3.5,
              npv: 2_379_633,
              npvBudgetEffective: 2_379_633,
              payback: 0,
              benefitCostRatio: 3_479_633 / 1_100_000,
              totalCosts: 1_100_000,
              totalBenefits: 3_600_000,
              totalBudgetEffective: 3_600_000,
              topDownEstimate: false,
              budgetEffectiveByDepartmentAndYear: { social: { 2027: 1_200_000, 2028: 1_200_000, 2029: 1_200_000 } },
            },
          },
        },
      ]);
    expect(computeEconomics(content()).npv).toBe(2_379_633);
  });

  it('pins the revision that was submitted, not an earlier one', () => {
    const v2 = content({ discountRatePct: 0 });
    bc.given([drafted(), revised(2, v2), submitted(2)])
      .when(approve(2))
      .thenEvents(([e]) => {
        expect(e?.type).toBe('BusinessCaseApproved');
        if (e?.type === 'BusinessCaseApproved') {
          expect(e.data.revision).toBe(2);
          expect(e.data.summary.discountRatePct).toBe(0);
          expect(e.data.summary.npv).toBe(3_600_000 - 1_100_000);
        }
      });
  });

  it('is for management too', () => {
    bc.given(underReview)
      .when(approve(1, management))
      .thenEvents(([e]) => expect(e?.type).toBe('BusinessCaseApproved'));
  });

  it.each<[string, Actor]>([
    ['the case author', author],
    ['a department head', departmentHead],
    ['an auditor', auditor],
    ['an admin', admin],
  ])('is not for %s', (_, actor) => {
    bc.given(underReview).when(approve(1, actor)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('needs a submitted revision', () => {
    bc.given([drafted()]).when(approve(1)).thenThrows(IllegalState, 'not-submitted');
    bc.given([drafted(), submitted(1), returned(1)]).when(approve(1)).thenThrows(IllegalState, 'not-submitted');
  });

  it('cannot approve twice', () => {
    bc.given([...underReview, approved(1)]).when(approve(1)).thenThrows(IllegalState, 'not-submitted');
  });

  it('names the revision under review, so that a stale screen cannot approve other numbers', () => {
    bc.given([drafted(), revised(2), submitted(2)]).when(approve(1)).thenThrows(IllegalState, 'revision-mismatch');
  });

  it('needs a reason', () => {
    const noReason: BusinessCaseCommand = { ...approve(1), context: { actor: finance, now: NOW } };
    bc.given(underReview).when(noReason).thenThrows(InvalidInput, 'reason-required');
  });

  it('records a top-down estimate as such', () => {
    const derived = content({ origin: { kind: 'derived-from-national', nationalCaseRef: 'KL 2024', scalingKey: 'population', localValue: 1, nationalValue: 100 } });
    bc.given([drafted(derived), submitted(1)])
      .when(approve(1))
      .thenEvents(([e]) => expect(e?.type === 'BusinessCaseApproved' && e.data.summary.topDownEstimate).toBe(true));
  });
});

describe('rejecting a business case', () => {
  it('rejects the submitted revision', () => {
    bc.given(underReview)
      .when(reject(1, management))
      .then([{ type: 'BusinessCaseRejected', data: { caseId: CASE_ID, revision: 1, rebaseline: false, reason: 'not now', by: ref(management), at: NOW } }]);
  });

  it('is only for finance or management', () => {
    bc.given(underReview).when(reject(1, author)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('needs a submitted revision', () => {
    bc.given([drafted()]).when(reject(1)).thenThrows(IllegalState, 'not-submitted');
  });

  it('is final: no revision, submission or approval afterwards', () => {
    const rejectedCase = [...underReview, rejected(1)];
    bc.given(rejectedCase).when(revise()).thenThrows(IllegalState, 'rejected');
    bc.given(rejectedCase).when(submit()).thenThrows(IllegalState, 'nothing-to-submit');
    bc.given(rejectedCase).when(approve(1)).thenThrows(IllegalState, 'not-submitted');
  });
});

describe('every review decision needs a reason', () => {
  it.each<[string, BusinessCaseCommand]>([
    ['approve', approve(1, finance, ' ')],
    ['reject', reject(1, finance, '')],
    ['return', returnForRevision(1, finance, '')],
  ])('%s', (_, command) => {
    bc.given(underReview).when(command).thenThrows(InvalidInput, 'reason-required');
  });
});

describe('returning a business case for revision', () => {
  it('returns the submitted revision with the reviewer’s reason', () => {
    bc.given(underReview)
      .when(returnForRevision(1, finance))
      .then([
        {
          type: 'BusinessCaseReturnedForRevision',
          data: { caseId: CASE_ID, revision: 1, rebaseline: false, reason: 'adoption too optimistic', by: ref(finance), at: NOW },
        },
      ]);
  });

  it('is only for finance or management', () => {
    bc.given(underReview).when(returnForRevision(1, author)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('needs a submitted revision', () => {
    bc.given([drafted()]).when(returnForRevision(1)).thenThrows(IllegalState, 'not-submitted');
  });

  it('names the revision under review', () => {
    bc.given(underReview).when(returnForRevision(2)).thenThrows(IllegalState, 'revision-mismatch');
  });
});
