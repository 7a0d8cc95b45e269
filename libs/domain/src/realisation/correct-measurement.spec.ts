import { spec } from '@gevinst/testing';
import { fold } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import type { CorrectMeasurement } from './realisation.commands';
import type { MeasurementCorrected } from './realisation.events';
import { realisationDecider } from './realisation.decider';
import { adoptionDefined, CASE_ID, ctx, DEPARTMENT, finance, NOW, recorded, system } from './realisation.fixtures';
import { effectiveRealisationMeasurements } from './realisation.state';

const realisation = spec(realisationDecider);
const given = [adoptionDefined, recorded()]; // m-1: 35 % in March 2025

const correct = (
  data: Partial<CorrectMeasurement['data']> = {},
  context = ctx(finance, { reason: 'Tastefejl: 53 og ikke 35' }),
): CorrectMeasurement => ({
  type: 'CorrectMeasurement',
  data: { caseId: CASE_ID, measurementId: 'm-2', supersedes: 'm-1', value: 53, caseDepartmentIds: [DEPARTMENT], ...data },
  context,
});

const corrected = (data: Partial<MeasurementCorrected['data']> = {}): MeasurementCorrected => ({
  type: 'MeasurementCorrected',
  data: {
    caseId: CASE_ID,
    measurementId: 'm-2',
    supersedes: 'm-1',
    indicatorId: 'adoption',
    value: 53,
    unit: 'percent',
    period: '2025-03',
    source: { kind: 'manual' },
    reason: 'Tastefejl: 53 og ikke 35',
    recordedBy: 'frede',
    recordedAt: NOW,
    ...data,
  },
});

describe('realisation: correcting a measurement', () => {
  it('records a new measurement that supersedes the old one, with the reason', () => {
    realisation.given(given).when(correct()).then([corrected()]);
  });

  it('leaves the corrected measurement in history, no longer in force', () => {
    const state = fold(realisationDecider, [...given, corrected()]);
    expect(effectiveRealisationMeasurements(state).map((m) => [m.measurementId, m.value])).toEqual([['m-2', 53]]);
    expect(state.status === 'tracking' && state.measurements.map((m) => [m.measurementId, m.supersededBy])).toEqual([
      ['m-1', 'm-2'],
      ['m-2', undefined],
    ]);
  });

  it('corrects a correction: the chain ends in the measurement in force', () => {
    realisation
      .given([...given, corrected()])
      .when(correct({ measurementId: 'm-3', supersedes: 'm-2', value: 50 }))
      .then([corrected({ measurementId: 'm-3', supersedes: 'm-2', value: 50 })]);
  });

  it('may move the measurement to the period it belongs to', () => {
    realisation
      .given(given)
      .when(correct({ value: 35, period: '2025-02' }))
      .then([corrected({ value: 35, period: '2025-02' })]);
  });

  it('refuses to correct a measurement that was already corrected', () => {
    realisation
      .given([...given, corrected()])
      .when(correct({ measurementId: 'm-3' }))
      .thenThrows(IllegalState, 'measurement-superseded');
  });

  it('refuses an unknown measurement', () => {
    realisation.given(given).when(correct({ supersedes: 'm-9' })).thenThrows(NotFound, 'unknown-measurement');
  });

  it('needs a reason', () => {
    realisation.given(given).when(correct({}, ctx(finance))).thenThrows(InvalidInput, 'reason-required');
  });

  it('refuses a unit other than the indicator’s', () => {
    realisation.given(given).when(correct({ unit: 'days' })).thenThrows(InvalidInput, 'unit-mismatch');
  });

  it('refuses a value that is not a number', () => {
    realisation.given(given).when(correct({ value: Number.NaN })).thenThrows(InvalidInput, 'not-a-number');
  });

  it('refuses a correction that changes nothing', () => {
    realisation.given(given).when(correct({ value: 35 })).thenThrows(IllegalState, 'nothing-to-correct');
  });

  it('refuses to move a measurement onto a period already measured', () => {
    realisation
      .given([...given, recorded({ measurementId: 'm-feb', period: '2025-02' })])
      .when(correct({ period: '2025-02' }))
      .thenThrows(IllegalState, 'period-already-measured');
  });

  it('refuses a new measurement id used before', () => {
    realisation.given(given).when(correct({ measurementId: 'm-1' })).thenThrows(IllegalState, 'duplicate-measurement');
  });

  it('refuses the admin (system) identity correcting a manual measurement', () => {
    const source = { kind: 'system', system: 'Nexus' } as const;
    realisation
      .given(given)
      .when(correct({ source }, ctx(system, { reason: 'resend' })))
      .thenThrows(NotPermitted, 'system-source-required');
  });
});
