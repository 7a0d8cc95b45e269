/**
 * Money is exact: an integer number of øre (1 kr = 100 øre). Plain JS integers are exact up to
 * 2^53 øre (about 90 trillion kr), far beyond any municipal budget; every function here
 * refuses a non-integer so that a float can never slip into an event.
 */
export type Ore = number;

export const ORE_PER_KRONE = 100;

export const isOre = (value: unknown): value is Ore =>
  typeof value === 'number' && Number.isSafeInteger(value);

export const assertOre = (value: number, what = 'amount'): Ore => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of øre, got ${value}`);
  return value;
};

export const kr = (krone: number): Ore => assertOre(Math.round(krone * ORE_PER_KRONE), 'kr');

/**
 * Rounds a real amount of øre to a whole øre, half away from zero (the usual commercial rule).
 * Used wherever a rate, share or scale factor multiplies money.
 */
export const roundOre = (value: number): Ore => {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded; // no negative zero
};

/** amount × numerator / denominator, rounded half away from zero, exact for integer inputs < 2^53. */
export const mulDivOre = (amount: Ore, numerator: number, denominator: number): Ore => {
  if (denominator === 0) throw new RangeError('division by zero');
  const product = amount * numerator;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(denominator)) {
    // exact integer path via bigint when the quotient is not exact
    const p = BigInt(product);
    const d = BigInt(denominator);
    const q = p / d;
    const r = p % d;
    const twice = (r < 0n ? -r : r) * 2n;
    const absD = d < 0n ? -d : d;
    const sign = (p < 0n) !== (d < 0n) ? -1n : 1n;
    const adjusted = twice >= absD ? q + sign : q;
    return Number(adjusted);
  }
  return roundOre(product / denominator);
};

/** Formats øre as Danish kroner, e.g. 123456789 → "1.234.567,89 kr." */
export const formatKr = (amount: Ore): string => {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / ORE_PER_KRONE)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const ore = (abs % ORE_PER_KRONE).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole},${ore} kr.`;
};
