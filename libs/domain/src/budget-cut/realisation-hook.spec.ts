import { spec } from '@gevinst/testing';
import { InvalidInput, RuleViolated } from '../shared/errors';
import { budgetCutDecider } from './budget-cut.decider';
import type { BudgetCutProposed } from './budget-cut.events';
import { propose } from './test-fixtures';

const cut = spec(budgetCutDecider);

describe('budget cut: red realisation (hook for the realisation issue)', () => {
  it('refuses a proposal while the case realisation is red, with a warning flag', () => {
    cut.given([]).when(propose({ realisationStatus: 'red' })).thenThrows(RuleViolated, 'realisation-red');
    try {
      budgetCutDecider.decide(propose({ realisationStatus: 'red' }), budgetCutDecider.initialState());
    } catch (error) {
      expect((error as RuleViolated).details).toMatchObject({ warning: 'realisation-red', realisationStatus: 'red' });
    }
  });

  it('accepts it when the proposer acknowledges the red realisation in writing, and records that', () => {
    cut
      .given([])
      .when(propose({ realisationStatus: 'red', realisationAcknowledgement: { justification: 'Measurement lags by a quarter' } }))
      .thenEvents(([e]) => {
        const data = (e as BudgetCutProposed).data;
        expect(data.realisationStatus).toBe('red');
        expect(data.realisationAcknowledgement).toBe('Measurement lags by a quarter');
      });
  });

  it('needs words in the acknowledgement', () => {
    cut
      .given([])
      .when(propose({ realisationStatus: 'red', realisationAcknowledgement: { justification: ' ' } }))
      .thenThrows(InvalidInput, 'justification-required');
  });

  it.each(['green', 'amber'] as const)('lets a %s realisation through and records it', (realisationStatus) => {
    cut
      .given([])
      .when(propose({ realisationStatus }))
      .thenEvents(([e]) => {
        expect((e as BudgetCutProposed).data.realisationStatus).toBe(realisationStatus);
        expect((e as BudgetCutProposed).data.realisationAcknowledgement).toBeNull();
      });
  });
});
