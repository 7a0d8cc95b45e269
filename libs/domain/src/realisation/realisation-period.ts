import { InvalidInput } from '../shared/errors';

/**
 * A realisation period: a calendar month 'YYYY-MM' or a budget (calendar) year 'YYYY'.
 * Dates are ISO calendar dates 'YYYY-MM-DD'. Both compare correctly as strings.
 */
export type RealisationPeriod = string;
export type IsoDate = string;

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isRealisationPeriod = (value: unknown): value is RealisationPeriod =>
  typeof value === 'string' && PERIOD.test(value);

export const isIsoDate = (value: unknown): value is IsoDate => {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
};

const daysInMonth = (year: number, month: number): number => {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
};

type Parts = { readonly year: number; readonly month: number | null; readonly start: IsoDate; readonly end: IsoDate };

/**
 * A period's year, month, first and last day. Remembered per period text (there are a few
 * hundred distinct periods in a municipality's history; the realisation figures ask for the
 * same ones again and again).
 */
const known = new Map<string, Parts>();
const parts = (period: RealisationPeriod): Parts => {
  let found = known.get(period);
  if (found !== undefined) return found;
  const match = PERIOD.exec(period);
  if (match === null) throw new RangeError(`not a period: ${period}`);
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  const m = month ?? 12;
  found = Object.freeze({ year, month, start: `${pad(year, 4)}-${pad(month ?? 1)}-01`, end: `${pad(year, 4)}-${pad(m)}-${pad(daysInMonth(year, m))}` });
  if (known.size < 50_000) known.set(period, found);
  return found;
};

const pad = (n: number, width = 2): string => n.toString().padStart(width, '0');

export const periodGranularity = (period: RealisationPeriod): 'month' | 'year' =>
  parts(period).month === null ? 'year' : 'month';

/** First day of the period. */
export const periodStart = (period: RealisationPeriod): IsoDate => parts(period).start;

/** Last day of the period. */
export const periodEnd = (period: RealisationPeriod): IsoDate => parts(period).end;

export const periodYear = (period: RealisationPeriod): number => parts(period).year;

/** The month 'YYYY-MM' a date falls in. */
export const monthOfDate = (date: IsoDate): RealisationPeriod => date.slice(0, 7);

/** Months since year 0: lets a ramp-up count months across year ends. */
export const monthNumber = (month: RealisationPeriod): number => {
  const { year, month: m } = parts(month);
  return year * 12 + (m ?? 12) - 1;
};

export const monthFromNumber = (n: number): RealisationPeriod => `${pad(Math.floor(n / 12), 4)}-${pad((n % 12) + 1)}`;

/** The months of a period: itself for a month, January–December for a year. */
export const monthsOfPeriod = (period: RealisationPeriod): RealisationPeriod[] => {
  const { year, month } = parts(period);
  if (month !== null) return [period];
  return Array.from({ length: 12 }, (_, i) => `${pad(year, 4)}-${pad(i + 1)}`);
};

export const isMonth = (value: unknown): value is RealisationPeriod =>
  isRealisationPeriod(value) && periodGranularity(value) === 'month';

export const requireMonth = (value: unknown, field: string): RealisationPeriod => {
  if (!isMonth(value)) {
    throw new InvalidInput('invalid-month', `${field} must be a month 'YYYY-MM'`, field, { value: String(value) });
  }
  return value;
};

/** `inner` lies wholly within `outer` (a period lies within itself). */
export const periodWithin = (inner: RealisationPeriod, outer: RealisationPeriod): boolean =>
  periodStart(inner) >= periodStart(outer) && periodEnd(inner) <= periodEnd(outer);

/** `a` has ended by the time `b` ends: the "as of the end of b" rule for levels. */
export const periodEndsByEndOf = (a: RealisationPeriod, b: RealisationPeriod): boolean => periodEnd(a) <= periodEnd(b);

/** Orders periods by end, then by start (so '2025-12' comes before '2025'). */
export const comparePeriods = (a: RealisationPeriod, b: RealisationPeriod): number => {
  const byEnd = periodEnd(a).localeCompare(periodEnd(b));
  return byEnd !== 0 ? byEnd : periodStart(b).localeCompare(periodStart(a));
};

export const requirePeriod = (value: unknown, field: string): RealisationPeriod => {
  if (!isRealisationPeriod(value)) {
    throw new InvalidInput('invalid-period', `${field} must be a month 'YYYY-MM' or a year 'YYYY'`, field, {
      value: String(value),
    });
  }
  return value;
};

export const requireDate = (value: unknown, field: string): IsoDate => {
  if (!isIsoDate(value)) {
    throw new InvalidInput('invalid-date', `${field} must be a calendar date 'YYYY-MM-DD'`, field, {
      value: String(value),
    });
  }
  return value;
};
