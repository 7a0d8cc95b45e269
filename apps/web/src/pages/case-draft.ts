/**
 * The case form's model: what the inputs hold (text, as typed, Danish style), and its
 * conversion to the API's request body (numbers, øre) with every field error named by the
 * API's own path (`costLines[2].amounts[0].year`), so that client and server errors land on
 * the same input.
 *
 * Client-side checks are the domain's `validateRevision` — the very code the API's decider
 * runs — plus parse errors of the text inputs. The API's request DTO adds outer bounds (e.g.
 * at most 10⁹ cases a year); those come back as problem+json and are shown at the field too.
 */
import { computeEconomics, validateRevision, yearlyAdoptionFactor, type BusinessCaseContent, type Economics, type RevisionErrorCode } from '@gevinst/domain';
import { oreToInput, parseKrToOre } from '../format';

export interface CostAmountDraft {
  year: string;
  mode: 'amount' | 'hours';
  amount: string;
  hours: string;
  hourlyCost: string;
  low: string;
  high: string;
}
export interface CostLineDraft {
  id: string;
  description: string;
  category: string;
  nature: string;
  amounts: CostAmountDraft[];
}
export interface BenefitLineDraft {
  id: string;
  description: string;
  departmentId: string;
  workProcess: string;
  benefitClass: string;
  valuation: { kind: string; casesPerYear: string; minutesSavedPerCase: string; hourlyCost: string; amountPerYear: string };
  adoption: { potentialUsers: string; targetAdoptionPct: string; rampUpMonths: string; startMonth: string };
}
export interface GoalDraft {
  id: string;
  title: string;
  benefits: { id: string; title: string; benefitLineIds: string[]; deliverables: { id: string; title: string }[] }[];
}
export interface CaseDraft {
  title: string;
  description: string;
  owningDepartmentId: string;
  projectOwner: string;
  startYear: string;
  horizonYears: string;
  riskReservePct: string;
  origin: { kind: string; nationalCaseRef: string; scalingKey: string; localValue: string; nationalValue: string };
  benefitMap: { purpose: string; goals: GoalDraft[] };
  costLines: CostLineDraft[];
  benefitLines: BenefitLineDraft[];
  reason: string;
}

export const COST_CATEGORIES = ['acquisition', 'implementation', 'training', 'communication-marketing', 'licence-operation', 'internal-staff-hours', 'other'] as const;
export const COST_NATURES = ['one-off', 'running'] as const;
export const BENEFIT_CLASSES = ['budget-effective', 'freed-time', 'other-public-bodies', 'unpriced'] as const;
export const VALUATION_KINDS = ['time', 'fixed', 'unpriced'] as const;
export const SCALING_KEYS = ['population', 'case-volume'] as const;

const decimalText = (n: number): string => String(n).replace('.', ',');

export function emptyDraft(department: string, projectOwner: string, now = new Date()): CaseDraft {
  return {
    title: '',
    description: '',
    owningDepartmentId: department,
    projectOwner,
    startYear: String(now.getFullYear() + 1),
    horizonYears: '5',
    riskReservePct: '0',
    origin: { kind: 'local', nationalCaseRef: '', scalingKey: 'population', localValue: '', nationalValue: '' },
    benefitMap: { purpose: '', goals: [] },
    costLines: [],
    benefitLines: [],
    reason: '',
  };
}

export function draftFromContent(c: BusinessCaseContent): CaseDraft {
  return {
    title: c.title,
    description: c.description,
    owningDepartmentId: c.owningDepartmentId,
    projectOwner: c.projectOwner,
    startYear: String(c.startYear),
    horizonYears: String(c.horizonYears),
    riskReservePct: decimalText(c.riskReservePct),
    origin:
      c.origin.kind === 'local'
        ? { kind: 'local', nationalCaseRef: '', scalingKey: 'population', localValue: '', nationalValue: '' }
        : { kind: c.origin.kind, nationalCaseRef: c.origin.nationalCaseRef, scalingKey: c.origin.scalingKey, localValue: decimalText(c.origin.localValue), nationalValue: decimalText(c.origin.nationalValue) },
    benefitMap: {
      purpose: c.benefitMap.purpose,
      goals: c.benefitMap.goals.map((g) => ({
        id: g.id,
        title: g.title,
        benefits: g.benefits.map((b) => ({ id: b.id, title: b.title, benefitLineIds: [...b.benefitLineIds], deliverables: b.deliverables.map((d) => ({ id: d.id, title: d.title })) })),
      })),
    },
    costLines: c.costLines.map((l) => ({
      id: l.id,
      description: l.description,
      category: l.category,
      nature: l.nature,
      amounts: l.amounts.map((a) => ({
        year: String(a.year),
        mode: 'hours' in a ? 'hours' : 'amount',
        amount: 'amount' in a ? oreToInput(a.amount) : '',
        hours: 'hours' in a ? decimalText(a.hours) : '',
        hourlyCost: 'hours' in a ? oreToInput(a.hourlyCost) : '',
        low: a.low === undefined ? '' : oreToInput(a.low),
        high: a.high === undefined ? '' : oreToInput(a.high),
      })),
    })),
    benefitLines: c.benefitLines.map((l) => ({
      id: l.id,
      description: l.description,
      departmentId: l.departmentId,
      workProcess: l.workProcess,
      benefitClass: l.benefitClass,
      valuation: {
        kind: l.valuation.kind,
        casesPerYear: l.valuation.kind === 'time' ? String(l.valuation.casesPerYear) : '',
        minutesSavedPerCase: l.valuation.kind === 'time' ? decimalText(l.valuation.minutesSavedPerCase) : '',
        hourlyCost: l.valuation.kind === 'time' ? oreToInput(l.valuation.hourlyCost) : '',
        amountPerYear: l.valuation.kind === 'fixed' ? oreToInput(l.valuation.amountPerYear) : '',
      },
      adoption: {
        potentialUsers: String(l.adoption.potentialUsers),
        targetAdoptionPct: decimalText(l.adoption.targetAdoptionPct),
        rampUpMonths: String(l.adoption.rampUpMonths),
        startMonth: l.adoption.startMonth,
      },
    })),
    reason: '',
  };
}

/** A fresh id `prefix<n>` not used by any line or map node yet. */
export function nextId(prefix: string, used: Iterable<string>): string {
  const taken = new Set(used);
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export const allIds = (d: CaseDraft): string[] => [
  ...d.costLines.map((l) => l.id),
  ...d.benefitLines.map((l) => l.id),
  ...d.benefitMap.goals.flatMap((g) => [g.id, ...g.benefits.flatMap((b) => [b.id, ...b.deliverables.map((x) => x.id)])]),
];

export const newCostAmount = (year: string): CostAmountDraft => ({ year, mode: 'amount', amount: '', hours: '', hourlyCost: '', low: '', high: '' });

export function newCostLine(d: CaseDraft): CostLineDraft {
  return { id: nextId('c', allIds(d)), description: '', category: 'implementation', nature: 'one-off', amounts: [newCostAmount(d.startYear)] };
}

export function newBenefitLine(d: CaseDraft): BenefitLineDraft {
  return {
    id: nextId('b', allIds(d)),
    description: '',
    departmentId: d.owningDepartmentId,
    workProcess: '',
    benefitClass: 'budget-effective',
    valuation: { kind: 'time', casesPerYear: '', minutesSavedPerCase: '', hourlyCost: '', amountPerYear: '' },
    adoption: { potentialUsers: '', targetAdoptionPct: '', rampUpMonths: '12', startMonth: `${d.startYear}-01` },
  };
}

/** A conversion problem of one input; the message is an i18n key. */
export interface ParseProblem {
  name: string;
  key: 'form.parse.integer' | 'form.parse.decimal' | 'form.parse.money';
}

class Converter {
  readonly problems: ParseProblem[] = [];

  /** Whole number; "" → undefined (the validator then says "required" where it is). */
  int(text: string, name: string): number | undefined {
    const s = text.trim().replace(/\.(?=\d{3}(\D|$))/g, '');
    if (s === '') return undefined;
    if (!/^-?\d+$/.test(s)) return this.fail(name, 'form.parse.integer');
    return Number(s);
  }

  /** Decimal, Danish (comma) or plain; "" → undefined. */
  dec(text: string, name: string): number | undefined {
    let s = text.trim();
    if (s === '') return undefined;
    if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
    else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
    if (!/^-?\d+(\.\d+)?$/.test(s)) return this.fail(name, 'form.parse.decimal');
    return Number(s);
  }

  /** Kroner as typed → øre; "" → undefined. */
  money(text: string, name: string): number | undefined {
    if (text.trim() === '') return undefined;
    const ore = parseKrToOre(text);
    return ore === null ? this.fail(name, 'form.parse.money') : ore;
  }

  private fail(name: string, key: ParseProblem['key']): undefined {
    this.problems.push({ name, key });
    return undefined;
  }
}

const defined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The request body for POST /api/business-cases (and /revisions), and the inputs that could not be read. */
export function toRequestBody(d: CaseDraft): { body: Record<string, unknown>; problems: ParseProblem[] } {
  const c = new Converter();
  const origin =
    d.origin.kind === 'derived-from-national'
      ? defined({ kind: d.origin.kind, nationalCaseRef: d.origin.nationalCaseRef, scalingKey: d.origin.scalingKey, localValue: c.dec(d.origin.localValue, 'origin.localValue'), nationalValue: c.dec(d.origin.nationalValue, 'origin.nationalValue') })
      : { kind: d.origin.kind };
  const body = {
    title: d.title,
    description: d.description,
    owningDepartmentId: d.owningDepartmentId,
    projectOwner: d.projectOwner,
    startYear: c.int(d.startYear, 'startYear'),
    horizonYears: c.int(d.horizonYears, 'horizonYears'),
    riskReservePct: c.dec(d.riskReservePct, 'riskReservePct'),
    origin,
    benefitMap: {
      purpose: d.benefitMap.purpose,
      goals: d.benefitMap.goals.map((g) => ({
        id: g.id,
        title: g.title,
        benefits: g.benefits.map((b) => ({ id: b.id, title: b.title, benefitLineIds: b.benefitLineIds, deliverables: b.deliverables.map((x) => ({ id: x.id, title: x.title })) })),
      })),
    },
    costLines: d.costLines.map((l, i) => ({
      id: l.id,
      description: l.description,
      category: l.category,
      nature: l.nature,
      amounts: l.amounts.map((a, j) => {
        const p = `costLines[${i}].amounts[${j}]`;
        return defined({
          year: c.int(a.year, `${p}.year`),
          ...(a.mode === 'amount'
            ? { amount: c.money(a.amount, `${p}.amount`) }
            : { hours: c.dec(a.hours, `${p}.hours`), hourlyCost: c.money(a.hourlyCost, `${p}.hourlyCost`) }),
          low: c.money(a.low, `${p}.low`),
          high: c.money(a.high, `${p}.high`),
        });
      }),
    })),
    benefitLines: d.benefitLines.map((l, i) => {
      const p = `benefitLines[${i}]`;
      const v = l.valuation;
      const valuation =
        v.kind === 'time'
          ? defined({ kind: v.kind, casesPerYear: c.int(v.casesPerYear, `${p}.valuation.casesPerYear`), minutesSavedPerCase: c.dec(v.minutesSavedPerCase, `${p}.valuation.minutesSavedPerCase`), hourlyCost: c.money(v.hourlyCost, `${p}.valuation.hourlyCost`) })
          : v.kind === 'fixed'
            ? defined({ kind: v.kind, amountPerYear: c.money(v.amountPerYear, `${p}.valuation.amountPerYear`) })
            : { kind: v.kind };
      return {
        id: l.id,
        description: l.description,
        departmentId: l.departmentId,
        workProcess: l.workProcess,
        benefitClass: l.benefitClass,
        valuation,
        adoption: defined({
          potentialUsers: c.int(l.adoption.potentialUsers, `${p}.adoption.potentialUsers`),
          targetAdoptionPct: c.dec(l.adoption.targetAdoptionPct, `${p}.adoption.targetAdoptionPct`),
          rampUpMonths: c.int(l.adoption.rampUpMonths, `${p}.adoption.rampUpMonths`),
          startMonth: l.adoption.startMonth,
        }),
      };
    }),
    reason: d.reason,
  };
  return { body: defined(body), problems: c.problems };
}

export interface ClientError {
  name: string;
  /** i18n key and, for validator errors, the domain's code and English message. */
  key: string;
  code?: RevisionErrorCode;
  message?: string;
}

/** Every client-side error: unreadable inputs first, then the domain's validation of what could be read. */
export function validateDraft(d: CaseDraft): { body: Record<string, unknown>; errors: ClientError[]; warnings: ReturnType<typeof validateRevision>['warnings'] } {
  const { body, problems } = toRequestBody(d);
  const unreadable = new Set(problems.map((p) => p.name));
  const errors: ClientError[] = problems.map((p) => ({ name: p.name, key: p.key }));
  // The rate is stamped by the API from the municipality's setting; any valid value will do here.
  const { reason: _reason, ...content } = body;
  const result = validateRevision({ ...content, discountRatePct: 0 });
  for (const e of result.errors) {
    // An input that could not be read is reported once, as unreadable, not again as "required".
    if (unreadable.has(e.field) && e.code === 'required') continue;
    errors.push({ name: e.field, key: `validation.${e.code}`, code: e.code, message: e.message });
  }
  if (d.reason.trim() === '') errors.push({ name: 'reason', key: 'validation.required' });
  return { body, errors, warnings: result.warnings };
}

/** Adoption per year of the horizon (0–1) for one benefit line as typed, or null while unreadable. */
export function adoptionByYear(line: BenefitLineDraft, years: number[]): number[] | null {
  if (line.adoption.targetAdoptionPct.trim() === '') return null;
  const target = Number(line.adoption.targetAdoptionPct.replace(',', '.'));
  const ramp = Number(line.adoption.rampUpMonths);
  if (!Number.isFinite(target) || !Number.isInteger(ramp) || !/^\d{4}-(0[1-9]|1[0-2])$/.test(line.adoption.startMonth)) return null;
  const curve = { potentialUsers: 0, targetAdoptionPct: target, rampUpMonths: ramp, startMonth: line.adoption.startMonth };
  return years.map((y) => yearlyAdoptionFactor(curve, y));
}

/**
 * The economics of the draft as typed, at the municipality's discount rate, computed by the
 * domain's own `computeEconomics` (what the API will compute on save); null while the draft
 * has errors. A preview only: the saved figures are the API's.
 */
export function previewEconomics(body: Record<string, unknown>, valid: boolean, discountRatePct: number): Economics | null {
  if (!valid) return null;
  const { reason: _reason, ...content } = body;
  try {
    return computeEconomics({ ...(content as unknown as BusinessCaseContent), discountRatePct });
  } catch {
    return null;
  }
}
