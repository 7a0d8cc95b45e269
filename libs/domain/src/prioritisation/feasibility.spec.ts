import { bruteForceSelect } from './brute-force';
import { assertFeasible, infeasibilities, InfeasibleConstraints, requiredClosure } from './feasibility';
import { anyFeasibleSelection, seeded, smallRandomProblem } from './prioritisation.fixtures';
import { checkSelection, constraintName, type SelectionProblem } from './selection-problem';

const budget = (year: number, limit: number, coefficients: number[]) => ({ ref: { kind: 'budget' as const, year }, name: constraintName({ kind: 'budget', year }), limit, coefficients });
const hours = (year: number, limit: number, coefficients: number[]) => ({ ref: { kind: 'staff-hours' as const, year }, name: constraintName({ kind: 'staff-hours', year }), limit, coefficients });
const problem = (over: Partial<SelectionProblem> = {}): SelectionProblem => ({
  ids: ['a', 'b', 'c', 'd'],
  values: [10, 20, 30, 40],
  rows: [budget(2028, 100_000_00, [60_000_00, 50_000_00, 10_000_00, 0]), hours(2028, 1000_00, [400_00, 700_00, 0, 0])],
  fixedIn: [],
  fixedOut: [],
  requires: [],
  ...over,
});

describe('feasibility: why no selection exists, constraint by constraint', () => {
  it('the required closure follows dependencies transitively from the forced-in cases', () => {
    const closure = requiredClosure(problem({ fixedIn: [0], requires: [[0, 1], [1, 2], [3, 0]] }));
    expect([...closure.entries()]).toEqual([[0, []], [1, [0]], [2, [0, 1]]]);
  });

  it('names a budget year the forced-in cases (and what they need) exceed, with the amounts and the cases', () => {
    const v = infeasibilities(problem({ fixedIn: [0], requires: [[0, 1]] }));
    expect(v).toEqual([
      {
        kind: 'budget',
        constraint: 'budget:2028',
        year: 2028,
        unit: 'øre',
        limit: 100_000_00,
        required: 110_000_00,
        excess: 10_000_00,
        cases: ['a', 'b'],
        message: expect.stringContaining('investment budget of 2028') as string,
      },
      { kind: 'staff-hours', constraint: 'staff-hours:2028', year: 2028, unit: 'hours', limit: 1000, required: 1100, excess: 100, cases: ['a', 'b'], message: expect.stringContaining('1000 hours') as string },
    ]);
  });

  it('names a case forced both in and out, and a forced-out case a forced-in case needs', () => {
    expect(infeasibilities(problem({ fixedIn: [2], fixedOut: [2] }))).toEqual([{ kind: 'forced-in-and-out', constraint: 'forced:c', caseId: 'c', message: 'c is both forced in and forced out' }]);
    expect(infeasibilities(problem({ fixedIn: [3], fixedOut: [2], requires: [[3, 0], [0, 2]] }))).toEqual([
      expect.objectContaining({ kind: 'required-case-forced-out', constraint: 'dependency:a->c', caseId: 'c', requiredBy: ['d', 'a'] }),
    ]);
  });

  it('assertFeasible throws InfeasibleConstraints (a RuleViolated) with the first constraint in the details', () => {
    let thrown: unknown;
    try {
      assertFeasible(problem({ fixedIn: [0, 1] }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InfeasibleConstraints);
    expect(thrown).toMatchObject({ kind: 'rule-violated', code: 'constraints-infeasible', details: { constraint: 'budget:2028' } });
    expect(() => assertFeasible(problem({ fixedIn: [2, 3] }))).not.toThrow();
  });

  it('is complete: on 500 random problems it finds a reason exactly when no selection meets the constraints', () => {
    const rnd = seeded(42);
    let infeasible = 0;
    for (let k = 0; k < 500; k++) {
      const p = smallRandomProblem(rnd);
      const explained = infeasibilities(p).length > 0;
      const exists = anyFeasibleSelection(p, (s) => checkSelection(p, s).length === 0);
      expect({ k, explained }).toEqual({ k, explained: !exists });
      if (explained) infeasible++;
    }
    expect(infeasible).toBeGreaterThan(50);
    expect(infeasible).toBeLessThan(450);
  });
});

describe('brute force (the oracle)', () => {
  it('finds the best selection by trying them all', () => {
    // budget 100: a+b = 110 no; values: best is b+c+d = 90 (b 50 + c 10 + d 0 = 60 ≤ 100; hours 700 ≤ 1000)
    const best = bruteForceSelect(problem());
    expect(best.selected).toEqual([false, true, true, true]);
    expect(best.objective).toBe(90);
  });

  it('keeps forced cases and dependencies, and refuses infeasible problems with the typed error', () => {
    expect(bruteForceSelect(problem({ fixedIn: [0] })).selected).toEqual([true, false, true, true]);
    expect(bruteForceSelect(problem({ requires: [[3, 0]], fixedOut: [0] })).selected).toEqual([false, true, true, false]);
    expect(() => bruteForceSelect(problem({ fixedIn: [0, 1] }))).toThrow(InfeasibleConstraints);
  });
});
