import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotPermitted } from '../shared';
import { businessCaseDecider } from './business-case.decider';
import { approvedStream, author, CASE_ID, drafted, finance, NOW, otherAuthor, ref, returned, revised, submit, submitted } from './business-case.fixtures';

const bc = spec(businessCaseDecider);

describe('submitting a business case', () => {
  it('submits the latest revision of a draft', () => {
    bc.given([drafted(), revised(2)])
      .when(submit())
      .then([{ type: 'BusinessCaseSubmitted', data: { caseId: CASE_ID, revision: 2, rebaseline: false, reason: 'ready', by: ref(author), at: NOW } }]);
  });

  it('cannot submit twice', () => {
    bc.given([drafted(), submitted(1)]).when(submit()).thenThrows(IllegalState, 'nothing-to-submit');
  });

  it('needs a new revision after a return for revision', () => {
    bc.given([drafted(), submitted(1), returned(1)]).when(submit()).thenThrows(IllegalState, 'revision-required');
  });

  it('resubmits once revised after a return', () => {
    bc.given([drafted(), submitted(1), returned(1), revised(2)])
      .when(submit())
      .thenEvents(([e]) => expect(e?.data).toEqual(expect.objectContaining({ revision: 2 })));
  });

  it('has nothing to submit on an approved case without a re-baseline', () => {
    bc.given(approvedStream()).when(submit()).thenThrows(IllegalState, 'nothing-to-submit');
  });

  it('is for case authors of the owning department', () => {
    bc.given([drafted()]).when(submit(otherAuthor)).thenThrows(NotPermitted, 'not-own-department');
    bc.given([drafted()]).when(submit(finance)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('needs a reason', () => {
    bc.given([drafted()]).when(submit(author, '')).thenThrows(InvalidInput, 'reason-required');
  });
});
