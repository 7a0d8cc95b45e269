import { fold } from '../shared';
import { businessCaseDecider } from '../business-case/business-case.decider';
import { computeEconomics } from '../business-case/economics';
import {
  approved,
  approvedStream,
  benefitLine,
  closed,
  content,
  costLine,
  drafted,
  inOperationStream,
  rejected,
  revised,
  submitted,
} from '../business-case/business-case.fixtures';
import type { BusinessCaseEvent } from '../business-case/events';
import { candidateFromCase, portfolioFiguresOf } from './candidate';

const stateOf = (events: BusinessCaseEvent[]) => fold(businessCaseDecider, events);

describe('portfolio candidates', () => {
  describe('investment and staff hours per year', () => {
    const c = content({
      startYear: 2027,
      horizonYears: 3,
      riskReservePct: 10,
      costLines: [
        costLine({ id: 'acq', category: 'acquisition', nature: 'one-off', amounts: [{ year: 2027, amount: 1_000_000 }, { year: 2028, amount: 200_000 }] }),
        costLine({ id: 'com', category: 'communication-marketing', nature: 'one-off', amounts: [{ year: 2027, amount: 100_001 }] }),
        // consultants paid by the hour are cash: investment
        costLine({ id: 'imp', category: 'implementation', nature: 'one-off', amounts: [{ year: 2028, hours: 10.5, hourlyCost: 100_00 }] }),
        // running costs are not investment
        costLine({ id: 'lic', category: 'licence-operation', nature: 'running', amounts: [{ year: 2027, amount: 50_000 }, { year: 2028, amount: 50_000 }] }),
        // internal staff hours count as hours, never as investment, whatever their nature
        costLine({ id: 'staff', category: 'internal-staff-hours', nature: 'one-off', amounts: [{ year: 2027, hours: 120.25, hourlyCost: 400_00 }, { year: 2029, hours: 8, hourlyCost: 400_00 }] }),
        costLine({ id: 'staff2', category: 'internal-staff-hours', nature: 'running', amounts: [{ year: 2027, hours: 0.75, hourlyCost: 400_00 }] }),
      ],
    });

    it('counts one-off cash costs plus their risk reserve, per year', () => {
      const f = portfolioFiguresOf(c);
      // 2027: 1 000 000 + 100 001 = 1 100 001, reserve 10 % = 110 000.1 → 110 000
      // 2028: 200 000 + 10.5 h × 10 000 = 305 000, reserve 30 500
      expect(f.investmentByYear).toEqual({ '2027': 1_210_001, '2028': 335_500 });
      expect(f.totalInvestment).toBe(1_545_501);
    });

    it('sums the internal staff hours per year (2 decimals, exact)', () => {
      const f = portfolioFiguresOf(c);
      expect(f.staffHoursByYear).toEqual({ '2027': 121, '2029': 8 });
      expect(f.staffHoursUnknown).toBe(false);
    });

    it('flags internal staff costs given in øre, whose hours are unknown', () => {
      const f = portfolioFiguresOf(content({ costLines: [costLine({ id: 's', category: 'internal-staff-hours', nature: 'running', amounts: [{ year: 2027, amount: 90_000 }] })] }));
      expect(f.staffHoursByYear).toEqual({});
      expect(f.staffHoursUnknown).toBe(true);
      expect(f.investmentByYear).toEqual({});
    });

    it('takes the budget-effective savings per year and the largest year as savings per year', () => {
      const c2 = content({
        benefitLines: [
          benefitLine({ id: 'b1', valuation: { kind: 'fixed', amountPerYear: 1_200_000 }, adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 12, startMonth: '2027-01' } }),
          benefitLine({ id: 'b2', benefitClass: 'freed-time', valuation: { kind: 'fixed', amountPerYear: 5_000_000 } }),
        ],
        benefitMap: { purpose: 'p', goals: [{ id: 'g', title: 'g', benefits: [{ id: 'm', title: 'm', benefitLineIds: ['b1', 'b2'], deliverables: [] }] }] },
      });
      const f = portfolioFiguresOf(c2);
      // 2027: ramp over 12 months, mean factor 78/144 → 650 000; then 1 200 000 (freed time excluded)
      expect(f.budgetEffectiveByYear).toEqual({ '2027': 650_000, '2028': 1_200_000, '2029': 1_200_000 });
      expect(f.savingsPerYear).toBe(1_200_000);
    });
  });

  describe('which cases are candidates, with which revision', () => {
    it('a submitted case counts with its submitted revision', () => {
      const candidate = candidateFromCase(stateOf([drafted(), submitted(1)]))!;
      expect(candidate).toMatchObject({ caseId: 'case-1', status: 'submitted', revision: 1, approved: false });
      const e = computeEconomics(content());
      expect(candidate).toMatchObject({ npv: e.npv, npvBudgetEffective: e.npvBudgetEffective, payback: e.payback, benefitCostRatio: e.benefitCostRatio, discountRatePct: 3.5 });
    });

    it('an approved case counts with its approved revision, also while a re-baseline is under review', () => {
      const bigger = content({ costLines: [costLine({ amounts: [{ year: 2027, amount: 9_000_000 }] })] });
      const state = stateOf([...approvedStream(), revised(2, bigger, true), submitted(2, true)]);
      const candidate = candidateFromCase(state)!;
      expect(candidate.revision).toBe(1);
      expect(candidate.investmentByYear).toEqual({ '2027': 1_100_000 });
      // once the re-baseline is approved, its numbers count
      const after = candidateFromCase(stateOf([...approvedStream(), revised(2, bigger, true), submitted(2, true), approved(2, 1)]))!;
      expect(after.revision).toBe(2);
      expect(after.investmentByYear).toEqual({ '2027': 9_000_000 });
    });

    it('cases in implementation and operation are candidates; drafts, rejected and closed cases are not', () => {
      expect(candidateFromCase(stateOf(inOperationStream()))?.status).toBe('in-operation');
      expect(candidateFromCase(stateOf([drafted()]))).toBeNull();
      expect(candidateFromCase(stateOf([drafted(), submitted(1), rejected(1)]))).toBeNull();
      expect(candidateFromCase(stateOf([...inOperationStream(), closed()]))).toBeNull();
      expect(candidateFromCase(stateOf([]))).toBeNull();
    });
  });
});
