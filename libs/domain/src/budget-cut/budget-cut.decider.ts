import type { CommandContext, Decider, Role } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted, RuleViolated } from '../shared/errors';
import { isOre, type Ore } from '../shared/money';
import { retainedShareBasisPoints, splitByRetainedShare } from '../retained-share/retained-share.percent';
import type { BudgetCutCommand, ProposeBudgetCut } from './budget-cut.commands';
import {
  budgetCutCountsTowardHarvest,
  type BudgetCutEvent,
  type BudgetCutFigures,
  type BudgetCutOverride,
  type BudgetCutProposed,
  type BudgetCutStatus,
  type BudgetCutRealisationStatus,
} from './budget-cut.events';
import { findHarvestBreach, type HarvestLimitInput } from './harvest-limit';

/** One cut as the decider knows it. */
export interface BudgetCutRecord extends BudgetCutFigures {
  readonly status: BudgetCutStatus;
  readonly caseStatus: string;
  readonly realisationStatus: BudgetCutRealisationStatus | null;
  readonly realisationAcknowledgement: string | null;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly approvedBy: string | null;
  readonly bookedBy: string | null;
  /** The reason given on rejection or reversal. */
  readonly closingReason: string | null;
}

/** The harvest of one business case (stream `harvest-<caseId>`): every cut taken from it. */
export type BudgetCutState =
  | { readonly status: 'empty' }
  | { readonly status: 'harvesting'; readonly caseId: string; readonly cuts: Readonly<Record<string, BudgetCutRecord>> };

/** Business-case statuses whose approved revision may be harvested. */
export const HARVESTABLE_CASE_STATUSES: readonly string[] = ['approved', 'in-implementation', 'in-operation'];

/** Who may do what with a budget cut (deny by default). Four eyes comes on top of this. */
export const BUDGET_CUT_PERMISSIONS: Readonly<Record<BudgetCutCommand['type'], readonly Role[]>> = {
  ProposeBudgetCut: ['finance'],
  ApproveBudgetCut: ['finance', 'management'],
  RejectBudgetCut: ['finance', 'management'],
  BookBudgetCut: ['finance'],
  ReverseBudgetCut: ['finance'],
};

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

const initialState = (): BudgetCutState => ({ status: 'empty' });

const requireRole = (command: BudgetCutCommand): void => {
  const allowed = BUDGET_CUT_PERMISSIONS[command.type];
  const { role } = command.context.actor;
  if (!allowed.includes(role)) {
    throw new NotPermitted('role-not-permitted', `A ${role} cannot ${command.type}`, { role, allowed });
  }
};

const requireText = (value: unknown, field: string, code = `${field}-required`): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInput(code, `${field} is required`, field);
  return value.trim();
};

const requireReason = (context: CommandContext): string => {
  const reason = context.reason?.trim();
  if (!reason) throw new InvalidInput('reason-required', 'This step needs a reason', 'reason');
  return reason;
};

const requireYear = (year: unknown, field: string): number => {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new InvalidInput('invalid-year', `Not a budget year: ${String(year)}`, field);
  }
  return year;
};

const requireSameCase = (state: BudgetCutState, caseId: string): void => {
  if (state.status === 'harvesting' && state.caseId !== caseId) {
    throw new InvalidInput('case-mismatch', `This stream harvests case ${state.caseId}, not ${caseId}`, 'caseId');
  }
};

const requireCut = (state: BudgetCutState, caseId: string, cutId: string): BudgetCutRecord => {
  requireSameCase(state, caseId);
  // Own keys only: a cut id such as "constructor" names no cut.
  const cut = state.status === 'harvesting' && Object.prototype.hasOwnProperty.call(state.cuts, cutId) ? state.cuts[cutId] : undefined;
  if (!cut) throw new NotFound('budget-cut-not-found', `No budget cut ${cutId} on case ${caseId}`, { caseId, cutId });
  return cut;
};

const requireStatus = (cut: BudgetCutRecord, expected: BudgetCutStatus, action: string): void => {
  if (cut.status !== expected) {
    throw new IllegalState(`budget-cut-not-${expected}`, `Only a ${expected} budget cut can be ${action}; this one is ${cut.status}`, {
      cutId: cut.cutId,
      status: cut.status,
    });
  }
};

const figuresOf = (cut: BudgetCutRecord): BudgetCutFigures => ({
  cutId: cut.cutId,
  caseId: cut.caseId,
  departmentId: cut.departmentId,
  year: cut.year,
  approvedRevision: cut.approvedRevision,
  sharePct: cut.sharePct,
  gross: cut.gross,
  retained: cut.retained,
  cut: cut.cut,
  amount: cut.amount,
  override: cut.override,
});

const refOf = (cut: BudgetCutRecord) => ({
  cutId: cut.cutId,
  caseId: cut.caseId,
  departmentId: cut.departmentId,
  year: cut.year,
  amount: cut.amount,
});

/** The validated facts of a proposal. */
const validateProposal = (data: ProposeBudgetCut['data']) => {
  const cutId = requireText(data.cutId, 'cutId');
  const caseId = requireText(data.caseId, 'caseId');
  const departmentId = requireText(data.departmentId, 'departmentId');
  const year = requireYear(data.year, 'year');
  if (!Number.isSafeInteger(data.approvedRevision) || data.approvedRevision < 0) {
    throw new InvalidInput('invalid-revision', 'approvedRevision must be a whole number', 'approvedRevision');
  }
  const planned: Record<string, Ore> = {};
  for (const [key, value] of Object.entries(data.plannedBudgetEffective ?? {})) {
    requireYear(Number(key), `plannedBudgetEffective.${key}`);
    if (!isOre(value)) {
      throw new InvalidInput('invalid-amount', 'Planned savings are whole numbers of øre', `plannedBudgetEffective.${key}`);
    }
    planned[String(Number(key))] = value;
  }
  retainedShareBasisPoints(data.retainedSharePct, 'retainedSharePct');
  const byYear = data.retainedSharePctByYear ?? {};
  for (const [key, pct] of Object.entries(byYear)) {
    requireYear(Number(key), `retainedSharePctByYear.${key}`);
    retainedShareBasisPoints(pct, `retainedSharePctByYear.${key}`);
  }
  const ownYear = byYear[String(year)];
  if (ownYear !== undefined && ownYear !== data.retainedSharePct) {
    throw new InvalidInput(
      'inconsistent-retained-share',
      `retainedSharePct (${data.retainedSharePct}) and retainedSharePctByYear.${year} (${ownYear}) disagree`,
      `retainedSharePctByYear.${year}`,
    );
  }
  if (data.amount !== undefined && (!isOre(data.amount) || data.amount <= 0)) {
    throw new InvalidInput('invalid-amount', 'A budget cut is a positive whole number of øre', 'amount');
  }
  const overrideJustification =
    data.override === undefined ? null : requireText(data.override.justification, 'override.justification', 'justification-required');
  const acknowledgement =
    data.realisationAcknowledgement === undefined
      ? null
      : requireText(data.realisationAcknowledgement.justification, 'realisationAcknowledgement.justification', 'justification-required');
  const shareFor = (y: number): number => (y === year ? data.retainedSharePct : byYear[String(y)] ?? data.retainedSharePct);
  return { cutId, caseId, departmentId, year, planned, shareFor, overrideJustification, acknowledgement };
};

const propose = (command: ProposeBudgetCut, state: BudgetCutState): BudgetCutEvent[] => {
  const { data, context } = command;
  const facts = validateProposal(data);
  requireSameCase(state, facts.caseId);
  if (state.status === 'harvesting' && state.cuts[facts.cutId]) {
    throw new IllegalState('budget-cut-exists', `Budget cut ${facts.cutId} already exists`, { cutId: facts.cutId });
  }
  if (!HARVESTABLE_CASE_STATUSES.includes(data.caseStatus)) {
    throw new RuleViolated('case-not-approved', `Case ${facts.caseId} is ${data.caseStatus}: only an approved case is harvested`, {
      caseId: facts.caseId,
      caseStatus: data.caseStatus,
    });
  }
  // Hook for the realisation issue: red realisation refuses the proposal with a warning, unless acknowledged.
  if (data.realisationStatus === 'red' && facts.acknowledgement === null) {
    throw new RuleViolated('realisation-red', `The realisation of case ${facts.caseId} is red`, {
      warning: 'realisation-red',
      realisationStatus: 'red',
      caseId: facts.caseId,
    });
  }

  const split = splitByRetainedShare(facts.planned[String(facts.year)] ?? 0, data.retainedSharePct);
  const amount = data.amount ?? split.cut;
  if (amount <= 0) {
    throw new RuleViolated('nothing-to-harvest', `The approved revision gives no cut for ${facts.departmentId} in ${facts.year}`, {
      gross: split.gross,
      retained: split.retained,
      cut: split.cut,
    });
  }

  const counted =
    state.status === 'harvesting'
      ? Object.values(state.cuts).filter((c) => c.departmentId === facts.departmentId && budgetCutCountsTowardHarvest(c.status))
      : [];
  const limitInput: HarvestLimitInput = {
    plannedBudgetEffective: facts.planned,
    shareFor: facts.shareFor,
    counted,
    year: facts.year,
  };
  const breach = findHarvestBreach(limitInput, amount);
  let override: BudgetCutOverride | null = null;
  if (breach) {
    if (facts.overrideJustification === null) {
      throw new RuleViolated(
        'not-faster-than-they-arise',
        `Cuts from case ${facts.caseId} for ${facts.departmentId} would run ${breach.excess} øre ahead of the planned cuts up to ${breach.year}`,
        { ...breach },
      );
    }
    override = { justification: facts.overrideJustification, ...breach };
  }
  // An override that was not needed is not recorded: an override on a cut always means it ran ahead.

  const event: BudgetCutProposed = {
    type: 'BudgetCutProposed',
    data: {
      cutId: facts.cutId,
      caseId: facts.caseId,
      departmentId: facts.departmentId,
      year: facts.year,
      approvedRevision: data.approvedRevision,
      sharePct: data.retainedSharePct,
      gross: split.gross,
      retained: split.retained,
      cut: split.cut,
      amount,
      override,
      caseStatus: data.caseStatus,
      realisationStatus: data.realisationStatus ?? null,
      realisationAcknowledgement: data.realisationStatus === 'red' ? facts.acknowledgement : null,
      proposedBy: context.actor.id,
      proposedAt: context.now,
    },
  };
  return [event];
};

const decide = (command: BudgetCutCommand, state: BudgetCutState): BudgetCutEvent[] => {
  requireRole(command);
  const { context } = command;
  switch (command.type) {
    case 'ProposeBudgetCut':
      return propose(command, state);
    case 'ApproveBudgetCut': {
      const cut = requireCut(state, command.data.caseId, command.data.cutId);
      requireStatus(cut, 'proposed', 'approved');
      if (context.actor.id === cut.proposedBy) {
        throw new RuleViolated('four-eyes', 'Whoever proposed a budget cut cannot approve it', {
          cutId: cut.cutId,
          proposedBy: cut.proposedBy,
        });
      }
      return [{ type: 'BudgetCutApproved', data: { ...refOf(cut), approvedBy: context.actor.id, approvedAt: context.now } }];
    }
    case 'RejectBudgetCut': {
      const cut = requireCut(state, command.data.caseId, command.data.cutId);
      requireStatus(cut, 'proposed', 'rejected');
      const reason = requireReason(context);
      return [
        { type: 'BudgetCutRejected', data: { ...refOf(cut), reason, rejectedBy: context.actor.id, rejectedAt: context.now } },
      ];
    }
    case 'BookBudgetCut': {
      const cut = requireCut(state, command.data.caseId, command.data.cutId);
      requireStatus(cut, 'approved', 'booked');
      return [{ type: 'BudgetCutBooked', data: { ...figuresOf(cut), bookedBy: context.actor.id, bookedAt: context.now } }];
    }
    case 'ReverseBudgetCut': {
      const cut = requireCut(state, command.data.caseId, command.data.cutId);
      requireStatus(cut, 'booked', 'reversed');
      const reason = requireReason(context);
      return [
        { type: 'BudgetCutReversed', data: { ...refOf(cut), reason, reversedBy: context.actor.id, reversedAt: context.now } },
      ];
    }
    default: {
      const unknown: never = command;
      throw new InvalidInput('unknown-command', `Unknown command ${(unknown as { type: string }).type}`);
    }
  }
};

const withCut = (
  state: BudgetCutState,
  cutId: string,
  change: (cut: BudgetCutRecord) => BudgetCutRecord,
): BudgetCutState => {
  const cut = state.status === 'harvesting' ? state.cuts[cutId] : undefined;
  if (state.status !== 'harvesting' || !cut) return state; // not reachable from a well-formed stream
  return { ...state, cuts: { ...state.cuts, [cutId]: change(cut) } };
};

const evolve = (state: BudgetCutState, event: BudgetCutEvent): BudgetCutState => {
  switch (event.type) {
    case 'BudgetCutProposed': {
      const { data } = event;
      const record: BudgetCutRecord = {
        ...data,
        status: 'proposed',
        approvedBy: null,
        bookedBy: null,
        closingReason: null,
      };
      const cuts = state.status === 'harvesting' ? state.cuts : {};
      return { status: 'harvesting', caseId: data.caseId, cuts: { ...cuts, [data.cutId]: record } };
    }
    case 'BudgetCutApproved':
      return withCut(state, event.data.cutId, (c) => ({ ...c, status: 'approved', approvedBy: event.data.approvedBy }));
    case 'BudgetCutRejected':
      return withCut(state, event.data.cutId, (c) => ({ ...c, status: 'rejected', closingReason: event.data.reason }));
    case 'BudgetCutBooked':
      return withCut(state, event.data.cutId, (c) => ({ ...c, status: 'booked', bookedBy: event.data.bookedBy }));
    case 'BudgetCutReversed':
      return withCut(state, event.data.cutId, (c) => ({ ...c, status: 'reversed', closingReason: event.data.reason }));
    default: {
      const unknown: never = event;
      throw new Error(`Unknown budget cut event ${(unknown as { type: string }).type}`);
    }
  }
};

/** The budget cuts harvested from one business case (stream `harvest-<caseId>`). */
export const budgetCutDecider: Decider<BudgetCutCommand, BudgetCutState, BudgetCutEvent> = {
  decide,
  evolve,
  initialState,
};
