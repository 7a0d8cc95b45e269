import { computeEconomics, budgetEffectiveByDepartmentAndYear, NOT_WITHIN_HORIZON, paybackFrom } from './economics';
import { benefitLine, content, costLine, largeContent } from './business-case.fixtures';
import { InvalidInput } from '../shared';

/**
 * Worked example A (also in docs/economics.md): 2027–2030, 3.5 %, no risk reserve.
 * Costs:   c1 implementation 2027: 100 000 000 øre; c2 communication 2027: 5 000 000;
 *          c3 licence 2028, 2029, 2030: 10 000 000 each.
 * Benefit: b1 budget-effective, 20 000 cases × 15 min ÷ 60 × 40 000 øre/h = 200 000 000 øre/yr
 *          at full adoption; target 75 %, ramp 12 months from 2028-01.
 *   2028: months n = 1..12, S = 1+2+…+12 = 78; factor = 0.75 × 78 / (12 × 12) = 0.40625
 *         → 200 000 000 × 0.40625 = 81 250 000
 *   2029, 2030: S = 12 × 12 → factor 0.75 → 150 000 000
 */
const exampleA = content({
  horizonYears: 4,
  costLines: [
    costLine({ id: 'c1', category: 'implementation', amounts: [{ year: 2027, amount: 100_000_000 }] }),
    costLine({ id: 'c2', category: 'communication-marketing', amounts: [{ year: 2027, amount: 5_000_000 }] }),
    costLine({
      id: 'c3',
      category: 'licence-operation',
      nature: 'running',
      amounts: [2028, 2029, 2030].map((year) => ({ year, amount: 10_000_000 })),
    }),
  ],
  benefitLines: [
    benefitLine({
      valuation: { kind: 'time', casesPerYear: 20_000, minutesSavedPerCase: 15, hourlyCost: 40_000 },
      adoption: { potentialUsers: 20_000, targetAdoptionPct: 75, rampUpMonths: 12, startMonth: '2028-01' },
    }),
  ],
});

describe('economics: worked example A (pays back between years)', () => {
  const e = computeEconomics(exampleA);

  it('lists the horizon years and the rate used', () => {
    expect(e.years).toEqual([2027, 2028, 2029, 2030]);
    expect(e.discountRatePct).toBe(3.5);
  });

  it('sums costs per year by category and in total', () => {
    expect(e.costsByCategory.implementation).toEqual([100_000_000, 0, 0, 0]);
    expect(e.costsByCategory['communication-marketing']).toEqual([5_000_000, 0, 0, 0]);
    expect(e.costsByCategory['licence-operation']).toEqual([0, 10_000_000, 10_000_000, 10_000_000]);
    expect(e.costsByNature).toEqual({ 'one-off': [105_000_000, 0, 0, 0], running: [0, 10_000_000, 10_000_000, 10_000_000] });
    expect(e.costs).toEqual([105_000_000, 10_000_000, 10_000_000, 10_000_000]);
  });

  it('scales the benefit by the adoption ramp per year', () => {
    expect(e.benefits).toEqual([0, 81_250_000, 150_000_000, 150_000_000]);
    expect(e.benefitsByClass['budget-effective']).toEqual([0, 81_250_000, 150_000_000, 150_000_000]);
    expect(e.benefitsByClass['freed-time']).toEqual([0, 0, 0, 0]);
    expect(e.benefitsByDepartment).toEqual({ social: [0, 81_250_000, 150_000_000, 150_000_000] });
  });

  it('computes net and cumulative net', () => {
    // −105 000 000; 81 250 000 − 10 000 000 = 71 250 000; 140 000 000; 140 000 000
    expect(e.net).toEqual([-105_000_000, 71_250_000, 140_000_000, 140_000_000]);
    expect(e.cumulativeNet).toEqual([-105_000_000, -33_750_000, 106_250_000, 246_250_000]);
    expect(e.totals).toEqual({ costs: 135_000_000, benefits: 381_250_000, budgetEffective: 381_250_000, net: 246_250_000 });
  });

  it('discounts from year 0 = 2027 (undiscounted) at 3.5 %', () => {
    // DF = 1, 1/1.035 = 0.966183575, 1/1.035² = 0.933510700, 1/1.035³ = 0.901942706
    expect(e.discountFactors[0]).toBe(1);
    expect(e.discountFactors[1]).toBeCloseTo(0.966183575, 9);
    expect(e.discountFactors[3]).toBeCloseTo(0.901942706, 9);
    // PV costs = 105 000 000 + 10 000 000 × (0.966183575 + 0.933510700 + 0.901942706)
    //          = 105 000 000 + 28 016 369.809 = 133 016 369.809 → 133 016 370
    expect(e.pvCosts).toBe(133_016_370);
    // PV benefits = 81 250 000 × 0.966183575 + 150 000 000 × (0.933510700 + 0.901942706)
    //             = 78 502 415.459 + 275 318 010.905 = 353 820 426.364 → 353 820 426
    expect(e.pvBenefits).toBe(353_820_426);
    // NPV = 353 820 426 − 133 016 370
    expect(e.npv).toBe(220_804_056);
    expect(e.npvBudgetEffective).toBe(220_804_056);
    // B/C = 353 820 426 / 133 016 370 = 2.65998
    expect(e.benefitCostRatio).toBeCloseTo(2.65998, 5);
  });

  it('interpolates payback within the year that turns the cumulative net non-negative', () => {
    // cumulative is last negative at the end of 2028 (index 1): −33 750 000;
    // 2029 nets 140 000 000 → payback = 2 + 33 750 000 / 140 000 000 = 2.241071…
    expect(e.payback).toBeCloseTo(2.2410714, 6);
  });

  it('gives the budget-effective benefit per department and calendar year', () => {
    expect(budgetEffectiveByDepartmentAndYear(exampleA)).toEqual({
      social: { 2027: 0, 2028: 81_250_000, 2029: 150_000_000, 2030: 150_000_000 },
    });
  });
});

describe('economics: a case that never pays back', () => {
  // 2027–2029: cost 10 000 000 in 2027; fixed benefit 1 000 000 a year at 100 % from 2027-01.
  // cumulative: −9 000 000, −8 000 000, −7 000 000 → not within the horizon.
  const e = computeEconomics(
    content({
      costLines: [costLine({ amounts: [{ year: 2027, amount: 10_000_000 }] })],
      benefitLines: [benefitLine({ valuation: { kind: 'fixed', amountPerYear: 1_000_000 } })],
    }),
  );

  it('reports payback as not within the horizon', () => {
    expect(e.cumulativeNet).toEqual([-9_000_000, -8_000_000, -7_000_000]);
    expect(e.payback).toBe(NOT_WITHIN_HORIZON);
  });

  it('has a negative NPV', () => {
    // PV benefits = 1 000 000 × (1 + 0.966183575 + 0.933510700) = 2 899 694.275 → 2 899 694
    expect(e.pvBenefits).toBe(2_899_694);
    expect(e.npv).toBe(2_899_694 - 10_000_000);
    expect(e.benefitCostRatio).toBeCloseTo(0.2899694, 7);
  });
});

describe('economics: payback conventions', () => {
  it('is exactly a whole number when the cumulative net reaches zero at a year end', () => {
    // net −100, +50, +50 → cumulative −100, −50, 0: last negative at index 1 (−50);
    // year index 2 repays 50 of its 50 → 2 + 50/50 = 3 years from the start of the start year.
    expect(paybackFrom([-100, 50, 50], [-100, -50, 0])).toBe(3);
  });

  it('is 0 when the cumulative net is never negative', () => {
    expect(paybackFrom([10, 10], [10, 20])).toBe(0);
  });

  it('counts from the last time the cumulative net was negative (it must stay repaid)', () => {
    // cumulative −100, +20, −30, +70: repaid in year 1, negative again at index 2 (a reinvestment),
    // repaid for good in year 3: 3 + 30/100 = 3.3
    expect(paybackFrom([-100, 120, -50, 100], [-100, 20, -30, 70])).toBeCloseTo(3.3, 10);
  });

  it('is not within the horizon when the horizon ends negative', () => {
    expect(paybackFrom([-100, 150, -60], [-100, 50, -10])).toBe('not-within-horizon');
  });
});

describe('economics: the adoption ramp in money', () => {
  it('ramps from a mid-year start month', () => {
    // fixed 1 200 000/yr, target 60 %, ramp 6 months from 2027-07:
    // 2027: n = 1..6, S = 21 → 1 200 000 × 0.6 × 21/72 = 210 000
    // 2028: n = 7..18, every month at full ramp → 1 200 000 × 0.6 = 720 000
    const e = computeEconomics(
      content({
        benefitLines: [benefitLine({ adoption: { potentialUsers: 1, targetAdoptionPct: 60, rampUpMonths: 6, startMonth: '2027-07' } })],
      }),
    );
    expect(e.benefits).toEqual([210_000, 720_000, 720_000]);
  });

  it('ramps across a year boundary', () => {
    // ramp 6 from 2027-10: 2027: n = 1..3, S = 6 → 1 200 000 × 0.6 × 6/72 = 60 000
    // 2028: n = 4..15: 4 + 5 + 6 × 10 = 69 → 1 200 000 × 0.6 × 69/72 = 690 000; 2029: 720 000
    const e = computeEconomics(
      content({
        benefitLines: [benefitLine({ adoption: { potentialUsers: 1, targetAdoptionPct: 60, rampUpMonths: 6, startMonth: '2027-10' } })],
      }),
    );
    expect(e.benefits).toEqual([60_000, 690_000, 720_000]);
  });

  it('treats a ramp-up of 0 months as the target from the start month', () => {
    // 2027-04 start, 0 ramp: 9 months of 12 at 100 % → 1 200 000 × 9/12 = 900 000
    const e = computeEconomics(
      content({
        benefitLines: [benefitLine({ adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 0, startMonth: '2027-04' } })],
      }),
    );
    expect(e.benefits).toEqual([900_000, 1_200_000, 1_200_000]);
  });

  it('scales a time-based saving: cases × minutes ÷ 60 × hourly cost × adoption', () => {
    // 1 000 cases × 7.5 min ÷ 60 × 36 000 øre/h = 4 500 000 øre; × 50 % = 2 250 000
    const e = computeEconomics(
      content({
        benefitLines: [
          benefitLine({
            valuation: { kind: 'time', casesPerYear: 1_000, minutesSavedPerCase: 7.5, hourlyCost: 36_000 },
            adoption: { potentialUsers: 1, targetAdoptionPct: 50, rampUpMonths: 0, startMonth: '2027-01' },
          }),
        ],
      }),
    );
    expect(e.benefits).toEqual([2_250_000, 2_250_000, 2_250_000]);
  });
});

describe('economics: rounding to whole øre', () => {
  it('rounds each line-year half away from zero', () => {
    // 3 cases × 10 min ÷ 60 × 1 øre/h = 0.5 øre → 1 øre (half away from zero)
    // fixed 1 øre × 50 % = 0.5 → 1 øre
    const e = computeEconomics(
      content({
        benefitLines: [
          benefitLine({ id: 'x', valuation: { kind: 'time', casesPerYear: 3, minutesSavedPerCase: 10, hourlyCost: 1 } }),
          benefitLine({
            id: 'y',
            valuation: { kind: 'fixed', amountPerYear: 1 },
            adoption: { potentialUsers: 1, targetAdoptionPct: 50, rampUpMonths: 0, startMonth: '2027-01' },
          }),
        ],
      }),
    );
    expect(e.benefits).toEqual([2, 2, 2]);
  });

  it('rounds the full-adoption saving to øre before applying adoption', () => {
    // 7 × 10 ÷ 60 × 100 = 116.67 → 117 øre; × 50 % = 58.5 → 59
    const e = computeEconomics(
      content({
        benefitLines: [
          benefitLine({
            valuation: { kind: 'time', casesPerYear: 7, minutesSavedPerCase: 10, hourlyCost: 100 },
            adoption: { potentialUsers: 1, targetAdoptionPct: 50, rampUpMonths: 0, startMonth: '2027-01' },
          }),
        ],
      }),
    );
    expect(e.benefits[0]).toBe(59);
  });

  it('stays exact for amounts whose products leave the safe-integer range', () => {
    // 9 000 000 000 000 øre × 33.33 % × S/(12N) with a ramp: numerator far beyond 2^53
    const full = 9_000_000_000_001;
    const e = computeEconomics(
      content({
        benefitLines: [
          benefitLine({
            valuation: { kind: 'fixed', amountPerYear: full },
            adoption: { potentialUsers: 1, targetAdoptionPct: 33.33, rampUpMonths: 7, startMonth: '2027-03' },
          }),
        ],
      }),
    );
    // 2027: n = 1..10, S = 1+…+7 + 7 × 3 = 49; factor = 3333/10 000 × 49/84
    // 9 000 000 000 001 × 3333 × 49 = 1 469 853 000 000 163 317 (> 2^53);
    // ÷ 840 000 = 1 749 825 000 000 remainder 163 317 (< 420 000: rounds down)
    expect(e.benefits[0]).toBe(1_749_825_000_000);
  });
});

describe('economics: cost lines', () => {
  it('prices hours × hourly cost', () => {
    // 37.5 h × 45 000 øre/h = 1 687 500 øre
    const e = computeEconomics(
      content({ costLines: [costLine({ category: 'internal-staff-hours', amounts: [{ year: 2028, hours: 37.5, hourlyCost: 45_000 }] })] }),
    );
    expect(e.costsByCategory['internal-staff-hours']).toEqual([0, 1_687_500, 0]);
  });

  it('adds the risk reserve as a share of each year’s line costs', () => {
    // 2027 lines 1 000 000 + 100 000 = 1 100 000; reserve 12.5 % = 137 500
    const e = computeEconomics(content({ riskReservePct: 12.5 }));
    expect(e.costsByCategory['risk-reserve']).toEqual([137_500, 0, 0]);
    expect(e.costs).toEqual([1_237_500, 0, 0]);
  });

  it('uses the low or high point of a three-point estimate, and the likely amount where none is given', () => {
    const c = content({
      costLines: [
        costLine({ amounts: [{ year: 2027, amount: 1_000_000, low: 800_000, high: 1_500_000 }] }),
        costLine({ id: 'c2', category: 'communication-marketing', amounts: [{ year: 2027, amount: 100_000 }] }),
      ],
    });
    expect(computeEconomics(c).costs[0]).toBe(1_100_000);
    expect(computeEconomics(c, { estimate: 'low' }).costs[0]).toBe(900_000);
    expect(computeEconomics(c, { estimate: 'high' }).costs[0]).toBe(1_600_000);
  });
});

describe('economics: classes and departments', () => {
  const c = content({
    benefitLines: [
      benefitLine({ id: 'b1', departmentId: 'social', benefitClass: 'budget-effective', valuation: { kind: 'fixed', amountPerYear: 100 } }),
      benefitLine({ id: 'b2', departmentId: 'social', benefitClass: 'freed-time', valuation: { kind: 'fixed', amountPerYear: 20 } }),
      benefitLine({ id: 'b3', departmentId: 'culture', benefitClass: 'budget-effective', valuation: { kind: 'fixed', amountPerYear: 7 } }),
      benefitLine({ id: 'b4', departmentId: 'culture', benefitClass: 'other-public-bodies', valuation: { kind: 'fixed', amountPerYear: 3 } }),
      benefitLine({ id: 'b5', departmentId: 'culture', benefitClass: 'unpriced', valuation: { kind: 'unpriced' } }),
    ],
  });
  const e = computeEconomics(c);

  it('splits priced benefits by class; unpriced benefits carry no money', () => {
    expect(e.benefitsByClass).toEqual({
      'budget-effective': [107, 107, 107],
      'freed-time': [20, 20, 20],
      'other-public-bodies': [3, 3, 3],
    });
    expect(e.benefits).toEqual([130, 130, 130]);
  });

  it('splits priced benefits by receiving department', () => {
    expect(e.benefitsByDepartment).toEqual({ social: [120, 120, 120], culture: [10, 10, 10] });
  });

  it('gives only budget-effective benefits as harvestable, per department and year', () => {
    expect(budgetEffectiveByDepartmentAndYear(c)).toEqual({
      social: { 2027: 100, 2028: 100, 2029: 100 },
      culture: { 2027: 7, 2028: 7, 2029: 7 },
    });
  });
});

describe('economics: options', () => {
  it('overrides the discount rate and shows the one used', () => {
    const e = computeEconomics(content(), { discountRatePct: 0 });
    expect(e.discountRatePct).toBe(0);
    // undiscounted: 3 × 1 200 000 − 1 100 000
    expect(e.npv).toBe(2_500_000);
  });

  it('refuses bad options naming the field', () => {
    const thrown = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const a = thrown(() => computeEconomics(content(), { adoptionFactor: -1 }));
    expect(a).toBeInstanceOf(InvalidInput);
    expect((a as InvalidInput).field).toBe('options.adoptionFactor');
    const b = thrown(() => computeEconomics(content(), { rampDelayMonths: 1.5 }));
    expect((b as InvalidInput).field).toBe('options.rampDelayMonths');
  });

  it('computes a 10-year case with 50 cost and 50 benefit lines with whole øre everywhere', () => {
    const e = computeEconomics(largeContent());
    expect(e.years).toHaveLength(10);
    for (const row of [e.costs, e.benefits, e.net, ...Object.values(e.benefitsByDepartment)]) {
      for (const v of row) expect(Number.isSafeInteger(v)).toBe(true);
    }
    expect(e.costs.reduce((a, b) => a + b, 0)).toBe(e.totals.costs);
  });
});
