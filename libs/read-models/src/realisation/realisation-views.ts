import { realisationStatus, type RealisationColour, type RealisationTolerances } from '@gevinst/domain';
import type { DocumentReader } from '../engine';
import { monthLabel, yearOfMonth } from './realisation-figures';
import {
  approvedPlanOf,
  caseListOf,
  flatLine,
  measurementRecords,
  MUNICIPALITY_SCOPE,
  REALISATION_PROJECTION,
  tolerancesOf,
  type CaseListEntry,
  type IndicatorRecord,
  type LineDoc,
  type MeasurementListDoc,
  type MeasurementRecord,
  type RealisationCaseDoc,
  type RealisationClockDoc,
  type TolerancesDoc,
} from './realisation.projection';
import { aheadAt, emptyAhead, harvestedUpTo, sumColumns, type AheadDoc, type PairFigures, type ScopeDoc } from './realisation-scope';

/**
 * The realisation views, built from the realisation read model's documents (a live reader, or
 * a memory store for an as-of replay). A view is "as of" a month: planned and realised gain of
 * the months up to and including it, cuts booked for the budget years up to and including its
 * year. All amounts in øre.
 */

export type RealisationFiguresView = {
  planned: number;
  realised: number;
  /** Booked budget cuts. */
  harvested: number;
  retained: number;
  /** planned − realised (negative: ahead of plan). */
  gap: number;
  /** Σ over (case, department) of max(0, harvested − realised), both cumulative. */
  harvestedAheadOfRealised: number;
};

export type RealisationToDateView = RealisationFiguresView & { colour: RealisationColour; realisedPct: number | null };
export type RealisationYearView = RealisationFiguresView & {
  year: number;
  /** The approved budget-effective saving of the whole year (planned counts the months up to the as-of month). */
  plannedFullYear: number;
};
export type RealisationScopeView = { toDate: RealisationToDateView; byYear: RealisationYearView[] };

export type AsOf = {
  /** The month the view is as of. */
  month: number;
  /** The month asked for (or this month), when the read model has not computed that far. */
  requested: number;
  /** The read model's figures reach this month (December of the year of the latest event). */
  computedThrough: number | null;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses 'YYYY-MM' to an absolute month; undefined when it is not one. */
export const parseAsOfMonth = (value: string): number | undefined => {
  const match = MONTH.exec(value);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : undefined;
};

/** The as-of month: the one asked for, else the month of `now`, and never past what is computed. */
export const resolveAsOf = (reader: DocumentReader, requested: number | undefined, now: Date): AsOf => {
  const clock = reader.get<RealisationClockDoc>(REALISATION_PROJECTION, 'clock', 'log');
  const wanted = requested ?? now.getUTCFullYear() * 12 + now.getUTCMonth();
  return { month: clock ? Math.min(wanted, clock.through) : wanted, requested: wanted, computedThrough: clock?.through ?? null };
};

export const tolerancesIn = (reader: DocumentReader): TolerancesDoc =>
  tolerancesOf(reader.get<TolerancesDoc>(REALISATION_PROJECTION, 'tolerances', 'current'));

const withStatus = (figures: RealisationFiguresView, tolerances: RealisationTolerances): RealisationToDateView => {
  const status = realisationStatus({
    plannedToDate: Math.max(0, figures.planned),
    realisedToDate: Math.max(0, figures.realised),
    tolerances,
  });
  return { ...figures, colour: status.colour, realisedPct: status.realisedPct };
};

/** A scope's figures as of a month (see realisation-scope.ts for the ahead table). */
export const scopeFigures = (scope: ScopeDoc, ahead: AheadDoc, asOf: number, tolerances: RealisationTolerances): RealisationScopeView => {
  const asOfYear = yearOfMonth(asOf);
  const years = [...new Set([...Object.keys(scope.plannedByYear), ...Object.keys(scope.harvested)].map(Number))].sort((a, b) => a - b);
  const byYear = years.map((year): RealisationYearView => {
    const planned = sumColumns(scope.planned, scope.base, year * 12, Math.min(year * 12 + 11, asOf));
    const realised = sumColumns(scope.realised, scope.base, year * 12, Math.min(year * 12 + 11, asOf));
    return {
      year,
      plannedFullYear: scope.plannedByYear[String(year)] ?? 0,
      planned,
      realised,
      harvested: scope.harvested[String(year)] ?? 0,
      retained: scope.retained[String(year)] ?? 0,
      gap: planned - realised,
      harvestedAheadOfRealised: aheadAt(scope, ahead, year, Math.min(year * 12 + 11, asOf)),
    };
  });
  const planned = sumColumns(scope.planned, scope.base, -Infinity, asOf);
  const realised = sumColumns(scope.realised, scope.base, -Infinity, asOf);
  const toDate = withStatus(
    {
      planned,
      realised,
      harvested: harvestedUpTo(scope.harvested, asOfYear),
      retained: harvestedUpTo(scope.retained, asOfYear),
      gap: planned - realised,
      harvestedAheadOfRealised: aheadAt(scope, ahead, asOfYear, asOf),
    },
    tolerances,
  );
  return { toDate, byYear };
};

const scopeOf = (reader: DocumentReader, key: string): { scope: ScopeDoc; ahead: AheadDoc } | undefined => {
  const scope = reader.get<ScopeDoc>(REALISATION_PROJECTION, 'scopes', key);
  if (!scope) return undefined;
  return { scope, ahead: reader.get<AheadDoc>(REALISATION_PROJECTION, 'ahead', key) ?? emptyAhead() };
};

const caseEntries = (reader: DocumentReader): CaseListEntry[] => caseListOf(reader);

const byColour = (cases: readonly CaseListEntry[]): Record<RealisationColour | 'notEvaluated', string[]> => {
  const out: Record<RealisationColour | 'notEvaluated', string[]> = { green: [], amber: [], red: [], notEvaluated: [] };
  for (const c of cases) out[c.colour ?? 'notEvaluated'].push(c.caseId);
  return out;
};

const asOfView = (asOf: AsOf) => ({
  asOf: monthLabel(asOf.month),
  ...(asOf.requested !== asOf.month ? { requestedAsOf: monthLabel(asOf.requested) } : {}),
  computedThrough: asOf.computedThrough === null ? null : monthLabel(asOf.computedThrough),
});

const ZERO_SCOPE = (key: string): ScopeDoc => ({ scope: key, base: null, planned: [], realised: [], plannedByYear: {}, harvested: {}, retained: {} });

/**
 * The whole municipality and every department, per year and to date; the cases by their
 * evaluated colour. Reads a fixed number of small documents per department.
 */
export const portfolioView = (reader: DocumentReader, asOf: AsOf) => {
  const tolerances = tolerancesIn(reader);
  const municipality = scopeOf(reader, MUNICIPALITY_SCOPE) ?? { scope: ZERO_SCOPE(MUNICIPALITY_SCOPE), ahead: emptyAhead() };
  const scopes = reader.list<ScopeDoc>(REALISATION_PROJECTION, 'scopes').filter((e) => e.key !== MUNICIPALITY_SCOPE);
  const aheads = new Map(reader.list<AheadDoc>(REALISATION_PROJECTION, 'ahead').map((e) => [e.key, e.doc]));
  const cases = caseEntries(reader);
  return {
    ...asOfView(asOf),
    tolerances: { greenFromPct: tolerances.greenFromPct, amberFromPct: tolerances.amberFromPct },
    basis: 'budget-effective' as const,
    municipality: scopeFigures(municipality.scope, municipality.ahead, asOf.month, tolerances),
    byDepartment: scopes.map((e) => ({ departmentId: e.key, ...scopeFigures(e.doc, aheads.get(e.key) ?? emptyAhead(), asOf.month, tolerances) })),
    casesByColour: byColour(cases),
    cases,
  };
};

/** One case's figures in one department as of a month. */
const pairToDate = (pair: PairFigures | undefined, asOf: number): RealisationFiguresView => {
  if (!pair) return { planned: 0, realised: 0, harvested: 0, retained: 0, gap: 0, harvestedAheadOfRealised: 0 };
  const planned = sumColumns(pair.planned, pair.base, -Infinity, asOf);
  const realised = sumColumns(pair.realised, pair.base, -Infinity, asOf);
  const harvested = harvestedUpTo(pair.harvested, yearOfMonth(asOf));
  return {
    planned,
    realised,
    harvested,
    retained: harvestedUpTo(pair.retained, yearOfMonth(asOf)),
    gap: planned - realised,
    harvestedAheadOfRealised: Math.max(0, harvested - realised),
  };
};

/** One department: its figures per year and to date, and each of its cases' share of them. */
export const departmentView = (reader: DocumentReader, departmentId: string, asOf: AsOf) => {
  const tolerances = tolerancesIn(reader);
  const own = scopeOf(reader, departmentId) ?? { scope: ZERO_SCOPE(departmentId), ahead: emptyAhead() };
  const cases = caseEntries(reader)
    .filter((c) => c.departmentIds.includes(departmentId))
    .map((entry) => {
      const doc = reader.get<RealisationCaseDoc>(REALISATION_PROJECTION, 'cases', entry.caseId);
      return { ...entry, toDate: withStatus(pairToDate(doc?.pairs[departmentId], asOf.month), tolerances) };
    });
  return {
    ...asOfView(asOf),
    departmentId,
    tolerances: { greenFromPct: tolerances.greenFromPct, amberFromPct: tolerances.amberFromPct },
    basis: 'budget-effective' as const,
    ...scopeFigures(own.scope, own.ahead, asOf.month, tolerances),
    casesByColour: byColour(cases),
    cases,
  };
};

export const realisationCaseDoc = (reader: DocumentReader, caseId: string): RealisationCaseDoc | undefined =>
  reader.get<RealisationCaseDoc>(REALISATION_PROJECTION, 'cases', caseId);

/**
 * One case's realisation status per period: every month (and every year) up to the as-of
 * month with its planned and realised gain, both to date, the cuts booked to date, the gap and
 * the colour the figures to date give; the same per benefit line and per department; the
 * evaluated colour (the fact in the case's stream) and the red episode in progress.
 */
export const caseStatusView = (reader: DocumentReader, doc: RealisationCaseDoc, asOf: AsOf) => {
  const tolerances = tolerancesIn(reader);
  const plan = approvedPlanOf((collection, key) => reader.get(REALISATION_PROJECTION, collection, key), doc);
  const lines = reader.list<LineDoc>(REALISATION_PROJECTION, 'lines', { prefix: `${doc.caseId}|` }).map((e) => flatLine(e.doc)).filter((l) => plan?.lines.some((p) => p.lineId === l.lineId));
  const base = plan?.base ?? null;
  const last = base === null || doc.through === null ? -1 : Math.min(asOf.month, doc.through);
  const harvestByYear: Record<string, number> = {};
  const retainedByYear: Record<string, number> = {};
  for (const pair of Object.values(doc.pairs)) {
    for (const [y, a] of Object.entries(pair.harvested)) harvestByYear[y] = (harvestByYear[y] ?? 0) + a;
    for (const [y, a] of Object.entries(pair.retained)) retainedByYear[y] = (retainedByYear[y] ?? 0) + a;
  }
  const months: Array<{ period: string; planned: number; realised: number; plannedToDate: number; realisedToDate: number; harvestedToDate: number; retainedToDate: number; gap: number; colour: RealisationColour; realisedPct: number | null }> = [];
  let plannedToDate = 0;
  let realisedToDate = 0;
  if (base !== null) {
    for (let m = base; m <= last; m++) {
      const planned = lines.reduce((s, l) => s + (l.planned[m - base] ?? 0), 0);
      const realised = lines.reduce((s, l) => s + (l.realised[m - base] ?? 0), 0);
      plannedToDate += planned;
      realisedToDate += realised;
      const status = realisationStatus({ plannedToDate, realisedToDate, tolerances });
      months.push({
        period: monthLabel(m),
        planned,
        realised,
        plannedToDate,
        realisedToDate,
        harvestedToDate: harvestedUpTo(harvestByYear, yearOfMonth(m)),
        retainedToDate: harvestedUpTo(retainedByYear, yearOfMonth(m)),
        gap: plannedToDate - realisedToDate,
        colour: status.colour,
        realisedPct: status.realisedPct,
      });
    }
  }
  const years = [...new Set([...(plan?.lines ?? []).flatMap((l) => Object.keys(l.plannedByYear)), ...Object.keys(harvestByYear)].map(Number))].sort((a, b) => a - b);
  const byYear = years.map((year) => {
    const inYear = months.filter((r) => r.period.startsWith(`${year}-`));
    const planned = inYear.reduce((s, r) => s + r.planned, 0);
    const realised = inYear.reduce((s, r) => s + r.realised, 0);
    return {
      year,
      plannedFullYear: plan?.lines.reduce((s, l) => s + (l.plannedByYear[String(year)] ?? 0), 0) ?? 0,
      planned,
      realised,
      harvested: harvestByYear[String(year)] ?? 0,
      retained: retainedByYear[String(year)] ?? 0,
      gap: planned - realised,
    };
  });
  const latestEpisode = doc.redEpisodes[doc.redEpisodes.length - 1];
  const departments = Object.entries(doc.pairs).map(([departmentId, pair]) => ({ departmentId, ...withStatus(pairToDate(pair, asOf.month), tolerances) }));
  const toDateFigures: RealisationFiguresView = {
    planned: plannedToDate,
    realised: realisedToDate,
    harvested: harvestedUpTo(harvestByYear, yearOfMonth(asOf.month)),
    retained: harvestedUpTo(retainedByYear, yearOfMonth(asOf.month)),
    gap: plannedToDate - realisedToDate,
    harvestedAheadOfRealised: departments.reduce((s, d) => s + d.harvestedAheadOfRealised, 0),
  };
  return {
    caseId: doc.caseId,
    title: doc.title,
    status: doc.status,
    departmentIds: doc.departmentIds,
    approvedRevision: doc.approvedRevision,
    ...asOfView(asOf),
    tolerances: { greenFromPct: tolerances.greenFromPct, amberFromPct: tolerances.amberFromPct },
    basis: 'budget-effective' as const,
    excludedLines: plan?.excludedLines ?? [],
    evaluated: doc.colour === null ? null : { colour: doc.colour.to, since: doc.colour.at, period: doc.colour.period, realisedPct: doc.colour.realisedPct },
    redEpisode: doc.colour?.to === 'red' && latestEpisode ? latestEpisode : null,
    toDate: withStatus(toDateFigures, tolerances),
    byDepartment: departments,
    byYear,
    months,
    lines: lines.map((l) => {
      const upTo = Math.max(0, last - l.base + 1);
      const planned = l.planned.slice(0, upTo).reduce((s, v) => s + v, 0);
      const realised = l.realised.slice(0, upTo).reduce((s, v) => s + v, 0);
      return {
        lineId: l.lineId,
        description: l.description,
        departmentId: l.departmentId,
        plannedToDate: planned,
        realisedToDate: realised,
        gap: planned - realised,
        yearlyPeriods: l.yearlyPeriods,
        months: l.planned.slice(0, upTo).map((p, i) => ({
          period: monthLabel(l.base + i),
          planned: p,
          realised: l.realised[i] ?? 0,
          share: l.share[i] ?? null,
          basis: l.basis[i] ?? null,
          capped: l.capped[i] === 1,
        })),
      };
    }),
  };
};

/** Every colour change (with time), and every red episode with its acknowledgement. */
export const colourHistoryView = (doc: RealisationCaseDoc) => ({
  caseId: doc.caseId,
  colour: doc.colour?.to ?? null,
  changes: doc.colourHistory,
  redEpisodes: doc.redEpisodes,
});

/**
 * The case's indicators for charts: definition, planned trajectory, every measurement
 * (superseded ones marked), and per month the planned level (the trajectory as of the month,
 * the baseline before it) and the measured level (the latest measurement in force, carried
 * forward).
 */
export const indicatorsView = (reader: DocumentReader, caseId: string, asOf: AsOf) => {
  const indicators = reader.get<{ items: IndicatorRecord[] }>(REALISATION_PROJECTION, 'indicators', caseId)?.items ?? [];
  return {
    caseId,
    ...asOfView(asOf),
    indicators: indicators.map((indicator) => {
      const measurements = measurementRecords(reader.get<MeasurementListDoc>(REALISATION_PROJECTION, 'measurements', `${caseId}|${indicator.indicatorId}`));
      const effective = measurements.filter((m) => m.supersededBy === undefined);
      const start = Number(indicator.baseline.date.slice(0, 4)) * 12 + Number(indicator.baseline.date.slice(5, 7)) - 1;
      const endOf = (period: string): number => (period.length === 4 ? Number(period) * 12 + 11 : Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1);
      const lastPlanned = Math.max(start, ...indicator.trajectory.map((p) => endOf(p.period)), ...effective.map((m) => endOf(m.period)));
      const chart: Array<{ period: string; planned: number; measured: number | null }> = [];
      for (let m = start; m <= Math.max(lastPlanned, Math.min(asOf.month, lastPlanned + 12)); m++) {
        const plannedPoint = [...indicator.trajectory].reverse().find((p) => endOf(p.period) <= m);
        let measured: MeasurementRecord | undefined;
        for (const x of effective) if (endOf(x.period) <= m && (measured === undefined || endOf(x.period) >= endOf(measured.period))) measured = x;
        chart.push({ period: monthLabel(m), planned: plannedPoint?.value ?? indicator.baseline.value, measured: indicator.kind === 'lagging' ? effective.find((x) => x.period === monthLabel(m))?.value ?? null : measured?.value ?? null });
      }
      return { ...indicator, measurements, chart };
    }),
  };
};
