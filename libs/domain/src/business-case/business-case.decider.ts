/**
 * The business case decider. Rules (each has a spec):
 *
 * Who may do what (business rules, so they live here, not only in the API):
 * - draft, revise, submit: case authors, only for cases of their own department (actor.departments
 *   must include the owning department; a revision that moves the case to another department
 *   needs both);
 * - approve, reject, return for revision: finance or management only;
 * - start implementation, go live, close: finance, management, or a case author of the department.
 *
 * Lifecycle: draft → submitted → approved | rejected | returned-for-revision;
 * returned-for-revision → revise → draft; approved → in-implementation → in-operation → closed.
 * Rejected and closed are final. An approval pins the submitted revision (the approver names it)
 * and records the numbers seen. A revision after approval is a re-baseline: the phase and the
 * pinned approval stay, the re-baseline goes through submit and approval again.
 * Every command needs a reason.
 */
import { InvalidInput, IllegalState, NotFound, NotPermitted, type Actor, type Decider, type Role } from '../shared';
import { canonicalContent } from './canonical-content';
import type { BusinessCaseCommand } from './commands';
import { isTopDownEstimate, type BusinessCaseContent } from './content';
import { budgetEffectiveByDepartmentAndYear, computeEconomics } from './economics';
import type { ActorRef, ApprovalSummary, BusinessCaseEvent } from './events';
import {
  initialBusinessCaseState,
  type ApprovalRecord,
  type ApprovedBusinessCase,
  type BusinessCaseState,
  type ExistingBusinessCase,
  type RevisionRecord,
  type TransitionRecord,
  type UnapprovedBusinessCase,
} from './state';
import { validateRevision } from './validate-revision';

const REVIEWERS: readonly Role[] = ['finance', 'management'];
const PHASE_ROLES: readonly Role[] = ['finance', 'management', 'case-author'];

const actorRef = (actor: Actor): ActorRef => ({ id: actor.id, role: actor.role });

const requireReason = (reason: string | undefined): string => {
  if (reason === undefined || reason.trim() === '') {
    throw new InvalidInput('reason-required', 'Every change to a business case needs a reason', 'reason');
  }
  return reason;
};

const requireRole = (actor: Actor, roles: readonly Role[], what: string): void => {
  if (!roles.includes(actor.role)) {
    throw new NotPermitted('role-not-permitted', `A ${actor.role} may not ${what}; only ${roles.join(' or ')} may`, {
      role: actor.role,
      allowed: roles,
    });
  }
};

/** Case authors act only for their own departments; other permitted roles are municipality-wide. */
const requireDepartment = (actor: Actor, departmentId: string): void => {
  if (actor.role === 'case-author' && !actor.departments.includes(departmentId)) {
    throw new NotPermitted('not-own-department', `Case authors may act only on cases of their own department (${departmentId})`, {
      departmentId,
    });
  }
};

const requireValidContent = (content: BusinessCaseContent): BusinessCaseContent => {
  const { errors } = validateRevision(content);
  const first = errors[0];
  if (first !== undefined) {
    throw new InvalidInput(first.code, first.message, first.field, { errors });
  }
  return canonicalContent(content);
};

const requireExisting = (state: BusinessCaseState, caseId: string): ExistingBusinessCase => {
  if (state.status === 'empty') throw new NotFound('business-case-not-found', `Business case ${caseId} does not exist`);
  if (state.caseId !== caseId) {
    throw new InvalidInput('case-id-mismatch', `The command is for case ${caseId}, the stream holds case ${state.caseId}`, 'caseId');
  }
  return state;
};

/** The revision under review (initial or re-baseline) and its stage, if any. */
const review = (state: ExistingBusinessCase): { revision: number; stage: 'draft' | 'submitted' | 'returned-for-revision'; rebaseline: boolean } | null => {
  if (state.status === 'draft' || state.status === 'submitted' || state.status === 'returned-for-revision') {
    return { revision: state.latestRevision, stage: state.status, rebaseline: false };
  }
  if (state.rebaseline !== null) return { revision: state.rebaseline.revision, stage: state.rebaseline.status, rebaseline: true };
  return null;
};

/** What an approval records of the approved revision's figures (what-if and the audit recompute it the same way). */
export const approvalSummaryOf = (content: BusinessCaseContent): ApprovalSummary => {
  const e = computeEconomics(content);
  return {
    discountRatePct: e.discountRatePct,
    npv: e.npv,
    npvBudgetEffective: e.npvBudgetEffective,
    payback: e.payback,
    benefitCostRatio: e.benefitCostRatio,
    totalCosts: e.totals.costs,
    totalBenefits: e.totals.benefits,
    totalBudgetEffective: e.totals.budgetEffective,
    topDownEstimate: isTopDownEstimate(content),
    budgetEffectiveByDepartmentAndYear: budgetEffectiveByDepartmentAndYear(content, e),
  };
};

export const decide = (command: BusinessCaseCommand, state: BusinessCaseState): BusinessCaseEvent[] => {
  const { actor, now } = command.context;
  const by = actorRef(actor);
  const { caseId } = command.data;

  switch (command.type) {
    case 'DraftBusinessCase': {
      if (state.status !== 'empty') throw new IllegalState('already-exists', `Business case ${caseId} already exists`);
      if (typeof caseId !== 'string' || caseId.trim() === '') throw new InvalidInput('required', 'caseId is required', 'caseId');
      requireRole(actor, ['case-author'], 'draft a business case');
      const reason = requireReason(command.context.reason);
      const content = requireValidContent(command.data.content);
      requireDepartment(actor, content.owningDepartmentId);
      return [{ type: 'BusinessCaseDrafted', data: { caseId, revision: 1, content, reason, by, at: now } }];
    }

    case 'ReviseBusinessCase': {
      const s = requireExisting(state, caseId);
      requireRole(actor, ['case-author'], 'revise a business case');
      requireDepartment(actor, s.current.owningDepartmentId);
      const reason = requireReason(command.context.reason);
      if (s.status === 'submitted') throw new IllegalState('under-review', 'A submitted case cannot be revised until it is returned for revision');
      if (s.status === 'rejected') throw new IllegalState('rejected', 'A rejected case is final');
      if (s.status === 'closed') throw new IllegalState('closed', 'A closed case is final');
      if (s.rebaseline?.status === 'submitted') {
        throw new IllegalState('under-review', 'A submitted re-baseline cannot be revised until it is returned for revision');
      }
      const content = requireValidContent(command.data.content);
      requireDepartment(actor, content.owningDepartmentId);
      const rebaseline = s.approved !== null;
      return [{ type: 'BusinessCaseRevised', data: { caseId, revision: s.latestRevision + 1, content, rebaseline, reason, by, at: now } }];
    }

    case 'SubmitBusinessCase': {
      const s = requireExisting(state, caseId);
      requireRole(actor, ['case-author'], 'submit a business case');
      requireDepartment(actor, s.current.owningDepartmentId);
      const reason = requireReason(command.context.reason);
      const r = review(s);
      if (r === null || r.stage === 'submitted') {
        throw new IllegalState('nothing-to-submit', `There is no draft revision to submit (status ${s.status})`);
      }
      if (r.stage === 'returned-for-revision') {
        throw new IllegalState('revision-required', 'The case was returned for revision: revise it before submitting again');
      }
      return [{ type: 'BusinessCaseSubmitted', data: { caseId, revision: r.revision, rebaseline: r.rebaseline, reason, by, at: now } }];
    }

    case 'ApproveBusinessCase':
    case 'RejectBusinessCase':
    case 'ReturnBusinessCaseForRevision': {
      const s = requireExisting(state, caseId);
      const verb = command.type === 'ApproveBusinessCase' ? 'approve' : command.type === 'RejectBusinessCase' ? 'reject' : 'return';
      requireRole(actor, REVIEWERS, `${verb} a business case`);
      const reason = requireReason(command.context.reason);
      const r = review(s);
      if (r === null || r.stage !== 'submitted') {
        throw new IllegalState('not-submitted', `Only a submitted revision can be decided on (status ${s.status})`);
      }
      if (command.data.revision !== r.revision) {
        throw new IllegalState('revision-mismatch', `Revision ${r.revision} is under review, not ${command.data.revision}`, {
          underReview: r.revision,
          requested: command.data.revision,
        });
      }
      const base = { caseId, revision: r.revision, rebaseline: r.rebaseline, reason, by, at: now };
      if (command.type === 'RejectBusinessCase') return [{ type: 'BusinessCaseRejected', data: base }];
      if (command.type === 'ReturnBusinessCaseForRevision') return [{ type: 'BusinessCaseReturnedForRevision', data: base }];
      const content = (s.revisions[r.revision - 1] as RevisionRecord).content;
      return [
        {
          type: 'BusinessCaseApproved',
          data: { ...base, previousApprovedRevision: s.approved?.revision ?? null, summary: approvalSummaryOf(content) },
        },
      ];
    }

    case 'StartBusinessCaseImplementation':
    case 'TakeBusinessCaseLive':
    case 'CloseBusinessCase': {
      const s = requireExisting(state, caseId);
      requireRole(actor, PHASE_ROLES, 'move a business case to its next phase');
      requireDepartment(actor, s.current.owningDepartmentId);
      const reason = requireReason(command.context.reason);
      const data = { caseId, reason, by, at: now };
      if (command.type === 'StartBusinessCaseImplementation') {
        if (s.status !== 'approved') throw new IllegalState('not-approved', `Implementation starts only on an approved case (status ${s.status})`);
        return [{ type: 'BusinessCaseImplementationStarted', data }];
      }
      if (command.type === 'TakeBusinessCaseLive') {
        if (s.status !== 'in-implementation') {
          throw new IllegalState('not-in-implementation', `Only a case in implementation can go live (status ${s.status})`);
        }
        return [{ type: 'BusinessCaseWentLive', data }];
      }
      if (s.status !== 'in-operation') throw new IllegalState('not-in-operation', `Only a case in operation can be closed (status ${s.status})`);
      if (s.rebaseline !== null) {
        throw new IllegalState('rebaseline-pending', `Re-baseline revision ${s.rebaseline.revision} must be approved or rejected before closing`);
      }
      return [{ type: 'BusinessCaseClosed', data }];
    }

    default: {
      const unknown: never = command;
      throw new InvalidInput('unknown-command', `Unknown command ${(unknown as { type: string }).type}`);
    }
  }
};

const record = (state: ExistingBusinessCase, event: BusinessCaseEvent, revision: number | null): TransitionRecord => ({
  event: event.type,
  revision,
  status: state.status,
  rebaselineStatus: state.rebaseline?.status ?? null,
  by: event.data.by,
  at: event.data.at,
  reason: event.data.reason,
});

/** Adds the history entry for `event` to a state already evolved by it. */
const withHistory = <S extends ExistingBusinessCase>(next: S, event: BusinessCaseEvent, revision: number | null): S => ({
  ...next,
  history: [...next.history, record(next, event, revision)],
});

export const evolve = (state: BusinessCaseState, event: BusinessCaseEvent): BusinessCaseState => {
  if (event.type === 'BusinessCaseDrafted') {
    if (state.status !== 'empty') return state;
    const { caseId, content, reason, by, at } = event.data;
    const next: UnapprovedBusinessCase = {
      status: 'draft',
      caseId,
      revisions: [{ revision: 1, content, reason, by, at, rebaseline: false }],
      latestRevision: 1,
      current: content,
      topDownEstimate: isTopDownEstimate(content),
      approvals: [],
      history: [],
      createdBy: by,
      createdAt: at,
      approved: null,
      rebaseline: null,
    };
    return withHistory(next, event, 1);
  }
  if (state.status === 'empty') return state;

  switch (event.type) {
    case 'BusinessCaseRevised': {
      const { revision, content, reason, by, at, rebaseline } = event.data;
      const core = {
        revisions: [...state.revisions, { revision, content, reason, by, at, rebaseline }],
        latestRevision: revision,
        current: content,
        topDownEstimate: isTopDownEstimate(content),
      };
      if (state.approved === null) return withHistory({ ...state, ...core, status: 'draft' as const }, event, revision);
      if (state.status === 'closed') return state;
      return withHistory({ ...state, ...core, rebaseline: { revision, status: 'draft' as const } }, event, revision);
    }
    case 'BusinessCaseSubmitted':
    case 'BusinessCaseReturnedForRevision': {
      const stage = event.type === 'BusinessCaseSubmitted' ? ('submitted' as const) : ('returned-for-revision' as const);
      const { revision } = event.data;
      if (state.approved === null) return withHistory({ ...state, status: stage }, event, revision);
      if (state.status === 'closed') return state;
      return withHistory({ ...state, rebaseline: { revision, status: stage } }, event, revision);
    }
    case 'BusinessCaseRejected': {
      const { revision } = event.data;
      if (state.approved === null) return withHistory({ ...state, status: 'rejected' as const }, event, revision);
      if (state.status === 'closed') return state;
      return withHistory({ ...state, rebaseline: null }, event, revision);
    }
    case 'BusinessCaseApproved': {
      const { revision, summary, reason, by, at } = event.data;
      const content = state.revisions[revision - 1]?.content ?? state.current;
      const approval: ApprovalRecord = { revision, content, summary, reason, by, at };
      const approvals = [...state.approvals, approval];
      if (state.approved === null) {
        const next: ApprovedBusinessCase = { ...state, status: 'approved', approved: approval, approvals, rebaseline: null };
        return withHistory(next, event, revision);
      }
      if (state.status === 'closed') return state;
      return withHistory({ ...state, approved: approval, approvals, rebaseline: null }, event, revision);
    }
    case 'BusinessCaseImplementationStarted':
    case 'BusinessCaseWentLive': {
      if (state.approved === null || state.status === 'closed') return state;
      const status = event.type === 'BusinessCaseImplementationStarted' ? ('in-implementation' as const) : ('in-operation' as const);
      return withHistory({ ...state, status }, event, null);
    }
    case 'BusinessCaseClosed': {
      if (state.approved === null) return state;
      return withHistory({ ...state, status: 'closed' as const, rebaseline: null }, event, null);
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

export const initialState = initialBusinessCaseState;

/** The business case as a decider: `fold(businessCaseDecider, events)`, `spec(businessCaseDecider)`. */
export const businessCaseDecider: Decider<BusinessCaseCommand, BusinessCaseState, BusinessCaseEvent> = {
  decide,
  evolve,
  initialState,
};
