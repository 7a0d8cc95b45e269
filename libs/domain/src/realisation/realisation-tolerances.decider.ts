import type { Decider, DomainCommand, DomainEvent } from '../shared/decider';
import { InvalidInput, NotPermitted } from '../shared/errors';
import { DEFAULT_REALISATION_TOLERANCES, requireRealisationTolerances, type RealisationTolerances } from './realisation-status';

/**
 * The municipality's realisation tolerances: one small aggregate, one stream. Named
 * `tolerances-realisation` rather than `realisation-tolerances`, which would sit in the
 * `realisation-<caseId>` namespace (a case with id "tolerances", a by-category subscription).
 */
export const REALISATION_TOLERANCES_STREAM = 'tolerances-realisation';

export type RealisationTolerancesSet = DomainEvent<
  'RealisationTolerancesSet',
  RealisationTolerances & {
    readonly previous: RealisationTolerances;
    readonly setBy: string;
    readonly at: string;
    readonly reason: string;
  }
>;

export type RealisationTolerancesEvent = RealisationTolerancesSet;

/** Finance sets the thresholds; context.reason is required. */
export type SetRealisationTolerances = DomainCommand<'SetRealisationTolerances', RealisationTolerances>;

export type RealisationTolerancesCommand = SetRealisationTolerances;

export type RealisationTolerancesState =
  | { readonly status: 'default'; readonly tolerances: RealisationTolerances }
  | {
      readonly status: 'set';
      readonly tolerances: RealisationTolerances;
      readonly setBy: string;
      readonly at: string;
    };

const decide = (command: RealisationTolerancesCommand, state: RealisationTolerancesState): RealisationTolerancesEvent[] => {
  const { actor, now } = command.context;
  if (actor.role !== 'finance') {
    throw new NotPermitted('role-not-permitted', `A ${actor.role} cannot SetRealisationTolerances`, {
      role: actor.role,
      allowed: ['finance'],
    });
  }
  const reason = command.context.reason?.trim();
  if (!reason) throw new InvalidInput('reason-required', 'This change needs a reason', 'reason');
  const tolerances = requireRealisationTolerances(command.data);
  const previous = state.tolerances;
  if (previous.greenFromPct === tolerances.greenFromPct && previous.amberFromPct === tolerances.amberFromPct) {
    return []; // already so
  }
  return [
    {
      type: 'RealisationTolerancesSet',
      data: { ...tolerances, previous: { ...previous }, setBy: actor.id, at: now, reason },
    },
  ];
};

const evolve = (_state: RealisationTolerancesState, event: RealisationTolerancesEvent): RealisationTolerancesState => ({
  status: 'set',
  tolerances: { greenFromPct: event.data.greenFromPct, amberFromPct: event.data.amberFromPct },
  setBy: event.data.setBy,
  at: event.data.at,
});

export const realisationTolerancesDecider: Decider<
  RealisationTolerancesCommand,
  RealisationTolerancesState,
  RealisationTolerancesEvent
> = {
  decide,
  evolve,
  initialState: () => ({ status: 'default', tolerances: { ...DEFAULT_REALISATION_TOLERANCES } }),
};
