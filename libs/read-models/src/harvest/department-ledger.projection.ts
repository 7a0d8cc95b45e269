import type { BudgetCutEvent, BudgetCutStatus, BusinessCaseEvent, DepartmentEvent } from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import { compareKeys, type DocumentReader, type DocumentWriter, type JsonValue, type Projection } from '../engine';
import { attached } from '../engine/attached';

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const AMOUNTS = ['plannedGross', 'proposed', 'approved', 'booked', 'reversed', 'rejected', 'retained', 'overridden'] as const;

/**
 * A year's totals as the `ledgers` document keeps them: the year of a `DepartmentLedger`
 * without its per-case lines, and which buckets of lines it has (ascending; a year with no
 * baseline and no line is left out, as a rebuild from scratch leaves it out).
 */
export type LedgerYearTotals = LedgerAmounts & { year: number; baseline: number | null; adjustedBudget: number | null; buckets: number[] };

/**
 * The `ledgers` document of a department: its name, head and per-year totals. The per-case
 * lines are kept apart, in `ledger-lines` documents of one year and one bucket of case ids
 * (key `departmentId|year|bucket`), so a cut rewrites a small bucket and this header, not the
 * whole ledger (which grows with every approved case), and reading a ledger is a few gets, not
 * a scan of every line.
 */
export type LedgerHeader = { departmentId: string; name: string; headId: string | null; years: LedgerYearTotals[] };

/** A `ledger-lines` document: the lines of one department, year and bucket, in case id (`<`) order. */
export type LedgerLineBucket = { cases: LedgerCaseLine[] };

/** A projection's documents as the ledger readers need them: a DocumentWriter, or `ledgerDocuments(reader)`. */
export type LedgerDocuments = Pick<DocumentWriter, 'get' | 'list'>;

/** The department-ledger projection's documents of a query-side reader (live, as-of or replayed). */
export const ledgerDocuments = (reader: DocumentReader, projection = 'department-ledger'): LedgerDocuments => ({
  get: <T extends JsonValue = JsonValue>(collection: string, key: string) => reader.get<T>(projection, collection, key),
  list: <T extends JsonValue = JsonValue>(collection: string, prefix?: string) => reader.list<T>(projection, collection, prefix === undefined ? {} : { prefix }),
});

/**
 * A case's bucket: the first UTF-16 code unit of its id. Buckets are ranges of ids in `<`
 * order, so a year's buckets, in order, list its cases in order without a sort, and a bucket's
 * JSON can be kept and joined with the others'. Case ids are UUIDs: 16 buckets (`0`–`9`,
 * `a`–`f`) of a few dozen lines each for a department with hundreds of cases.
 */
export const lineBucketOf = (caseId: string): number => caseId.charCodeAt(0) || 0;

const bucketKey = (departmentId: string, year: number, bucket: number): string => `${departmentId}|${year}|${bucket.toString(16).padStart(4, '0')}`;

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

/** A year's line buckets, in order (so their cases are in case id order). */
const bucketsOf = (docs: Pick<DocumentWriter, 'get'>, departmentId: string, year: LedgerYearTotals): LedgerLineBucket[] => {
  const out: LedgerLineBucket[] = [];
  for (const bucket of year.buckets) {
    const lines = docs.get<LedgerLineBucket>('ledger-lines', bucketKey(departmentId, year.year, bucket));
    if (lines) out.push(lines);
  }
  return out;
};

/** A year of the ledger: its totals with its cases in place of its buckets (the member order of `ledgerFromScratch`). */
const ledgerYear = (y: LedgerYearTotals, cases: LedgerCaseLine[]): LedgerYear => ({
  year: y.year,
  baseline: y.baseline,
  adjustedBudget: y.adjustedBudget,
  cases,
  plannedGross: y.plannedGross,
  proposed: y.proposed,
  approved: y.approved,
  booked: y.booked,
  reversed: y.reversed,
  rejected: y.rejected,
  retained: y.retained,
  overridden: y.overridden,
});

/** A header and its years' line buckets put together as one ledger. */
const assemble = (docs: Pick<DocumentWriter, 'get'>, header: LedgerHeader): DepartmentLedger => ({
  departmentId: header.departmentId,
  name: header.name,
  headId: header.headId,
  years: header.years.map((y) => ledgerYear(y, bucketsOf(docs, header.departmentId, y).flatMap((b) => b.cases))),
});

/** One department's whole ledger (years with their per-case lines), or undefined if it has none. */
export const readDepartmentLedger = (docs: LedgerDocuments, departmentId: string): DepartmentLedger | undefined => {
  const header = docs.get<LedgerHeader>('ledgers', departmentId);
  return header && assemble(docs, header);
};

/** Every department's whole ledger, in department id order. */
export const readDepartmentLedgers = (docs: LedgerDocuments): DepartmentLedger[] => docs.list<LedgerHeader>('ledgers').map(({ doc }) => assemble(docs, doc));

/**
 * The JSON of each bucket's cases, without the brackets, attached to the stored document
 * (attached.ts, as the project keeps values per frozen document): documents are frozen and
 * shared while unchanged, so a ledger read serialises only the buckets written since the last
 * one (a department's ledger runs to megabytes; a cut changes one bucket).
 */
const bucketJson = attached<string>();
const jsonOfBucket = (bucket: LedgerLineBucket): string => {
  let text = bucketJson.get(bucket);
  if (text === undefined) {
    text = JSON.stringify(bucket.cases).slice(1, -1);
    if (Object.isFrozen(bucket)) bucketJson.set(bucket, text);
  }
  return text;
};

/** Splices `inner` into the empty array that `marker` (a key and `[]`) ends with in `text`. */
const fillArray = (text: string, marker: string, inner: string): string => {
  const at = text.indexOf(marker) + marker.length - 1;
  return `${text.slice(0, at)}${inner}${text.slice(at)}`;
};

/**
 * `JSON.stringify(readDepartmentLedger(docs, departmentId))`, character for character (a
 * property test checks it), made from the buckets' kept JSON; undefined if it has no ledger.
 */
export const departmentLedgerJson = (docs: LedgerDocuments, departmentId: string): string | undefined => {
  const header = docs.get<LedgerHeader>('ledgers', departmentId);
  if (!header) return undefined;
  const years = header.years.map((y) => {
    const cases = bucketsOf(docs, departmentId, y)
      .map(jsonOfBucket)
      .join(',');
    // Before "cases" come only numbers and null: the marker cannot occur earlier in the text.
    return fillArray(JSON.stringify(ledgerYear(y, [])), '"cases":[]', cases);
  });
  // "years" is the last member: its empty array is at the very end.
  const text = JSON.stringify({ departmentId: header.departmentId, name: header.name, headId: header.headId, years: [] });
  return `${text.slice(0, -2)}${years.join(',')}]}`;
};

/** The department's header as stored (or empty), with its name and head as the department now has them. */
const currentHeader = (docs: DocumentWriter, departmentId: string): LedgerHeader => {
  const department = docs.get<DepartmentDoc>('departments', departmentId);
  return {
    departmentId,
    name: department?.name ?? departmentId,
    headId: department?.headId ?? null,
    years: docs.get<LedgerHeader>('ledgers', departmentId)?.years ?? [],
  };
};

const emptyYear = (year: number): LedgerYearTotals => ({ year, baseline: null, adjustedBudget: null, buckets: [], ...zero() });

/**
 * Changes a year of a header: `edit` gets a copy of it (or a new empty year); the adjusted
 * budget is recomputed, and the year is left out when it has no baseline and no line.
 * O(years): the other years are shared with the old header.
 */
const editYear = (header: LedgerHeader, year: number, edit: (totals: Mutable<LedgerYearTotals>) => void): LedgerHeader => {
  const years = [...header.years];
  let y = 0;
  while (y < years.length && years[y]!.year < year) y++;
  const existing = years[y]?.year === year ? years[y]! : undefined;
  const totals: Mutable<LedgerYearTotals> = existing ? { ...existing } : emptyYear(year);
  edit(totals);
  totals.adjustedBudget = totals.baseline === null ? null : totals.baseline - totals.booked;
  const keep = totals.baseline !== null || totals.buckets.length > 0;
  if (existing && keep) years[y] = totals;
  else if (existing) years.splice(y, 1);
  else if (keep) years.splice(y, 0, totals);
  return { ...header, years };
};

/**
 * Changes one line (year × case) of a department's ledger: rewrites the line's bucket (the line
 * is left out when it has no planned saving and no cut, as a rebuild from scratch would leave
 * it out; an empty bucket is deleted) and returns the header with the year's totals moved by
 * the line's change. O(years + the bucket's lines).
 */
const editLine = (docs: DocumentWriter, header: LedgerHeader, year: number, caseId: string, edit: (line: Mutable<LedgerCaseLine>) => void): LedgerHeader => {
  const bucket = lineBucketOf(caseId);
  const key = bucketKey(header.departmentId, year, bucket);
  const stored = docs.get<LedgerLineBucket>('ledger-lines', key);
  const cases = [...(stored?.cases ?? [])];
  const i = caseIndex(cases, caseId);
  const existing = cases[i]?.caseId === caseId ? cases[i] : undefined;
  const line: Mutable<LedgerCaseLine> = existing ? { ...existing } : { caseId, cutIds: [], ...zero() };
  edit(line);
  const keep = line.plannedGross !== 0 || line.cutIds.length > 0;
  if (existing && keep) cases[i] = line;
  else if (existing) cases.splice(i, 1);
  else if (keep) cases.splice(i, 0, line);
  if (cases.length > 0) docs.put('ledger-lines', key, { cases });
  else if (stored) docs.delete('ledger-lines', key);
  return editYear(header, year, (totals) => {
    for (const k of AMOUNTS) totals[k] += line[k] - (existing?.[k] ?? 0);
    if (cases.length > 0 && !stored) totals.buckets = insertSorted(totals.buckets, bucket);
    else if (cases.length === 0 && stored) totals.buckets = totals.buckets.filter((b) => b !== bucket);
  });
};

const insertSorted = (values: readonly number[], value: number): number[] => {
  const out = [...values];
  let i = out.length;
  while (i > 0 && out[i - 1]! > value) i--;
  out.splice(i, 0, value);
  return out;
};

/** Code-point order, as the cuts are listed (their keys are `departmentId|cutId`). */
const insertCutId = (cutIds: readonly string[], cutId: string): string[] => {
  const out = [...cutIds];
  let i = out.length;
  while (i > 0 && compareKeys(out[i - 1]!, cutId) > 0) i--;
  out.splice(i, 0, cutId);
  return out;
};

/** Adds (sign 1) or removes (sign −1) a cut's amounts on a line. */
const addCut = (line: Mutable<LedgerAmounts>, cut: CutRecord, sign: 1 | -1): void => {
  line[cut.status] += sign * cut.amount;
  if (cut.status === 'booked') {
    line.retained += sign * cut.retained;
    if (cut.override) line.overridden += sign * cut.amount;
  }
};

/** A cut was proposed or changed: its line moves by the difference of its record, and the year with it. */
const applyCutChange = (docs: DocumentWriter, departmentId: string, before: CutRecord | undefined, after: CutRecord): void => {
  let header = currentHeader(docs, departmentId);
  if (before && before.year === after.year && before.caseId === after.caseId) {
    // The usual change (approved, booked …): the same line, edited once.
    header = editLine(docs, header, after.year, after.caseId, (line) => {
      addCut(line, before, -1);
      addCut(line, after, 1);
    });
  } else if (before) {
    header = editLine(docs, header, before.year, before.caseId, (line) => {
      addCut(line, before, -1);
      line.cutIds = line.cutIds.filter((id) => id !== before.cutId);
    });
    header = editLine(docs, header, after.year, after.caseId, (line) => {
      addCut(line, after, 1);
      line.cutIds = insertCutId(line.cutIds, after.cutId);
    });
  } else {
    header = editLine(docs, header, after.year, after.caseId, (line) => {
      addCut(line, after, 1);
      line.cutIds = insertCutId(line.cutIds, after.cutId);
    });
  }
  docs.put('ledgers', departmentId, header);
};

/** A case's planned savings in a department changed from `before` to `after` (per year): one line per year that changed. */
const applyPlannedChange = (docs: DocumentWriter, departmentId: string, caseId: string, before: Record<string, number>, after: Record<string, number>): void => {
  let header = currentHeader(docs, departmentId);
  for (const year of new Set([...Object.keys(before), ...Object.keys(after)])) {
    // A line exists while its planned saving is not 0 (or it has cuts): no change, nothing to do.
    const delta = (after[year] ?? 0) - (before[year] ?? 0);
    if (delta === 0) continue;
    header = editLine(docs, header, Number(year), caseId, (l) => {
      l.plannedGross += delta;
    });
  }
  // Written even when nothing changed: a cached answer for this ledger is keyed on its header.
  docs.put('ledgers', departmentId, header);
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
 * Collections: `ledgers` (key departmentId: name, head and per-year totals, `LedgerHeader`),
 * `ledger-lines` (key `departmentId|year|bucket`: the lines of a year's cases in one bucket), `cuts` (key
 * `departmentId|cutId`), `planned` (key `departmentId|caseId`), `planned-by-case`,
 * `cut-index`, `departments`. `readDepartmentLedger` puts a header and its lines together.
 *
 * Every event changes only what it touches: a cut event or an approval its lines and their
 * years' totals, a department event its header. The assembled ledger always equals
 * `ledgerFromScratch` (checked by a property test). Version 2 split the per-case lines out of
 * the ledger document: in version 1 every cut rewrote the whole ledger, 100–300 KB for a
 * department with a few hundred cases; a line of its own per document made reading a ledger a
 * scan of thousands of rows.
 */
export const departmentLedgerProjection: Projection<RecordedEvent> = {
  name: 'department-ledger',
  version: 2,
  handles: (type) => HANDLED.has(type),
  apply(recorded, docs) {
    const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
    const position = String(recorded.position);
    switch (event.type) {
      case 'DepartmentRegistered':
      case 'DepartmentRenamed':
      case 'DepartmentHeadChanged':
      case 'BaselineBudgetSet': {
        const id = event.data.departmentId;
        const current = docs.get<DepartmentDoc>('departments', id);
        if (!current && event.type !== 'DepartmentRegistered') return;
        const next: DepartmentDoc =
          event.type === 'DepartmentRegistered'
            ? { departmentId: id, name: event.data.name, headId: event.data.headId, baselines: {} }
            : event.type === 'DepartmentRenamed'
              ? { ...current!, name: event.data.name }
              : event.type === 'DepartmentHeadChanged'
                ? { ...current!, headId: event.data.headId }
                : { ...current!, baselines: { ...current!.baselines, [String(event.data.year)]: event.data.amount } };
        docs.put('departments', id, next);
        let header = currentHeader(docs, id);
        if (event.type === 'DepartmentRegistered') {
          // Registered again (the domain refuses it, a replay of any log must not): its baselines start afresh.
          for (const y of header.years) {
            if (y.baseline !== null) {
              header = editYear(header, y.year, (t) => {
                t.baseline = null;
              });
            }
          }
        } else if (event.type === 'BaselineBudgetSet') {
          const { year, amount } = event.data;
          header = editYear(header, year, (t) => {
            t.baseline = amount;
          });
        }
        docs.put('ledgers', id, header);
        return;
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

/** Municipality-wide totals per year, summed from the department ledgers (or their headers). */
export const municipalitySummary = (ledgers: readonly { years: readonly (LedgerAmounts & { year: number; baseline: number | null; adjustedBudget: number | null })[] }[]): (LedgerAmounts & { year: number; baseline: number; adjustedBudget: number })[] => {
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
