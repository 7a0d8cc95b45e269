import { spec } from '@gevinst/testing';
import { fold } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import type { AcknowledgeRed, EvaluateRealisation } from './realisation.commands';
import type {
  RealisationColourChanged,
  RealisationTurnedRed,
  RedStatusAcknowledged,
} from './realisation.events';
import { realisationDecider } from './realisation.decider';
import { currentRealisationStatus } from './realisation.state';
import { adoptionDefined, author, CASE_ID, ctx, finance, management, NOW, system } from './realisation.fixtures';
import type { RealisationColour } from './realisation-status';

const realisation = spec(realisationDecider);
const tolerances = { greenFromPct: 90, amberFromPct: 70 };

const evaluate = (period: string, plannedToDate: number, realisedToDate: number, actor = system): EvaluateRealisation => ({
  type: 'EvaluateRealisation',
  data: { caseId: CASE_ID, period, plannedToDate, realisedToDate, tolerances },
  context: ctx(actor),
});

const changed = (
  period: string,
  from: RealisationColour | null,
  to: RealisationColour,
  plannedToDate: number,
  realisedToDate: number,
  realisedPct: number,
): RealisationColourChanged => ({
  type: 'RealisationColourChanged',
  data: {
    caseId: CASE_ID,
    period,
    at: NOW,
    from,
    to,
    realisedPct,
    plannedToDate,
    realisedToDate,
    tolerances,
    evaluatedBy: 'kafka-consumer',
  },
});

const turnedRed = (episode: number, period: string, plannedToDate: number, realisedToDate: number, realisedPct: number): RealisationTurnedRed => ({
  type: 'RealisationTurnedRed',
  data: {
    caseId: CASE_ID,
    episode,
    period,
    at: NOW,
    realisedPct,
    plannedToDate,
    realisedToDate,
    gap: plannedToDate - realisedToDate,
    tolerances,
    evaluatedBy: 'kafka-consumer',
  },
});

// Jan: 950/1.000 = 95 % green · Mar: 1.500/3.000 = 50 % red
const green = changed('2025-01', null, 'green', 1_000, 950, 95);
const red = changed('2025-03', 'green', 'red', 3_000, 1_500, 50);
const red1 = turnedRed(1, '2025-03', 3_000, 1_500, 50);

describe('realisation: colour changes', () => {
  it('records the first evaluation as a change from no colour', () => {
    realisation.given([adoptionDefined]).when(evaluate('2025-01', 1_000, 950)).then([green]);
  });

  it('records nothing while the colour holds', () => {
    // Feb: 1.850/2.000 = 92.5 % still green
    realisation.given([adoptionDefined, green]).when(evaluate('2025-02', 2_000, 1_850)).then([]);
  });

  it('records a turn to red as a colour change and as a red episode', () => {
    // Mar: 1.500/3.000 = 50 % → red; gap 1.500
    realisation.given([adoptionDefined, green]).when(evaluate('2025-03', 3_000, 1_500)).then([red, red1]);
  });

  it('records a first evaluation that is red as red at once', () => {
    realisation
      .given([adoptionDefined])
      .when(evaluate('2025-03', 3_000, 1_500))
      .then([changed('2025-03', null, 'red', 3_000, 1_500, 50), turnedRed(1, '2025-03', 3_000, 1_500, 50)]);
  });

  it('records a change out of red without a red event', () => {
    // Apr: 3.200/4.000 = 80 % amber
    realisation
      .given([adoptionDefined, green, red, red1])
      .when(evaluate('2025-04', 4_000, 3_200))
      .then([changed('2025-04', 'red', 'amber', 4_000, 3_200, 80)]);
  });

  it('numbers a later red episode', () => {
    // Apr amber (80 %), then May 2.000/5.000 = 40 % red again → episode 2
    const amber = changed('2025-04', 'red', 'amber', 4_000, 3_200, 80);
    realisation
      .given([adoptionDefined, green, red, red1, amber])
      .when(evaluate('2025-05', 5_000, 2_000))
      .thenEvents((events) => {
        expect(events.map((e) => e.type)).toEqual(['RealisationColourChanged', 'RealisationTurnedRed']);
        expect(events[1].data).toMatchObject({ episode: 2, realisedPct: 40 });
      });
  });

  it('refuses an evaluation as of a period before the last change', () => {
    realisation.given([adoptionDefined, green, red, red1]).when(evaluate('2025-02', 2_000, 1_850)).thenThrows(IllegalState, 'evaluation-out-of-order');
  });

  it('refuses figures that are not whole øre', () => {
    realisation.given([adoptionDefined]).when(evaluate('2025-01', 1_000.5, 950)).thenThrows(InvalidInput, 'not-whole-ore');
  });

  it('is run by finance, management or the system, not by a case author', () => {
    realisation.given([adoptionDefined]).when(evaluate('2025-01', 1_000, 950, author)).thenThrows(NotPermitted, 'role-not-permitted');
  });
});

describe('realisation: acknowledging red', () => {
  const acknowledge = (comment: string, actor = finance, episode?: number): AcknowledgeRed => ({
    type: 'AcknowledgeRed',
    data: { caseId: CASE_ID, comment, ...(episode === undefined ? {} : { episode }) },
    context: ctx(actor),
  });
  const acknowledged: RedStatusAcknowledged = {
    type: 'RedStatusAcknowledged',
    data: { caseId: CASE_ID, episode: 1, by: 'frede', at: NOW, comment: 'Drøftet med projektejer' },
  };

  it('records who acknowledged the red episode, when, with a comment', () => {
    realisation.given([adoptionDefined, green, red, red1]).when(acknowledge('Drøftet med projektejer')).then([acknowledged]);
  });

  it('lets management acknowledge', () => {
    realisation
      .given([adoptionDefined, green, red, red1])
      .when(acknowledge('Set', management))
      .thenEvents(([event]) => expect(event.data).toMatchObject({ by: 'mette' }));
  });

  it('may acknowledge a red episode after the case left red', () => {
    const amber = changed('2025-04', 'red', 'amber', 4_000, 3_200, 80);
    realisation.given([adoptionDefined, green, red, red1, amber]).when(acknowledge('Drøftet med projektejer')).then([acknowledged]);
  });

  it('needs a comment', () => {
    realisation.given([adoptionDefined, green, red, red1]).when(acknowledge('  ')).thenThrows(InvalidInput, 'comment-required');
  });

  it('is not for a case author', () => {
    realisation.given([adoptionDefined, green, red, red1]).when(acknowledge('ok', author)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('refuses a second acknowledgement of the same episode', () => {
    realisation
      .given([adoptionDefined, green, red, red1, acknowledged])
      .when(acknowledge('igen'))
      .thenThrows(IllegalState, 'already-acknowledged');
  });

  it('refuses when the case has never been red', () => {
    realisation.given([adoptionDefined, green]).when(acknowledge('ok')).thenThrows(IllegalState, 'not-red');
  });

  it('tells a budget-cut proposal the red episode in progress and its acknowledgement', () => {
    const open = currentRealisationStatus(fold(realisationDecider, [adoptionDefined, green, red, red1, acknowledged]));
    expect(open).toMatchObject({ colour: 'red', redEpisode: { episode: 1, acknowledged: { by: 'frede' } } });
    const amber = changed('2025-04', 'red', 'amber', 4_000, 3_200, 80);
    expect(currentRealisationStatus(fold(realisationDecider, [adoptionDefined, green, red, red1, amber]))).toEqual({
      colour: 'amber',
      redEpisode: null,
    });
  });

  it('refuses an episode that does not exist', () => {
    realisation.given([adoptionDefined, green, red, red1]).when(acknowledge('ok', finance, 7)).thenThrows(NotFound, 'unknown-red-episode');
  });
});
