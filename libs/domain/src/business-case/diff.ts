/**
 * The diff of two revisions: which lines and assumptions changed (before → after) and what that
 * did to NPV, payback and the yearly budget-effective benefits per department.
 *
 * Lines are matched by id, cost amounts by year and benefit-map nodes by id, so that a diff
 * reads "costLines c1, amounts[year=2028].amount: 100 → 200" rather than by list position.
 */
import type { Ore } from '../shared';
import type { BenefitLine, BusinessCaseContent, CostLine } from './content';
import { budgetEffectiveByDepartmentAndYear, computeEconomics, type Payback } from './economics';

/** One changed value. `undefined` means absent on that side (added or removed). */
export interface FieldChange {
  /** e.g. `discountRatePct`, `origin.kind`, `amounts[year=2028].amount`, `benefitMap.goals[id=g1].title`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ChangedLine<L> {
  readonly id: string;
  readonly before: L;
  readonly after: L;
  /** Paths relative to the line. */
  readonly changes: FieldChange[];
}

export interface LinesDiff<L> {
  readonly added: L[];
  readonly removed: L[];
  readonly changed: ChangedLine<L>[];
}

export interface BeforeAfter<T> {
  readonly before: T;
  readonly after: T;
}

export interface AmountChange extends BeforeAfter<Ore> {
  readonly delta: Ore;
}

export interface BudgetEffectiveChange extends AmountChange {
  readonly departmentId: string;
  readonly year: number;
}

export interface RevisionDiff {
  /** Changes outside the lines and the benefit map: title, horizon, discount rate, risk reserve, origin… */
  readonly assumptions: FieldChange[];
  readonly benefitMap: FieldChange[];
  readonly costLines: LinesDiff<CostLine>;
  readonly benefitLines: LinesDiff<BenefitLine>;
  readonly economics: {
    readonly discountRatePct: BeforeAfter<number>;
    readonly npv: AmountChange;
    readonly npvBudgetEffective: AmountChange;
    readonly payback: BeforeAfter<Payback>;
    readonly benefitCostRatio: BeforeAfter<number | null>;
    readonly totalCosts: AmountChange;
    readonly totalBenefits: AmountChange;
    /** Every (department, year) whose budget-effective benefit changed, by department then year. */
    readonly budgetEffectiveByDepartmentAndYear: BudgetEffectiveChange[];
  };
  /** True when nothing in the content differs. */
  readonly identical: boolean;
}

type Obj = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const keyOf = (items: readonly unknown[]): 'id' | 'year' | undefined => {
  if (items.length === 0) return undefined;
  if (items.every((x) => isObject(x) && typeof x['id'] === 'string')) return 'id';
  if (items.every((x) => isObject(x) && typeof x['year'] === 'number')) return 'year';
  return undefined;
};

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Appends to `out` every difference between two JSON-like values. */
const diffValues = (before: unknown, after: unknown, path: string, out: FieldChange[]): void => {
  if (Object.is(before, after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = keyOf([...before, ...after]);
    if (key === undefined) {
      const n = Math.max(before.length, after.length);
      for (let i = 0; i < n; i++) diffValues(before[i], after[i], `${path}[${i}]`, out);
      return;
    }
    const index = (items: readonly unknown[]) => new Map(items.map((x) => [String((x as Obj)[key]), x] as const));
    const a = index(before);
    const b = index(after);
    for (const [k, x] of a) diffValues(x, b.get(k), `${path}[${key}=${k}]`, out);
    for (const [k, y] of b) if (!a.has(k)) out.push({ path: `${path}[${key}=${k}]`, before: undefined, after: y });
    return;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
    for (const k of keys) diffValues(before[k], after[k], join(path, k), out);
    return;
  }
  out.push({ path, before, after });
};

/** Every leaf that differs between two JSON-like values, arrays of `{id}` or `{year}` matched by key; `path` prefixes each path. */
export const diffFields = (before: unknown, after: unknown, path = ''): FieldChange[] => {
  const out: FieldChange[] = [];
  diffValues(before, after, path, out);
  return out;
};

const diffLines = <L extends { readonly id: string }>(before: readonly L[], after: readonly L[]): LinesDiff<L> => {
  const afterById = new Map(after.map((l) => [l.id, l] as const));
  const beforeIds = new Set(before.map((l) => l.id));
  const removed: L[] = [];
  const changed: ChangedLine<L>[] = [];
  for (const line of before) {
    const next = afterById.get(line.id);
    if (next === undefined) {
      removed.push(line);
      continue;
    }
    const changes: FieldChange[] = [];
    diffValues(line, next, '', changes);
    if (changes.length > 0) changed.push({ id: line.id, before: line, after: next, changes });
  }
  return { added: after.filter((l) => !beforeIds.has(l.id)), removed, changed };
};

const amountChange = (before: Ore, after: Ore): AmountChange => ({ before, after, delta: after - before });

export const diffRevisions = (before: BusinessCaseContent, after: BusinessCaseContent): RevisionDiff => {
  const assumptions: FieldChange[] = [];
  const { costLines: _c1, benefitLines: _b1, benefitMap: mapBefore, ...restBefore } = before;
  const { costLines: _c2, benefitLines: _b2, benefitMap: mapAfter, ...restAfter } = after;
  diffValues(restBefore, restAfter, '', assumptions);
  const benefitMap: FieldChange[] = [];
  diffValues(mapBefore, mapAfter, 'benefitMap', benefitMap);
  const costLines = diffLines(before.costLines, after.costLines);
  const benefitLines = diffLines(before.benefitLines, after.benefitLines);

  const e1 = computeEconomics(before);
  const e2 = computeEconomics(after);
  const be1 = budgetEffectiveByDepartmentAndYear(before, e1);
  const be2 = budgetEffectiveByDepartmentAndYear(after, e2);
  const departments = [...new Set([...Object.keys(be1), ...Object.keys(be2)])].sort();
  const years = [...new Set([...e1.years, ...e2.years])].sort((x, y) => x - y);
  const budgetChanges: BudgetEffectiveChange[] = [];
  for (const departmentId of departments) {
    for (const year of years) {
      const x = be1[departmentId]?.[year] ?? 0;
      const y = be2[departmentId]?.[year] ?? 0;
      if (x !== y) budgetChanges.push({ departmentId, year, ...amountChange(x, y) });
    }
  }

  const identical =
    assumptions.length === 0 &&
    benefitMap.length === 0 &&
    [costLines, benefitLines].every((d) => d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0);

  return {
    assumptions,
    benefitMap,
    costLines,
    benefitLines,
    economics: {
      discountRatePct: { before: e1.discountRatePct, after: e2.discountRatePct },
      npv: amountChange(e1.npv, e2.npv),
      npvBudgetEffective: amountChange(e1.npvBudgetEffective, e2.npvBudgetEffective),
      payback: { before: e1.payback, after: e2.payback },
      benefitCostRatio: { before: e1.benefitCostRatio, after: e2.benefitCostRatio },
      totalCosts: amountChange(e1.totals.costs, e2.totals.costs),
      totalBenefits: amountChange(e1.totals.benefits, e2.totals.benefits),
      budgetEffectiveByDepartmentAndYear: budgetChanges,
    },
    identical,
  };
};
