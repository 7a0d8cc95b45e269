import highsLoader, { type Highs, type Model } from 'highs';
import {
  checkSelection,
  InfeasibleConstraints,
  infeasibilities,
  objectiveOf,
  requiredClosure,
  type SelectionProblem,
  type SelectionSolution,
  type SelectionSolver,
  type SolveOptions,
} from '@gevinst/domain';

/** Settings of the HiGHS adapter; the defaults are what the benchmark was tuned with. */
export interface HighsSolverSettings {
  /** Wall-clock limit of one solve unless the call gives one (seconds). */
  readonly timeLimitSeconds: number;
  /**
   * Extra HiGHS options. Defaults: no output; gap 0 (see below); RINS and RENS sub-MIP
   * heuristics and root restarts off — on portfolio problems (few rows, hundreds of binaries)
   * they cost more time than they save (bench/prioritisation.bench.ts).
   */
  readonly options: Readonly<Record<string, boolean | number | string>>;
}

export const DEFAULT_HIGHS_SETTINGS: HighsSolverSettings = {
  timeLimitSeconds: 10,
  options: {
    mip_heuristic_run_rins: false,
    mip_heuristic_run_rens: false,
    mip_allow_restart: false,
  },
};

/** How often a selection off by HiGHS's feasibility tolerance is re-solved with tightened rows. */
const MAX_TIGHTENINGS = 3;

let loading: Promise<Highs> | null = null;
/** One WebAssembly instance per process (each solve makes and disposes its own model). */
const loadHighs = (): Promise<Highs> => (loading ??= highsLoader());

/**
 * The SelectionSolver port on HiGHS (the MIP solver of the University of Edinburgh, compiled to
 * WebAssembly: npm `highs`).
 *
 * The model is the one of selection-problem.ts: one binary column per case; one row per budget
 * or staff-hours constraint (Σ a_i x_i ≤ limit); one row x_b − x_a ≤ 0 per dependency; forced
 * cases fixed by their bounds. Every objective coefficient is a whole number, so HiGHS is run
 * with a relative gap of 0 and an absolute gap of 0.99: when it reports Optimal, no selection is
 * better by even one unit (øre, or one weighted point): the optimum is proven exactly.
 *
 * HiGHS works in floating point with a feasibility tolerance; every selection is therefore
 * checked exactly in integers, and a row that is over its limit by a tolerance is tightened by
 * that excess and the problem solved again, so that the answer always meets the constraints.
 */
export class HighsSelectionSolver implements SelectionSolver {
  private constructor(
    private readonly highs: Highs,
    private readonly settings: HighsSolverSettings,
  ) {}

  static async load(settings: Partial<HighsSolverSettings> = {}): Promise<HighsSelectionSolver> {
    return new HighsSelectionSolver(await loadHighs(), {
      timeLimitSeconds: settings.timeLimitSeconds ?? DEFAULT_HIGHS_SETTINGS.timeLimitSeconds,
      options: { ...DEFAULT_HIGHS_SETTINGS.options, ...settings.options },
    });
  }

  get name(): string {
    return `HiGHS ${this.highs.version.string}`;
  }

  async solve(problem: SelectionProblem, options: SolveOptions = {}): Promise<SelectionSolution> {
    const started = performance.now();
    const tighten = new Array<number>(problem.rows.length).fill(0);
    for (let attempt = 0; ; attempt++) {
      const result = this.solveOnce(problem, tighten, options);
      const violations = checkSelection(problem, result.selected);
      if (violations.length === 0) return { ...result, seconds: (performance.now() - started) / 1000 };
      const rowViolations = violations.filter((v) => v.kind === 'row');
      if (attempt >= MAX_TIGHTENINGS || rowViolations.length !== violations.length) {
        throw new Error(`HiGHS returned a selection that breaks ${JSON.stringify(violations[0])}`);
      }
      for (const v of rowViolations) {
        const r = problem.rows.findIndex((row) => row.name === v.name);
        tighten[r]! += v.excess;
      }
    }
  }

  private solveOnce(problem: SelectionProblem, tighten: readonly number[], options: SolveOptions): Omit<SelectionSolution, 'seconds'> {
    const h = this.highs;
    const n = problem.ids.length;
    const lower = new Float64Array(n);
    const upper = new Float64Array(n).fill(1);
    for (const i of problem.fixedOut) upper[i] = 0;
    for (const i of problem.fixedIn) lower[i] = 1;

    // rows in compressed sparse row form
    const starts: number[] = [0];
    const indices: number[] = [];
    const values: number[] = [];
    const rowUpper: number[] = [];
    problem.rows.forEach((row, r) => {
      let nonzero = 0;
      row.coefficients.forEach((a, i) => {
        if (a !== 0) {
          indices.push(i);
          values.push(a);
          nonzero++;
        }
      });
      if (nonzero === 0) return; // 0 ≤ limit always holds
      starts.push(indices.length);
      rowUpper.push(row.limit - tighten[r]!);
    });
    for (const [b, a] of problem.requires) {
      if (a === b) continue;
      // x_b − x_a ≤ 0, indices in increasing order
      const pair = a < b ? ([[a, -1], [b, 1]] as const) : ([[b, 1], [a, -1]] as const);
      for (const [i, v] of pair) {
        indices.push(i);
        values.push(v);
      }
      starts.push(indices.length);
      rowUpper.push(0);
    }
    const numRows = rowUpper.length;
    const integral = problem.values.every((v) => Number.isSafeInteger(v));

    let model: Model | null = null;
    try {
      model = h.createModel({
        numCols: n,
        numRows,
        sense: h.constants.objectiveSense.maximize,
        colCost: problem.values,
        colLower: lower,
        colUpper: upper,
        rowLower: new Float64Array(numRows).fill(-h.infinity),
        rowUpper,
        matrix: { format: 'csr', numRows, numCols: n, starts, indices, values },
        integrality: new Array(n).fill(h.constants.variableType.integer),
      });
      model.options.set({
        output_flag: false,
        time_limit: options.timeLimitSeconds ?? this.settings.timeLimitSeconds,
        mip_rel_gap: 0,
        // whole-number objective: within 0.99 of the bound means no better selection exists
        mip_abs_gap: integral ? 0.99 : 1e-6,
        ...this.settings.options,
      });
      if (options.warmStart) model.setSolution({ colValue: options.warmStart.map((x) => (x ? 1 : 0)) });
      const { modelStatus } = model.run();
      const status = h.constants.modelStatus;
      if (modelStatus === status.infeasible || modelStatus === status.unboundedOrInfeasible) {
        // The domain checks feasibility before solving; if HiGHS still disagrees, say why.
        const why = infeasibilities(problem);
        if (why.length > 0) throw new InfeasibleConstraints(why);
        throw new Error('HiGHS reports the selection problem infeasible, but the required cases fit every constraint');
      }
      const limited = modelStatus === status.timeLimit || modelStatus === status.iterationLimit || modelStatus === status.interrupted || modelStatus === status.solutionLimit;
      if (modelStatus !== status.optimal && !limited) throw new Error(`HiGHS could not solve the selection problem (model status ${modelStatus})`);
      const hasSolution = Number(model.info.get('primal_solution_status')) === h.constants.solutionStatus.feasible;
      const selected = hasSolution ? Array.from(model.getSolution().colValue, (x) => x > 0.5) : fallback(problem, options);
      const objective = objectiveOf(problem, selected);
      if (modelStatus === status.optimal) {
        return { selected, objective, provenOptimal: true, status: 'optimal', gap: 0, bound: objective, solver: this.name };
      }
      const rawBound = Number(model.info.get('mip_dual_bound'));
      const bound = Number.isFinite(rawBound) ? Math.max(objective, integral ? Math.floor(rawBound + 1e-6) : rawBound) : null;
      return {
        selected,
        objective,
        provenOptimal: false,
        status: modelStatus === status.timeLimit ? 'time-limit' : modelStatus === status.iterationLimit ? 'iteration-limit' : 'interrupted',
        gap: bound === null ? null : (bound - objective) / Math.max(1, Math.abs(objective)),
        bound,
        solver: this.name,
      };
    } finally {
      model?.dispose();
    }
  }
}

/** Without an incumbent from HiGHS: the warm start, else the required cases (always feasible). */
const fallback = (problem: SelectionProblem, options: SolveOptions): boolean[] => {
  if (options.warmStart && checkSelection(problem, options.warmStart).length === 0) return [...options.warmStart];
  const required = requiredClosure(problem);
  return problem.ids.map((_, i) => required.has(i));
};
