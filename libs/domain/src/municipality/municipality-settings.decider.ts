/**
 * Municipality-wide settings that finance (or an administrator) sets and every business case
 * uses: the discount rate for NPV. One stream, `municipality-settings`. Each change is an
 * event with actor and reason; a case records the rate in force on each of its revisions, so
 * past results never change when the rate does.
 */
import { InvalidInput, NotPermitted, type Decider, type DomainCommand, type DomainEvent, type Role } from '../shared';

export const MUNICIPALITY_SETTINGS_STREAM = 'municipality-settings';

/** The Danish Finance Ministry's discount rate for years 0–35. */
export const DEFAULT_MUNICIPAL_DISCOUNT_RATE_PCT = 3.5;

export type DiscountRateSet = DomainEvent<'DiscountRateSet', { ratePct: number; previousRatePct: number; reason: string; by: { id: string; role: Role } }>;
export type MunicipalitySettingsEvent = DiscountRateSet;

export type SetDiscountRate = DomainCommand<'SetDiscountRate', { ratePct: number }>;
export type MunicipalitySettingsCommand = SetDiscountRate;

export interface MunicipalitySettingsState {
  discountRatePct: number;
}

const SETTERS: readonly Role[] = ['finance', 'admin'];

export const municipalitySettingsDecider: Decider<MunicipalitySettingsCommand, MunicipalitySettingsState, MunicipalitySettingsEvent> = {
  initialState: () => ({ discountRatePct: DEFAULT_MUNICIPAL_DISCOUNT_RATE_PCT }),
  decide: (command, state) => {
    switch (command.type) {
      case 'SetDiscountRate': {
        const { actor, reason } = command.context;
        if (!SETTERS.includes(actor.role)) {
          throw new NotPermitted('role-not-permitted', 'Only finance or an administrator sets the discount rate');
        }
        const rate = command.data.ratePct;
        if (!Number.isFinite(rate) || rate < 0 || rate > 100 || Math.round(rate * 100) !== rate * 100) {
          throw new InvalidInput('out-of-range', 'The discount rate is a percentage 0–100 with at most 2 decimals', 'ratePct');
        }
        if (!reason || reason.trim() === '') throw new InvalidInput('reason-required', 'A change of the discount rate needs a reason', 'reason');
        if (rate === state.discountRatePct) return [];
        return [{ type: 'DiscountRateSet', data: { ratePct: rate, previousRatePct: state.discountRatePct, reason, by: { id: actor.id, role: actor.role } } }];
      }
      default: {
        const _exhaustive: never = command.type;
        throw new Error(`Unknown command ${String(_exhaustive)}`);
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'DiscountRateSet':
        return { ...state, discountRatePct: event.data.ratePct };
      default:
        return state;
    }
  },
};

export const MUNICIPALITY_SETTINGS_EVENT_TYPES = ['DiscountRateSet'] as const;
