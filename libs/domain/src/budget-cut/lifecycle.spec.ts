import { spec } from '@gevinst/testing';
import { fold } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound, NotPermitted } from '../shared/errors';
import { kr } from '../shared/money';
import { budgetCutDecider } from './budget-cut.decider';
import { budgetCutStatus, bookedBudgetCutTotal } from './budget-cut.queries';
import { approve, approved, bo, book, booked, direktor, propose, proposed, reject, rejected, reverse, reversed } from './test-fixtures';

const cut = spec(budgetCutDecider);
const p = proposed();

describe('budget cut: booking', () => {
  it('books an approved cut, with every figure of the cut on the booking', () => {
    cut.given([p, approved(p)]).when(book()).then([booked(p)]);
    expect(booked(p).data).toMatchObject({
      departmentId: 'dep-social',
      year: 2026,
      caseId: 'case-7',
      gross: kr(400_000),
      retained: kr(100_000),
      cut: kr(300_000),
      amount: kr(300_000),
      sharePct: 25,
      approvedRevision: 2,
      override: null,
    });
  });

  it('does not book a cut that is only proposed', () => {
    cut.given([p]).when(book()).thenThrows(IllegalState, 'budget-cut-not-approved');
  });

  it('does not book a cut twice', () => {
    cut.given([p, approved(p), booked(p)]).when(book()).thenThrows(IllegalState, 'budget-cut-not-approved');
  });

  it('only finance books', () => {
    cut.given([p, approved(p)]).when(book(direktor)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('refuses an unknown cut', () => {
    cut.given([p]).when(book(undefined, 'cut-404')).thenThrows(NotFound, 'budget-cut-not-found');
    cut.given([]).when(approve()).thenThrows(NotFound, 'budget-cut-not-found');
  });

  it('reduces the department budget for the year by the booked amount', () => {
    const state = fold(budgetCutDecider, [p, approved(p), booked(p)]);
    expect(bookedBudgetCutTotal(state, 'dep-social', 2026)).toBe(kr(300_000));
    expect(bookedBudgetCutTotal(state, 'dep-social', 2027)).toBe(0);
  });
});

describe('budget cut: rejection', () => {
  it('rejects a proposed cut with a reason', () => {
    cut.given([p]).when(reject('Planned saving is double counted')).then([rejected(p, 'Planned saving is double counted')]);
  });

  it('needs a reason', () => {
    cut.given([p]).when(reject(undefined)).thenThrows(InvalidInput, 'reason-required');
    cut.given([p]).when(reject('   ')).thenThrows(InvalidInput, 'reason-required');
  });

  it('only while proposed', () => {
    cut.given([p, approved(p)]).when(reject('Too late')).thenThrows(IllegalState, 'budget-cut-not-proposed');
    cut.given([p, rejected(p)]).when(reject('Again')).thenThrows(IllegalState, 'budget-cut-not-proposed');
  });

  it('a rejected cut cannot be approved', () => {
    cut.given([p, rejected(p)]).when(approve(bo)).thenThrows(IllegalState, 'budget-cut-not-proposed');
  });
});

describe('budget cut: reversal', () => {
  it('reverses a booked cut with a reason, as a new event', () => {
    cut.given([p, approved(p), booked(p)]).when(reverse('Booked against the wrong year')).then([reversed(p, 'Booked against the wrong year')]);
  });

  it('needs a reason', () => {
    cut.given([p, approved(p), booked(p)]).when(reverse(undefined)).thenThrows(InvalidInput, 'reason-required');
  });

  it('only after booking', () => {
    cut.given([p, approved(p)]).when(reverse('Not booked')).thenThrows(IllegalState, 'budget-cut-not-booked');
    cut.given([p, approved(p), booked(p), reversed(p)]).when(reverse('Twice')).thenThrows(IllegalState, 'budget-cut-not-booked');
  });

  it('only finance reverses', () => {
    cut.given([p, approved(p), booked(p)]).when(reverse('No', direktor)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('deletes nothing: the reversed cut stays on the stream with its history, and the budget is restored', () => {
    const state = fold(budgetCutDecider, [p, approved(p), booked(p), reversed(p)]);
    expect(budgetCutStatus(state, 'cut-1')).toBe('reversed');
    expect(state.status === 'harvesting' && state.cuts['cut-1']).toMatchObject({
      amount: kr(300_000),
      proposedBy: 'anna',
      approvedBy: 'bo',
      bookedBy: 'anna',
      closingReason: 'Booked twice',
    });
    expect(bookedBudgetCutTotal(state, 'dep-social', 2026)).toBe(0);
  });

  it('frees the room for a new, corrected cut', () => {
    cut
      .given([p, approved(p), booked(p), reversed(p)])
      .when(propose({ cutId: 'cut-2' }))
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['BudgetCutProposed']));
  });
});
