// Shared fixtures for the budget-cut specs (not exported from the package).
import type { Actor, CommandContext } from '../shared/decider';
import { kr, type Ore } from '../shared/money';
import type {
  ApproveBudgetCut,
  BookBudgetCut,
  ProposeBudgetCut,
  ProposeBudgetCutData,
  RejectBudgetCut,
  ReverseBudgetCut,
} from './budget-cut.commands';
import type {
  BudgetCutApproved,
  BudgetCutBooked,
  BudgetCutProposed,
  BudgetCutRejected,
  BudgetCutReversed,
} from './budget-cut.events';

export const CASE = 'case-7';
export const DEPT = 'dep-social';
export const NOW = '2026-03-02T09:00:00Z';

export const anna: Actor = { id: 'anna', role: 'finance', departments: [] };
export const bo: Actor = { id: 'bo', role: 'finance', departments: [] };
export const direktor: Actor = { id: 'dorte', role: 'management', departments: [] };
export const head: Actor = { id: 'henrik', role: 'department-head', departments: [DEPT] };
export const author: Actor = { id: 'ida', role: 'case-author', departments: [DEPT] };

export const ctx = (actor: Actor, reason?: string): CommandContext => ({ actor, now: NOW, reason });

/** The approved revision's budget-effective savings for DEPT: 400k kr in 2026, 1m kr from 2027. */
export const PLANNED: Readonly<Record<string, Ore>> = {
  '2026': kr(400_000),
  '2027': kr(1_000_000),
  '2028': kr(1_000_000),
};

/** At 25 % retained, the planned cuts are 300k kr (2026), 750k kr (2027), 750k kr (2028). */
export const SHARE = 25;

export const proposeData = (overrides: Partial<ProposeBudgetCutData> = {}): ProposeBudgetCutData => ({
  cutId: 'cut-1',
  caseId: CASE,
  departmentId: DEPT,
  year: 2026,
  caseStatus: 'approved',
  approvedRevision: 2,
  plannedBudgetEffective: PLANNED,
  retainedSharePct: SHARE,
  ...overrides,
});

export const propose = (overrides: Partial<ProposeBudgetCutData> = {}, actor: Actor = anna): ProposeBudgetCut => ({
  type: 'ProposeBudgetCut',
  data: proposeData(overrides),
  context: ctx(actor),
});

/** A proposal event as ProposeBudgetCut with the defaults records it, for `given`. */
export const proposed = (
  overrides: Partial<BudgetCutProposed['data']> = {},
): BudgetCutProposed => {
  const year = overrides.year ?? 2026;
  const gross = overrides.gross ?? PLANNED[String(year)] ?? 0;
  const retained = overrides.retained ?? Math.round((gross * SHARE) / 100);
  const cut = overrides.cut ?? gross - retained;
  return {
    type: 'BudgetCutProposed',
    data: {
      cutId: 'cut-1',
      caseId: CASE,
      departmentId: DEPT,
      year,
      approvedRevision: 2,
      sharePct: SHARE,
      gross,
      retained,
      cut,
      amount: cut,
      override: null,
      caseStatus: 'approved',
      realisationStatus: null,
      realisationAcknowledgement: null,
      proposedBy: anna.id,
      proposedAt: NOW,
      ...overrides,
    },
  };
};

const ref = (p: BudgetCutProposed) => ({
  cutId: p.data.cutId,
  caseId: p.data.caseId,
  departmentId: p.data.departmentId,
  year: p.data.year,
  amount: p.data.amount,
});

export const approved = (p: BudgetCutProposed, by: Actor = bo): BudgetCutApproved => ({
  type: 'BudgetCutApproved',
  data: { ...ref(p), approvedBy: by.id, approvedAt: NOW },
});

export const rejected = (p: BudgetCutProposed, reason = 'Not this year', by: Actor = bo): BudgetCutRejected => ({
  type: 'BudgetCutRejected',
  data: { ...ref(p), reason, rejectedBy: by.id, rejectedAt: NOW },
});

export const booked = (p: BudgetCutProposed, by: Actor = anna): BudgetCutBooked => {
  const { cutId, caseId, departmentId, year, approvedRevision, sharePct, gross, retained, cut, amount, override } = p.data;
  return {
    type: 'BudgetCutBooked',
    data: { cutId, caseId, departmentId, year, approvedRevision, sharePct, gross, retained, cut, amount, override, bookedBy: by.id, bookedAt: NOW },
  };
};

export const reversed = (p: BudgetCutProposed, reason = 'Booked twice', by: Actor = anna): BudgetCutReversed => ({
  type: 'BudgetCutReversed',
  data: { ...ref(p), reason, reversedBy: by.id, reversedAt: NOW },
});

const target = (cutId: string) => ({ caseId: CASE, cutId });

export const approve = (by: Actor = bo, cutId = 'cut-1'): ApproveBudgetCut => ({
  type: 'ApproveBudgetCut',
  data: target(cutId),
  context: ctx(by),
});
export const reject = (reason: string | undefined, by: Actor = bo, cutId = 'cut-1'): RejectBudgetCut => ({
  type: 'RejectBudgetCut',
  data: target(cutId),
  context: ctx(by, reason),
});
export const book = (by: Actor = anna, cutId = 'cut-1'): BookBudgetCut => ({
  type: 'BookBudgetCut',
  data: target(cutId),
  context: ctx(by),
});
export const reverse = (reason: string | undefined, by: Actor = anna, cutId = 'cut-1'): ReverseBudgetCut => ({
  type: 'ReverseBudgetCut',
  data: target(cutId),
  context: ctx(by, reason),
});
