import { InvalidInput } from '../shared/errors';
import { assertOre, type Ore } from '../shared/money';

/**
 * A retained share is a percentage 0–100 with at most two decimals (e.g. 25, 12.5, 33.33).
 * It is stored in events as that number, and computed with as whole basis points
 * (1 % = 100 bp), so that no binary fraction ever multiplies money.
 */
const BASIS_POINTS_PER_WHOLE = 10_000;

export const isRetainedSharePct = (pct: unknown): pct is number =>
  typeof pct === 'number' &&
  Number.isFinite(pct) &&
  pct >= 0 &&
  pct <= 100 &&
  // 0.07 * 100 is 7.000000000000001 in binary floats: accept that, refuse 12.345
  Math.abs(pct * 100 - Math.round(pct * 100)) < 1e-6;

/** The share as whole basis points (0–10000). Throws InvalidInput for anything else. */
export const retainedShareBasisPoints = (pct: number, field = 'pct'): number => {
  if (!isRetainedSharePct(pct)) {
    throw new InvalidInput(
      'invalid-percentage',
      `A retained share is a percentage from 0 to 100 with at most two decimals, got ${String(pct)}`,
      field,
      { pct },
    );
  }
  return Math.round(pct * 100);
};

/**
 * gross × basisPoints / 10000 rounded half away from zero, in bigint so that it is exact for every
 * safe-integer gross (mulDivOre falls back to floats once gross × basisPoints passes 2^53).
 */
const retainedPart = (gross: Ore, basisPoints: number): Ore => {
  const product = BigInt(gross) * BigInt(basisPoints);
  const whole = BigInt(BASIS_POINTS_PER_WHOLE);
  const magnitude = product < 0n ? -product : product;
  const rounded = (magnitude * 2n + whole) / (whole * 2n); // floor(x + 1/2) on the magnitude
  return Number(product < 0n ? -rounded : rounded);
};

/** gross = retained + cut, exactly, in øre. */
export interface RetainedShareSplit {
  readonly gross: Ore;
  readonly retained: Ore;
  readonly cut: Ore;
  readonly sharePct: number;
}

/**
 * Splits a gain into the part the department retains and the part finance cuts.
 *
 * Rounding rule: retained = gross × basis points / 10000, rounded to a whole øre half away
 * from zero (so a half øre goes to the department); cut = gross − retained. Only one
 * rounding happens, and retained + cut = gross to the øre, always.
 */
export const splitByRetainedShare = (gross: Ore, sharePct: number): RetainedShareSplit => {
  assertOre(gross, 'gross');
  const retained = retainedPart(gross, retainedShareBasisPoints(sharePct, 'retainedSharePct'));
  const cut = gross - retained;
  return { gross, retained, cut, sharePct };
};
