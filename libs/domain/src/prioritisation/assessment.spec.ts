import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotFound, NotPermitted, type Actor } from '../shared';
import {
  strategicAssessmentDecider,
  weightedScoreOf,
  type StrategicAssessmentCommand,
  type StrategicAssessmentEvent,
} from './assessment';
import { author, ctx, finance, head, management, NOW } from './prioritisation.fixtures';
import { fold } from '../shared';

const given = spec(strategicAssessmentDecider).given;
const by = (a: Actor) => ({ id: a.id, role: a.role });

const define = (criterionId: string, weight: number, actor: Actor = management, reason: string | undefined = 'Strategy 2027'): StrategicAssessmentCommand => ({
  type: 'DefineStrategicCriterion',
  data: { criterionId, name: `Criterion ${criterionId}`, description: '', weight },
  context: ctx(actor, reason),
});
const defined = (criterionId: string, weight: number): StrategicAssessmentEvent => ({
  type: 'StrategicCriterionDefined',
  data: { criterionId, name: `Criterion ${criterionId}`, description: '', weight, by: by(management), at: NOW, reason: 'Strategy 2027' },
});
const score = (caseId: string, criterionId: string, value: number, actor: Actor = finance, reason = 'Citizens gain a lot', caseExists = true): StrategicAssessmentCommand => ({
  type: 'ScoreCase',
  data: { caseId, criterionId, score: value, caseExists },
  context: ctx(actor, reason),
});
const scored = (caseId: string, criterionId: string, value: number, previousScore: number | null = null, reason = 'Citizens gain a lot'): StrategicAssessmentEvent => ({
  type: 'CaseScored',
  data: { caseId, criterionId, score: value, previousScore, by: by(finance), at: NOW, reason },
});
const weights = (w: Record<string, number>, actor: Actor = management): StrategicAssessmentCommand => ({ type: 'SetStrategicWeights', data: { weights: w }, context: ctx(actor, 'New council') });
const retire = (criterionId: string, actor: Actor = management): StrategicAssessmentCommand => ({ type: 'RetireStrategicCriterion', data: { criterionId }, context: ctx(actor, 'No longer a goal') });

describe('strategic assessment: criteria and weights (management)', () => {
  it('management defines a criterion with a weight and a reason', () => {
    given([]).when(define('citizen-service', 40)).then([defined('citizen-service', 40)]);
  });

  it('only management defines, reweights or retires criteria', () => {
    for (const actor of [finance, author, head]) {
      given([]).when(define('x', 1, actor)).thenThrows(NotPermitted, 'role-not-permitted');
      given([defined('x', 1)]).when(weights({ x: 2 }, actor)).thenThrows(NotPermitted, 'role-not-permitted');
      given([defined('x', 1)]).when(retire('x', actor)).thenThrows(NotPermitted, 'role-not-permitted');
    }
  });

  it('refuses a weight outside 0–100 or not whole, a bad id, a missing reason, a second definition', () => {
    given([]).when(define('x', 101)).thenThrows(InvalidInput, 'out-of-range');
    given([]).when(define('x', 2.5)).thenThrows(InvalidInput, 'out-of-range');
    given([]).when(define('Not An Id', 1)).thenThrows(InvalidInput, 'invalid-format');
    given([]).when(define('x', 1, management, ' ')).thenThrows(InvalidInput, 'reason-required');
    given([defined('x', 1)]).when(define('x', 1)).thenThrows(IllegalState, 'criterion-exists');
  });

  it('records only the weights that change, with the previous ones', () => {
    given([defined('a', 40), defined('b', 60)])
      .when(weights({ a: 40, b: 20 }))
      .then([{ type: 'StrategicWeightsSet', data: { weights: { b: 20 }, previous: { b: 60 }, by: by(management), at: NOW, reason: 'New council' } }]);
    given([defined('a', 40)]).when(weights({ a: 40 })).then([]);
  });

  it('cannot weight an unknown or retired criterion', () => {
    given([defined('a', 40)]).when(weights({ b: 1 })).thenThrows(NotFound, 'criterion-not-found');
    const retired: StrategicAssessmentEvent = { type: 'StrategicCriterionRetired', data: { criterionId: 'a', by: by(management), at: NOW, reason: 'No longer a goal' } };
    given([defined('a', 40), retired]).when(weights({ a: 1 })).thenThrows(IllegalState, 'criterion-retired');
    given([defined('a', 40)]).when(retire('a')).then([retired]);
    given([defined('a', 40), retired]).when(retire('a')).thenThrows(IllegalState, 'criterion-retired');
  });
});

describe('strategic assessment: scores 0–5 with a reason (finance, management)', () => {
  it('finance and management score a case on an active criterion', () => {
    given([defined('a', 40)]).when(score('case-1', 'a', 4)).then([scored('case-1', 'a', 4)]);
    given([defined('a', 40)])
      .when(score('case-1', 'a', 4, management))
      .then([{ ...scored('case-1', 'a', 4), data: { ...scored('case-1', 'a', 4).data, by: by(management) } } as StrategicAssessmentEvent]);
  });

  it('case authors and department heads do not score', () => {
    given([defined('a', 40)]).when(score('case-1', 'a', 4, author)).thenThrows(NotPermitted, 'role-not-permitted');
    given([defined('a', 40)]).when(score('case-1', 'a', 4, head)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('a re-score records the previous score; the same score for the same reason records nothing', () => {
    given([defined('a', 40), scored('case-1', 'a', 4)]).when(score('case-1', 'a', 2, finance, 'Fewer users')).then([scored('case-1', 'a', 2, 4, 'Fewer users')]);
    given([defined('a', 40), scored('case-1', 'a', 4)]).when(score('case-1', 'a', 4)).then([]);
  });

  it('refuses a score outside 0–5, a missing reason, an unknown criterion or case', () => {
    given([defined('a', 40)]).when(score('case-1', 'a', 6)).thenThrows(InvalidInput, 'out-of-range');
    given([defined('a', 40)]).when(score('case-1', 'a', 3.5)).thenThrows(InvalidInput, 'out-of-range');
    given([defined('a', 40)]).when(score('case-1', 'a', 3, finance, '')).thenThrows(InvalidInput, 'reason-required');
    given([defined('a', 40)]).when(score('case-1', 'b', 3)).thenThrows(NotFound, 'criterion-not-found');
    given([defined('a', 40)]).when(score('case-1', 'a', 3, finance, 'x', false)).thenThrows(NotFound, 'business-case-not-found');
  });
});

describe('weighted score', () => {
  it('is Σ weight × score ÷ Σ weight over the active criteria, an unscored criterion counting 0', () => {
    const state = fold(strategicAssessmentDecider, [defined('a', 40), defined('b', 60), defined('c', 0), scored('case-1', 'a', 5), scored('case-1', 'b', 2)]);
    // (40×5 + 60×2) / 100 = 3.2
    expect(weightedScoreOf(state, 'case-1')).toMatchObject({ weightedScore: 3.2, weightedPoints: 320, complete: true });
    // only a: 200/100 = 2, b unscored
    const partial = fold(strategicAssessmentDecider, [defined('a', 40), defined('b', 60), scored('case-2', 'a', 5)]);
    expect(weightedScoreOf(partial, 'case-2')).toMatchObject({ weightedScore: 2, weightedPoints: 200, complete: false });
  });

  it('follows new weights and drops retired criteria', () => {
    const events: StrategicAssessmentEvent[] = [
      defined('a', 40),
      defined('b', 60),
      scored('case-1', 'a', 5),
      scored('case-1', 'b', 2),
      { type: 'StrategicWeightsSet', data: { weights: { a: 80, b: 20 }, previous: { a: 40, b: 60 }, by: by(management), at: NOW, reason: 'x' } },
    ];
    expect(weightedScoreOf(fold(strategicAssessmentDecider, events), 'case-1').weightedScore).toBe(4.4);
    const retired: StrategicAssessmentEvent = { type: 'StrategicCriterionRetired', data: { criterionId: 'a', by: by(management), at: NOW, reason: 'x' } };
    expect(weightedScoreOf(fold(strategicAssessmentDecider, [...events, retired]), 'case-1')).toMatchObject({ weightedScore: 2, weightedPoints: 40 });
  });

  it('is null without weighted criteria', () => {
    expect(weightedScoreOf(fold(strategicAssessmentDecider, []), 'case-1').weightedScore).toBeNull();
  });
});
