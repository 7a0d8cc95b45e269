/**
 * Validation of a revision's content, shared by the decider and the API. Every error names the
 * field as a path into the content (`costLines[2].amounts[0].year`); warnings flag what is legal
 * but usually wrong (the costs that are always forgotten, adoption over-estimated).
 *
 * It takes `unknown` so that the API can hand it a request body as is; content that passes with
 * no errors is a valid `BusinessCaseContent` (see `isValidRevision`).
 */
import { hasAtMostDecimals, mulDivRound, toScaledInteger } from './arithmetic';
import { parseMonth } from './adoption';
import {
  BENEFIT_CLASSES,
  COST_CATEGORIES,
  COST_NATURES,
  MAX_HORIZON_YEARS,
  MAX_RAMP_UP_MONTHS,
  SCALING_KEYS,
  type BusinessCaseContent,
} from './content';

export type RevisionErrorCode =
  | 'required'
  | 'not-a-string'
  | 'empty'
  | 'too-long'
  | 'not-a-number'
  | 'not-an-integer'
  | 'not-whole-ore'
  | 'negative'
  | 'out-of-range'
  | 'too-many-decimals'
  | 'outside-horizon'
  | 'not-an-array'
  | 'not-an-object'
  | 'unknown-value'
  | 'invalid-format'
  | 'duplicate-id'
  | 'duplicate-year'
  | 'ambiguous'
  | 'class-mismatch'
  | 'estimate-order'
  | 'unknown-reference';

export interface RevisionError {
  /** Path into the content, e.g. `benefitLines[0].adoption.targetAdoptionPct`. */
  readonly field: string;
  readonly code: RevisionErrorCode;
  readonly message: string;
}

export type RevisionWarningCode = 'no-communication-cost' | 'full-adoption-from-day-one' | 'top-down-estimate';

export interface RevisionWarning {
  readonly code: RevisionWarningCode;
  readonly message: string;
  /** The field the warning is about, when it is about one line. */
  readonly field?: string;
}

export interface RevisionValidation {
  readonly errors: RevisionError[];
  readonly warnings: RevisionWarning[];
}

const MAX_TEXT = 200;
const MAX_LONG_TEXT = 20_000;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

type Obj = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly errors: RevisionError[] = [];

  fail(field: string, code: RevisionErrorCode, message: string): undefined {
    this.errors.push({ field, code, message });
    return undefined;
  }

  object(v: unknown, field: string): Obj | undefined {
    if (v === undefined || v === null) return this.fail(field, 'required', `${field} is required`);
    if (!isObject(v)) return this.fail(field, 'not-an-object', `${field} must be an object`);
    return v;
  }

  array(v: unknown, field: string): readonly unknown[] | undefined {
    if (v === undefined || v === null) return this.fail(field, 'required', `${field} is required`);
    if (!Array.isArray(v)) return this.fail(field, 'not-an-array', `${field} must be a list`);
    return v;
  }

  /** A string; `nonEmpty` refuses blank ones. */
  text(v: unknown, field: string, opts: { nonEmpty: boolean; max?: number }): string | undefined {
    if (v === undefined || v === null) return this.fail(field, 'required', `${field} is required`);
    if (typeof v !== 'string') return this.fail(field, 'not-a-string', `${field} must be text`);
    if (opts.nonEmpty && v.trim() === '') return this.fail(field, 'empty', `${field} must not be empty`);
    const max = opts.max ?? MAX_TEXT;
    if (v.length > max) return this.fail(field, 'too-long', `${field} must be at most ${max} characters`);
    return v;
  }

  number(v: unknown, field: string): number | undefined {
    if (v === undefined || v === null) return this.fail(field, 'required', `${field} is required`);
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.fail(field, 'not-a-number', `${field} must be a number`);
    return v;
  }

  integer(v: unknown, field: string, min: number, max: number): number | undefined {
    const n = this.number(v, field);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) return this.fail(field, 'not-an-integer', `${field} must be a whole number, got ${n}`);
    if (n < 0 && min >= 0) return this.fail(field, 'negative', `${field} must not be negative, got ${n}`);
    if (n < min || n > max) return this.fail(field, 'out-of-range', `${field} must be between ${min} and ${max}, got ${n}`);
    return n;
  }

  /** Money: a non-negative whole number of øre. */
  ore(v: unknown, field: string): number | undefined {
    const n = this.number(v, field);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n)) return this.fail(field, 'not-whole-ore', `${field} must be a whole number of øre, got ${n}`);
    if (n < 0) return this.fail(field, 'negative', `${field} must not be negative, got ${n}`);
    if (!Number.isSafeInteger(n)) return this.fail(field, 'out-of-range', `${field} is too large`);
    return n;
  }

  /** A non-negative decimal with at most 2 decimals, up to `max`. */
  decimal(v: unknown, field: string, max: number): number | undefined {
    const n = this.number(v, field);
    if (n === undefined) return undefined;
    if (n < 0) return this.fail(field, 'negative', `${field} must not be negative, got ${n}`);
    if (n > max) return this.fail(field, 'out-of-range', `${field} must be at most ${max}, got ${n}`);
    if (!hasAtMostDecimals(n, 2)) return this.fail(field, 'too-many-decimals', `${field} may have at most 2 decimals, got ${n}`);
    return n;
  }

  oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T | undefined {
    if (v === undefined || v === null) return this.fail(field, 'required', `${field} is required`);
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      return this.fail(field, 'unknown-value', `${field} must be one of ${values.join(', ')}, got ${String(v)}`);
    }
    return v as T;
  }

  /** A unique, non-empty id. */
  id(v: unknown, field: string, seen: Set<string>): string | undefined {
    const id = this.text(v, field, { nonEmpty: true, max: 100 });
    if (id === undefined) return undefined;
    if (seen.has(id)) return this.fail(field, 'duplicate-id', `${field} '${id}' is used twice`);
    seen.add(id);
    return id;
  }
}

export const validateRevision = (content: unknown): RevisionValidation => {
  const c = new Checker();
  const warnings: RevisionWarning[] = [];
  const root = c.object(content, 'content');
  if (!root) return { errors: c.errors, warnings };

  c.text(root['title'], 'title', { nonEmpty: true });
  c.text(root['description'], 'description', { nonEmpty: false, max: MAX_LONG_TEXT });
  c.text(root['owningDepartmentId'], 'owningDepartmentId', { nonEmpty: true, max: 100 });
  c.text(root['projectOwner'], 'projectOwner', { nonEmpty: true });
  const startYear = c.integer(root['startYear'], 'startYear', MIN_YEAR, MAX_YEAR);
  const horizon = c.integer(root['horizonYears'], 'horizonYears', 1, MAX_HORIZON_YEARS);
  c.decimal(root['discountRatePct'], 'discountRatePct', 100);
  c.decimal(root['riskReservePct'], 'riskReservePct', 100);
  const endYear = startYear !== undefined && horizon !== undefined ? startYear + horizon - 1 : undefined;

  const checkYearInHorizon = (year: number, field: string): void => {
    if (startYear === undefined || endYear === undefined) return;
    if (year < startYear || year > endYear) {
      c.fail(field, 'outside-horizon', `${field} ${year} is outside the horizon ${startYear}–${endYear}`);
    }
  };

  // origin
  const origin = c.object(root['origin'], 'origin');
  if (origin) {
    const kind = c.oneOf(origin['kind'], 'origin.kind', ['local', 'derived-from-national'] as const);
    if (kind === 'derived-from-national') {
      c.text(origin['nationalCaseRef'], 'origin.nationalCaseRef', { nonEmpty: true });
      c.oneOf(origin['scalingKey'], 'origin.scalingKey', SCALING_KEYS);
      const local = c.number(origin['localValue'], 'origin.localValue');
      const national = c.number(origin['nationalValue'], 'origin.nationalValue');
      if (local !== undefined && local <= 0) c.fail('origin.localValue', 'out-of-range', 'origin.localValue must be positive');
      if (national !== undefined && local !== undefined && local > 0 && national < local) {
        c.fail('origin.nationalValue', 'out-of-range', 'origin.nationalValue must be at least origin.localValue');
      }
      warnings.push({
        code: 'top-down-estimate',
        field: 'origin',
        message: 'Top-down estimate: derived from a national business case; a local revision should ground it',
      });
    }
  }

  // cost lines
  const lineIds = new Set<string>();
  let hasCommunicationCost = false;
  const costLines = c.array(root['costLines'], 'costLines') ?? [];
  costLines.forEach((raw, i) => {
    const p = `costLines[${i}]`;
    const line = c.object(raw, p);
    if (!line) return;
    c.id(line['id'], `${p}.id`, lineIds);
    c.text(line['description'], `${p}.description`, { nonEmpty: false, max: MAX_LONG_TEXT });
    const category = c.oneOf(line['category'], `${p}.category`, COST_CATEGORIES);
    c.oneOf(line['nature'], `${p}.nature`, COST_NATURES);
    const amounts = c.array(line['amounts'], `${p}.amounts`);
    if (!amounts) return;
    if (amounts.length === 0) c.fail(`${p}.amounts`, 'required', `${p}.amounts needs at least one year`);
    const years = new Set<number>();
    amounts.forEach((rawAmount, j) => {
      const q = `${p}.amounts[${j}]`;
      const entry = c.object(rawAmount, q);
      if (!entry) return;
      const year = c.integer(entry['year'], `${q}.year`, MIN_YEAR, MAX_YEAR);
      if (year !== undefined) {
        if (years.has(year)) c.fail(`${q}.year`, 'duplicate-year', `${q}.year ${year} appears twice in the line`);
        years.add(year);
        checkYearInHorizon(year, `${q}.year`);
      }
      const hasAmount = entry['amount'] !== undefined;
      const hasHours = entry['hours'] !== undefined || entry['hourlyCost'] !== undefined;
      let likely: number | undefined;
      if (hasAmount && hasHours) {
        c.fail(q, 'ambiguous', `${q} must give either amount or hours × hourlyCost, not both`);
      } else if (hasHours) {
        const hours = c.decimal(entry['hours'], `${q}.hours`, 1e7);
        const hourlyCost = c.ore(entry['hourlyCost'], `${q}.hourlyCost`);
        if (hours !== undefined && hourlyCost !== undefined) likely = mulDivRound(toScaledInteger(hours, 2), hourlyCost, 100);
      } else if (hasAmount) {
        likely = c.ore(entry['amount'], `${q}.amount`);
      } else {
        c.fail(`${q}.amount`, 'required', `${q} needs an amount or hours × hourlyCost`);
      }
      const low = entry['low'] === undefined ? undefined : c.ore(entry['low'], `${q}.low`);
      const high = entry['high'] === undefined ? undefined : c.ore(entry['high'], `${q}.high`);
      if (likely !== undefined) {
        if (low !== undefined && low > likely) c.fail(`${q}.low`, 'estimate-order', `${q}.low must not exceed the likely amount`);
        if (high !== undefined && high < likely) c.fail(`${q}.high`, 'estimate-order', `${q}.high must not be below the likely amount`);
        if (category === 'communication-marketing' && likely > 0) hasCommunicationCost = true;
      }
    });
  });
  if (!hasCommunicationCost) {
    warnings.push({
      code: 'no-communication-cost',
      field: 'costLines',
      message: 'No communication/marketing cost: without telling users about the solution, adoption and the gain rarely come',
    });
  }

  // benefit lines
  const benefitLineIds = new Set<string>();
  const benefitLines = c.array(root['benefitLines'], 'benefitLines') ?? [];
  benefitLines.forEach((raw, i) => {
    const p = `benefitLines[${i}]`;
    const line = c.object(raw, p);
    if (!line) return;
    c.id(line['id'], `${p}.id`, lineIds);
    if (typeof line['id'] === 'string') benefitLineIds.add(line['id']);
    c.text(line['description'], `${p}.description`, { nonEmpty: false, max: MAX_LONG_TEXT });
    c.text(line['departmentId'], `${p}.departmentId`, { nonEmpty: true, max: 100 });
    c.text(line['workProcess'], `${p}.workProcess`, { nonEmpty: true });
    const benefitClass = c.oneOf(line['benefitClass'], `${p}.benefitClass`, BENEFIT_CLASSES);
    const valuation = c.object(line['valuation'], `${p}.valuation`);
    if (valuation) {
      const v = `${p}.valuation`;
      const kind = c.oneOf(valuation['kind'], `${v}.kind`, ['time', 'fixed', 'unpriced'] as const);
      if (kind === 'time') {
        c.integer(valuation['casesPerYear'], `${v}.casesPerYear`, 0, Number.MAX_SAFE_INTEGER);
        c.decimal(valuation['minutesSavedPerCase'], `${v}.minutesSavedPerCase`, 1e6);
        c.ore(valuation['hourlyCost'], `${v}.hourlyCost`);
      } else if (kind === 'fixed') {
        c.ore(valuation['amountPerYear'], `${v}.amountPerYear`);
      }
      if (kind !== undefined && benefitClass !== undefined && (kind === 'unpriced') !== (benefitClass === 'unpriced')) {
        c.fail(`${v}.kind`, 'class-mismatch', `${v}.kind '${kind}' does not fit benefit class '${benefitClass}': only unpriced benefits go without a valuation`);
      }
    }
    const adoption = c.object(line['adoption'], `${p}.adoption`);
    if (adoption) {
      const a = `${p}.adoption`;
      c.integer(adoption['potentialUsers'], `${a}.potentialUsers`, 0, Number.MAX_SAFE_INTEGER);
      const target = c.decimal(adoption['targetAdoptionPct'], `${a}.targetAdoptionPct`, 100);
      const ramp = c.integer(adoption['rampUpMonths'], `${a}.rampUpMonths`, 0, MAX_RAMP_UP_MONTHS);
      const startMonth = c.text(adoption['startMonth'], `${a}.startMonth`, { nonEmpty: true, max: 7 });
      if (startMonth !== undefined) {
        const absolute = parseMonth(startMonth);
        if (absolute === undefined) c.fail(`${a}.startMonth`, 'invalid-format', `${a}.startMonth must be YYYY-MM, got '${startMonth}'`);
        else checkYearInHorizon(Math.floor(absolute / 12), `${a}.startMonth`);
      }
      if (target === 100 && ramp === 0) {
        warnings.push({
          code: 'full-adoption-from-day-one',
          field: a,
          message: `${p}: an adoption of 100 % from the first month is rarely seen; consider a ramp-up`,
        });
      }
    }
  });

  // benefit map
  const map = c.object(root['benefitMap'], 'benefitMap');
  if (map) {
    c.text(map['purpose'], 'benefitMap.purpose', { nonEmpty: false, max: MAX_LONG_TEXT });
    const mapIds = new Set<string>();
    (c.array(map['goals'], 'benefitMap.goals') ?? []).forEach((rawGoal, g) => {
      const gp = `benefitMap.goals[${g}]`;
      const goal = c.object(rawGoal, gp);
      if (!goal) return;
      c.id(goal['id'], `${gp}.id`, mapIds);
      c.text(goal['title'], `${gp}.title`, { nonEmpty: true });
      (c.array(goal['benefits'], `${gp}.benefits`) ?? []).forEach((rawBenefit, b) => {
        const bp = `${gp}.benefits[${b}]`;
        const benefit = c.object(rawBenefit, bp);
        if (!benefit) return;
        c.id(benefit['id'], `${bp}.id`, mapIds);
        c.text(benefit['title'], `${bp}.title`, { nonEmpty: true });
        (c.array(benefit['benefitLineIds'], `${bp}.benefitLineIds`) ?? []).forEach((ref, r) => {
          const rp = `${bp}.benefitLineIds[${r}]`;
          const id = c.text(ref, rp, { nonEmpty: true, max: 100 });
          if (id !== undefined && !benefitLineIds.has(id)) c.fail(rp, 'unknown-reference', `${rp} '${id}' is not a benefit line of this revision`);
        });
        (c.array(benefit['deliverables'], `${bp}.deliverables`) ?? []).forEach((rawDeliverable, d) => {
          const dp = `${bp}.deliverables[${d}]`;
          const deliverable = c.object(rawDeliverable, dp);
          if (!deliverable) return;
          c.id(deliverable['id'], `${dp}.id`, mapIds);
          c.text(deliverable['title'], `${dp}.title`, { nonEmpty: true });
        });
      });
    });
  }

  return { errors: c.errors, warnings };
};

/** True when the content has no validation errors (warnings allowed); narrows to BusinessCaseContent. */
export const isValidRevision = (content: unknown): content is BusinessCaseContent =>
  validateRevision(content).errors.length === 0;
