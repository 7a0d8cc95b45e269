/**
 * The reference optimiser: tries every selection. Exponential, so only for small problems
 * (≤ 20 free items); it is the oracle the solver is tested against.
 */
import { assertFeasible } from './feasibility';
import { objectiveOf, type SelectionProblem } from './selection-problem';

export const BRUTE_FORCE_MAX_FREE_ITEMS = 20;

export type BruteForceResult = { selected: boolean[]; objective: number; feasibleSelections: number };

/** The best selection (the first found among equals). Throws InfeasibleConstraints if there is none. */
export const bruteForceSelect = (problem: SelectionProblem): BruteForceResult => {
  assertFeasible(problem);
  const n = problem.ids.length;
  const fixed = new Map<number, boolean>();
  for (const i of problem.fixedOut) fixed.set(i, false);
  for (const i of problem.fixedIn) fixed.set(i, true);
  const free = [...Array(n).keys()].filter((i) => !fixed.has(i));
  if (free.length > BRUTE_FORCE_MAX_FREE_ITEMS) throw new RangeError(`brute force is for at most ${BRUTE_FORCE_MAX_FREE_ITEMS} free items, not ${free.length}`);
  const selected = new Array<boolean>(n).fill(false);
  for (const [i, v] of fixed) selected[i] = v;
  let best: boolean[] | null = null;
  let bestValue = -Infinity;
  let feasibleSelections = 0;
  const used = new Array<number>(problem.rows.length).fill(0);
  for (let mask = 0; mask < 2 ** free.length; mask++) {
    free.forEach((i, bit) => (selected[i] = ((mask >>> bit) & 1) === 1));
    used.fill(0);
    let ok = true;
    for (let r = 0; r < problem.rows.length && ok; r++) {
      const row = problem.rows[r]!;
      let sum = 0;
      for (let i = 0; i < n; i++) if (selected[i]) sum += row.coefficients[i]!;
      ok = sum <= row.limit;
    }
    for (const [b, a] of problem.requires) if (ok && selected[b] && !selected[a]) ok = false;
    if (!ok) continue;
    feasibleSelections++;
    const value = objectiveOf(problem, selected);
    if (value > bestValue) {
      bestValue = value;
      best = [...selected];
    }
  }
  // assertFeasible guarantees at least one feasible selection (the required closure)
  return { selected: best!, objective: bestValue, feasibleSelections };
};
