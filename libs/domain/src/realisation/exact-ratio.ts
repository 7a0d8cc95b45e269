import { assertOre, type Ore } from '../shared/money';

/**
 * Exact rational arithmetic for realisation figures. Measurements arrive as JS numbers
 * (12.5 hours, 37.5 %); each is read as the decimal a person or system wrote (its shortest
 * round-trip form), so that a share or a rate multiplies money with one rounding, at the
 * end, to a whole øre. Internal to the realisation folder.
 */
export interface Ratio {
  readonly num: bigint;
  /** Always > 0. */
  readonly den: bigint;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/**
 * A finite number as the exact decimal it prints as: 0.1 → 1/10, 1e-7 → 1/10^7. Remembered
 * per number (measurements and plans repeat the same few thousand values; a Ratio is frozen).
 */
export const ratioOf = (value: number): Ratio => {
  let found = ratios.get(value);
  if (found === undefined) {
    found = Object.freeze(readDecimal(value));
    if (ratios.size >= 100_000) ratios.clear();
    ratios.set(value, found);
  }
  return found;
};
const ratios = new Map<number, Ratio>();

const readDecimal = (value: number): Ratio => {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const match = DECIMAL.exec(value.toString());
  if (match === null) throw new RangeError(`cannot read ${value} as a decimal`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const shift = Number(exponent) - fraction.length;
  let num = BigInt(`${sign}${whole}${fraction}`);
  let den = 1n;
  if (shift >= 0) num *= 10n ** BigInt(shift);
  else den = 10n ** BigInt(-shift);
  return { num, den };
};

export const ratio = (num: bigint, den: bigint): Ratio => {
  if (den === 0n) throw new RangeError('division by zero');
  return den < 0n ? { num: -num, den: -den } : { num, den };
};

export const ZERO: Ratio = { num: 0n, den: 1n };
export const ONE: Ratio = { num: 1n, den: 1n };

export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);

export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);

export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);

export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den, a.den * b.num);

/** -1, 0 or 1 as a < b, a = b, a > b. */
export const compare = (a: Ratio, b: Ratio): number => {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
};

export const isZero = (a: Ratio): boolean => a.num === 0n;

export const clamp = (a: Ratio, low: Ratio, high: Ratio): Ratio =>
  compare(a, low) < 0 ? low : compare(a, high) > 0 ? high : a;

/** p ÷ d rounded half away from zero. */
export const divRound = (p: bigint, d: bigint): bigint => {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    p = -p;
    d = -d;
  }
  const q = p / d;
  const r = p % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < d) return q;
  return p < 0n ? q - 1n : q + 1n;
};

/** amount × ratio, rounded to a whole øre half away from zero (the one rounding). */
export const mulOre = (amount: Ore, factor: Ratio): Ore => {
  assertOre(amount);
  const result = divRound(BigInt(amount) * factor.num, factor.den);
  const asNumber = Number(result);
  if (!Number.isSafeInteger(asNumber)) throw new RangeError(`amount out of range: ${result}`);
  return asNumber === 0 ? 0 : asNumber; // no negative zero
};

/** The ratio as a number rounded to `decimals` places, for display (never for money). */
export const toNumber = (a: Ratio, decimals: number): number => {
  const scale = 10n ** BigInt(decimals);
  const scaled = Number(divRound(a.num * scale, a.den)) / Number(scale);
  return scaled === 0 ? 0 : scaled;
};

/** The ratio as a number cut (toward zero) to `decimals` places: a shown 89.99 % never reads as 90 %. */
export const toNumberTruncated = (a: Ratio, decimals: number): number => {
  const scale = 10n ** BigInt(decimals);
  const truncated = Number((a.num * scale) / a.den) / Number(scale);
  return truncated === 0 ? 0 : truncated;
};
