import { spec } from '@gevinst/testing';
import { InvalidInput, NotPermitted } from '../shared/errors';
import {
  realisationTolerancesDecider,
  type RealisationTolerancesSet,
  type SetRealisationTolerances,
} from './realisation-tolerances.decider';
import { ctx, finance, management, NOW } from './realisation.fixtures';

const tolerancesSpec = spec(realisationTolerancesDecider);

const set = (greenFromPct: number, amberFromPct: number, context = ctx(finance, { reason: 'Budgetaftale 2026' })): SetRealisationTolerances => ({
  type: 'SetRealisationTolerances',
  data: { greenFromPct, amberFromPct },
  context,
});

const wasSet: RealisationTolerancesSet = {
  type: 'RealisationTolerancesSet',
  data: {
    greenFromPct: 95,
    amberFromPct: 80,
    previous: { greenFromPct: 90, amberFromPct: 70 },
    setBy: 'frede',
    at: NOW,
    reason: 'Budgetaftale 2026',
  },
};

describe('realisation tolerances', () => {
  it('start at green from 90 % and amber from 70 %', () => {
    expect(realisationTolerancesDecider.initialState().tolerances).toEqual({ greenFromPct: 90, amberFromPct: 70 });
  });

  it('are set by finance, with the previous values and a reason', () => {
    tolerancesSpec.given([]).when(set(95, 80)).then([wasSet]);
  });

  it('are in force once set', () => {
    const state = realisationTolerancesDecider.evolve(realisationTolerancesDecider.initialState(), wasSet);
    expect(state.tolerances).toEqual({ greenFromPct: 95, amberFromPct: 80 });
  });

  it('are set by finance only', () => {
    tolerancesSpec.given([]).when(set(95, 80, ctx(management, { reason: 'x' }))).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('need a reason', () => {
    tolerancesSpec.given([]).when(set(95, 80, ctx(finance))).thenThrows(InvalidInput, 'reason-required');
  });

  it('refuse amber above green', () => {
    tolerancesSpec.given([]).when(set(60, 70)).thenThrows(InvalidInput, 'amber-above-green');
  });

  it('append nothing when already so', () => {
    tolerancesSpec.given([wasSet]).when(set(95, 80)).then([]);
  });
});
