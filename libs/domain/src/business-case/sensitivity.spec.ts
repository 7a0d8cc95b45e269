import { sensitivity } from './sensitivity';
import { benefitLine, content, costLine } from './business-case.fixtures';

/**
 * 2027–2029 at 0 % (so that NPV is the plain sum; discounting has its own specs).
 * Costs 2027: c1 1 000 000 (low 800 000, high 1 500 000) + c2 communication 100 000 = 1 100 000.
 * Benefit: fixed 1 200 000/yr, target 50 %, ramp 6 months from 2027-07:
 *   2027: n = 1..6, S = 21 → 1 200 000 × 0.5 × 21/72 = 175 000; 2028, 2029: 600 000.
 */
const c = content({
  discountRatePct: 0,
  costLines: [
    costLine({ amounts: [{ year: 2027, amount: 1_000_000, low: 800_000, high: 1_500_000 }] }),
    costLine({ id: 'c2', category: 'communication-marketing', amounts: [{ year: 2027, amount: 100_000 }] }),
  ],
  benefitLines: [benefitLine({ adoption: { potentialUsers: 1, targetAdoptionPct: 50, rampUpMonths: 6, startMonth: '2027-07' } })],
});
const table = sensitivity(c);
const row = (scenario: string) => {
  const r = table.rows.find((x) => x.scenario === scenario);
  if (!r) throw new Error(`no row ${scenario}`);
  return r;
};

describe('sensitivity table', () => {
  it('lists the base case and the five scenarios, with the discount rate used', () => {
    expect(table.rows.map((r) => r.scenario)).toEqual([
      'base',
      'adoption-minus-20-pct',
      'ramp-up-6-months-later',
      'costs-plus-20-pct',
      'estimate-low',
      'estimate-high',
    ]);
    expect(table.discountRatePct).toBe(0);
  });

  it('base: NPV 1 375 000 − 1 100 000 = 275 000; payback 2 + 325 000/600 000', () => {
    // cumulative −925 000, −325 000, +275 000
    expect(row('base')).toEqual(expect.objectContaining({ totalCosts: 1_100_000, totalBenefits: 1_375_000, npv: 275_000, npvDelta: 0 }));
    expect(row('base').payback).toBeCloseTo(2.5416667, 6);
    expect(row('base').benefitCostRatio).toBe(1.25);
  });

  it('adoption 20 % lower: target 40 % → 140 000 + 480 000 + 480 000; NPV 0; payback exactly 3', () => {
    expect(row('adoption-minus-20-pct')).toEqual(expect.objectContaining({ totalBenefits: 1_100_000, npv: 0, npvDelta: -275_000, payback: 3 }));
  });

  it('ramp-up 6 months later: 2028 S = 21 + 6 × 6 = 57 → 475 000; 2029 600 000; never pays back', () => {
    expect(row('ramp-up-6-months-later')).toEqual(
      expect.objectContaining({ totalBenefits: 1_075_000, npv: -25_000, npvDelta: -300_000, payback: 'not-within-horizon' }),
    );
  });

  it('costs 20 % higher: 1 320 000; NPV 55 000; payback 2 + 545 000/600 000', () => {
    expect(row('costs-plus-20-pct')).toEqual(expect.objectContaining({ totalCosts: 1_320_000, npv: 55_000, npvDelta: -220_000 }));
    expect(row('costs-plus-20-pct').payback).toBeCloseTo(2.9083333, 6);
  });

  it('three-point low: 800 000 + 100 000; NPV 475 000', () => {
    expect(row('estimate-low')).toEqual(expect.objectContaining({ totalCosts: 900_000, npv: 475_000, npvDelta: 200_000 }));
    expect(row('estimate-low').payback).toBeCloseTo(2 + 125_000 / 600_000, 10);
  });

  it('three-point high: 1 500 000 + 100 000; NPV −225 000; never pays back', () => {
    expect(row('estimate-high')).toEqual(expect.objectContaining({ totalCosts: 1_600_000, npv: -225_000, payback: 'not-within-horizon' }));
  });

  it('can be computed at another rate, and says so', () => {
    const t = sensitivity(c, { discountRatePct: 3.5 });
    expect(t.discountRatePct).toBe(3.5);
    expect(t.rows.every((r) => r.options.discountRatePct === 3.5)).toBe(true);
    expect(t.rows[0]?.npv).not.toBe(275_000);
  });
});
