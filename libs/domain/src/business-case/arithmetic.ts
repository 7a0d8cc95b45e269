/**
 * Exact integer arithmetic for the economics hot path. `mulDivOre` in shared/money is exact but
 * goes through bigint on every call; these helpers stay in doubles while every intermediate is a
 * safe integer (exact there: +, −, ×, % and an exact division are all exact on safe integers) and
 * fall back to bigint only when a product would leave the safe range. Same rounding rule as
 * `mulDivOre`: half away from zero.
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Below this, q × d stays exact in the division below (|q × d| ≤ |n| + d < 2^53). */
const FAST_DIVIDE = 2 ** 52;

/** n / d rounded half away from zero; n a safe integer, d a positive safe integer. */
export const divRound = (n: number, d: number): number => {
  let q: number;
  let r: number;
  if (n < FAST_DIVIDE && n > -FAST_DIVIDE && d < FAST_DIVIDE) {
    // a double division is within one of the true quotient; the exact remainder corrects it
    // (cheaper than %, which is a library call on doubles)
    q = Math.trunc(n / d);
    r = n - q * d;
    if (n >= 0 ? r < 0 : r <= -d) {
      q -= 1;
      r += d;
    } else if (n >= 0 ? r >= d : r > 0) {
      q += 1;
      r -= d;
    }
  } else {
    r = n % d; // exact for integers, sign of n
    q = (n - r) / d; // exact: n − r is a multiple of d
  }
  const twiceAbsR = r < 0 ? -2 * r : 2 * r;
  if (twiceAbsR >= d) return n < 0 ? q - 1 : q + 1;
  return q === 0 ? 0 : q; // no negative zero
};

const bigDivRound = (n: bigint, d: bigint): number => {
  const q = n / d;
  const r = n % d;
  const twiceAbsR = (r < 0n ? -r : r) * 2n;
  if (twiceAbsR >= d) return Number(n < 0n ? q - 1n : q + 1n);
  return Number(q) + 0;
};

/** a × b / d rounded half away from zero; a, b integers, d a positive integer. */
export const mulDivRound = (a: number, b: number, d: number): number => {
  const p = a * b;
  if (p <= MAX_SAFE && p >= -MAX_SAFE) return divRound(p, d);
  return bigDivRound(BigInt(a) * BigInt(b), BigInt(d));
};

/** a × b × c / d rounded half away from zero; a, b, c integers, d a positive integer. */
export const mul3DivRound = (a: number, b: number, c: number, d: number): number => {
  const ab = a * b;
  if (ab <= MAX_SAFE && ab >= -MAX_SAFE) {
    const p = ab * c;
    if (p <= MAX_SAFE && p >= -MAX_SAFE) return divRound(p, d);
  }
  return bigDivRound(BigInt(a) * BigInt(b) * BigInt(c), BigInt(d));
};

export const gcd = (a: number, b: number): number => {
  let x = a < 0 ? -a : a;
  let y = b < 0 ? -b : b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
};

/** True when x has at most `decimals` decimals (tolerating the binary representation of e.g. 0.29). */
export const hasAtMostDecimals = (x: number, decimals: number): boolean => {
  const scaled = x * 10 ** decimals;
  return Number.isFinite(scaled) && Math.abs(scaled - Math.round(scaled)) < 1e-6;
};

/** x × 10^decimals as an integer, for a number already checked with hasAtMostDecimals. */
export const toScaledInteger = (x: number, decimals: number): number => Math.round(x * 10 ** decimals);

/** A non-negative decimal factor (e.g. 0.8, 1.2) as the reduced fraction num/den, exact to 4 decimals. */
export const factorToFraction = (factor: number): { num: number; den: number } => {
  const num = toScaledInteger(factor, 4);
  const g = gcd(num, 10_000) || 1;
  return { num: num / g, den: 10_000 / g };
};
