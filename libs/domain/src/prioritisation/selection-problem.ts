/**
 * The selection problem in the solver's terms, and the port a solver implements.
 *
 *   maximise   Σ value_i x_i
 *   subject to Σ a_ri x_i ≤ limit_r      every row r (budget per year, staff hours per year, ...)
 *              x_i = 1                   i forced in;   x_i = 0   i forced out
 *              x_b ≤ x_a                 b needs a
 *              x_i ∈ {0, 1}
 *
 * Every number is a whole number (øre, hundredths of an hour, weighted points) and every
 * coefficient is ≥ 0, so that a selection can be checked exactly and the objective of two
 * selections compared exactly.
 */

export type ConstraintRef = { kind: 'budget'; year: number } | { kind: 'staff-hours'; year: number } | { kind: 'total-investment' };

/** A stable, readable name: `budget:2028`, `staff-hours:2028`, `total-investment`. */
export const constraintName = (ref: ConstraintRef): string => (ref.kind === 'total-investment' ? ref.kind : `${ref.kind}:${ref.year}`);

export interface SelectionRow {
  readonly ref: ConstraintRef;
  readonly name: string;
  /** Whole units: øre for budgets, hundredths of an hour for staff hours. */
  readonly limit: number;
  /** One per item, whole and ≥ 0. */
  readonly coefficients: readonly number[];
}

export interface SelectionProblem {
  /** Item ids (case ids), in a fixed order; every other array is aligned with it. */
  readonly ids: readonly string[];
  /** Whole numbers (øre of NPV, or weighted points). */
  readonly values: readonly number[];
  readonly rows: readonly SelectionRow[];
  /** Indices forced in / out. */
  readonly fixedIn: readonly number[];
  readonly fixedOut: readonly number[];
  /** [b, a]: item b can only be chosen with item a. */
  readonly requires: readonly (readonly [number, number])[];
}

export interface SolveOptions {
  /** Wall-clock limit for one solve. */
  readonly timeLimitSeconds?: number;
  /** A feasible selection to start from (the solver may use it as its first incumbent). */
  readonly warmStart?: readonly boolean[];
}

export interface SelectionSolution {
  readonly selected: readonly boolean[];
  /** Σ value of the selected items, exact. */
  readonly objective: number;
  /** The solver proved that no selection is better (gap closed). */
  readonly provenOptimal: boolean;
  /** The solver's own status, e.g. 'optimal', 'time-limit'. */
  readonly status: string;
  /** Relative gap between the selection and the best bound (0 when proven), or null if unknown. */
  readonly gap: number | null;
  /** The best bound on the objective the solver proved, or null. */
  readonly bound: number | null;
  readonly seconds: number;
  /** Which solver, with its version. */
  readonly solver: string;
}

/**
 * The port: a solver of selection problems. It is only called with a feasible problem (the
 * domain checks feasibility first and explains infeasibility itself) and returns a selection
 * that satisfies every constraint exactly.
 */
export interface SelectionSolver {
  /** How many solves it runs at once (independent solves may be issued together); default 1. */
  readonly concurrency?: number;
  solve(problem: SelectionProblem, options?: SolveOptions): Promise<SelectionSolution>;
}

export const objectiveOf = (problem: SelectionProblem, selected: readonly boolean[]): number => {
  let sum = 0;
  for (let i = 0; i < problem.ids.length; i++) if (selected[i]) sum += problem.values[i]!;
  return sum;
};

export type SelectionViolation =
  | { kind: 'row'; name: string; limit: number; used: number; excess: number }
  | { kind: 'forced-in'; id: string }
  | { kind: 'forced-out'; id: string }
  | { kind: 'dependency'; id: string; requires: string };

/** Every constraint the selection breaks (exact integer arithmetic); empty when it is feasible. */
export const checkSelection = (problem: SelectionProblem, selected: readonly boolean[]): SelectionViolation[] => {
  const out: SelectionViolation[] = [];
  for (const row of problem.rows) {
    let used = 0;
    for (let i = 0; i < problem.ids.length; i++) if (selected[i]) used += row.coefficients[i]!;
    if (used > row.limit) out.push({ kind: 'row', name: row.name, limit: row.limit, used, excess: used - row.limit });
  }
  for (const i of problem.fixedIn) if (!selected[i]) out.push({ kind: 'forced-in', id: problem.ids[i]! });
  for (const i of problem.fixedOut) if (selected[i]) out.push({ kind: 'forced-out', id: problem.ids[i]! });
  for (const [b, a] of problem.requires) if (selected[b] && !selected[a]) out.push({ kind: 'dependency', id: problem.ids[b]!, requires: problem.ids[a]! });
  return out;
};

/** Each row's use by the selection. */
export const rowUse = (problem: SelectionProblem, selected: readonly boolean[]): { name: string; ref: ConstraintRef; limit: number; used: number; slack: number }[] =>
  problem.rows.map((row) => {
    let used = 0;
    for (let i = 0; i < problem.ids.length; i++) if (selected[i]) used += row.coefficients[i]!;
    return { name: row.name, ref: row.ref, limit: row.limit, used, slack: row.limit - used };
  });
