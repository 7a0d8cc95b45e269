import fc from 'fast-check';
import { mulDivOre } from '../shared';
import { divRound, factorToFraction, hasAtMostDecimals, mul3DivRound, mulDivRound } from './arithmetic';

const bigRound = (n: bigint, d: bigint): bigint => {
  const q = n / d;
  const r = n % d;
  if ((r < 0n ? -r : r) * 2n >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
};

describe('exact arithmetic for the economics', () => {
  it('rounds half away from zero', () => {
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(7, 3)).toBe(2);
    expect(divRound(-7, 3)).toBe(-2);
    expect(Object.is(divRound(-1, 3), 0)).toBe(true); // no negative zero
  });

  it('divides exactly over the whole safe range, on the fast path and beyond it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })),
        (n, d) => {
          expect(divRound(n, d)).toBe(Number(bigRound(BigInt(n), BigInt(d))));
        },
      ),
      { numRuns: 2_000 },
    );
    // quotients just below and above an integer, where a double division could round the wrong way
    const big = 2 ** 52 - 1;
    for (const [n, d] of [[big, 3], [big - 1, 3], [-big, 7], [big, big - 1], [big - 1, big], [4_503_599_627_370_493, 2]] as const) {
      expect(divRound(n, d)).toBe(Number(bigRound(BigInt(n), BigInt(d))));
    }
  });

  it('agrees with the shared mulDivOre on safe products', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (a, b, d) => {
        expect(mulDivRound(a, b, d)).toBe(mulDivOre(a, b, d));
      }),
    );
  });

  it('stays exact when a product leaves the safe-integer range (bigint fallback)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 1e8 }),
        fc.integer({ min: 0, max: 1440 }),
        fc.integer({ min: 1, max: 1e11 }),
        (a, b, c, d) => {
          expect(mul3DivRound(a, b, c, d)).toBe(Number(bigRound(BigInt(a) * BigInt(b) * BigInt(c), BigInt(d))));
        },
      ),
    );
    // a tie whose product is beyond 2^53: (2^53 − 1) × 3 / 6 = 4 503 599 627 370 495.5 → …496
    expect(mul3DivRound(Number.MAX_SAFE_INTEGER, 3, 1, 6)).toBe(4_503_599_627_370_496);
    expect(mul3DivRound(-Number.MAX_SAFE_INTEGER, 3, 1, 6)).toBe(-4_503_599_627_370_496);
  });

  it('turns factors into reduced fractions exact to 4 decimals', () => {
    expect(factorToFraction(0.8)).toEqual({ num: 4, den: 5 });
    expect(factorToFraction(1.2)).toEqual({ num: 6, den: 5 });
    expect(factorToFraction(1)).toEqual({ num: 1, den: 1 });
    expect(factorToFraction(0)).toEqual({ num: 0, den: 1 });
  });

  it('recognises at most 2 decimals despite binary fractions', () => {
    expect(hasAtMostDecimals(0.29, 2)).toBe(true);
    expect(hasAtMostDecimals(33.33, 2)).toBe(true);
    expect(hasAtMostDecimals(33.333, 2)).toBe(false);
  });
});
