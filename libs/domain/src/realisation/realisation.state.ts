import type { IndicatorForGain, IndicatorTarget } from './indicator';
import type { MeasurementForGain } from './realised-gain';
import type { MeasurementSource, RealisationEvent, IndicatorTrajectoryOrigin } from './realisation.events';
import type { IsoDate, RealisationPeriod } from './realisation-period';
import type { RealisationColour } from './realisation-status';

export interface RealisationIndicatorState extends IndicatorForGain {
  readonly name: string;
  readonly target: IndicatorTarget;
  readonly trajectoryOrigin: IndicatorTrajectoryOrigin;
  readonly definedBy: string;
  readonly definedAt: string;
}

export interface RealisationMeasurementState extends MeasurementForGain {
  readonly unit: IndicatorForGain['unit'];
  readonly date?: IsoDate;
  readonly source: MeasurementSource;
  readonly recordedBy: string;
  readonly recordedAt: string;
  /** Set on a correcting measurement: the one it replaced. */
  readonly supersedes?: string;
  readonly reason?: string;
}

export interface RealisationRedEpisode {
  readonly episode: number;
  readonly period: RealisationPeriod;
  readonly at: string;
  readonly acknowledged: { readonly by: string; readonly at: string; readonly comment: string } | null;
}

export type RealisationState =
  | { readonly status: 'empty' }
  | {
      readonly status: 'tracking';
      readonly caseId: string;
      /** In order of definition (which also breaks ties between indicators of one kind). */
      readonly indicators: readonly RealisationIndicatorState[];
      /** Every measurement ever recorded, in order of recording, superseded ones included. */
      readonly measurements: readonly RealisationMeasurementState[];
      /** Null until the first evaluation. */
      readonly colour: RealisationColour | null;
      /** The period of the last colour change. */
      readonly lastEvaluatedPeriod: RealisationPeriod | null;
      readonly redEpisodes: readonly RealisationRedEpisode[];
    };

export type TrackingState = Extract<RealisationState, { status: 'tracking' }>;

export const initialRealisationState = (): RealisationState => ({ status: 'empty' });

const tracking = (state: RealisationState, caseId: string): TrackingState =>
  state.status === 'tracking'
    ? state
    : { status: 'tracking', caseId, indicators: [], measurements: [], colour: null, lastEvaluatedPeriod: null, redEpisodes: [] };

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const unknownEvent = (event: never): never => {
  throw new Error(`Unknown realisation event ${JSON.stringify(event)}`);
};

export const evolveRealisation = (state: RealisationState, event: RealisationEvent): RealisationState => {
  const current = tracking(state, event.data.caseId);
  switch (event.type) {
    case 'IndicatorDefined': {
      const { caseId: _caseId, ...indicator } = event.data;
      return { ...current, indicators: [...current.indicators, indicator] };
    }
    case 'IndicatorTrajectoryEdited': {
      const { indicatorId, trajectory, trajectoryOrigin } = event.data;
      return {
        ...current,
        indicators: current.indicators.map((i) =>
          i.indicatorId === indicatorId ? { ...i, trajectory, trajectoryOrigin } : i,
        ),
      };
    }
    case 'MeasurementRecorded': {
      const { caseId: _caseId, ...measurement } = event.data;
      return { ...current, measurements: [...current.measurements, withoutUndefined(measurement)] };
    }
    case 'MeasurementCorrected': {
      const { caseId: _caseId, ...measurement } = event.data;
      return {
        ...current,
        measurements: [
          ...current.measurements.map((m) =>
            m.measurementId === measurement.supersedes ? { ...m, supersededBy: measurement.measurementId } : m,
          ),
          withoutUndefined(measurement),
        ],
      };
    }
    case 'RealisationColourChanged':
      return { ...current, colour: event.data.to, lastEvaluatedPeriod: event.data.period };
    case 'RealisationTurnedRed': {
      const { episode, period, at } = event.data;
      return { ...current, redEpisodes: [...current.redEpisodes, { episode, period, at, acknowledged: null }] };
    }
    case 'RedStatusAcknowledged': {
      const { episode, by, at, comment } = event.data;
      return {
        ...current,
        redEpisodes: current.redEpisodes.map((e) =>
          e.episode === episode ? { ...e, acknowledged: { by, at, comment } } : e,
        ),
      };
    }
    default:
      return unknownEvent(event);
  }
};

/** The measurements in force: not superseded by a correction, in order of recording. */
export const effectiveRealisationMeasurements = (state: RealisationState): RealisationMeasurementState[] =>
  state.status === 'tracking' ? state.measurements.filter((m) => m.supersededBy === undefined) : [];

/**
 * The colour now, and the red episode in progress (null unless red): what a budget-cut
 * proposal needs to know (a red case is harvested only with an acknowledgement).
 */
export const currentRealisationStatus = (
  state: RealisationState,
): { readonly colour: RealisationColour | null; readonly redEpisode: RealisationRedEpisode | null } => {
  if (state.status !== 'tracking') return { colour: null, redEpisode: null };
  const latest = state.redEpisodes[state.redEpisodes.length - 1];
  return { colour: state.colour, redEpisode: state.colour === 'red' && latest !== undefined ? latest : null };
};
