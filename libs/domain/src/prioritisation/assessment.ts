/**
 * Strategic assessment: the criteria management defines (with weights) and the scores 0–5 each
 * case gets per criterion, each with a reason. One stream, `strategic-assessment`, so that a
 * score is always decided against the criteria as they stand.
 *
 * Weights are whole numbers 0–100 (relative importance); a case's weighted score is
 * Σ weight × score ÷ Σ weight over the active criteria (0–5), an unscored criterion counting 0.
 */
import { IllegalState, InvalidInput, NotFound, NotPermitted, type Decider, type DomainCommand, type DomainEvent, type Role } from '../shared';

export const STRATEGIC_ASSESSMENT_STREAM = 'strategic-assessment';

export const MAX_SCORE = 5;
export const MAX_WEIGHT = 100;
const CRITERION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export type ActorRefData = { id: string; role: Role };

export type StrategicCriterionDefined = DomainEvent<
  'StrategicCriterionDefined',
  { criterionId: string; name: string; description: string; weight: number; by: ActorRefData; at: string; reason: string }
>;
export type StrategicWeightsSet = DomainEvent<
  'StrategicWeightsSet',
  { weights: Record<string, number>; previous: Record<string, number>; by: ActorRefData; at: string; reason: string }
>;
export type StrategicCriterionRetired = DomainEvent<'StrategicCriterionRetired', { criterionId: string; by: ActorRefData; at: string; reason: string }>;
export type CaseScored = DomainEvent<
  'CaseScored',
  { caseId: string; criterionId: string; score: number; previousScore: number | null; by: ActorRefData; at: string; reason: string }
>;
export type StrategicAssessmentEvent = StrategicCriterionDefined | StrategicWeightsSet | StrategicCriterionRetired | CaseScored;

export const STRATEGIC_ASSESSMENT_EVENT_TYPES = ['StrategicCriterionDefined', 'StrategicWeightsSet', 'StrategicCriterionRetired', 'CaseScored'] as const;

export type DefineStrategicCriterion = DomainCommand<'DefineStrategicCriterion', { criterionId: string; name: string; description: string; weight: number }>;
export type SetStrategicWeights = DomainCommand<'SetStrategicWeights', { weights: Record<string, number> }>;
export type RetireStrategicCriterion = DomainCommand<'RetireStrategicCriterion', { criterionId: string }>;
/** `caseExists` is a fact the application reads from the case's stream. */
export type ScoreCase = DomainCommand<'ScoreCase', { caseId: string; criterionId: string; score: number; caseExists: boolean }>;
export type StrategicAssessmentCommand = DefineStrategicCriterion | SetStrategicWeights | RetireStrategicCriterion | ScoreCase;

export type StrategicCriterion = {
  criterionId: string;
  name: string;
  description: string;
  weight: number;
  active: boolean;
  definedAt: string;
};

export type CaseScore = { score: number; reason: string; by: ActorRefData; at: string };

export interface StrategicAssessmentState {
  /** By criterion id, in order of definition. */
  readonly criteria: Readonly<Record<string, StrategicCriterion>>;
  /** caseId → criterionId → the latest score. */
  readonly scores: Readonly<Record<string, Readonly<Record<string, CaseScore>>>>;
}

const MANAGEMENT: readonly Role[] = ['management'];
const SCORERS: readonly Role[] = ['finance', 'management'];

const requireRole = (role: Role, allowed: readonly Role[], what: string): void => {
  if (!allowed.includes(role)) throw new NotPermitted('role-not-permitted', `Only ${allowed.join(' or ')} ${what}`);
};

const requireReason = (reason: string | undefined): string => {
  if (reason === undefined || reason.trim() === '') throw new InvalidInput('reason-required', 'Give a reason', 'reason');
  return reason;
};

const checkWeight = (weight: number, field: string): void => {
  if (!Number.isSafeInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
    throw new InvalidInput('out-of-range', `A weight is a whole number 0–${MAX_WEIGHT}`, field);
  }
};

const activeCriterion = (state: StrategicAssessmentState, criterionId: string): StrategicCriterion => {
  const criterion = state.criteria[criterionId];
  if (!criterion) throw new NotFound('criterion-not-found', `No strategic criterion ${criterionId}`);
  if (!criterion.active) throw new IllegalState('criterion-retired', `The criterion ${criterionId} is retired`);
  return criterion;
};

const decide = (command: StrategicAssessmentCommand, state: StrategicAssessmentState): StrategicAssessmentEvent[] => {
  const { actor, now } = command.context;
  const by = { id: actor.id, role: actor.role };
  switch (command.type) {
    case 'DefineStrategicCriterion': {
      requireRole(actor.role, MANAGEMENT, 'define strategic criteria');
      const { criterionId, name, description, weight } = command.data;
      if (!CRITERION_ID.test(criterionId)) throw new InvalidInput('invalid-format', 'A criterion id is 1–64 lower-case letters, digits and -', 'criterionId');
      if (name.trim() === '' || name.length > 200) throw new InvalidInput('empty', 'A criterion needs a name of at most 200 characters', 'name');
      if (description.length > 4000) throw new InvalidInput('too-long', 'The description is at most 4000 characters', 'description');
      checkWeight(weight, 'weight');
      const reason = requireReason(command.context.reason);
      if (state.criteria[criterionId]) throw new IllegalState('criterion-exists', `The criterion ${criterionId} is already defined`);
      return [{ type: 'StrategicCriterionDefined', data: { criterionId, name: name.trim(), description, weight, by, at: now, reason } }];
    }
    case 'SetStrategicWeights': {
      requireRole(actor.role, MANAGEMENT, 'set the weights');
      const entries = Object.entries(command.data.weights);
      if (entries.length === 0) throw new InvalidInput('required', 'Name at least one criterion and its weight', 'weights');
      for (const [id, weight] of entries) checkWeight(weight, `weights.${id}`);
      const reason = requireReason(command.context.reason);
      const weights: Record<string, number> = {};
      const previous: Record<string, number> = {};
      for (const [id, weight] of entries) {
        const criterion = activeCriterion(state, id);
        if (criterion.weight === weight) continue;
        weights[id] = weight;
        previous[id] = criterion.weight;
      }
      if (Object.keys(weights).length === 0) return [];
      return [{ type: 'StrategicWeightsSet', data: { weights, previous, by, at: now, reason } }];
    }
    case 'RetireStrategicCriterion': {
      requireRole(actor.role, MANAGEMENT, 'retire strategic criteria');
      const reason = requireReason(command.context.reason);
      activeCriterion(state, command.data.criterionId);
      return [{ type: 'StrategicCriterionRetired', data: { criterionId: command.data.criterionId, by, at: now, reason } }];
    }
    case 'ScoreCase': {
      requireRole(actor.role, SCORERS, 'score cases');
      const { caseId, criterionId, score } = command.data;
      if (!Number.isSafeInteger(score) || score < 0 || score > MAX_SCORE) throw new InvalidInput('out-of-range', `A score is a whole number 0–${MAX_SCORE}`, 'score');
      const reason = requireReason(command.context.reason);
      activeCriterion(state, criterionId);
      if (!command.data.caseExists) throw new NotFound('business-case-not-found', `No business case ${caseId}`);
      const previous = state.scores[caseId]?.[criterionId];
      if (previous && previous.score === score && previous.reason === reason) return [];
      return [{ type: 'CaseScored', data: { caseId, criterionId, score, previousScore: previous?.score ?? null, by, at: now, reason } }];
    }
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown command ${String((_exhaustive as { type: string }).type)}`);
    }
  }
};

const evolve = (state: StrategicAssessmentState, event: StrategicAssessmentEvent): StrategicAssessmentState => {
  switch (event.type) {
    case 'StrategicCriterionDefined': {
      const { criterionId, name, description, weight, at } = event.data;
      return { ...state, criteria: { ...state.criteria, [criterionId]: { criterionId, name, description, weight, active: true, definedAt: at } } };
    }
    case 'StrategicWeightsSet': {
      const criteria = { ...state.criteria };
      for (const [id, weight] of Object.entries(event.data.weights)) {
        const c = criteria[id];
        if (c) criteria[id] = { ...c, weight };
      }
      return { ...state, criteria };
    }
    case 'StrategicCriterionRetired': {
      const c = state.criteria[event.data.criterionId];
      return c ? { ...state, criteria: { ...state.criteria, [c.criterionId]: { ...c, active: false } } } : state;
    }
    case 'CaseScored': {
      const { caseId, criterionId, score, reason, by, at } = event.data;
      return { ...state, scores: { ...state.scores, [caseId]: { ...state.scores[caseId], [criterionId]: { score, reason, by, at } } } };
    }
    default:
      return state;
  }
};

export const strategicAssessmentDecider: Decider<StrategicAssessmentCommand, StrategicAssessmentState, StrategicAssessmentEvent> = {
  initialState: () => ({ criteria: {}, scores: {} }),
  decide,
  evolve,
};

/** The active criteria, in order of definition. */
export const activeCriteria = (state: StrategicAssessmentState): StrategicCriterion[] => Object.values(state.criteria).filter((c) => c.active);

export type WeightedScore = {
  /** Σ weight × score ÷ Σ weight over the active criteria, 0–5; null when no active criterion has a weight. */
  weightedScore: number | null;
  /** Σ weight × score: a whole number, the objective coefficient when the optimiser maximises the weighted score. */
  weightedPoints: number;
  /** Every active criterion with a weight is scored. */
  complete: boolean;
  scores: { criterionId: string; weight: number; score: number | null; reason: string | null }[];
};

/** A case's weighted score under the criteria and weights in force. */
export const weightedScoreOf = (state: StrategicAssessmentState, caseId: string): WeightedScore => {
  const scores = state.scores[caseId] ?? {};
  let totalWeight = 0;
  let points = 0;
  let complete = true;
  const rows: WeightedScore['scores'] = [];
  for (const c of activeCriteria(state)) {
    const s = scores[c.criterionId];
    rows.push({ criterionId: c.criterionId, weight: c.weight, score: s ? s.score : null, reason: s ? s.reason : null });
    totalWeight += c.weight;
    if (s) points += c.weight * s.score;
    else if (c.weight > 0) complete = false;
  }
  return { weightedScore: totalWeight === 0 ? null : points / totalWeight, weightedPoints: points, complete, scores: rows };
};
