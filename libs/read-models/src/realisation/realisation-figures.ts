import {
  DomainError,
  formatMonth,
  parseMonth,
  realisedGainFigures,
  type IndicatorForGain,
  type MeasurementForGain,
  type RealisedGainFigures,
} from '@gevinst/domain';
import { attached } from '../engine/attached';
import type { RealisationPlan, RealisationPlanLine } from './realisation-plan';

/**
 * The realised gain of a plan's budget-effective lines, month by month, computed with the
 * domain's `realisedGain` (docs/realisation.md) — one period at a time, each call given only
 * the measurements and trajectory points that can bear on that period, so that the cost per
 * period does not grow with the history. The write side (colour evaluation) and the
 * realisation projection both compute with this module, so their figures agree.
 *
 * Months are absolute numbers: year × 12 + (month − 1).
 */

/** First month of a period 'YYYY-MM' or 'YYYY' (read digit by digit: this runs for every measurement). */
export const periodStartMonth = (period: string): number => {
  const month = period.length === 4 && /^\d{4}$/.test(period) ? Number(period) * 12 : parseMonth(period);
  if (month === undefined) throw new RangeError(`not a period: ${period}`);
  return month;
};

/** Last month of a period 'YYYY-MM' or 'YYYY' (the month its last day falls in). */
export const periodEndMonth = (period: string): number =>
  period.length === 4 ? Number(period) * 12 + 11 : periodStartMonth(period);

export const monthLabel = (month: number): string => formatMonth(month);

export const yearOfMonth = (month: number): number => Math.floor(month / 12);

/** One line's figures for a run of months [from, to] (index 0 = `from`). */
export type LineFigures = {
  from: number;
  planned: number[];
  realised: number[];
  /** The realised share of the planned saving (4 decimals), null when undefined. */
  share: (number | null)[];
  /**
   * Which evidence the month rests on: the indicator id, null when there is none, or
   * `!<code>` when the formula refused the inputs (e.g. a lagging indicator counting hours on a
   * line without an hourly cost): such a month realises 0.
   */
  basis: (string | null)[];
  /** 1 when an adoption/leading share was above the cap and counted at the cap. */
  capped: number[];
  /**
   * Years computed as one yearly period (an indicator of the line plans in years, or measured
   * the year as a whole): the year's planned and realised gain sit in its December.
   */
  yearlyPeriods: number[];
};

type Item = { readonly m: MeasurementForGain; readonly start: number; readonly end: number; readonly seq: number };
/** A trajectory point as the formula reads it. */
type PlainPoint = { readonly period: string; readonly value: number };

/**
 * An indicator's trajectory sorted by the month each point's period ends in (stable): `ends[i]`
 * and `plains[i]`, two arrays rather than an object a point (a replay keeps millions). A plain
 * point is shared by every period's inputs: the trajectory's own point when that is frozen and
 * holds just the period and the value (a read-model document's), else a frozen copy.
 */
type Points = { readonly ends: readonly number[]; readonly plains: readonly PlainPoint[]; readonly yearlyPlan: boolean };

interface Prepared {
  readonly indicator: IndicatorForGain;
  /** Effective measurements, sorted by (end, recording order). */
  readonly byEnd: readonly Item[];
  /** Effective measurements in recording order. */
  readonly bySeq: readonly Item[];
  readonly points: Points;
}

const lastAtOrBefore = <T extends { end: number }>(sorted: readonly T[], month: number): T | undefined => {
  const after = firstAfter(sorted, month);
  return after > 0 ? sorted[after - 1] : undefined;
};

/** Index of the first item whose end is after `month`. */
const firstAfter = <T extends { end: number }>(sorted: readonly T[], month: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= month) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Index of the first end after `month` in sorted ends. */
const firstEndAfter = (ends: readonly number[], month: number): number => {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid]! <= month) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * An indicator's trajectory as sorted points. Remembered per indicator object when it is
 * frozen (a read-model document: the same object until the indicator changes), so a case
 * recomputed month after month does not sort the same trajectory again.
 */
const pointsCache = attached<Points>();
const pointsOf = (indicator: IndicatorForGain): Points => {
  const cached = pointsCache.get(indicator);
  if (cached) return cached;
  const trajectory = indicator.trajectory;
  let ends: number[] = new Array<number>(trajectory.length);
  let plains: PlainPoint[] = new Array<PlainPoint>(trajectory.length);
  let yearlyPlan = false;
  let sorted = true;
  for (let i = 0; i < trajectory.length; i++) {
    const p = trajectory[i]!;
    const start = periodStartMonth(p.period);
    const yearly = p.period.length === 4;
    if (yearly) yearlyPlan = true;
    ends[i] = yearly ? start + 11 : start;
    plains[i] = isPlainPoint(p) ? p : Object.freeze({ period: p.period, value: p.value });
    if (i > 0 && ends[i]! < ends[i - 1]!) sorted = false;
  }
  if (!sorted) {
    // Array sort is stable: points ending in the same month keep their order.
    const order = ends.map((_, i) => i).sort((a, b) => ends[a]! - ends[b]!);
    [ends, plains] = [order.map((i) => ends[i]!), order.map((i) => plains[i]!)];
  }
  const result: Points = { ends, plains, yearlyPlan };
  if (Object.isFrozen(indicator) && Object.isFrozen(indicator.trajectory)) pointsCache.set(indicator, result);
  return result;
};

/** A trajectory point with no member but the period and the value (realisation keeps such points as they are). */
export const isPeriodValuePoint = (p: object): boolean => {
  let members = 0;
  for (const _member in p) members++;
  return members === 2 && 'period' in p && 'value' in p;
};

/** A frozen trajectory point with no member but the period and the value. */
const isPlainPoint = (p: PlainPoint): boolean => Object.isFrozen(p) && isPeriodValuePoint(p);

/**
 * A case's evidence as lineFigures reads it: the indicators, and each indicator's effective
 * measurements in recording order (seq: the index in that indicator's list). Make it once
 * (`caseEvidence` from all the case's measurements, `caseEvidenceOfLists` from the read
 * model's list per indicator) and give it to every line of the case.
 */
export interface CaseEvidence {
  readonly indicators: readonly IndicatorForGain[];
  readonly byIndicator: ReadonlyMap<string, readonly Item[]>;
}

export const caseEvidence = (indicators: readonly IndicatorForGain[], measurements: readonly MeasurementForGain[]): CaseEvidence => {
  // Each indicator's measurements in recording order: only the order within an indicator matters.
  const lists = new Map<string, MeasurementForGain[]>();
  for (const m of measurements) {
    let list = lists.get(m.indicatorId);
    if (!list) lists.set(m.indicatorId, (list = []));
    list.push(m);
  }
  return caseEvidenceOfLists(indicators, indicators.map((i) => [lists.get(i.indicatorId) ?? []]));
};

/**
 * One indicator's measurement list in chunks (a read model's `measurements` document: its
 * records in recording order, chunk after chunk) as items: its effective measurements with
 * their months, seq = the index in the whole list. Attached to the frozen list of chunks
 * (attached.ts), so a case recomputed again reads it without a pass over its measurements;
 * `carryListItems` gives a list that grew by one measurement its items without one.
 */
type MeasurementChunks = readonly (readonly MeasurementForGain[])[];
const listItems = attached<readonly Item[]>();
const itemsOfList = (chunks: MeasurementChunks): readonly Item[] => {
  let items = listItems.get(chunks);
  if (items !== undefined) return items;
  const fresh: Item[] = [];
  let seq = 0;
  for (const chunk of chunks) {
    for (const m of chunk) {
      if (m.supersededBy === undefined) fresh.push({ m, start: periodStartMonth(m.period), end: periodEndMonth(m.period), seq });
      seq++;
    }
  }
  items = fresh;
  if (Object.isFrozen(chunks)) listItems.set(chunks, items);
  return items;
};

const recordCount = (chunks: MeasurementChunks): number => {
  let count = 0;
  for (const chunk of chunks) count += chunk.length;
  return count;
};

/**
 * `next` is `previous` with one measurement appended (and nothing else changed): its items are
 * the previous list's and the new one's. Only for frozen lists (stored documents).
 */
export const carryListItems = (previous: MeasurementChunks, next: MeasurementChunks): void => {
  const before = listItems.get(previous);
  if (before === undefined || !Object.isFrozen(next)) return;
  const count = recordCount(previous);
  if (recordCount(next) !== count + 1) return;
  const m = next[next.length - 1]![next[next.length - 1]!.length - 1]!;
  listItems.set(next, m.supersededBy === undefined ? [...before, { m, start: periodStartMonth(m.period), end: periodEndMonth(m.period), seq: count }] : before);
};

/**
 * A measurement list being appended to within a batch (see the realisation projection's batch
 * work): its chunks, copied on first change, and its items kept as it grows, so that an append
 * costs a push instead of a document. The chunks follow MEASUREMENT_CHUNK exactly as appending
 * to the stored document does, so the document written at the end of the batch is the same.
 * Not to be used after `chunks` is stored (the store freezes them).
 */
export class MeasurementListDraft<R extends MeasurementForGain = MeasurementForGain> {
  readonly chunks: R[][];
  /** The effective measurements as items (as itemsOfList gives them). */
  readonly items: Item[];
  private count: number;
  /** Chunks this draft made or copied (the others are the stored document's, frozen). */
  private readonly owned = new Set<R[]>();

  constructor(
    stored: readonly (readonly R[])[],
    private readonly chunkSize: number,
  ) {
    this.chunks = [...stored] as R[][];
    this.items = [...itemsOfList(stored)];
    this.count = recordCount(stored);
  }

  /**
   * Appends the record, frozen (a plain JSON record: the store shares it as it is). `start`:
   * periodStartMonth of its period, where the caller has it already.
   */
  append(record: R, start = periodStartMonth(record.period)): void {
    Object.freeze(record);
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.length < this.chunkSize) this.own(this.chunks.length - 1).push(record);
    else {
      const chunk = [record];
      this.owned.add(chunk);
      this.chunks.push(chunk);
    }
    if (record.supersededBy === undefined) {
      this.items.push({ m: record, start, end: record.period.length === 4 ? start + 11 : start, seq: this.count });
    }
    this.count++;
  }

  find(measurementId: string): R | undefined {
    for (const chunk of this.chunks) for (const m of chunk) if (m.measurementId === measurementId) return m;
    return undefined;
  }

  /** Marks every record with this id as superseded by `by` (it leaves the items). */
  supersede(measurementId: string, by: string): void {
    this.chunks.forEach((chunk, k) => {
      if (!chunk.some((m) => m.measurementId === measurementId)) return;
      const own = this.own(k);
      own.forEach((m, j) => {
        if (m.measurementId === measurementId) own[j] = Object.freeze({ ...m, supersededBy: by });
      });
    });
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]!.m.measurementId === measurementId) this.items.splice(i, 1);
  }

  /** After `chunks` was stored: the stored (frozen) list gets the items, as itemsOfList would make them. */
  attachTo(stored: MeasurementChunks): void {
    if (stored === this.chunks && Object.isFrozen(stored)) listItems.set(stored, this.items);
  }

  private own(k: number): R[] {
    const chunk = this.chunks[k]!;
    if (this.owned.has(chunk)) return chunk;
    const copy = [...chunk];
    this.owned.add(copy);
    this.chunks[k] = copy;
    return copy;
  }
}

/**
 * The case's evidence from its measurement lists, one per indicator (each holding only that
 * indicator's measurements, in chunks, or a draft of it), in the indicators' order.
 */
export const caseEvidenceOfLists = (indicators: readonly IndicatorForGain[], lists: readonly (MeasurementChunks | MeasurementListDraft)[]): CaseEvidence => {
  const byIndicator = new Map<string, readonly Item[]>();
  indicators.forEach((indicator, i) => {
    const list = lists[i] ?? [];
    const items = list instanceof MeasurementListDraft ? list.items : itemsOfList(list);
    if (items.length > 0) byIndicator.set(indicator.indicatorId, items);
  });
  return { indicators, byIndicator };
};

const NO_ITEMS: readonly Item[] = [];

const prepare = (lineId: string, evidence: CaseEvidence): Prepared[] => {
  const groups = evidence.byIndicator;
  return evidence.indicators
    .filter((i) => i.benefitLineIds.includes(lineId))
    .map((indicator) => {
      const bySeq = groups.get(indicator.indicatorId) ?? NO_ITEMS;
      const byEnd = bySeq.every((item, i) => i === 0 || bySeq[i - 1]!.end <= item.end) ? bySeq : [...bySeq].sort((a, b) => a.end - b.end || a.seq - b.seq);
      return { indicator, byEnd, bySeq, points: pointsOf(indicator) };
    });
};

/** The inputs that bear on one period [start, end]: what realisedGain reads, and nothing more. */
const inputsFor = (prepared: readonly Prepared[], start: number, end: number, period: string) => {
  const indicators: IndicatorForGain[] = [];
  const measurements: MeasurementForGain[] = [];
  for (const p of prepared) {
    const kind = p.indicator.kind;
    // Levels: the latest item ended before the period (carried forward), and every item ending
    // within it (in the order recorded, which breaks ties).
    const before = lastAtOrBefore(p.byEnd, start - 1);
    const within: Item[] = [];
    for (let i = firstAfter(p.byEnd, start - 1); i < p.byEnd.length && p.byEnd[i]!.end <= end; i++) within.push(p.byEnd[i]!);
    if (within.length > 1) within.sort((a, b) => a.seq - b.seq);
    if (kind === 'lagging') {
      for (const item of within) if (start !== end || item.m.period === period) measurements.push(item.m);
    } else {
      if (before) measurements.push(before.m);
      for (const item of within) measurements.push(item.m);
    }
    // The latest point ended before the period, then every point ending within it (sorted by end).
    const trajectory: { period: string; value: number }[] = [];
    const { ends, plains } = p.points;
    const first = firstEndAfter(ends, start - 1);
    if (first > 0) trajectory.push(plains[first - 1]!);
    for (let i = first; i < ends.length && ends[i]! <= end; i++) trajectory.push(plains[i]!);
    // What the formula reads of an indicator (not the record's name, target, edits …).
    const { indicatorId, unit, direction, baseline, benefitLineIds } = p.indicator;
    indicators.push({ indicatorId, kind, unit, direction, baseline, benefitLineIds, trajectory } as IndicatorForGain);
  }
  return { indicators, measurements };
};

const evaluatePeriod = (
  line: RealisationPlanLine,
  prepared: readonly Prepared[],
  period: string,
  start: number,
  end: number,
  planned: number,
): { realised: number; share: number | null; basis: string | null; capped: boolean } => {
  if (prepared.length === 0) return { realised: 0, share: planned === 0 ? null : 0, basis: null, capped: false };
  const { indicators, measurements } = inputsFor(prepared, start, end, period);
  let result: RealisedGainFigures;
  try {
    result = realisedGainFigures({
      benefitLineId: line.lineId,
      plannedSavingByPeriod: [{ period, planned }],
      indicators,
      measurements,
      ...(line.hourlyCostOre === null ? {} : { hourlyCostOre: line.hourlyCostOre }),
    })[0]!;
  } catch (error) {
    if (error instanceof DomainError || error instanceof RangeError) {
      return { realised: 0, share: planned === 0 ? null : 0, basis: `!${error instanceof DomainError ? error.code : 'range-error'}`, capped: false };
    }
    throw error;
  }
  return {
    realised: result.realised,
    share: result.realisedShare,
    basis: result.indicatorId,
    capped: result.capped,
  };
};

/**
 * One line's planned and realised gain for the months [from, to] of the plan (clamped to the
 * horizon; `from` is moved back to January when a year is computed as a whole). Months
 * outside the horizon are not returned.
 */
export const lineFigures = (
  plan: Pick<RealisationPlan, 'base' | 'months'>,
  line: RealisationPlanLine,
  evidence: CaseEvidence,
  fromMonth: number,
  toMonth: number,
): LineFigures => {
  const prepared = prepare(line.lineId, evidence);
  const yearlyPlan = prepared.some((p) => p.points.yearlyPlan);
  const yearlyMeasured = new Set<number>();
  // A year's item spans its twelve months (start January, end December); a month's, one.
  for (const p of prepared) for (const item of p.bySeq) if (item.end !== item.start) yearlyMeasured.add(yearOfMonth(item.start));
  const isYearly = (year: number): boolean => yearlyPlan || yearlyMeasured.has(year);

  let from = Math.max(fromMonth, plan.base);
  const to = Math.min(toMonth, plan.base + plan.months - 1);
  if (from <= to && isYearly(yearOfMonth(from))) from = yearOfMonth(from) * 12;
  const out: LineFigures = { from, planned: [], realised: [], share: [], basis: [], capped: [], yearlyPeriods: [] };
  const push = (planned: number, r: ReturnType<typeof evaluatePeriod> | null): void => {
    out.planned.push(planned);
    out.realised.push(r?.realised ?? 0);
    out.share.push(r?.share ?? null);
    out.basis.push(r?.basis ?? null);
    out.capped.push(r?.capped ? 1 : 0);
  };
  const plannedAt = (month: number): number => line.monthly[month - plan.base] ?? 0;
  /** The figures of the month before when nothing ended in it (see below). */
  let previous: { planned: number; result: ReturnType<typeof evaluatePeriod> } | null = null;
  for (let month = from; month <= to; ) {
    const year = yearOfMonth(month);
    if (isYearly(year)) {
      const january = year * 12;
      const december = january + 11;
      let planned = 0;
      for (let m = january; m <= december; m++) planned += plannedAt(m);
      const r = evaluatePeriod(line, prepared, String(year), january, december, planned);
      for (let m = january; m < december && m <= to; m++) if (m >= from) push(0, null);
      if (december <= to) push(planned, r);
      out.yearlyPeriods.push(year);
      month = december + 1;
      previous = null;
      continue;
    }
    const planned = plannedAt(month);
    // A month in which nothing ends (no measurement, no trajectory point) carries forward the
    // latest of each that ended before it. If nothing ended in the month before either, both
    // read the same measurements and points, so with the same planned saving they have the same
    // figures: the months after the latest measurement, which each new measurement moves, cost
    // a binary search each instead of an evaluation.
    if (nothingEndsIn(prepared, month)) {
      if (previous === null || previous.planned !== planned) previous = { planned, result: evaluatePeriod(line, prepared, monthLabel(month), month, month, planned) };
      push(planned, previous.result);
    } else {
      push(planned, evaluatePeriod(line, prepared, monthLabel(month), month, month, planned));
      previous = null;
    }
    month += 1;
  }
  return out;
};

/** No measurement and no trajectory point of the line's indicators ends in the month. */
const nothingEndsIn = (prepared: readonly Prepared[], month: number): boolean => {
  for (const p of prepared) {
    const next = firstAfter(p.byEnd, month - 1);
    if (next < p.byEnd.length && p.byEnd[next]!.end <= month) return false;
    const ends = p.points.ends;
    const nextPoint = firstEndAfter(ends, month - 1);
    if (nextPoint < ends.length && ends[nextPoint]! <= month) return false;
  }
  return true;
};

/** Planned and realised to date, summed over the plan's lines, for months up to `asOf`. */
export type CaseToDate = {
  asOf: string;
  plannedToDate: number;
  realisedToDate: number;
  byLine: { lineId: string; departmentId: string; plannedToDate: number; realisedToDate: number }[];
};

/**
 * The case's planned and realised gain to date (months up to and including `asOfMonth`): what
 * the colour is evaluated on. Yearly periods count once their year has ended.
 */
export const caseToDate = (
  plan: RealisationPlan,
  indicators: readonly IndicatorForGain[],
  measurements: readonly MeasurementForGain[],
  asOfMonth: number,
): CaseToDate => {
  const evidence = caseEvidence(indicators, measurements);
  const byLine = plan.lines.map((line) => {
    const figures = lineFigures(plan, line, evidence, plan.base, yearOfMonth(asOfMonth) * 12 + 11);
    let plannedToDate = 0;
    let realisedToDate = 0;
    figures.planned.forEach((planned, i) => {
      if (figures.from + i > asOfMonth) return;
      plannedToDate += planned;
      realisedToDate += figures.realised[i]!;
    });
    return { lineId: line.lineId, departmentId: line.departmentId, plannedToDate, realisedToDate };
  });
  return {
    asOf: monthLabel(asOfMonth),
    plannedToDate: byLine.reduce((s, l) => s + l.plannedToDate, 0),
    realisedToDate: byLine.reduce((s, l) => s + l.realisedToDate, 0),
    byLine,
  };
};
