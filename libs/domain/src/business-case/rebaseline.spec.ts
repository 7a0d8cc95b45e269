import { spec } from '@gevinst/testing';
import { IllegalState, fold } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import {
  approve,
  approved,
  approvedStream,
  close,
  content,
  finance,
  goLive,
  inImplementationStream,
  inOperationStream,
  reject,
  rejected,
  returned,
  revise,
  revised,
  startImplementation,
  submit,
  submitted,
} from './business-case.fixtures';
import { approvedBudgetEffective, type ApprovedBusinessCase } from './state';
import type { BusinessCaseEvent } from './events';

const bc = spec(businessCaseDecider);
const v2 = content({ benefitLines: [{ ...content().benefitLines[0]!, valuation: { kind: 'fixed', amountPerYear: 600_000 } }] });
const approvedCase = (events: BusinessCaseEvent[]): ApprovedBusinessCase => {
  const s = fold(businessCaseDecider, events);
  if (s.status !== 'approved' && s.status !== 'in-implementation' && s.status !== 'in-operation') throw new Error(`status ${s.status}`);
  return s;
};

describe('re-baselining an approved case', () => {
  it('keeps the phase and the pinned approval while a re-baseline is drafted', () => {
    const s = approvedCase([...inImplementationStream(), revised(2, v2, true)]);
    expect(s.status).toBe('in-implementation');
    expect(s.approved.revision).toBe(1);
    expect(s.approved.content).toEqual(content());
    expect(s.rebaseline).toEqual({ revision: 2, status: 'draft' });
    expect(s.latestRevision).toBe(2);
  });

  it('needs its own submission and approval', () => {
    const drafting = [...approvedStream(), revised(2, v2, true)];
    bc.given(drafting).when(approve(2)).thenThrows(IllegalState, 'not-submitted');
    bc.given(drafting)
      .when(submit())
      .thenEvents(([e]) => expect(e?.data).toEqual(expect.objectContaining({ revision: 2, rebaseline: true })));
  });

  it('is approved as a new pinned revision, naming the one it replaces', () => {
    bc.given([...approvedStream(), revised(2, v2, true), submitted(2, true)])
      .when(approve(2, finance))
      .thenEvents(([e]) => {
        expect(e?.type).toBe('BusinessCaseApproved');
        if (e?.type !== 'BusinessCaseApproved') return;
        expect(e.data).toEqual(expect.objectContaining({ revision: 2, rebaseline: true, previousApprovedRevision: 1 }));
        expect(e.data.summary.budgetEffectiveByDepartmentAndYear).toEqual({ social: { 2027: 600_000, 2028: 600_000, 2029: 600_000 } });
      });
  });

  it('never changes the approved numbers of the past', () => {
    const first = approvedCase(approvedStream()).approved;
    const s = approvedCase([...approvedStream(), revised(2, v2, true), submitted(2, true), approved(2, 1)]);
    expect(s.approved.revision).toBe(2);
    expect(s.approvals).toHaveLength(2);
    expect(s.approvals[0]).toEqual(first);
    expect(s.status).toBe('approved');
    expect(s.rebaseline).toBeNull();
  });

  it('keeps harvesting from the approved revision until the re-baseline is approved', () => {
    const pending = approvedCase([...approvedStream(), revised(2, v2, true), submitted(2, true)]);
    expect(approvedBudgetEffective(pending)).toEqual(approvedCase(approvedStream()).approved.summary.budgetEffectiveByDepartmentAndYear);
  });

  it('when rejected, leaves the approved revision in force and the case in its phase', () => {
    const events = [...inImplementationStream(), revised(2, v2, true), submitted(2, true)];
    bc.given(events)
      .when(reject(2))
      .thenEvents(([e]) => expect(e?.data).toEqual(expect.objectContaining({ revision: 2, rebaseline: true })));
    const s = approvedCase([...events, rejected(2, true)]);
    expect(s.status).toBe('in-implementation');
    expect(s.approved.revision).toBe(1);
    expect(s.rebaseline).toBeNull();
  });

  it('when returned, is revised and submitted again', () => {
    const events = [...approvedStream(), revised(2, v2, true), submitted(2, true), returned(2, true)];
    expect(approvedCase(events).rebaseline).toEqual({ revision: 2, status: 'returned-for-revision' });
    bc.given(events).when(submit()).thenThrows(IllegalState, 'revision-required');
    bc.given(events)
      .when(revise(v2))
      .thenEvents(([e]) => expect(e?.data).toEqual(expect.objectContaining({ revision: 3, rebaseline: true })));
  });

  it('cannot be revised while submitted', () => {
    bc.given([...approvedStream(), revised(2, v2, true), submitted(2, true)]).when(revise(v2)).thenThrows(IllegalState, 'under-review');
  });

  it('does not hold up the phases of the project', () => {
    bc.given([...approvedStream(), revised(2, v2, true)])
      .when(startImplementation())
      .thenEvents(([e]) => expect(e?.type).toBe('BusinessCaseImplementationStarted'));
    bc.given([...inImplementationStream(), revised(2, v2, true), submitted(2, true)])
      .when(goLive())
      .thenEvents(([e]) => expect(e?.type).toBe('BusinessCaseWentLive'));
  });

  it('must be settled before the case is closed', () => {
    bc.given([...inOperationStream(), revised(2, v2, true)]).when(close()).thenThrows(IllegalState, 'rebaseline-pending');
  });
});
