// Builders for the realisation specs: one case, its actors, and a few indicators.
import type { Actor, CommandContext } from '../shared/decider';
import type { DefineIndicator, RecordMeasurement } from './realisation.commands';
import type { IndicatorDefined, MeasurementRecorded } from './realisation.events';

export const CASE_ID = 'case-1';
export const DEPARTMENT = 'borgerservice';
export const NOW = '2025-06-15T10:00:00.000Z';

export const author: Actor = { id: 'anna', role: 'case-author', departments: [DEPARTMENT] };
export const otherAuthor: Actor = { id: 'otto', role: 'case-author', departments: ['teknik'] };
export const finance: Actor = { id: 'frede', role: 'finance', departments: [] };
export const management: Actor = { id: 'mette', role: 'management', departments: [] };
export const system: Actor = { id: 'kafka-consumer', role: 'admin', departments: [] };
export const auditor: Actor = { id: 'aud', role: 'auditor', departments: [] };

export const ctx = (actor: Actor, extra: Partial<CommandContext> = {}): CommandContext => ({ actor, now: NOW, ...extra });

/** An adoption indicator on benefit line bl-1: baseline 0 % on 2025-01-01, target 80 %. */
export const adoptionDefined: IndicatorDefined = {
  type: 'IndicatorDefined',
  data: {
    caseId: CASE_ID,
    indicatorId: 'adoption',
    name: 'Andel der søger digitalt',
    unit: 'percent',
    direction: 'higher-is-better',
    kind: 'adoption',
    benefitLineIds: ['bl-1'],
    baseline: { value: 0, date: '2025-01-01' },
    target: { value: 80 },
    trajectory: [
      { period: '2025-01', value: 20 },
      { period: '2025-02', value: 40 },
      { period: '2025-03', value: 60 },
      { period: '2025-04', value: 80 },
    ],
    trajectoryOrigin: { kind: 'manual' },
    definedBy: 'anna',
    definedAt: '2025-01-02T09:00:00.000Z',
  },
};

/** A leading indicator: processing time in days, lower is better, 20 → 10 days. */
export const processingTimeDefined: IndicatorDefined = {
  type: 'IndicatorDefined',
  data: {
    caseId: CASE_ID,
    indicatorId: 'processing-time',
    name: 'Sagsbehandlingstid',
    unit: 'days',
    direction: 'lower-is-better',
    kind: 'leading',
    benefitLineIds: ['bl-1'],
    baseline: { value: 20, date: '2025-01-01' },
    target: { value: 10 },
    trajectory: [{ period: '2025-03', value: 10 }],
    trajectoryOrigin: { kind: 'manual' },
    definedBy: 'anna',
    definedAt: '2025-01-02T09:00:00.000Z',
  },
};

/** A lagging indicator: staff hours saved per month. */
export const hoursSavedDefined: IndicatorDefined = {
  type: 'IndicatorDefined',
  data: {
    caseId: CASE_ID,
    indicatorId: 'hours-saved',
    name: 'Sparede timer',
    unit: 'hours',
    direction: 'higher-is-better',
    kind: 'lagging',
    benefitLineIds: ['bl-1'],
    baseline: { value: 0, date: '2025-01-01' },
    target: { value: 100 },
    trajectory: [],
    trajectoryOrigin: { kind: 'manual' },
    definedBy: 'anna',
    definedAt: '2025-01-02T09:00:00.000Z',
  },
};

export const defineAdoption = (
  data: Partial<DefineIndicator['data']> = {},
  context: CommandContext = ctx(author),
): DefineIndicator => {
  const { caseId, indicatorId, name, unit, direction, kind, benefitLineIds, baseline, target } = adoptionDefined.data;
  return {
    type: 'DefineIndicator',
    data: {
      caseId,
      indicatorId,
      name,
      unit,
      direction,
      kind,
      benefitLineIds,
      baseline,
      target,
      trajectory: { source: 'manual', points: adoptionDefined.data.trajectory },
      caseDepartmentIds: [DEPARTMENT],
      caseBenefitLineIds: ['bl-1', 'bl-2'],
      ...data,
    },
    context,
  };
};

export const record = (
  data: Partial<RecordMeasurement['data']> = {},
  context: CommandContext = ctx(author),
): RecordMeasurement => ({
  type: 'RecordMeasurement',
  data: {
    caseId: CASE_ID,
    measurementId: 'm-1',
    indicatorId: 'adoption',
    value: 35,
    unit: 'percent',
    period: '2025-03',
    source: { kind: 'manual' },
    caseDepartmentIds: [DEPARTMENT],
    ...data,
  },
  context,
});

export const recorded = (data: Partial<MeasurementRecorded['data']> = {}): MeasurementRecorded => ({
  type: 'MeasurementRecorded',
  data: {
    caseId: CASE_ID,
    measurementId: 'm-1',
    indicatorId: 'adoption',
    value: 35,
    unit: 'percent',
    period: '2025-03',
    source: { kind: 'manual' },
    recordedBy: 'anna',
    recordedAt: NOW,
    ...data,
  },
});

/** Runs decide and returns the error it throws (or fails the spec when it throws none). */
export const errorOf = (run: () => unknown): Error & { code?: string; field?: string } => {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string; field?: string };
  }
  throw new Error('expected an error, none was thrown');
};

