import { ratioOf, toNumber, toNumberTruncated } from './exact-ratio';
import { isIsoDate, isRealisationPeriod, monthsOfPeriod, periodEnd, periodWithin } from './realisation-period';

describe('realisation periods', () => {
  it('are months YYYY-MM or years YYYY', () => {
    expect(['2025-01', '2025-12', '2025'].every(isRealisationPeriod)).toBe(true);
    expect(['2025-13', '2025-1', '25', '2025-Q1', 2025].some(isRealisationPeriod)).toBe(false);
  });

  it('end on the last day of the month, leap years included', () => {
    expect([periodEnd('2024-02'), periodEnd('2025-02'), periodEnd('2025-04'), periodEnd('2025')]).toEqual([
      '2024-02-29',
      '2025-02-28',
      '2025-04-30',
      '2025-12-31',
    ]);
  });

  it('know which lie within which', () => {
    expect(periodWithin('2025-03', '2025')).toBe(true);
    expect(periodWithin('2025', '2025-03')).toBe(false);
    expect(periodWithin('2024-12', '2025')).toBe(false);
    expect(monthsOfPeriod('2025')).toHaveLength(12);
  });

  it('accept only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
  });
});

describe('exact ratios', () => {
  it('read a number as the decimal it prints as, exponents included', () => {
    expect(ratioOf(0.1)).toEqual({ num: 1n, den: 10n });
    expect(ratioOf(1e-7)).toEqual({ num: 1n, den: 10_000_000n });
    expect(ratioOf(1.5e21)).toEqual({ num: 1_500_000_000_000_000_000_000n, den: 1n });
    expect(ratioOf(-2.25)).toEqual({ num: -225n, den: 100n });
  });

  it('round for display half away from zero, or cut toward zero', () => {
    // 2/3 = 0.666… → 0.67 rounded, 0.66 cut
    expect(toNumber({ num: 2n, den: 3n }, 2)).toBe(0.67);
    expect(toNumberTruncated({ num: 2n, den: 3n }, 2)).toBe(0.66);
  });
});
