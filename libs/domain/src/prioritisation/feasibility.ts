/**
 * Why a selection problem has no solution, named constraint by constraint.
 *
 * Every coefficient is ≥ 0 and dependencies only ever force more cases in. So the smallest
 * selection that honours the forced-in cases and the dependencies is their closure R (the
 * forced-in cases and, transitively, every case they need), and every feasible selection
 * contains R. Hence the problem is feasible exactly when
 *   - no case in R is forced out, and
 *   - for every row (budget or staff hours of a year), R's use is within the limit;
 * and when it is not, these checks name every constraint that fails, with the amounts. No
 * solver run is needed to explain infeasibility, and the explanation is complete.
 */
import { formatKr, RuleViolated } from '../shared';
import type { SelectionProblem, SelectionRow } from './selection-problem';

export type Infeasibility =
  | { kind: 'forced-in-and-out'; constraint: string; caseId: string; message: string }
  | { kind: 'required-case-forced-out'; constraint: string; caseId: string; requiredBy: string[]; message: string }
  | {
      kind: 'budget' | 'staff-hours' | 'total-investment';
      constraint: string;
      year: number | null;
      unit: 'øre' | 'hours';
      limit: number;
      required: number;
      excess: number;
      /** The forced-in cases (and the cases they need) that use this constraint. */
      cases: string[];
      message: string;
    };

/**
 * The constraints cannot all hold. `details.constraint` names the first that fails
 * (e.g. `budget:2028`); `details.violations` lists every one with the amounts.
 */
export class InfeasibleConstraints extends RuleViolated {
  constructor(readonly violations: readonly Infeasibility[]) {
    super('constraints-infeasible', violations[0]?.message ?? 'The constraints cannot all be met', {
      constraint: violations[0]?.constraint ?? null,
      violations: violations.map((v) => ({ ...v })),
    });
  }
}

/** The forced-in cases and everything they need, each with the chain that requires it. */
export const requiredClosure = (problem: SelectionProblem): Map<number, number[]> => {
  const needs = new Map<number, number[]>();
  for (const [b, a] of problem.requires) needs.set(b, [...(needs.get(b) ?? []), a]);
  const chain = new Map<number, number[]>();
  const queue: number[] = [];
  for (const i of problem.fixedIn) {
    if (!chain.has(i)) {
      chain.set(i, []);
      queue.push(i);
    }
  }
  while (queue.length > 0) {
    const b = queue.shift()!;
    for (const a of needs.get(b) ?? []) {
      if (chain.has(a)) continue;
      chain.set(a, [...chain.get(b)!, b]);
      queue.push(a);
    }
  }
  return chain;
};

const rowViolation = (row: SelectionRow, required: number, cases: string[]): Infeasibility => {
  const hours = row.ref.kind === 'staff-hours';
  const year = row.ref.kind === 'total-investment' ? null : row.ref.year;
  const show = (v: number): string => (hours ? `${v / 100} hours` : formatKr(v));
  const what = row.ref.kind === 'budget' ? `investment budget of ${year}` : hours ? `staff-hours capacity of ${year}` : 'total investment budget';
  return {
    kind: row.ref.kind,
    constraint: row.name,
    year,
    unit: hours ? 'hours' : 'øre',
    limit: hours ? row.limit / 100 : row.limit,
    required: hours ? required / 100 : required,
    excess: hours ? (required - row.limit) / 100 : required - row.limit,
    cases,
    message: `The forced-in cases (with the cases they need) need ${show(required)}, but the ${what} is ${show(row.limit)}: ${show(required - row.limit)} too much`,
  };
};

/** Every reason the problem is infeasible; empty when a selection exists. */
export const infeasibilities = (problem: SelectionProblem): Infeasibility[] => {
  const out: Infeasibility[] = [];
  const fixedIn = new Set(problem.fixedIn);
  const closure = requiredClosure(problem);
  for (const i of problem.fixedOut) {
    const id = problem.ids[i]!;
    if (fixedIn.has(i)) {
      out.push({ kind: 'forced-in-and-out', constraint: `forced:${id}`, caseId: id, message: `${id} is both forced in and forced out` });
    } else if (closure.has(i)) {
      const requiredBy = closure.get(i)!.map((j) => problem.ids[j]!);
      out.push({
        kind: 'required-case-forced-out',
        constraint: `dependency:${requiredBy[requiredBy.length - 1]}->${id}`,
        caseId: id,
        requiredBy,
        message: `${id} is forced out, but the forced-in case ${requiredBy[0]} needs it (${[...requiredBy, id].join(' → ')})`,
      });
    }
  }
  for (const row of problem.rows) {
    let required = 0;
    const cases: string[] = [];
    for (const i of closure.keys()) {
      const a = row.coefficients[i]!;
      if (a > 0) {
        required += a;
        cases.push(problem.ids[i]!);
      }
    }
    if (required > row.limit) out.push(rowViolation(row, required, cases.sort()));
  }
  return out;
};

/** Throws InfeasibleConstraints naming every constraint that fails. */
export const assertFeasible = (problem: SelectionProblem): void => {
  const violations = infeasibilities(problem);
  if (violations.length > 0) throw new InfeasibleConstraints(violations);
};
