import type { Decider } from '@gevinst/domain';

/**
 * given/when/then for deciders, so that specs read like the rules:
 *
 *   spec(businessCase).given([drafted]).when(submit).then([submitted]);
 *   spec(budgetCut).given([proposed]).when(approveBySameActor).thenThrows(RuleViolated, 'four-eyes');
 */
export const spec = <C, S, E>(decider: Decider<C, S, E>) => ({
  given: (events: readonly E[]) => ({
    when: (command: C) => {
      const run = (): E[] => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: readonly E[]): E[] => {
          const actual = run();
          expect(actual).toEqual(expected);
          return actual;
        },
        /** Asserts on the produced events with a callback, for partial checks. */
        thenEvents: (check: (events: E[]) => void): E[] => {
          const actual = run();
          check(actual);
          return actual;
        },
        thenThrows: (errorType: abstract new (...args: never[]) => Error, code?: string): void => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorType);
          if (code !== undefined) expect((thrown as { code?: string }).code).toBe(code);
        },
      };
    },
  }),
});
