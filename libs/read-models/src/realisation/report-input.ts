import { realisationReport, type RealisationReport, type RealisationReportInput } from '@gevinst/domain';
import type { DocumentReader } from '../engine';
import { monthLabel } from './realisation-figures';
import { approvedPlanOf, flatLine, measurementRecords, REALISATION_PROJECTION, type IndicatorRecord, type LineDoc, type MeasurementListDoc, type RealisationCaseDoc } from './realisation.projection';
import { tolerancesIn } from './realisation-views';

/**
 * What the realisation report needs from outside the realisation read model: who approved the
 * revision in force and when, and when the case went live (from the business-case stream).
 */
export type RealisationReportLifecycle = {
  approval: { revision: number; at: string; by: string; reason: string } | null;
  goLive: { at: string; by: string } | null;
};

/**
 * The domain's report input from the realisation read model's documents of one case (a live
 * reader or an as-of replay): the approved plan's budget-effective lines with their monthly
 * planned and realised gain, the indicators with every measurement (superseded ones marked),
 * the colour facts and red episodes, the booked cuts and the tolerances in force.
 */
export const realisationReportInput = (
  reader: DocumentReader,
  doc: RealisationCaseDoc,
  asOfMonth: number,
  lifecycle: RealisationReportLifecycle,
): RealisationReportInput => {
  const plan = approvedPlanOf((collection, key) => reader.get(REALISATION_PROJECTION, collection, key), doc);
  const lineDocs = new Map(reader.list<LineDoc>(REALISATION_PROJECTION, 'lines', { prefix: `${doc.caseId}|` }).map((e) => [e.doc.lineId, flatLine(e.doc)]));
  const tolerances = tolerancesIn(reader);
  const indicators = reader.get<{ items: IndicatorRecord[] }>(REALISATION_PROJECTION, 'indicators', doc.caseId)?.items ?? [];
  const measurements = indicators.flatMap(
    (i) => measurementRecords(reader.get<MeasurementListDoc>(REALISATION_PROJECTION, 'measurements', `${doc.caseId}|${i.indicatorId}`)),
  );
  const approval =
    doc.approvedRevision === null
      ? null
      : lifecycle.approval && lifecycle.approval.revision === doc.approvedRevision
        ? lifecycle.approval
        : { revision: doc.approvedRevision, at: null, by: null, reason: null };
  return {
    case: { caseId: doc.caseId, title: doc.title, status: doc.status, owningDepartmentId: doc.owningDepartmentId, departmentIds: doc.departmentIds },
    approval,
    goLive: lifecycle.goLive,
    asOfPeriod: monthLabel(asOfMonth),
    tolerances: { greenFromPct: tolerances.greenFromPct, amberFromPct: tolerances.amberFromPct },
    lines: (plan?.lines ?? []).map((line) => {
      const figures = lineDocs.get(line.lineId);
      const usable = figures && figures.revision === plan?.revision ? figures : undefined;
      return {
        lineId: line.lineId,
        description: line.description,
        departmentId: line.departmentId,
        workProcess: line.workProcess,
        plannedByYear: line.plannedByYear,
        months: (usable?.planned ?? []).map((planned, i) => ({
          period: monthLabel(usable!.base + i),
          planned,
          realised: usable!.realised[i] ?? 0,
          share: usable!.share[i] ?? null,
          basis: usable!.basis[i] ?? null,
          capped: usable!.capped[i] === 1,
        })),
        yearlyPeriods: usable?.yearlyPeriods ?? [],
      };
    }),
    excludedLines: plan?.excludedLines ?? [],
    indicators: indicators.map((i) => ({
      indicatorId: i.indicatorId,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      kind: i.kind,
      benefitLineIds: i.benefitLineIds,
      baseline: i.baseline,
      target: i.target,
      trajectory: i.trajectory,
      trajectoryOrigin: { kind: i.trajectoryOrigin.kind },
      definedBy: i.definedBy,
      definedAt: i.definedAt,
      edits: i.edits,
    })),
    measurements: measurements.map((m) => ({
      measurementId: m.measurementId,
      indicatorId: m.indicatorId,
      period: m.period,
      value: m.value,
      ...(m.date === undefined ? {} : { date: m.date }),
      source: m.source,
      recordedBy: m.recordedBy,
      recordedAt: m.recordedAt,
      ...(m.supersedes === undefined ? {} : { supersedes: m.supersedes }),
      ...(m.reason === undefined ? {} : { reason: m.reason }),
      ...(m.supersededBy === undefined ? {} : { supersededBy: m.supersededBy }),
    })),
    colourHistory: doc.colourHistory,
    redEpisodes: doc.redEpisodes,
    cuts: Object.values(doc.cuts),
  };
};

/** The realisation report of a case as of a month (docs/realisation.md, "The realisation report"). */
export const realisationReportOf = (reader: DocumentReader, doc: RealisationCaseDoc, asOfMonth: number, lifecycle: RealisationReportLifecycle): RealisationReport =>
  realisationReport(realisationReportInput(reader, doc, asOfMonth, lifecycle));
