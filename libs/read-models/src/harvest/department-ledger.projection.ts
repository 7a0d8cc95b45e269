import type { BudgetCutEvent, BudgetCutStatus, BusinessCaseEvent, DepartmentEvent } from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import { compareKeys, type DocumentWriter, type Projection } from '../engine';

/** The justification and the numbers of a cut that runs ahead of the planned savings. */
export type OverrideRecord = { justification: string; year: number; limit: number; already: number; requested: number; excess: number };

/** One budget cut with everything every view must show: figures, override, who did what when. */
export type CutRecord = {
  cutId: string;
  caseId: string;
  departmentId: string;
  year: number;
  status: BudgetCutStatus;
  approvedRevision: number;
  sharePct: number;
  gross: number;
  retained: number;
  cut: number;
  /** The amount actually proposed (the rule's cut unless finance chose less or more). */
  amount: number;
  override: OverrideRecord | null;
  realisationStatus: string | null;
  realisationAcknowledgement: string | null;
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  bookedBy: string | null;
  bookedAt: string | null;
  rejectedBy: string | null;
  reversedBy: string | null;
  reason: string | null;
  /** Global log position of the last change (decimal string). */
  position: string;
};

export type LedgerAmounts = {
  /** Approved budget-effective saving (the gross that may be harvested). */
  plannedGross: number;
  proposed: number;
  approved: number;
  booked: number;
  reversed: number;
  rejected: number;
  /** The department's retained share of the gross of its booked cuts. */
  retained: number;
  /** Cuts booked beyond the rule's limit with an override. */
  overridden: number;
};

export type LedgerCaseLine = LedgerAmounts & { caseId: string; cutIds: string[] };

export type LedgerYear = LedgerAmounts & {
  year: number;
  /** null when finance has set no baseline budget for the year. */
  baseline: number | null;
  /** baseline − booked cuts (reversed cuts are no longer booked). */
  adjustedBudget: number | null;
  cases: LedgerCaseLine[];
};

export type DepartmentLedger = {
  departmentId: string;
  name: string;
  headId: string | null;
  years: LedgerYear[];
};

type PlannedDoc = { caseId: string; departmentId: string; byYear: Record<string, number> };
type DepartmentDoc = { departmentId: string; name: string; headId: string | null; baselines: Record<string, number> };

const zero = (): LedgerAmounts => ({ plannedGross: 0, proposed: 0, approved: 0, booked: 0, reversed: 0, rejected: 0, retained: 0, overridden: 0 });

const add = (into: LedgerAmounts, cut: CutRecord): void => {
  into[cut.status] += cut.amount;
  if (cut.status === 'booked') {
    into.retained += cut.retained;
    if (cut.override) into.overridden += cut.amount;
  }
};

/**
 * One department's ledger document computed from scratch from its planned savings, cuts and
 * budgets: what the incremental updates below must always equal (the specs check it), and
 * what a department event (rare) still does.
 */
export const ledgerFromScratch = (docs: Pick<DocumentWriter, 'get' | 'list'>, departmentId: string): DepartmentLedger => {
  const department = docs.get<DepartmentDoc>('departments', departmentId);
  const planned = docs.list<PlannedDoc>('planned', `${departmentId}|`).map((e) => e.doc);
  const cuts = docs.list<CutRecord>('cuts', `${departmentId}|`).map((e) => e.doc);
  const years = new Map<number, LedgerYear>();
  const yearOf = (year: number): LedgerYear => {
    let y = years.get(year);
    if (!y) {
      y = { year, baseline: null, adjustedBudget: null, cases: [], ...zero() };
      years.set(year, y);
    }
    return y;
  };
  // By year and case: a linear search here made a rebuild quadratic in the department's cases.
  const lines = new Map<string, LedgerCaseLine>();
  const caseOf = (year: LedgerYear, caseId: string): LedgerCaseLine => {
    const key = `${year.year}|${caseId}`;
    let line = lines.get(key);
    if (!line) {
      line = { caseId, cutIds: [], ...zero() };
      lines.set(key, line);
      year.cases.push(line);
    }
    return line;
  };
  for (const [year, amount] of Object.entries(department?.baselines ?? {})) yearOf(Number(year)).baseline = amount;
  for (const p of planned) {
    for (const [year, amount] of Object.entries(p.byYear)) {
      if (amount === 0) continue;
      const y = yearOf(Number(year));
      y.plannedGross += amount;
      caseOf(y, p.caseId).plannedGross += amount;
    }
  }
  for (const cut of cuts) {
    const y = yearOf(cut.year);
    add(y, cut);
    const line = caseOf(y, cut.caseId);
    add(line, cut);
    line.cutIds.push(cut.cutId);
  }
  const ordered = [...years.values()].sort((a, b) => a.year - b.year);
  for (const y of ordered) {
    y.adjustedBudget = y.baseline === null ? null : y.baseline - y.booked;
    y.cases.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  }
  return {
    departmentId,
    name: department?.name ?? departmentId,
    headId: department?.headId ?? null,
    years: ordered,
  };
};

const rebuildLedger = (docs: DocumentWriter, departmentId: string): void => {
  docs.put('ledgers', departmentId, ledgerFromScratch(docs, departmentId));
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const AMOUNTS = ['plannedGross', 'proposed', 'approved', 'booked', 'reversed', 'rejected', 'retained', 'overridden'] as const;

/** `<` on case ids, as the from-scratch sort orders them. */
const caseIndex = (cases: readonly LedgerCaseLine[], caseId: string): number => {
  let low = 0;
  let high = cases.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cases[middle]!.caseId < caseId) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** Code-point order, as the cuts are listed (their keys are `departmentId|cutId`). */
const insertCutId = (cutIds: readonly string[], cutId: string): string[] => {
  const out = [...cutIds];
  let i = out.length;
  while (i > 0 && compareKeys(out[i - 1]!, cutId) > 0) i--;
  out.splice(i, 0, cutId);
  return out;
};

/**
 * Changes one line (year × case) of a ledger and the year's totals by the line's change, in
 * O(years + the year's cases): the other years and lines are shared with the old document.
 * A line with no planned saving and no cut disappears, and so does a year with no baseline
 * and no line — exactly as a rebuild from scratch would leave them out.
 */
const editLine = (ledger: DepartmentLedger, year: number, caseId: string, edit: (line: Mutable<LedgerCaseLine>) => void): DepartmentLedger => {
  const years = [...ledger.years];
  let y = 0;
  while (y < years.length && years[y]!.year < year) y++;
  const existingYear = years[y]?.year === year ? years[y]! : undefined;
  const yearDoc: Mutable<LedgerYear> = existingYear
    ? { ...existingYear, cases: [...existingYear.cases] }
    : { year, baseline: null, adjustedBudget: null, cases: [], ...zero() };
  const i = caseIndex(yearDoc.cases, caseId);
  const existingLine = yearDoc.cases[i]?.caseId === caseId ? yearDoc.cases[i]! : undefined;
  const line: Mutable<LedgerCaseLine> = existingLine ? { ...existingLine } : { caseId, cutIds: [], ...zero() };
  edit(line);
  for (const k of AMOUNTS) yearDoc[k] += line[k] - (existingLine?.[k] ?? 0);
  const keep = line.plannedGross !== 0 || line.cutIds.length > 0;
  if (existingLine && keep) yearDoc.cases[i] = line;
  else if (existingLine) yearDoc.cases.splice(i, 1);
  else if (keep) yearDoc.cases.splice(i, 0, line);
  yearDoc.adjustedBudget = yearDoc.baseline === null ? null : yearDoc.baseline - yearDoc.booked;
  const keepYear = yearDoc.baseline !== null || yearDoc.cases.length > 0;
  if (existingYear && keepYear) years[y] = yearDoc;
  else if (existingYear) years.splice(y, 1);
  else if (keepYear) years.splice(y, 0, yearDoc);
  return { ...ledger, years };
};

/** Adds (sign 1) or removes (sign −1) a cut's amounts on a line. */
const addCut = (line: Mutable<LedgerAmounts>, cut: CutRecord, sign: 1 | -1): void => {
  line[cut.status] += sign * cut.amount;
  if (cut.status === 'booked') {
    line.retained += sign * cut.retained;
    if (cut.override) line.overridden += sign * cut.amount;
  }
};

/** The department's ledger as stored (or empty), with its name and head as the department now has them. */
const currentLedger = (docs: DocumentWriter, departmentId: string): DepartmentLedger => {
  const department = docs.get<DepartmentDoc>('departments', departmentId);
  const stored = docs.get<DepartmentLedger>('ledgers', departmentId);
  return {
    departmentId,
    name: department?.name ?? departmentId,
    headId: department?.headId ?? null,
    years: stored?.years ?? [],
  };
};

/** A cut was proposed or changed: the ledger moves by the difference of its record, O(year). */
const applyCutChange = (docs: DocumentWriter, departmentId: string, before: CutRecord | undefined, after: CutRecord): void => {
  let ledger = currentLedger(docs, departmentId);
  if (before) {
    const moved = before.year !== after.year || before.caseId !== after.caseId;
    ledger = editLine(ledger, before.year, before.caseId, (line) => {
      addCut(line, before, -1);
      if (moved) line.cutIds = line.cutIds.filter((id) => id !== before.cutId);
    });
    ledger = editLine(ledger, after.year, after.caseId, (line) => {
      addCut(line, after, 1);
      if (moved) line.cutIds = insertCutId(line.cutIds, after.cutId);
    });
  } else {
    ledger = editLine(ledger, after.year, after.caseId, (line) => {
      addCut(line, after, 1);
      line.cutIds = insertCutId(line.cutIds, after.cutId);
    });
  }
  docs.put('ledgers', departmentId, ledger);
};

/** A case's planned savings in a department changed from `before` to `after` (per year), O(years × year). */
const applyPlannedChange = (docs: DocumentWriter, departmentId: string, caseId: string, before: Record<string, number>, after: Record<string, number>): void => {
  let ledger = currentLedger(docs, departmentId);
  for (const year of new Set([...Object.keys(before), ...Object.keys(after)])) {
    // A line exists while its planned saving is not 0 (or it has cuts): no change, nothing to do.
    const delta = (after[year] ?? 0) - (before[year] ?? 0);
    if (delta === 0) continue;
    ledger = editLine(ledger, Number(year), caseId, (l) => {
      l.plannedGross += delta;
    });
  }
  docs.put('ledgers', departmentId, ledger);
};

const HANDLED = new Set<string>([
  'DepartmentRegistered',
  'DepartmentRenamed',
  'DepartmentHeadChanged',
  'BaselineBudgetSet',
  'BusinessCaseApproved',
  'BudgetCutProposed',
  'BudgetCutApproved',
  'BudgetCutRejected',
  'BudgetCutBooked',
  'BudgetCutReversed',
]);

type LedgerEvent = DepartmentEvent | Extract<BusinessCaseEvent, { type: 'BusinessCaseApproved' }> | BudgetCutEvent;

/**
 * The department ledger (read model): per department and year the baseline budget, planned
 * gross savings from approved cases, cuts proposed / approved / booked / reversed / rejected,
 * the retained amount and the adjusted budget, with a per-case breakdown; and every cut with
 * its figures, override and who did what.
 *
 * Collections: `ledgers` (key departmentId), `cuts` (key `departmentId|cutId`), `planned`
 * (key `departmentId|caseId`), `departments`.
 *
 * A cut event or an approval changes the ledger by difference (only the lines and years it
 * touches); a department event (rare) rebuilds the department's ledger from scratch. Either way
 * the document equals `ledgerFromScratch` (checked by a property test).
 */
export const departmentLedgerProjection: Projection<RecordedEvent> = {
  name: 'department-ledger',
  version: 1,
  handles: (type) => HANDLED.has(type),
  apply(recorded, docs) {
    const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
    const position = String(recorded.position);
    switch (event.type) {
      case 'DepartmentRegistered':
        docs.put('departments', event.data.departmentId, { departmentId: event.data.departmentId, name: event.data.name, headId: event.data.headId, baselines: {} });
        return rebuildLedger(docs, event.data.departmentId);
      case 'DepartmentRenamed':
      case 'DepartmentHeadChanged':
      case 'BaselineBudgetSet': {
        const id = event.data.departmentId;
        const current = docs.get<DepartmentDoc>('departments', id);
        if (!current) return;
        const next: DepartmentDoc =
          event.type === 'DepartmentRenamed'
            ? { ...current, name: event.data.name }
            : event.type === 'DepartmentHeadChanged'
              ? { ...current, headId: event.data.headId }
              : { ...current, baselines: { ...current.baselines, [String(event.data.year)]: event.data.amount } };
        docs.put('departments', id, next);
        return rebuildLedger(docs, id);
      }
      case 'BusinessCaseApproved': {
        // A (re-)approval replaces the case's planned savings in every department.
        const caseId = event.data.caseId;
        const byDepartment = event.data.summary.budgetEffectiveByDepartmentAndYear;
        const before = new Map<string, Record<string, number>>();
        for (const entry of docs.list<PlannedDoc>('planned-by-case', `${caseId}|`)) {
          before.set(entry.doc.departmentId, entry.doc.byYear);
          docs.delete('planned', `${entry.doc.departmentId}|${caseId}`);
          docs.delete('planned-by-case', entry.key);
        }
        const after = new Map<string, Record<string, number>>();
        for (const [departmentId, perYear] of Object.entries(byDepartment)) {
          const byYear: Record<string, number> = {};
          for (const [year, amount] of Object.entries(perYear)) byYear[year] = amount;
          const doc: PlannedDoc = { caseId, departmentId, byYear };
          docs.put('planned', `${departmentId}|${caseId}`, doc);
          docs.put('planned-by-case', `${caseId}|${departmentId}`, doc);
          after.set(departmentId, byYear);
        }
        for (const departmentId of new Set([...Object.keys(byDepartment), ...before.keys()])) {
          applyPlannedChange(docs, departmentId, caseId, before.get(departmentId) ?? {}, after.get(departmentId) ?? {});
        }
        return;
      }
      case 'BudgetCutProposed': {
        const d = event.data;
        const record: CutRecord = {
          cutId: d.cutId,
          caseId: d.caseId,
          departmentId: d.departmentId,
          year: d.year,
          status: 'proposed',
          approvedRevision: d.approvedRevision,
          sharePct: d.sharePct,
          gross: d.gross,
          retained: d.retained,
          cut: d.cut,
          amount: d.amount,
          override: d.override ? { ...d.override } : null,
          realisationStatus: d.realisationStatus,
          realisationAcknowledgement: d.realisationAcknowledgement,
          proposedBy: d.proposedBy,
          proposedAt: d.proposedAt,
          approvedBy: null,
          approvedAt: null,
          bookedBy: null,
          bookedAt: null,
          rejectedBy: null,
          reversedBy: null,
          reason: null,
          position,
        };
        const key = `${d.departmentId}|${d.cutId}`;
        const before = docs.get<CutRecord>('cuts', key);
        docs.put('cuts', key, record);
        docs.put('cut-index', d.cutId, { departmentId: d.departmentId, caseId: d.caseId });
        return applyCutChange(docs, d.departmentId, before, record);
      }
      case 'BudgetCutApproved':
      case 'BudgetCutRejected':
      case 'BudgetCutBooked':
      case 'BudgetCutReversed': {
        const d = event.data;
        const key = `${d.departmentId}|${d.cutId}`;
        const current = docs.get<CutRecord>('cuts', key);
        if (!current) return;
        const next: CutRecord =
          event.type === 'BudgetCutApproved'
            ? { ...current, status: 'approved', approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt, position }
            : event.type === 'BudgetCutRejected'
              ? { ...current, status: 'rejected', rejectedBy: event.data.rejectedBy, reason: event.data.reason, position }
              : event.type === 'BudgetCutBooked'
                ? { ...current, status: 'booked', bookedBy: event.data.bookedBy, bookedAt: event.data.bookedAt, position }
                : { ...current, status: 'reversed', reversedBy: event.data.reversedBy, reason: event.data.reason, position };
        docs.put('cuts', key, next);
        return applyCutChange(docs, d.departmentId, current, next);
      }
      default:
        return;
    }
  },
};

/** Municipality-wide totals per year, summed from the department ledgers. */
export const municipalitySummary = (ledgers: readonly DepartmentLedger[]): (LedgerAmounts & { year: number; baseline: number; adjustedBudget: number })[] => {
  const years = new Map<number, LedgerAmounts & { year: number; baseline: number; adjustedBudget: number }>();
  for (const ledger of ledgers) {
    for (const y of ledger.years) {
      const t = years.get(y.year) ?? { year: y.year, baseline: 0, adjustedBudget: 0, ...zero() };
      t.baseline += y.baseline ?? 0;
      t.adjustedBudget += y.adjustedBudget ?? 0;
      for (const k of ['plannedGross', 'proposed', 'approved', 'booked', 'reversed', 'rejected', 'retained', 'overridden'] as const) t[k] += y[k];
      years.set(y.year, t);
    }
  }
  return [...years.values()].sort((a, b) => a.year - b.year);
};
