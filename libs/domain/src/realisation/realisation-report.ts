import type { Ore } from '../shared/money';
import { compare, div, mul, ratio, ratioOf, sub, toNumber, toNumberTruncated, ZERO, type Ratio } from './exact-ratio';
import type { IndicatorBaseline, IndicatorDirection, IndicatorForGain, IndicatorKind, IndicatorTarget, IndicatorUnit } from './indicator';
import type { MeasurementSource } from './realisation.events';
import {
  monthFromNumber,
  monthNumber,
  periodEnd,
  periodYear,
  requireMonth,
  type RealisationPeriod,
} from './realisation-period';
import { realisationStatus, type RealisationColour, type RealisationTolerances } from './realisation-status';
import { plannedLevelIn } from './realised-gain';

/**
 * The benefits realisation report of one case (gevinstrealiseringsrapport), as of a month:
 * usually a year after go-live. Plan against actual per benefit line and period, each
 * indicator's baseline, trajectory and measurements (corrections shown superseding), the
 * deviations in kroner and per cent, the colour history with its acknowledgements, and what
 * was harvested (booked cuts), retained, and harvested ahead of realised.
 *
 * A pure function of plain data: the figures per line and month come from the realisation
 * read model (computed with `realisedGain`), the rest from the case's realisation stream as
 * the read model keeps it. Formulas: docs/realisation.md, "The realisation report".
 */

/** One benefit line's planned and realised gain in one month, øre. */
export interface ReportLineMonthInput {
  readonly period: RealisationPeriod;
  readonly planned: Ore;
  readonly realised: Ore;
  readonly share: number | null;
  /** The indicator the month's realised gain rests on; null: no evidence. */
  readonly basis: string | null;
  readonly capped: boolean;
}

export interface ReportLineInput {
  readonly lineId: string;
  readonly description: string;
  readonly departmentId: string;
  readonly workProcess?: string;
  /** The approved whole-year saving, øre, by calendar year. */
  readonly plannedByYear: Readonly<Record<string, Ore>>;
  /** Every month computed, in order (months of a year followed in yearly figures: all in December). */
  readonly months: readonly ReportLineMonthInput[];
  readonly yearlyPeriods: readonly number[];
}

export interface ReportIndicatorInput extends IndicatorForGain {
  readonly name: string;
  readonly target: IndicatorTarget;
  readonly trajectoryOrigin: { readonly kind: 'manual' | 'adoption-curve' };
  readonly definedBy: string;
  readonly definedAt: string;
  readonly edits: readonly { readonly at: string; readonly by: string; readonly reason: string }[];
}

export interface ReportMeasurementInput {
  readonly measurementId: string;
  readonly indicatorId: string;
  readonly period: RealisationPeriod;
  readonly value: number;
  readonly date?: string;
  readonly source: MeasurementSource;
  readonly recordedBy: string;
  readonly recordedAt: string;
  /** A correction: the measurement it replaced, and why. */
  readonly supersedes?: string;
  readonly reason?: string;
  /** Set on a measurement a correction replaced. */
  readonly supersededBy?: string;
}

export interface ReportColourChangeInput {
  readonly period: RealisationPeriod;
  readonly at: string;
  readonly from: RealisationColour | null;
  readonly to: RealisationColour;
  readonly realisedPct: number | null;
  readonly plannedToDate: Ore;
  readonly realisedToDate: Ore;
  readonly evaluatedBy: string;
}

export interface ReportRedEpisodeInput {
  readonly episode: number;
  readonly period: RealisationPeriod;
  readonly at: string;
  readonly realisedPct: number | null;
  readonly gap: Ore;
  readonly acknowledged: { readonly by: string; readonly at: string; readonly comment: string } | null;
}

/** A booked (not reversed) budget cut harvested from the case. */
export interface ReportCutInput {
  readonly departmentId: string;
  readonly year: number;
  readonly amount: Ore;
  readonly retained: Ore;
}

export interface RealisationReportInput {
  readonly case: {
    readonly caseId: string;
    readonly title: string;
    readonly status: string;
    readonly owningDepartmentId: string | null;
    readonly departmentIds: readonly string[];
  };
  /** The approved revision the plan is taken from (null: never approved). */
  readonly approval: { readonly revision: number; readonly at: string | null; readonly by: string | null; readonly reason: string | null } | null;
  readonly goLive: { readonly at: string; readonly by: string | null } | null;
  /** The month the report is as of: the figures of the months up to and including it. */
  readonly asOfPeriod: RealisationPeriod;
  readonly tolerances: RealisationTolerances;
  readonly lines: readonly ReportLineInput[];
  /** Benefit lines left out of realisation money (not budget-effective), with their class. */
  readonly excludedLines: readonly { readonly lineId: string; readonly benefitClass: string }[];
  readonly indicators: readonly ReportIndicatorInput[];
  /** Every measurement, superseded ones too, in order of recording. */
  readonly measurements: readonly ReportMeasurementInput[];
  readonly colourHistory: readonly ReportColourChangeInput[];
  readonly redEpisodes: readonly ReportRedEpisodeInput[];
  readonly cuts: readonly ReportCutInput[];
}

/** Plan against actual, øre. */
export interface ReportFigures {
  readonly planned: Ore;
  readonly realised: Ore;
  /** realised − planned: negative when behind plan. */
  readonly deviation: Ore;
  /** deviation ÷ planned × 100, 2 decimals (half away from zero); null when nothing was planned. */
  readonly deviationPct: number | null;
  /** realised ÷ planned × 100, cut to 2 decimals (as the colour); null when nothing was planned. */
  readonly realisedPct: number | null;
}

export interface ReportLineMonth extends ReportFigures {
  readonly period: RealisationPeriod;
  readonly share: number | null;
  readonly basis: string | null;
  readonly capped: boolean;
}

export interface ReportLine {
  readonly lineId: string;
  readonly description: string;
  readonly departmentId: string;
  readonly workProcess: string | null;
  readonly toDate: ReportFigures;
  readonly reportYear: ReportFigures;
  /** Years up to the report's; planned counts the months up to the as-of month, plannedFullYear the whole year. */
  readonly byYear: readonly (ReportFigures & { readonly year: number; readonly plannedFullYear: Ore })[];
  readonly months: readonly ReportLineMonth[];
  readonly yearlyPeriods: readonly number[];
}

export interface ReportMeasurement extends ReportMeasurementInput {
  readonly inForce: boolean;
  /** For a superseded measurement: the correction that replaced it (its reason, who, when). */
  readonly correction: { readonly measurementId: string; readonly value: number; readonly reason: string | null; readonly by: string; readonly at: string } | null;
}

export interface ReportIndicatorRow {
  readonly period: RealisationPeriod;
  /** The planned level (the trajectory as the formula reads it); lagging: the trajectory point for exactly the period, or null. */
  readonly planned: number | null;
  /** The value in force for the period; null when only superseded values remain (moved to another period). */
  readonly measured: number | null;
  /** measured − planned, in the indicator's unit (4 decimals). */
  readonly deviation: number | null;
  /** Measured at least as good as planned, in the indicator's direction. */
  readonly onPlan: boolean | null;
  /**
   * How much of the plan was achieved, %, 2 decimals, not capped: adoption and lagging measured ÷
   * planned; leading the achieved improvement from the baseline ÷ the planned improvement.
   */
  readonly achievedPct: number | null;
  /** The measurement in force and the superseded ones, in order of recording. */
  readonly measurements: readonly ReportMeasurement[];
}

export interface ReportIndicator {
  readonly indicatorId: string;
  readonly name: string;
  readonly unit: IndicatorUnit;
  readonly direction: IndicatorDirection;
  readonly kind: IndicatorKind;
  readonly benefitLineIds: readonly string[];
  readonly baseline: IndicatorBaseline;
  readonly target: IndicatorTarget;
  readonly trajectory: readonly { readonly period: RealisationPeriod; readonly value: number }[];
  readonly trajectoryOrigin: 'manual' | 'adoption-curve';
  readonly definedBy: string;
  readonly definedAt: string;
  readonly edits: readonly { readonly at: string; readonly by: string; readonly reason: string }[];
  /** One row per period measured up to the as-of month, in period order. */
  readonly rows: readonly ReportIndicatorRow[];
  /** The latest row with a value in force. */
  readonly latest: ReportIndicatorRow | null;
}

export interface ReportDepartmentHarvest {
  readonly departmentId: string;
  /** Realised gain to date of the case's lines in the department. */
  readonly realisedToDate: Ore;
  /** Cuts booked for budget years up to the report's year. */
  readonly harvestedToDate: Ore;
  readonly retainedToDate: Ore;
  /** max(0, harvested to date − realised to date). */
  readonly harvestedAheadOfRealised: Ore;
  /** Cuts already booked for budget years after the report's year. */
  readonly bookedForLaterYears: Ore;
  readonly byYear: readonly { readonly year: number; readonly harvested: Ore; readonly retained: Ore }[];
}

export interface RealisationReport {
  readonly case: RealisationReportInput['case'];
  readonly approval: RealisationReportInput['approval'];
  readonly goLive: RealisationReportInput['goLive'];
  readonly asOfPeriod: RealisationPeriod;
  /** The twelve months ending with the as-of month. */
  readonly reportYear: { readonly from: RealisationPeriod; readonly to: RealisationPeriod };
  readonly tolerances: RealisationTolerances;
  readonly summary: {
    readonly toDate: ReportFigures & { readonly gap: Ore; readonly colour: RealisationColour };
    readonly reportYear: ReportFigures;
    /** The colour in force at the end of the as-of month (the last colour fact up to it); null: never evaluated. */
    readonly evaluatedColour: RealisationColour | null;
    readonly harvested: Ore;
    readonly retained: Ore;
    readonly harvestedAheadOfRealised: Ore;
  };
  /** The approved revision's budget-effective gain over its whole horizon, øre, by year and in total. */
  readonly approvedPlan: { readonly byYear: readonly { readonly year: number; readonly planned: Ore }[]; readonly total: Ore };
  readonly lines: readonly ReportLine[];
  readonly excludedLines: RealisationReportInput['excludedLines'];
  readonly indicators: readonly ReportIndicator[];
  readonly colour: {
    readonly atAsOf: RealisationColour | null;
    readonly history: readonly ReportColourChangeInput[];
    readonly redEpisodes: readonly ReportRedEpisodeInput[];
  };
  readonly harvest: {
    readonly harvested: Ore;
    readonly retained: Ore;
    readonly harvestedAheadOfRealised: Ore;
    readonly bookedForLaterYears: Ore;
    readonly byDepartment: readonly ReportDepartmentHarvest[];
  };
}

const big = (n: number): bigint => BigInt(n);

/** Plan against actual for two sums of øre. */
export const reportFigures = (planned: Ore, realised: Ore): ReportFigures => ({
  planned,
  realised,
  deviation: realised - planned,
  deviationPct: planned === 0 ? null : toNumber(ratio(big(realised - planned) * 100n, big(planned)), 2),
  realisedPct: planned === 0 ? null : toNumberTruncated(ratio(big(realised) * 100n, big(planned)), 2),
});

const endsBy = (period: RealisationPeriod, asOf: RealisationPeriod): boolean => periodEnd(period) <= periodEnd(asOf);

const sumMonths = (months: readonly ReportLineMonthInput[], from: number, to: number): { planned: Ore; realised: Ore } => {
  let planned = 0;
  let realised = 0;
  for (const m of months) {
    const n = monthNumber(m.period);
    if (n < from || n > to) continue;
    planned += m.planned;
    realised += m.realised;
  }
  return { planned, realised };
};

const reportLine = (line: ReportLineInput, asOf: number, yearStart: number): ReportLine => {
  const months = line.months.filter((m) => monthNumber(m.period) <= asOf);
  const toDate = sumMonths(months, -Infinity, asOf);
  const window = sumMonths(months, yearStart, asOf);
  const asOfYear = Math.floor(asOf / 12);
  const years = [...new Set([...Object.keys(line.plannedByYear).map(Number), ...months.map((m) => periodYear(m.period))])]
    .filter((y) => y <= asOfYear)
    .sort((a, b) => a - b);
  return {
    lineId: line.lineId,
    description: line.description,
    departmentId: line.departmentId,
    workProcess: line.workProcess ?? null,
    toDate: reportFigures(toDate.planned, toDate.realised),
    reportYear: reportFigures(window.planned, window.realised),
    byYear: years.map((year) => {
      const y = sumMonths(months, year * 12, Math.min(year * 12 + 11, asOf));
      return { year, plannedFullYear: line.plannedByYear[String(year)] ?? 0, ...reportFigures(y.planned, y.realised) };
    }),
    months: months.map((m) => ({ period: m.period, ...reportFigures(m.planned, m.realised), share: m.share, basis: m.basis, capped: m.capped })),
    yearlyPeriods: line.yearlyPeriods.filter((y) => y <= asOfYear),
  };
};

const num = (r: Ratio, decimals: number): number => toNumber(r, decimals);
const HUNDRED: Ratio = { num: 100n, den: 1n };

const indicatorRow = (
  indicator: ReportIndicatorInput,
  period: RealisationPeriod,
  items: readonly ReportMeasurementInput[],
  byId: ReadonlyMap<string, ReportMeasurementInput>,
): ReportIndicatorRow => {
  const measurements: ReportMeasurement[] = items.map((m) => {
    const next = m.supersededBy === undefined ? undefined : byId.get(m.supersededBy);
    return {
      ...m,
      inForce: m.supersededBy === undefined,
      correction: next ? { measurementId: next.measurementId, value: next.value, reason: next.reason ?? null, by: next.recordedBy, at: next.recordedAt } : null,
    };
  });
  const inForce = [...items].reverse().find((m) => m.supersededBy === undefined);
  let planned: Ratio | null;
  if (indicator.kind === 'lagging') {
    const point = [...indicator.trajectory].reverse().find((p) => p.period === period);
    planned = point ? ratioOf(point.value) : null;
  } else {
    planned = plannedLevelIn(indicator, period);
  }
  const measured = inForce ? ratioOf(inForce.value) : null;
  let deviation: number | null = null;
  let onPlan: boolean | null = null;
  let achievedPct: number | null = null;
  if (planned !== null && measured !== null) {
    const diff = sub(measured, planned);
    deviation = num(diff, 4);
    onPlan = indicator.direction === 'higher-is-better' ? compare(diff, ZERO) >= 0 : compare(diff, ZERO) <= 0;
    let share: Ratio | null;
    if (indicator.kind === 'leading') {
      const baseline = ratioOf(indicator.baseline.value);
      const improvement = (x: Ratio): Ratio => (indicator.direction === 'higher-is-better' ? sub(x, baseline) : sub(baseline, x));
      const plannedImprovement = improvement(planned);
      share = compare(plannedImprovement, ZERO) <= 0 ? null : div(improvement(measured), plannedImprovement);
    } else {
      share = compare(planned, ZERO) === 0 ? null : div(measured, planned);
    }
    achievedPct = share === null ? null : num(mul(share, HUNDRED), 2);
  }
  return {
    period,
    planned: planned === null ? null : num(planned, 4),
    measured: inForce ? inForce.value : null,
    deviation,
    onPlan,
    achievedPct,
    measurements,
  };
};

const reportIndicator = (indicator: ReportIndicatorInput, all: readonly ReportMeasurementInput[], asOf: RealisationPeriod): ReportIndicator => {
  const own = all.filter((m) => m.indicatorId === indicator.indicatorId && endsBy(m.period, asOf));
  const byId = new Map(all.map((m) => [m.measurementId, m]));
  const periods = [...new Set(own.map((m) => m.period))].sort((a, b) => periodEnd(a).localeCompare(periodEnd(b)) || b.localeCompare(a));
  const rows = periods.map((period) => indicatorRow(indicator, period, own.filter((m) => m.period === period), byId));
  const latest = [...rows].reverse().find((r) => r.measured !== null) ?? null;
  return {
    indicatorId: indicator.indicatorId,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    kind: indicator.kind,
    benefitLineIds: indicator.benefitLineIds,
    baseline: indicator.baseline,
    target: indicator.target,
    trajectory: indicator.trajectory.map((p) => ({ period: p.period, value: p.value })),
    trajectoryOrigin: indicator.trajectoryOrigin.kind,
    definedBy: indicator.definedBy,
    definedAt: indicator.definedAt,
    edits: indicator.edits,
    rows,
    latest,
  };
};

/**
 * The realisation report as of `asOfPeriod` (a month). See the interfaces above for every
 * figure; amounts in øre. Throws InvalidInput('invalid-month') for an as-of that is not a month.
 */
export const realisationReport = (input: RealisationReportInput): RealisationReport => {
  const asOfPeriod = requireMonth(input.asOfPeriod, 'asOfPeriod');
  const asOf = monthNumber(asOfPeriod);
  const asOfYear = Math.floor(asOf / 12);
  const yearStart = asOf - 11;
  const lines = input.lines.map((line) => reportLine(line, asOf, yearStart));

  const plannedToDate = lines.reduce((s, l) => s + l.toDate.planned, 0);
  const realisedToDate = lines.reduce((s, l) => s + l.toDate.realised, 0);
  const plannedYear = lines.reduce((s, l) => s + l.reportYear.planned, 0);
  const realisedYear = lines.reduce((s, l) => s + l.reportYear.realised, 0);
  const status = realisationStatus({ plannedToDate, realisedToDate, tolerances: input.tolerances });

  const history = input.colourHistory.filter((c) => endsBy(c.period, asOfPeriod));
  const redEpisodes = input.redEpisodes.filter((e) => endsBy(e.period, asOfPeriod));
  const atAsOf = history.length === 0 ? null : history[history.length - 1]!.to;

  const departmentIds = [...new Set([...input.lines.map((l) => l.departmentId), ...input.cuts.map((c) => c.departmentId)])].sort();
  const byDepartment = departmentIds.map((departmentId): ReportDepartmentHarvest => {
    const cuts = input.cuts.filter((c) => c.departmentId === departmentId);
    const realised = lines.filter((l) => l.departmentId === departmentId).reduce((s, l) => s + l.toDate.realised, 0);
    const upTo = cuts.filter((c) => c.year <= asOfYear);
    const harvestedToDate = upTo.reduce((s, c) => s + c.amount, 0);
    const years = [...new Set(cuts.map((c) => c.year))].sort((a, b) => a - b);
    return {
      departmentId,
      realisedToDate: realised,
      harvestedToDate,
      retainedToDate: upTo.reduce((s, c) => s + c.retained, 0),
      harvestedAheadOfRealised: Math.max(0, harvestedToDate - realised),
      bookedForLaterYears: cuts.filter((c) => c.year > asOfYear).reduce((s, c) => s + c.amount, 0),
      byYear: years.map((year) => ({
        year,
        harvested: cuts.filter((c) => c.year === year).reduce((s, c) => s + c.amount, 0),
        retained: cuts.filter((c) => c.year === year).reduce((s, c) => s + c.retained, 0),
      })),
    };
  });
  const harvest = {
    harvested: byDepartment.reduce((s, d) => s + d.harvestedToDate, 0),
    retained: byDepartment.reduce((s, d) => s + d.retainedToDate, 0),
    harvestedAheadOfRealised: byDepartment.reduce((s, d) => s + d.harvestedAheadOfRealised, 0),
    bookedForLaterYears: byDepartment.reduce((s, d) => s + d.bookedForLaterYears, 0),
    byDepartment,
  };

  const approvedByYear = new Map<number, Ore>();
  for (const line of input.lines) for (const [year, amount] of Object.entries(line.plannedByYear)) approvedByYear.set(Number(year), (approvedByYear.get(Number(year)) ?? 0) + amount);
  const approvedPlan = {
    byYear: [...approvedByYear].sort(([a], [b]) => a - b).map(([year, planned]) => ({ year, planned })),
    total: [...approvedByYear.values()].reduce((sum, amount) => sum + amount, 0),
  };

  return {
    case: input.case,
    approval: input.approval,
    goLive: input.goLive,
    asOfPeriod,
    reportYear: { from: monthFromNumber(yearStart), to: asOfPeriod },
    tolerances: input.tolerances,
    summary: {
      toDate: { ...reportFigures(plannedToDate, realisedToDate), gap: status.gap, colour: status.colour },
      reportYear: reportFigures(plannedYear, realisedYear),
      evaluatedColour: atAsOf,
      harvested: harvest.harvested,
      retained: harvest.retained,
      harvestedAheadOfRealised: harvest.harvestedAheadOfRealised,
    },
    approvedPlan,
    lines,
    excludedLines: input.excludedLines,
    indicators: input.indicators.map((indicator) => reportIndicator(indicator, input.measurements, asOfPeriod)),
    colour: { atAsOf, history, redEpisodes },
    harvest,
  };
};
