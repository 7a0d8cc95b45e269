import { bruteForceSelect, InfeasibleConstraints, infeasibilities, type SelectionProblem } from '@gevinst/domain';
import { HighsWorkerPool } from './highs-worker-pool';
import { randomProblem, seededRandom } from './random-problems';

/** HiGHS in worker threads: the same answers as the oracle, the same typed errors, in parallel. */
describe('HiGHS worker pool', () => {
  let pool: HighsWorkerPool;
  beforeAll(() => {
    pool = HighsWorkerPool.start({ workers: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('solves problems sent at once (more than workers) to the brute-force optimum', async () => {
    const rnd = seededRandom(99);
    const problems: SelectionProblem[] = [];
    while (problems.length < 12) {
      const p = randomProblem(rnd, { items: 12, budgetRows: 2, hourRows: 2, dependencies: 3, forcedIn: 1, forcedOut: 1, tightness: 0.5, maxCost: 5e8 });
      if (infeasibilities(p).length === 0) problems.push(p);
    }
    const solutions = await Promise.all(problems.map((p) => pool.solve(p)));
    solutions.forEach((s, k) => {
      expect(s.objective).toBe(bruteForceSelect(problems[k]!).objective);
      expect(s.provenOptimal).toBe(true);
    });
    expect(pool.concurrency).toBe(2);
  });

  it('passes the typed infeasibility back from the worker', async () => {
    const ref = { kind: 'budget' as const, year: 2029 };
    const problem: SelectionProblem = { ids: ['a', 'b'], values: [1, 1], rows: [{ ref, name: 'budget:2029', limit: 5, coefficients: [4, 4] }], fixedIn: [0, 1], fixedOut: [], requires: [] };
    const error = await pool.solve(problem).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfeasibleConstraints);
    expect((error as InfeasibleConstraints).details).toMatchObject({ constraint: 'budget:2029' });
  });

  it('refuses work once closed', async () => {
    const closed = HighsWorkerPool.start({ workers: 1 });
    await closed.close();
    await expect(closed.solve({ ids: [], values: [], rows: [], fixedIn: [], fixedOut: [], requires: [] })).rejects.toThrow(/closed/);
  });
});
