/**
 * Numbers, money and dates in Danish format via Intl. Money arrives from the API as integer øre
 * (a JSON number or a decimal string) and is formatted exactly: the øre are turned into a
 * decimal string ("1234567.89"), which Intl formats without going through a binary float.
 *
 * The English UI keeps Danish number conventions (locale en-DK: "1.234.567 kr."), since the
 * figures are Danish municipal budget figures; only words and dates change.
 */
export type Lang = 'da' | 'en';

export const LOCALES: Record<Lang, string> = { da: 'da-DK', en: 'en-DK' };

export const localeOf = (lang: string): string => LOCALES[(lang as Lang) in LOCALES ? (lang as Lang) : 'da'];

/** Øre as an exact decimal string of kroner: 123456789 → "1234567.89", -5 → "-0.05". */
export function oreToKrDecimal(ore: number | bigint | string): string {
  const value = typeof ore === 'bigint' ? ore : BigInt(typeof ore === 'string' ? ore.trim() : Math.trunc(Number(ore)));
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

type DecimalFormat = (value: string) => string;
/** Intl.NumberFormat.format accepts exact decimal strings (ECMA-402 NumberFormat v3). */
const formatDecimal = (format: Intl.NumberFormat): DecimalFormat => format.format as unknown as DecimalFormat;

export interface MoneyOptions {
  /** Show øre ("1.234.567,89 kr."); default whole kroner ("1.234.568 kr."). */
  withOre?: boolean;
  /** Always show a sign (for differences). */
  signed?: boolean;
}

/** Integer øre → "1.234.567 kr." (rounded half away from zero to whole kroner unless `withOre`). */
export function formatMoney(ore: number | bigint | string, lang = 'da', options: MoneyOptions = {}): string {
  const digits = options.withOre ? 2 : 0;
  const format = numberFormat(localeOf(lang), {
    style: 'currency',
    currency: 'DKK',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    roundingMode: 'halfExpand',
    ...(options.signed ? { signDisplay: 'exceptZero' } : {}),
  } as Intl.NumberFormatOptions);
  return formatDecimal(format)(oreToKrDecimal(ore));
}

/** Whole kroner as a plain number for charts (not for display of exact amounts). */
export const oreToKr = (ore: number | string): number => Number(ore) / 100;

export function formatNumber(value: number, lang = 'da', maximumFractionDigits = 0): string {
  return numberFormat(localeOf(lang), { maximumFractionDigits }).format(value);
}

/** A share as a fraction (0.355 → "35,5 %"). */
export function formatPercent(fraction: number, lang = 'da', maximumFractionDigits = 1): string {
  return numberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits }).format(fraction);
}

/** "27. november 2026" (da) / "27 November 2026" (en). Accepts an ISO string or a Date. */
export function formatDate(value: string | Date, lang = 'da'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'long' }).format(date);
}

/** "27. nov. 2026 14.05" — date and time of an event; with seconds for the audit trail. */
export function formatDateTime(value: string | Date, lang = 'da', seconds = false): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(date);
}

/**
 * Parses an amount typed in kroner the Danish way ("1.234.567,50", "1234567", "-12,5") into
 * integer øre; null when it is not a number. Dots are thousands separators, the comma the
 * decimal mark; at most two decimals.
 */
export function parseKrToOre(text: string): number | null {
  const cleaned = text.replace(/\s|kr\.?/gi, '');
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$/.test(cleaned)) return null;
  const negative = cleaned.startsWith('-');
  const [whole, frac = ''] = cleaned.replace('-', '').replace(/\./g, '').split(',');
  const ore = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  const result = Number(negative ? -ore : ore);
  return Number.isSafeInteger(result) ? result : null;
}

/** Øre → the text an input shows for editing ("1234567,5" style without grouping). */
export function oreToInput(ore: number): string {
  const [whole, frac] = oreToKrDecimal(ore).split('.');
  return frac === '00' ? whole! : `${whole},${frac!.replace(/0$/, '')}`;
}
