import type {
  BudgetCutApproved,
  BudgetCutBooked,
  BudgetCutProposed,
  BudgetCutRejected,
  BudgetCutReversed,
  BusinessCaseApproved,
  BusinessCaseDrafted,
  BusinessCaseRevised,
  DomainEvent,
  IndicatorDefined,
  MeasurementCorrected,
  MeasurementRecorded,
  RealisationColourChanged,
  RealisationTurnedRed,
} from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import {
  INTEGRATION_AREAS,
  IntegrationEventRegistry,
  type IntegrationArea,
  type IntegrationEventMapping,
  type PublicData,
} from './integration-event-registry';

/**
 * The public catalogue, v1: which internal events other systems see, and in what shape.
 *
 * Rules of v1: ids, statuses, figures (money in integer øre) and instants; no person ids and no
 * free text (reasons, comments, descriptions): a field can be added to v1 later, never taken
 * away. Internal workflow events (trajectory edits, red-status acknowledgements, department
 * settings) are not published. Stored data is read at its current version (run the relay on
 * the UpcastingEventStore).
 */

/** The stored data of a domain event (its shape is the domain's contract for the current version). */
const dataOf = <E extends DomainEvent>(event: RecordedEvent): E['data'] => event.data as E['data'];

type Areas = Record<keyof typeof INTEGRATION_AREAS, IntegrationArea>;

const map = (internalType: string, area: IntegrationArea, toData: (event: RecordedEvent) => PublicData): IntegrationEventMapping => ({
  internalType,
  area,
  toData,
});

const transition = (event: RecordedEvent): PublicData => {
  const d = event.data as { caseId: string; at: string; revision?: number; rebaseline?: boolean };
  return {
    caseId: d.caseId,
    at: d.at,
    ...(d.revision === undefined ? {} : { revision: d.revision }),
    ...(d.rebaseline === undefined ? {} : { rebaseline: d.rebaseline }),
  };
};

const businessCase = (area: IntegrationArea): IntegrationEventMapping[] => [
  map('BusinessCaseDrafted', area, (e) => {
    const d = dataOf<BusinessCaseDrafted>(e);
    return {
      caseId: d.caseId,
      revision: d.revision,
      at: d.at,
      title: d.content.title,
      owningDepartmentId: d.content.owningDepartmentId,
      startYear: d.content.startYear,
      horizonYears: d.content.horizonYears,
    };
  }),
  map('BusinessCaseRevised', area, (e) => {
    const d = dataOf<BusinessCaseRevised>(e);
    return {
      caseId: d.caseId,
      revision: d.revision,
      rebaseline: d.rebaseline,
      at: d.at,
      title: d.content.title,
      owningDepartmentId: d.content.owningDepartmentId,
      startYear: d.content.startYear,
      horizonYears: d.content.horizonYears,
    };
  }),
  map('BusinessCaseSubmitted', area, transition),
  map('BusinessCaseApproved', area, (e) => {
    const d = dataOf<BusinessCaseApproved>(e);
    return {
      caseId: d.caseId,
      revision: d.revision,
      rebaseline: d.rebaseline,
      previousApprovedRevision: d.previousApprovedRevision,
      at: d.at,
      summary: {
        discountRatePct: d.summary.discountRatePct,
        npv: d.summary.npv,
        npvBudgetEffective: d.summary.npvBudgetEffective,
        benefitCostRatio: d.summary.benefitCostRatio,
        totalCosts: d.summary.totalCosts,
        totalBenefits: d.summary.totalBenefits,
        totalBudgetEffective: d.summary.totalBudgetEffective,
        topDownEstimate: d.summary.topDownEstimate,
        budgetEffectiveByDepartmentAndYear: d.summary.budgetEffectiveByDepartmentAndYear,
      },
    };
  }),
  map('BusinessCaseRejected', area, transition),
  map('BusinessCaseReturnedForRevision', area, transition),
  map('BusinessCaseImplementationStarted', area, transition),
  map('BusinessCaseWentLive', area, transition),
  map('BusinessCaseClosed', area, transition),
];

const cutRef = (d: { cutId: string; caseId: string; departmentId: string; year: number; amount: number }) => ({
  cutId: d.cutId,
  caseId: d.caseId,
  departmentId: d.departmentId,
  year: d.year,
  amount: d.amount,
});

const budgetCut = (area: IntegrationArea): IntegrationEventMapping[] => [
  map('BudgetCutProposed', area, (e) => {
    const d = dataOf<BudgetCutProposed>(e);
    return {
      ...cutRef(d),
      status: 'proposed',
      approvedRevision: d.approvedRevision,
      sharePct: d.sharePct,
      gross: d.gross,
      retained: d.retained,
      cut: d.cut,
      overridesHarvestLimit: d.override !== null,
      at: d.proposedAt,
    };
  }),
  map('BudgetCutApproved', area, (e) => {
    const d = dataOf<BudgetCutApproved>(e);
    return { ...cutRef(d), status: 'approved', at: d.approvedAt };
  }),
  map('BudgetCutRejected', area, (e) => {
    const d = dataOf<BudgetCutRejected>(e);
    return { ...cutRef(d), status: 'rejected', at: d.rejectedAt };
  }),
  map('BudgetCutBooked', area, (e) => {
    const d = dataOf<BudgetCutBooked>(e);
    return {
      ...cutRef(d),
      status: 'booked',
      approvedRevision: d.approvedRevision,
      sharePct: d.sharePct,
      gross: d.gross,
      retained: d.retained,
      cut: d.cut,
      overridesHarvestLimit: d.override !== null,
      at: d.bookedAt,
    };
  }),
  map('BudgetCutReversed', area, (e) => {
    const d = dataOf<BudgetCutReversed>(e);
    return { ...cutRef(d), status: 'reversed', at: d.reversedAt };
  }),
];

const measurement = (d: MeasurementRecorded['data']) => ({
  caseId: d.caseId,
  measurementId: d.measurementId,
  indicatorId: d.indicatorId,
  value: d.value,
  unit: d.unit,
  period: d.period,
  ...(d.date === undefined ? {} : { date: d.date }),
  source: d.source.kind === 'system' ? { kind: 'system', system: d.source.system } : { kind: 'manual' },
  at: d.recordedAt,
});

const realisation = (area: IntegrationArea): IntegrationEventMapping[] => [
  map('IndicatorDefined', area, (e) => {
    const d = dataOf<IndicatorDefined>(e);
    return {
      caseId: d.caseId,
      indicatorId: d.indicatorId,
      name: d.name,
      unit: d.unit,
      direction: d.direction,
      kind: d.kind,
      baseline: { value: d.baseline.value, date: d.baseline.date },
      target: { value: d.target.value, ...(d.target.date === undefined ? {} : { date: d.target.date }) },
      at: d.definedAt,
    };
  }),
  map('MeasurementRecorded', area, (e) => measurement(dataOf<MeasurementRecorded>(e))),
  map('MeasurementCorrected', area, (e) => {
    const d = dataOf<MeasurementCorrected>(e);
    return { ...measurement(d), supersedes: d.supersedes };
  }),
  map('RealisationColourChanged', area, (e) => {
    const d = dataOf<RealisationColourChanged>(e);
    return {
      caseId: d.caseId,
      period: d.period,
      from: d.from,
      to: d.to,
      realisedPct: d.realisedPct,
      plannedToDate: d.plannedToDate,
      realisedToDate: d.realisedToDate,
      at: d.at,
    };
  }),
  map('RealisationTurnedRed', area, (e) => {
    const d = dataOf<RealisationTurnedRed>(e);
    return {
      caseId: d.caseId,
      episode: d.episode,
      period: d.period,
      realisedPct: d.realisedPct,
      plannedToDate: d.plannedToDate,
      realisedToDate: d.realisedToDate,
      gap: d.gap,
      at: d.at,
    };
  }),
];

/** Every public mapping of v1, on the given areas (default: the production topics). */
export const gevinstIntegrationEventMappings = (areas: Areas = INTEGRATION_AREAS): IntegrationEventMapping[] => [
  ...businessCase(areas.businessCase),
  ...budgetCut(areas.budgetCut),
  ...realisation(areas.realisation),
];

/** The registry the relay runs with in production. */
export const gevinstIntegrationEvents = (areas: Areas = INTEGRATION_AREAS): IntegrationEventRegistry =>
  new IntegrationEventRegistry(gevinstIntegrationEventMappings(areas));
