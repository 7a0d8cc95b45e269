import { formatMonth, monthlyAdoptionPct, parseMonth, rampWeightSum, yearlyAdoptionFactor } from './adoption';
import type { AdoptionCurve } from './content';

const curve = (over: Partial<AdoptionCurve> = {}): AdoptionCurve => ({
  potentialUsers: 1_000,
  targetAdoptionPct: 80,
  rampUpMonths: 4,
  startMonth: '2027-11',
  ...over,
});

describe('adoption curve', () => {
  it('parses and formats YYYY-MM as absolute months', () => {
    expect(parseMonth('2027-01')).toBe(2027 * 12);
    expect(parseMonth('2027-13')).toBeUndefined();
    expect(parseMonth('2027-1')).toBeUndefined();
    expect(formatMonth(2027 * 12 + 11)).toBe('2027-12');
  });

  it('ramps linearly: month n has target × min(n, N) / N', () => {
    // 80 % over 4 months from 2027-11: Nov 20, Dec 40, Jan 60, Feb 80, Mar 80
    expect(['2027-10', '2027-11', '2027-12', '2028-01', '2028-02', '2028-03'].map((m) => monthlyAdoptionPct(curve(), m))).toEqual([
      0, 20, 40, 60, 80, 80,
    ]);
  });

  it('gives a year the mean of its months', () => {
    // 2027: (20 + 40) / 12 = 5 % ; 2028: (60 + 80 × 11) / 12 = 78.333 %
    expect(yearlyAdoptionFactor(curve(), 2027)).toBeCloseTo(0.05, 12);
    expect(yearlyAdoptionFactor(curve(), 2028)).toBeCloseTo(940 / 1200, 12);
    expect(yearlyAdoptionFactor(curve(), 2026)).toBe(0);
  });

  it('moves the whole curve by a delay in months', () => {
    // 6 months later: starts 2028-05
    expect(monthlyAdoptionPct(curve(), '2028-04', 6)).toBe(0);
    expect(monthlyAdoptionPct(curve(), '2028-05', 6)).toBe(20);
  });

  it('sums ramp weights in closed form like the loop would', () => {
    for (let n = 1; n <= 15; n++) {
      for (let lo = -14; lo <= 30; lo++) {
        let loop = 0;
        for (let k = lo; k <= lo + 11; k++) if (k >= 1) loop += Math.min(k, n);
        expect(rampWeightSum(lo, lo + 11, n)).toBe(loop);
      }
    }
  });
});
