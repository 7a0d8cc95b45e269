import { spec } from '@gevinst/testing';
import { NotPermitted, RuleViolated } from '../shared/errors';
import { budgetCutDecider } from './budget-cut.decider';
import { anna, approve, approved, author, bo, direktor, head, proposed, reject, rejected } from './test-fixtures';

const cut = spec(budgetCutDecider);

describe('budget cut: four eyes', () => {
  it('another finance officer approves a proposed cut', () => {
    cut.given([proposed()]).when(approve(bo)).then([approved(proposed(), bo)]);
  });

  it('management approves a proposed cut', () => {
    cut.given([proposed()]).when(approve(direktor)).then([approved(proposed(), direktor)]);
  });

  it('whoever proposed the cut cannot approve it', () => {
    cut.given([proposed({ proposedBy: anna.id })]).when(approve(anna)).thenThrows(RuleViolated, 'four-eyes');
  });

  it('the proposer cannot approve it in another role either', () => {
    const annaAsManagement = { ...anna, role: 'management' as const };
    cut.given([proposed({ proposedBy: anna.id })]).when(approve(annaAsManagement)).thenThrows(RuleViolated, 'four-eyes');
  });

  it('a department head or case author cannot approve', () => {
    cut.given([proposed()]).when(approve(head)).thenThrows(NotPermitted, 'role-not-permitted');
    cut.given([proposed()]).when(approve(author)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('the proposer may withdraw (reject) their own proposal: four eyes guards approval only', () => {
    cut
      .given([proposed({ proposedBy: anna.id })])
      .when(reject('Wrong department', anna))
      .then([rejected(proposed(), 'Wrong department', anna)]);
  });
});
