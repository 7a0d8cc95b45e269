import {
  bruteForceSelect,
  checkSelection,
  constraintName,
  InfeasibleConstraints,
  infeasibilities,
  type SelectionProblem,
} from '@gevinst/domain';
import { HighsSelectionSolver } from './highs-selection-solver';
import { randomProblem, seededRandom } from './random-problems';

/**
 * The solver against the brute-force oracle: on many small seeded random problems (≤ 15
 * cases, up to 3 budget and 3 staff-hours rows, forced cases, dependencies with cycles), HiGHS
 * proves the same optimum value as exhaustive search and its selection meets every constraint
 * exactly; where the constraints cannot hold, it throws the typed error naming them.
 */
describe('HiGHS selection solver', () => {
  let solver: HighsSelectionSolver;
  beforeAll(async () => {
    solver = await HighsSelectionSolver.load();
  });

  it('finds the brute-force optimum on 400 seeded random problems of ≤ 15 cases', async () => {
    const rnd = seededRandom(20270101);
    let feasible = 0;
    let infeasible = 0;
    for (let k = 0; k < 400; k++) {
      const problem = randomProblem(rnd, {
        items: 1 + Math.floor(rnd() * 15),
        budgetRows: Math.floor(rnd() * 4),
        hourRows: Math.floor(rnd() * 4),
        dependencies: Math.floor(rnd() * 5),
        forcedIn: rnd() < 0.4 ? 1 + Math.floor(rnd() * 2) : 0,
        forcedOut: rnd() < 0.3 ? 1 : 0,
        tightness: 0.1 + rnd() * 0.8,
        // mostly municipal sizes (up to 5 million kr a year); some huge, to stress tolerances
        maxCost: rnd() < 0.2 ? 1e12 : 5e8,
      });
      if (infeasibilities(problem).length > 0) {
        infeasible++;
        await expect(solver.solve(problem)).rejects.toBeInstanceOf(InfeasibleConstraints);
        expect(() => bruteForceSelect(problem)).toThrow(InfeasibleConstraints);
        continue;
      }
      feasible++;
      const oracle = bruteForceSelect(problem);
      const solution = await solver.solve(problem);
      const context = `problem ${k}: ${JSON.stringify(problem)}`;
      expect({ context, violations: checkSelection(problem, solution.selected) }).toEqual({ context, violations: [] });
      expect({ context, objective: solution.objective }).toEqual({ context, objective: oracle.objective });
      expect(solution.provenOptimal).toBe(true);
      expect(solution.status).toBe('optimal');
      expect(solution.gap).toBe(0);
      expect(solution.bound).toBe(oracle.objective);
    }
    // the generator must exercise both branches
    expect(feasible).toBeGreaterThan(250);
    expect(infeasible).toBeGreaterThan(10);
  });

  const tiny = (over: Partial<SelectionProblem> = {}): SelectionProblem => {
    const ref = { kind: 'budget' as const, year: 2028 };
    return {
      ids: ['a', 'b', 'c'],
      values: [500, 400, 300],
      rows: [{ ref, name: constraintName(ref), limit: 100, coefficients: [60, 50, 40] }],
      fixedIn: [],
      fixedOut: [],
      requires: [],
      ...over,
    };
  };

  it('chooses the best pair under a budget, and reports a proven optimum with its bound', async () => {
    // a+b = 110 > 100; a+c = 100 → 800; b+c = 90 → 700
    const s = await solver.solve(tiny());
    expect(s.selected).toEqual([true, false, true]);
    expect(s.objective).toBe(800);
    expect(s.provenOptimal).toBe(true);
    expect(s.solver).toMatch(/^HiGHS \d+\.\d+/);
  });

  it('honours forced-in, forced-out and dependencies (c needs b)', async () => {
    expect((await solver.solve(tiny({ fixedOut: [2] }))).selected).toEqual([true, false, false]);
    expect((await solver.solve(tiny({ fixedIn: [1] }))).selected).toEqual([false, true, true]);
    // c needs b: a+c is no longer possible; b+c = 700 beats a alone = 500
    expect((await solver.solve(tiny({ requires: [[2, 1]] }))).selected).toEqual([false, true, true]);
  });

  it('selects a negative-value case only when something it is needed by pays for it', async () => {
    const s = await solver.solve(tiny({ values: [-100, 400, 300], rows: [], requires: [[1, 0]] }));
    expect(s.selected).toEqual([true, true, true]);
    expect(s.objective).toBe(600);
  });

  it('throws InfeasibleConstraints naming the budget year when the forced-in cases exceed it', async () => {
    const problem = tiny({ fixedIn: [0, 1] });
    const error = await solver.solve(problem).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfeasibleConstraints);
    expect((error as InfeasibleConstraints).details).toMatchObject({ constraint: 'budget:2028', violations: [{ kind: 'budget', year: 2028, limit: 100, required: 110, excess: 10, cases: ['a', 'b'] }] });
  });

  it('uses a warm start without changing the optimum', async () => {
    const s = await solver.solve(tiny(), { warmStart: [false, true, true] });
    expect(s.objective).toBe(800);
  });
});
