import { spec } from '@gevinst/testing';
import { InvalidInput, RuleViolated } from '../shared/errors';
import { kr } from '../shared/money';
import { budgetCutDecider } from './budget-cut.decider';
import type { BudgetCutBooked, BudgetCutProposed } from './budget-cut.events';
import { approved, book, booked, propose, proposed, rejected, reversed } from './test-fixtures';

// Planned cuts at 25 % retained: 300k kr (2026), 750k kr (2027), 750k kr (2028).
const cut = spec(budgetCutDecider);
const first = proposed({ cutId: 'cut-1', year: 2026 }); // takes the whole 300k of 2026

const refusal = (run: () => unknown): RuleViolated => {
  try {
    run();
  } catch (error) {
    if (error instanceof RuleViolated) return error;
    throw error;
  }
  throw new Error('expected a RuleViolated');
};

describe('budget cut: not faster than the gains arise', () => {
  it('allows cuts up to the cumulative planned cut exactly', () => {
    cut
      .given([first])
      .when(propose({ cutId: 'cut-2', year: 2027 }))
      .thenEvents(([e]) => expect((e as BudgetCutProposed).data.amount).toBe(kr(750_000)));
  });

  it('refuses one øre beyond, with the limit, what already counts and what was asked', () => {
    cut.given([first]).when(propose({ cutId: 'cut-2', amount: 1 })).thenThrows(RuleViolated, 'not-faster-than-they-arise');
    const error = refusal(() => budgetCutDecider.decide(propose({ cutId: 'cut-2', amount: 1 }), budgetCutDecider.evolve(budgetCutDecider.initialState(), first)));
    expect(error.details).toEqual({ year: 2026, limit: kr(300_000), already: kr(300_000), requested: 1, excess: 1 });
  });

  it('compares with planned cuts, not gross savings: the retained share is never harvested', () => {
    // gross 2026 is 400k; the department keeps 100k of it
    cut.given([]).when(propose({ amount: kr(300_000) + 1 })).thenThrows(RuleViolated, 'not-faster-than-they-arise');
  });

  it('lets a year not harvested be caught up later (the rule is cumulative)', () => {
    cut
      .given([])
      .when(propose({ year: 2027, amount: kr(1_050_000) }))
      .thenEvents((events) => expect(events).toHaveLength(1));
    cut.given([]).when(propose({ year: 2027, amount: kr(1_050_000) + 1 })).thenThrows(RuleViolated, 'not-faster-than-they-arise');
  });

  it('checks later years too: a cut for an early year cannot push a later year over', () => {
    const caughtUp = proposed({ cutId: 'cut-9', year: 2027, amount: kr(1_050_000), gross: kr(1_000_000) });
    const state = [caughtUp].reduce(budgetCutDecider.evolve, budgetCutDecider.initialState());
    const error = refusal(() => budgetCutDecider.decide(propose({ cutId: 'cut-2', year: 2026, amount: kr(100_000) }), state));
    expect(error.code).toBe('not-faster-than-they-arise');
    expect(error.details).toMatchObject({ year: 2027, limit: kr(1_050_000), already: kr(1_050_000), requested: kr(100_000) });
  });

  it('counts approved and booked cuts', () => {
    cut.given([first, approved(first)]).when(propose({ cutId: 'cut-2', amount: 1 })).thenThrows(RuleViolated, 'not-faster-than-they-arise');
    cut
      .given([first, approved(first), booked(first)])
      .when(propose({ cutId: 'cut-2', amount: 1 }))
      .thenThrows(RuleViolated, 'not-faster-than-they-arise');
  });

  it('does not count a rejected cut', () => {
    cut.given([first, rejected(first)]).when(propose({ cutId: 'cut-2' })).thenEvents((events) => expect(events).toHaveLength(1));
  });

  it('does not count a reversed cut', () => {
    cut
      .given([first, approved(first), booked(first), reversed(first)])
      .when(propose({ cutId: 'cut-2' }))
      .thenEvents((events) => expect(events).toHaveLength(1));
  });

  it("does not count another department's cuts from the same case", () => {
    cut
      .given([proposed({ departmentId: 'dep-tech' })])
      .when(propose({ cutId: 'cut-2' }))
      .thenEvents((events) => expect(events).toHaveLength(1));
  });

  it('uses the share in force in each year for that year’s planned cut', () => {
    // 2027 at 50 % retained: planned cuts 300k (2026) + 500k (2027) = 800k up to 2027
    const proposal = (amount: number) =>
      propose({ year: 2027, amount, retainedSharePct: 50, retainedSharePctByYear: { '2026': 25, '2027': 50 } });
    cut.given([]).when(proposal(kr(800_000))).thenEvents((events) => expect(events).toHaveLength(1));
    cut.given([]).when(proposal(kr(800_000) + 1)).thenThrows(RuleViolated, 'not-faster-than-they-arise');
  });

  it('measures against the approved revision on the command: a lower re-baseline stops further cuts', () => {
    cut
      .given([first]) // 300k taken under revision 2
      .when(propose({ cutId: 'cut-2', amount: 1, approvedRevision: 3, plannedBudgetEffective: { '2026': kr(200_000) } }))
      .thenThrows(RuleViolated, 'not-faster-than-they-arise');
  });
});

describe('budget cut: running ahead with an override', () => {
  const justification = 'Service moved to the digital channel in January; the saving is already real.';

  it('accepts a cut beyond the limit with a written justification, and records what it overrode', () => {
    cut
      .given([first])
      .when(propose({ cutId: 'cut-2', amount: kr(50_000), override: { justification } }))
      .thenEvents(([e]) => {
        expect((e as BudgetCutProposed).data.override).toEqual({
          justification,
          year: 2026,
          limit: kr(300_000),
          already: kr(300_000),
          requested: kr(50_000),
          excess: kr(50_000),
        });
      });
  });

  it('needs a justification with words in it', () => {
    cut
      .given([first])
      .when(propose({ cutId: 'cut-2', amount: kr(50_000), override: { justification: '' } }))
      .thenThrows(InvalidInput, 'justification-required');
  });

  it('records no override on a cut that did not need one', () => {
    cut
      .given([])
      .when(propose({ override: { justification } }))
      .thenEvents(([e]) => expect((e as BudgetCutProposed).data.override).toBeNull());
  });

  it('repeats the override on the booking, so every view of the cut shows it', () => {
    const ahead = proposed({
      cutId: 'cut-2',
      amount: kr(50_000),
      override: { justification, year: 2026, limit: kr(300_000), already: kr(300_000), requested: kr(50_000), excess: kr(50_000) },
    });
    cut
      .given([first, ahead, approved(ahead)])
      .when(book(undefined, 'cut-2'))
      .thenEvents(([e]) => expect((e as BudgetCutBooked).data.override).toEqual(ahead.data.override));
  });

  it('a cut after an overridden one still needs its own override', () => {
    const ahead = proposed({
      cutId: 'cut-2',
      amount: kr(50_000),
      override: { justification, year: 2026, limit: kr(300_000), already: kr(300_000), requested: kr(50_000), excess: kr(50_000) },
    });
    cut.given([first, ahead]).when(propose({ cutId: 'cut-3', year: 2027, amount: kr(750_000) })).thenThrows(RuleViolated, 'not-faster-than-they-arise');
  });
});
