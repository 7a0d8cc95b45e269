/**
 * Selection under constraints: from candidates and constraints to a selection problem, through
 * a solver (the port), back to a portfolio with its figures; and the efficient frontier.
 */
import { toScaledInteger } from '../business-case/arithmetic';
import { formatKr, InvalidInput, RuleViolated, type Ore } from '../shared';
import { activeCriteria, weightedScoreOf, type StrategicAssessmentState } from './assessment';
import type { ByYear, PortfolioCandidate } from './candidate';
import { validateConstraints, type PortfolioConstraints, type PortfolioObjective } from './constraints';
import { assertFeasible, requiredClosure } from './feasibility';
import { checkSelection, constraintName, objectiveOf, rowUse, type SelectionProblem, type SelectionRow, type SelectionSolver, type SelectionViolation, type SolveOptions } from './selection-problem';

export type OptimisationInput = {
  candidates: readonly PortfolioCandidate[];
  constraints: PortfolioConstraints;
  /** Needed for the weighted-score objective and the portfolio's score; none = no criteria. */
  assessment?: StrategicAssessmentState;
};

/** The figures of a set of cases, summed. */
export type PortfolioFigures = {
  count: number;
  npv: Ore;
  npvBudgetEffective: Ore;
  /** Σ of the cases' weighted scores (each 0–5). */
  weightedScoreSum: number;
  investmentByYear: ByYear;
  staffHoursByYear: ByYear;
  budgetEffectiveByYear: ByYear;
  totalInvestment: Ore;
  /** Cases whose numbers are a top-down estimate (derived from a national case). */
  topDownEstimates: string[];
};

const addByYear = (into: ByYear, from: ByYear): void => {
  for (const [y, v] of Object.entries(from)) into[y] = (into[y] ?? 0) + v;
};

const sortedByYear = (b: ByYear): ByYear => Object.fromEntries(Object.entries(b).sort(([a], [c]) => Number(a) - Number(c)));

export const portfolioFigures = (cases: readonly PortfolioCandidate[], assessment?: StrategicAssessmentState): PortfolioFigures => {
  const investmentByYear: ByYear = {};
  const staffHours: ByYear = {};
  const budgetEffectiveByYear: ByYear = {};
  let npv = 0;
  let npvBudgetEffective = 0;
  let weightedScoreSum = 0;
  let totalInvestment = 0;
  for (const c of cases) {
    npv += c.npv;
    npvBudgetEffective += c.npvBudgetEffective;
    totalInvestment += c.totalInvestment;
    addByYear(investmentByYear, c.investmentByYear);
    // hours carry 2 decimals: sum them in hundredths so that the sum is exact
    for (const [y, h] of Object.entries(c.staffHoursByYear)) staffHours[y] = (staffHours[y] ?? 0) + toScaledInteger(h, 2);
    addByYear(budgetEffectiveByYear, c.budgetEffectiveByYear);
    if (assessment) weightedScoreSum += weightedScoreOf(assessment, c.caseId).weightedScore ?? 0;
  }
  return {
    count: cases.length,
    npv,
    npvBudgetEffective,
    weightedScoreSum: Math.round(weightedScoreSum * 1e6) / 1e6,
    investmentByYear: sortedByYear(investmentByYear),
    staffHoursByYear: sortedByYear(Object.fromEntries(Object.entries(staffHours).map(([y, h]) => [y, h / 100]))),
    budgetEffectiveByYear: sortedByYear(budgetEffectiveByYear),
    totalInvestment,
    topDownEstimates: cases.filter((c) => c.topDownEstimate).map((c) => c.caseId),
  };
};

/** The objective coefficient of a case: NPV in øre, or its weighted points (Σ weight × score). */
export const objectiveValue = (candidate: PortfolioCandidate, objective: PortfolioObjective, assessment?: StrategicAssessmentState): number =>
  objective === 'npv' ? candidate.npv : assessment ? weightedScoreOf(assessment, candidate.caseId).weightedPoints : 0;

/**
 * The selection problem of the candidates under the constraints (validated first; a bad case
 * id or year is InvalidInput naming the field). Items are the candidates ordered by case id.
 */
export const buildSelectionProblem = (input: OptimisationInput): { problem: SelectionProblem; candidates: PortfolioCandidate[] } => {
  const candidates = [...input.candidates].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const index = new Map(candidates.map((c, i) => [c.caseId, i]));
  const c = input.constraints;
  validateConstraints(c, new Set(index.keys()));
  if (c.objective === 'weighted-score' && !(input.assessment && activeCriteria(input.assessment).some((x) => x.weight > 0))) {
    throw new RuleViolated('no-strategic-criteria', 'To maximise the weighted score, management must first define weighted strategic criteria');
  }
  const rows: SelectionRow[] = [
    ...[...c.budgets]
      .sort((a, b) => a.year - b.year)
      .map((b): SelectionRow => {
        const ref = { kind: 'budget' as const, year: b.year };
        return { ref, name: constraintName(ref), limit: b.amount, coefficients: candidates.map((x) => x.investmentByYear[String(b.year)] ?? 0) };
      }),
    ...[...c.staffHours]
      .sort((a, b) => a.year - b.year)
      .map((s): SelectionRow => {
        const ref = { kind: 'staff-hours' as const, year: s.year };
        return { ref, name: constraintName(ref), limit: toScaledInteger(s.hours, 2), coefficients: candidates.map((x) => toScaledInteger(x.staffHoursByYear[String(s.year)] ?? 0, 2)) };
      }),
  ];
  const problem: SelectionProblem = {
    ids: candidates.map((x) => x.caseId),
    values: candidates.map((x) => objectiveValue(x, c.objective, input.assessment)),
    rows,
    fixedIn: c.forcedIn.map((f) => index.get(f.caseId)!),
    fixedOut: c.forcedOut.map((f) => index.get(f.caseId)!),
    requires: c.dependencies.map((d) => [index.get(d.caseId)!, index.get(d.requires)!] as const),
  };
  return { problem, candidates };
};

export type SolverReport = {
  solver: string;
  status: string;
  provenOptimal: boolean;
  gap: number | null;
  bound: number | null;
  seconds: number;
};

export type ConstraintUse = { constraint: string; unit: 'øre' | 'hours'; limit: number; used: number; slack: number };

export type PortfolioSelection = {
  objective: PortfolioObjective;
  /** Σ objective coefficient of the selection: øre of NPV, or weighted points. */
  objectiveValue: number;
  /** Selected case ids, sorted. */
  selection: string[];
  figures: PortfolioFigures;
  constraintUse: ConstraintUse[];
  solver: SolverReport;
  candidatesConsidered: number;
};

const constraintUse = (problem: SelectionProblem, selected: readonly boolean[]): ConstraintUse[] =>
  rowUse(problem, selected).map((u) => {
    const hours = u.ref.kind === 'staff-hours';
    const d = hours ? 100 : 1;
    return { constraint: u.name, unit: hours ? 'hours' : 'øre', limit: u.limit / d, used: u.used / d, slack: u.slack / d };
  });

const solveChecked = async (problem: SelectionProblem, solver: SelectionSolver, options?: SolveOptions) => {
  const solution = await solver.solve(problem, options);
  const violations = checkSelection(problem, solution.selected);
  // The port promises an exactly feasible selection; never pass on one that is not.
  if (violations.length > 0) throw new Error(`The solver returned a selection that breaks ${JSON.stringify(violations[0])}`);
  return solution;
};

const selectionOf = (
  problem: SelectionProblem,
  candidates: readonly PortfolioCandidate[],
  selected: readonly boolean[],
  input: OptimisationInput,
  report: SolverReport,
): PortfolioSelection => {
  const chosen = candidates.filter((_, i) => selected[i]);
  return {
    objective: input.constraints.objective,
    objectiveValue: objectiveOf(problem, selected),
    selection: chosen.map((c) => c.caseId),
    figures: portfolioFigures(chosen, input.assessment),
    constraintUse: constraintUse(problem, selected),
    solver: report,
    candidatesConsidered: candidates.length,
  };
};

/**
 * The best portfolio under the constraints. Infeasible constraints throw InfeasibleConstraints
 * naming each failing constraint before the solver runs; bad input throws InvalidInput.
 */
export const optimisePortfolio = async (input: OptimisationInput, solver: SelectionSolver, options?: SolveOptions): Promise<PortfolioSelection> => {
  const { problem, candidates } = buildSelectionProblem(input);
  assertFeasible(problem);
  const s = await solveChecked(problem, solver, options);
  return selectionOf(problem, candidates, s.selected, input, { solver: s.solver, status: s.status, provenOptimal: s.provenOptimal, gap: s.gap, bound: s.bound, seconds: s.seconds });
};

const violationName = (v: SelectionViolation): string =>
  v.kind === 'row' ? v.name : v.kind === 'dependency' ? `dependency:${v.id}->${v.requires}` : `forced:${v.id}`;
const isHoursRow = (name: string): boolean => name.startsWith('staff-hours');
const showRow = (name: string, v: number): string => (isHoursRow(name) ? `${v / 100} hours` : formatKr(v));
/** A violation as the caller reads it: staff hours in hours, money in øre. */
const violationDetails = (v: SelectionViolation): Record<string, unknown> =>
  v.kind === 'row' && isHoursRow(v.name)
    ? { ...v, unit: 'hours', limit: v.limit / 100, used: v.used / 100, excess: v.excess / 100, constraint: v.name }
    : { ...v, ...(v.kind === 'row' ? { unit: 'øre' } : {}), constraint: violationName(v) };
const describeViolation = (v: SelectionViolation): string =>
  v.kind === 'row'
    ? `${v.name}: it uses ${showRow(v.name, v.used)} of ${showRow(v.name, v.limit)} (${showRow(v.name, v.excess)} too much)`
    : v.kind === 'dependency'
      ? `a dependency: ${v.id} needs ${v.requires}, which is not selected`
      : v.kind === 'forced-in'
        ? `a forced-in case: ${v.id} is not selected`
        : `a forced-out case: ${v.id} is selected`;

/**
 * The figures of a given selection under the constraints (a scenario chosen by hand): the
 * constraints must hold for it, else InfeasibleConstraints names what it breaks.
 */
export const evaluateSelection = (input: OptimisationInput, selection: readonly string[]): PortfolioSelection => {
  const { problem, candidates } = buildSelectionProblem(input);
  assertFeasible(problem);
  const known = new Set(problem.ids);
  const seen = new Set<string>();
  selection.forEach((id, i) => {
    if (!known.has(id)) throw new InvalidInput('not-a-candidate', `${id} is not a candidate (a submitted or approved case that is not closed)`, `selection[${i}]`);
    if (seen.has(id)) throw new InvalidInput('duplicate-id', `${id} appears twice`, `selection[${i}]`);
    seen.add(id);
  });
  const selected = candidates.map((c) => seen.has(c.caseId));
  const broken = checkSelection(problem, selected);
  if (broken.length > 0) {
    throw new RuleViolated('selection-breaks-constraints', `The selection breaks ${describeViolation(broken[0]!)}`, {
      constraint: violationName(broken[0]!),
      violations: broken.map(violationDetails),
    });
  }
  return selectionOf(problem, candidates, selected, input, { solver: 'manual', status: 'manual', provenOptimal: false, gap: null, bound: null, seconds: 0 });
};

export type FrontierPoint = {
  /** The investment budget of this point (øre): Σ of its yearly budgets, or the total budget. */
  budget: Ore;
  /** The yearly budgets of this point (basis 'yearly-budgets'), else empty. */
  budgetsByYear: ByYear;
  objectiveValue: number;
  npv: Ore;
  weightedScoreSum: number;
  count: number;
  selection: string[];
  investmentByYear: ByYear;
  totalInvestment: Ore;
  provenOptimal: boolean;
  gap: number | null;
};

export type Frontier = {
  objective: PortfolioObjective;
  /**
   * 'yearly-budgets': every yearly budget of the constraints scaled by the same factor (the
   * profile over the years is kept); 'total-investment': no yearly budgets were given, so one
   * budget limits the total investment over all years.
   */
  basis: 'yearly-budgets' | 'total-investment';
  points: FrontierPoint[];
  /** The best selection when no budget limits it (the frontier's last point reaches it). */
  unlimited: { objectiveValue: number; npv: Ore; count: number; investmentByYear: ByYear; provenOptimal: boolean };
  solver: string;
  /** How many solver runs it took (the unlimited optimum included; points it fits are not solved again). */
  solves: number;
  /** Σ of the solver's time over its runs (parallel runs add up). */
  seconds: number;
  allProvenOptimal: boolean;
};

export const MAX_FRONTIER_POINTS = 100;

/**
 * The efficient frontier: the optimal objective as a function of the investment budget, in
 * `points` evenly spaced budget levels from the smallest at which the forced-in cases (and what
 * they need) fit, to the one at which every candidate that is not forced out could be funded.
 * The other constraints (staff hours, forced cases, dependencies) hold at every point. The curve
 * flattens where the best selection without any budget limit (`unlimited`) fits: from there on,
 * more money buys nothing.
 *
 * Each point's selection is feasible at the next (budgets only grow), so it is the solver's warm
 * start there (with a solver that runs several solves at once, the points are split into that
 * many chains, each warm-started along itself); and a point whose budgets admit the unlimited optimum takes it without a solve
 * (it is optimal for a relaxation and feasible, hence optimal).
 */
export const portfolioFrontier = async (input: OptimisationInput, solver: SelectionSolver, points: number, options?: SolveOptions): Promise<Frontier> => {
  if (!Number.isSafeInteger(points) || points < 2 || points > MAX_FRONTIER_POINTS) throw new RangeError(`points must be 2–${MAX_FRONTIER_POINTS}`);
  const { problem, candidates } = buildSelectionProblem(input);
  const budgetRows = problem.rows.filter((r) => r.ref.kind === 'budget');
  const otherRows = problem.rows.filter((r) => r.ref.kind !== 'budget');
  // Without the budgets the problem must be feasible; otherwise no budget helps.
  const unlimitedProblem: SelectionProblem = { ...problem, rows: otherRows };
  assertFeasible(unlimitedProblem);
  const basis: Frontier['basis'] = budgetRows.length > 0 ? 'yearly-budgets' : 'total-investment';
  const base: SelectionRow[] =
    basis === 'yearly-budgets'
      ? budgetRows
      : [{ ref: { kind: 'total-investment' }, name: 'total-investment', limit: 1, coefficients: candidates.map((c) => c.totalInvestment) }];
  const sumOver = (row: SelectionRow, pick: (i: number) => boolean): number => row.coefficients.reduce((s, a, i) => (pick(i) ? s + a : s), 0);

  const unlimited = await solveChecked(unlimitedProblem, solver, options);
  let seconds = unlimited.seconds;
  const topUse = base.map((r) => sumOver(r, (i) => unlimited.selected[i] === true));
  const required = requiredClosure(problem);
  const need = base.map((r) => sumOver(r, (i) => required.has(i)));
  // budget levels as factors of the given budgets (a year with no money stays at 0)
  const forcedOut = new Set(problem.fixedOut);
  const all = base.map((r) => sumOver(r, (i) => !forcedOut.has(i)));
  let fMin = 0;
  let fMax = 0;
  base.forEach((row, j) => {
    if (row.limit === 0) return;
    fMin = Math.max(fMin, need[j]! / row.limit);
    fMax = Math.max(fMax, all[j]! / row.limit);
  });
  if (fMax < fMin) fMax = fMin;

  // the budget rows of every point: whole øre, never below what the forced cases need, never
  // below the previous point's
  const levels: SelectionRow[][] = [];
  let previous = base.map(() => 0);
  for (let k = 0; k < points; k++) {
    const f = fMin + ((fMax - fMin) * k) / (points - 1);
    const rows = base.map((r, j) => ({ ...r, limit: Math.max(Math.ceil(r.limit * f), need[j]!, previous[j]!) }));
    previous = rows.map((r) => r.limit);
    levels.push(rows);
  }

  type Solved = { selected: readonly boolean[]; objective: number; provenOptimal: boolean; gap: number | null };
  const solved: Solved[] = new Array<Solved>(points);
  let solves = 1;
  // Points are split into as many chains as the solver runs at once (k ≡ c mod chains); within
  // a chain each point starts from the previous one's selection.
  const chains = Math.max(1, Math.min(points, solver.concurrency ?? 1));
  const runChain = async (c: number): Promise<void> => {
    let warm: readonly boolean[] | undefined;
    for (let k = c; k < points; k += chains) {
      const rows = levels[k]!;
      if (rows.every((r, j) => topUse[j]! <= r.limit)) solved[k] = unlimited;
      else {
        const scaled: SelectionProblem = { ...problem, rows: [...rows, ...otherRows] };
        assertFeasible(scaled);
        const s = await solveChecked(scaled, solver, { ...options, ...(warm ? { warmStart: warm } : {}) });
        solves++;
        seconds += s.seconds;
        solved[k] = s;
      }
      warm = solved[k]!.selected;
    }
  };
  await Promise.all(Array.from({ length: chains }, (_, c) => runChain(c)));

  const out: FrontierPoint[] = solved.map((s, k) => {
    const rows = levels[k]!;
    const chosen = candidates.filter((_, i) => s.selected[i]);
    const figures = portfolioFigures(chosen, input.assessment);
    return {
      budget: rows.reduce((sum, r) => sum + r.limit, 0),
      budgetsByYear: basis === 'yearly-budgets' ? Object.fromEntries(rows.map((r) => [String((r.ref as { year: number }).year), r.limit])) : {},
      objectiveValue: s.objective,
      npv: figures.npv,
      weightedScoreSum: figures.weightedScoreSum,
      count: chosen.length,
      selection: chosen.map((c) => c.caseId),
      investmentByYear: figures.investmentByYear,
      totalInvestment: figures.totalInvestment,
      provenOptimal: s.provenOptimal,
      gap: s.gap,
    };
  });
  const top = candidates.filter((_, i) => unlimited.selected[i]);
  return {
    objective: input.constraints.objective,
    basis,
    points: out,
    unlimited: { objectiveValue: unlimited.objective, npv: portfolioFigures(top).npv, count: top.length, investmentByYear: portfolioFigures(top).investmentByYear, provenOptimal: unlimited.provenOptimal },
    solver: unlimited.solver,
    solves,
    seconds,
    allProvenOptimal: unlimited.provenOptimal && out.every((p) => p.provenOptimal),
  };
};
