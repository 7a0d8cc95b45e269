import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import {
  approvedStream,
  author,
  CASE_ID,
  closed,
  content,
  drafted,
  finance,
  inOperationStream,
  NOW,
  otherAuthor,
  ref,
  rejected,
  returned,
  revise,
  revised,
  submitted,
} from './business-case.fixtures';
import type { Actor } from '../shared';

const bc = spec(businessCaseDecider);
const v2 = content({ title: 'Self-service housing benefit, v2' });

describe('revising a business case', () => {
  it('records a complete new revision with the next number and a reason', () => {
    bc.given([drafted()])
      .when(revise(v2))
      .then([
        {
          type: 'BusinessCaseRevised',
          data: { caseId: CASE_ID, revision: 2, content: v2, rebaseline: false, reason: 'new numbers', by: ref(author), at: NOW },
        },
      ]);
  });

  it('numbers revisions consecutively', () => {
    bc.given([drafted(), revised(2), revised(3)])
      .when(revise(v2))
      .thenEvents(([e]) => expect(e?.data).toEqual(expect.objectContaining({ revision: 4 })));
  });

  it('is allowed after a return for revision', () => {
    bc.given([drafted(), submitted(1), returned(1)])
      .when(revise(v2))
      .thenEvents(([e]) => expect(e?.type).toBe('BusinessCaseRevised'));
  });

  it('is not allowed while submitted', () => {
    bc.given([drafted(), submitted(1)]).when(revise(v2)).thenThrows(IllegalState, 'under-review');
  });

  it('is not allowed on a rejected case', () => {
    bc.given([drafted(), submitted(1), rejected(1)]).when(revise(v2)).thenThrows(IllegalState, 'rejected');
  });

  it('is not allowed on a closed case', () => {
    bc.given([...inOperationStream(), closed()]).when(revise(v2)).thenThrows(IllegalState, 'closed');
  });

  it('after approval is a re-baseline', () => {
    bc.given(approvedStream())
      .when(revise(v2))
      .thenEvents(([e]) => expect(e?.data).toEqual(expect.objectContaining({ revision: 2, rebaseline: true })));
  });

  it('refuses a case that does not exist', () => {
    bc.given([]).when(revise(v2)).thenThrows(NotFound, 'business-case-not-found');
  });

  it('refuses invalid content, naming the field', () => {
    const bad = content({ benefitLines: [{ ...content().benefitLines[0]!, adoption: { ...content().benefitLines[0]!.adoption, targetAdoptionPct: 120 } }] });
    let thrown: unknown;
    try {
      businessCaseDecider.decide(revise(bad), [drafted()].reduce(businessCaseDecider.evolve, businessCaseDecider.initialState()));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInput);
    expect((thrown as InvalidInput).field).toBe('benefitLines[0].adoption.targetAdoptionPct');
  });

  it('lets only case authors of the owning department revise', () => {
    bc.given([drafted()]).when(revise(v2, otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
    bc.given([drafted()]).when(revise(v2, finance)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('needs both departments to move a case to another department', () => {
    const moved = content({ owningDepartmentId: 'culture' });
    bc.given([drafted()]).when(revise(moved, author)).thenThrows(NotPermitted, 'not-own-department');
    const both: Actor = { id: 'cai', role: 'case-author', departments: ['social', 'culture'] };
    bc.given([drafted()])
      .when(revise(moved, both))
      .thenEvents(([e]) => expect(e?.type).toBe('BusinessCaseRevised'));
  });

  it('cannot take over another department’s case by moving it to one’s own department', () => {
    bc.given([drafted()]).when(revise(content({ owningDepartmentId: 'culture' }), otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
  });

  it('needs a reason', () => {
    bc.given([drafted()]).when(revise(v2, author, '  ')).thenThrows(InvalidInput, 'reason-required');
  });
});
