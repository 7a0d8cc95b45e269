import { InvalidInput, NotPermitted, type Actor } from '../shared';
import { spec } from '@gevinst/testing';
import { municipalitySettingsDecider, type SetDiscountRate } from './municipality-settings.decider';

const finance: Actor = { id: 'frida', role: 'finance', departments: [] };
const set = (ratePct: number, actor: Actor = finance, reason = 'Finance Ministry rate changed'): SetDiscountRate => ({
  type: 'SetDiscountRate',
  data: { ratePct },
  context: { actor, now: '2027-01-01T00:00:00Z', reason },
});

describe('municipality settings: discount rate', () => {
  const given = spec(municipalitySettingsDecider).given;

  it('defaults to 3.5 % and records a change with the previous rate', () => {
    given([]).when(set(4)).then([
      { type: 'DiscountRateSet', data: { ratePct: 4, previousRatePct: 3.5, reason: 'Finance Ministry rate changed', by: { id: 'frida', role: 'finance' } } },
    ]);
  });

  it('records nothing when the rate is unchanged', () => {
    given([]).when(set(3.5)).then([]);
  });

  it('only finance or admin set it', () => {
    given([]).when(set(4, { id: 'carl', role: 'case-author', departments: ['x'] })).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('refuses a rate outside 0–100 or with more than 2 decimals', () => {
    given([]).when(set(101)).thenThrows(InvalidInput, 'out-of-range');
    given([]).when(set(3.555)).thenThrows(InvalidInput, 'out-of-range');
  });

  it('needs a reason', () => {
    given([]).when(set(4, finance, ' ')).thenThrows(InvalidInput, 'reason-required');
  });
});
