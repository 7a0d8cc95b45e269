import { spec } from '@gevinst/testing';
import { splitByRetainedShare } from '../retained-share/retained-share.percent';
import { budgetCutDecider } from './budget-cut.decider';
import type { BudgetCutProposed } from './budget-cut.events';
import { propose } from './test-fixtures';

const cut = spec(budgetCutDecider);
const figures = (gross: number, retainedSharePct: number) => {
  let data: BudgetCutProposed['data'] | undefined;
  cut
    .given([])
    .when(propose({ plannedBudgetEffective: { '2026': gross }, retainedSharePct }))
    .thenEvents(([e]) => {
      data = (e as BudgetCutProposed).data;
    });
  return { gross: data!.gross, retained: data!.retained, cut: data!.cut };
};

describe('budget cut: rounding (retained = gross × share rounded half away from zero; cut = gross − retained)', () => {
  it('is exact when the share divides the gross', () => {
    expect(figures(1_000_000, 25)).toEqual({ gross: 1_000_000, retained: 250_000, cut: 750_000 });
  });

  it('rounds the retained part to the nearest øre', () => {
    // 12 345 × 33.33 % = 4 114.5885 øre → 4 115
    expect(figures(12_345, 33.33)).toEqual({ gross: 12_345, retained: 4_115, cut: 8_230 });
    // 10 001 × 12.34 % = 1 234.1234 øre → 1 234
    expect(figures(10_001, 12.34)).toEqual({ gross: 10_001, retained: 1_234, cut: 8_767 });
  });

  it('gives a half øre to the department (half away from zero)', () => {
    // 1 øre × 50 % = 0.5 → 1 retained, 0 cut; 3 øre × 50 % = 1.5 → 2 retained, 1 cut
    expect(splitByRetainedShare(1, 50)).toEqual({ gross: 1, retained: 1, cut: 0, sharePct: 50 });
    expect(figures(3, 50)).toEqual({ gross: 3, retained: 2, cut: 1 });
    // 5 øre × 10 % = 0.5 → 1 retained
    expect(splitByRetainedShare(5, 10).retained).toBe(1);
  });

  it('rounds a negative gross half away from zero too', () => {
    expect(splitByRetainedShare(-3, 50)).toEqual({ gross: -3, retained: -2, cut: -1, sharePct: 50 });
  });

  it('keeps retained + cut = gross to the øre for any gross and share', () => {
    const shares = [0, 0.01, 7, 12.5, 33.33, 50, 66.67, 99.99, 100];
    const grosses: number[] = [];
    for (let g = 1; g <= Number.MAX_SAFE_INTEGER / 3; g = g * 3 + 7) grosses.push(g, -g);
    for (const gross of grosses) {
      for (const pct of shares) {
        const split = splitByRetainedShare(gross, pct);
        expect(split.retained + split.cut).toBe(gross);
        expect(Number.isSafeInteger(split.retained)).toBe(true);
        // never more than half an øre from the exact share, checked in exact integer arithmetic
        const basisPoints = BigInt(Math.round(pct * 100));
        const error = BigInt(split.retained) * 10_000n - BigInt(gross) * basisPoints;
        expect(error <= 5_000n && error >= -5_000n).toBe(true);
      }
    }
  });

  it('takes nothing at 100 % retained and everything at 0 %', () => {
    expect(splitByRetainedShare(123_456, 100)).toMatchObject({ retained: 123_456, cut: 0 });
    expect(splitByRetainedShare(123_456, 0)).toMatchObject({ retained: 0, cut: 123_456 });
  });
});

describe('budget cut: rounding beyond float range', () => {
  it('is exact where gross × basis points passes 2^53', () => {
    // (2^52 + 1) × 50 % = 2^51 + 0.5 → 2^51 + 1 retained (a float product would already have lost the half)
    const gross = 2 ** 52 + 1;
    expect(splitByRetainedShare(gross, 50)).toEqual({ gross, retained: 2 ** 51 + 1, cut: 2 ** 51, sharePct: 50 });
  });
});
