import { spec } from '@gevinst/testing';
import { fold } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import type { RecordMeasurement } from './realisation.commands';
import { realisationDecider } from './realisation.decider';
import {
  adoptionDefined,
  auditor,
  ctx,
  errorOf,
  finance,
  hoursSavedDefined,
  otherAuthor,
  record,
  recorded,
  system,
} from './realisation.fixtures';
import { effectiveRealisationMeasurements } from './realisation.state';

const realisation = spec(realisationDecider);
const given = [adoptionDefined];

/** The InvalidInput's field, for the rules that must name it. */
const fieldOf = (command: RecordMeasurement, events = given) =>
  errorOf(() => realisationDecider.decide(command, fold(realisationDecider, events))).field;

describe('realisation: recording a measurement', () => {
  it('records value, unit, period, source and who recorded it', () => {
    realisation.given(given).when(record()).then([recorded()]);
  });

  it('keeps the date it was measured on, within the period', () => {
    realisation
      .given(given)
      .when(record({ date: '2025-03-31' }))
      .then([recorded({ date: '2025-03-31' })]);
  });

  it('lets a system record through the admin identity, with a system source', () => {
    const source = { kind: 'system', system: 'Nexus' } as const;
    realisation
      .given(given)
      .when(record({ source }, ctx(system)))
      .then([recorded({ source, recordedBy: 'kafka-consumer' })]);
  });

  it('lets finance record', () => {
    realisation.given(given).when(record({}, ctx(finance))).then([recorded({ recordedBy: 'frede' })]);
  });

  it('refuses a manual measurement from the admin (system) identity', () => {
    realisation.given(given).when(record({}, ctx(system))).thenThrows(NotPermitted, 'system-source-required');
  });

  it("refuses a case author outside the case's departments, and an auditor", () => {
    realisation.given(given).when(record({}, ctx(otherAuthor))).thenThrows(NotPermitted, 'outside-department');
    realisation.given(given).when(record({}, ctx(auditor))).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('refuses a system source without the name of the system', () => {
    const source = { kind: 'system', system: ' ' } as const;
    realisation.given(given).when(record({ source })).thenThrows(InvalidInput, 'system-required');
  });
});

describe('realisation: measurements that are refused, appending nothing', () => {
  it('a unit other than the indicator’s', () => {
    realisation.given(given).when(record({ unit: 'count' })).thenThrows(InvalidInput, 'unit-mismatch');
    expect(fieldOf(record({ unit: 'count' }))).toBe('unit');
  });

  it('a period that ends before the baseline date', () => {
    // baseline 2025-01-01; December 2024 ends before it
    realisation.given(given).when(record({ period: '2024-12' })).thenThrows(InvalidInput, 'before-baseline');
    expect(fieldOf(record({ period: '2024-12' }))).toBe('period');
  });

  it('a date before the baseline date, even within an allowed period', () => {
    const lateBaseline = {
      ...adoptionDefined,
      data: { ...adoptionDefined.data, baseline: { value: 0, date: '2025-03-15' } },
    };
    const command = record({ period: '2025-03', date: '2025-03-10' });
    realisation.given([lateBaseline]).when(command).thenThrows(InvalidInput, 'before-baseline');
    expect(fieldOf(command, [lateBaseline])).toBe('date');
  });

  it('a value that is not a number', () => {
    for (const value of ['35' as unknown as number, Number.NaN, Number.POSITIVE_INFINITY, null as unknown as number]) {
      realisation.given(given).when(record({ value })).thenThrows(InvalidInput, 'not-a-number');
    }
    expect(fieldOf(record({ value: Number.NaN }))).toBe('value');
  });

  it('an unknown indicator', () => {
    realisation.given(given).when(record({ indicatorId: 'nope' })).thenThrows(NotFound, 'unknown-indicator');
    realisation.given([]).when(record()).thenThrows(NotFound, 'unknown-indicator');
  });

  it('a percentage above 100', () => {
    realisation.given(given).when(record({ value: 101 })).thenThrows(InvalidInput, 'out-of-range');
  });

  it('money that is not a whole number of øre', () => {
    const kroner = {
      ...hoursSavedDefined,
      data: { ...hoursSavedDefined.data, indicatorId: 'kr-saved', unit: 'ore' as const },
    };
    realisation
      .given([kroner])
      .when(record({ indicatorId: 'kr-saved', unit: 'ore', value: 1234.5 }))
      .thenThrows(InvalidInput, 'not-whole-ore');
  });

  it('a period that has not begun', () => {
    // now is 2025-06-15
    realisation.given(given).when(record({ period: '2025-07' })).thenThrows(InvalidInput, 'in-the-future');
  });

  it('a date outside its period', () => {
    realisation.given(given).when(record({ date: '2025-04-01' })).thenThrows(InvalidInput, 'date-outside-period');
  });

  it('a malformed period', () => {
    realisation.given(given).when(record({ period: '2025-3' })).thenThrows(InvalidInput, 'invalid-period');
  });

  it('a measurement id used before (a re-delivered message)', () => {
    realisation
      .given([...given, recorded()])
      .when(record({ period: '2025-04' }))
      .thenThrows(IllegalState, 'duplicate-measurement');
  });

  it('a second measurement for a period already measured: that is a correction', () => {
    realisation
      .given([...given, recorded()])
      .when(record({ measurementId: 'm-2' }))
      .thenThrows(IllegalState, 'period-already-measured');
  });
});

describe('realisation: state after recording', () => {
  it('holds the measurements in force in the order recorded', () => {
    const state = fold(realisationDecider, [
      ...given,
      recorded({ measurementId: 'm-1', period: '2025-02' }),
      recorded({ measurementId: 'm-2', period: '2025-03' }),
    ]);
    expect(effectiveRealisationMeasurements(state).map((m) => m.measurementId)).toEqual(['m-1', 'm-2']);
  });
});
