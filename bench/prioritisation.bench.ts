import { loadavg } from 'node:os';
import { optimisePortfolio, portfolioFrontier } from '../libs/domain/src';
import { HighsWorkerPool } from '../libs/optimisation/src';
import { randomPortfolio } from '../libs/optimisation/src/random-problems';

/**
 * Portfolio selection with HiGHS: 300 candidate cases, investment budgets for 5 years, staff-hours
 * capacity for 5 years, 20 dependencies (and 3 forced-in, 2 forced-out cases).
 * Targets: a proven-optimal selection in ≤ 2 s; an efficient frontier of 20 points in ≤ 10 s.
 * Three seeded portfolios; every one must meet both targets. Exits 1 when one is missed.
 *   node -r ./tools/register.js bench/prioritisation.bench.ts
 */
const CANDIDATES = 300;
const YEARS = 5;
const SELECT_TARGET_S = 2;
const FRONTIER_TARGET_S = 10;
const FRONTIER_POINTS = 20;
const SEEDS = [1, 2, 3];

const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; wall: number }> => {
  const t0 = performance.now();
  const value = await fn();
  return { value, wall: (performance.now() - t0) / 1000 };
};

const kr = (ore: number): string => `${(ore / 100 / 1e6).toFixed(1)} mio. kr`;

async function main(): Promise<void> {
  // As in the API: HiGHS in worker threads (one per core, at most 4), so that a solve never
  // blocks the event loop and the frontier's points run in parallel.
  const solver = HighsWorkerPool.start({ timeLimitSeconds: 30 });
  const compile = await solver.warmUp();
  process.stdout.write(
    `HiGHS in ${solver.concurrency} worker thread(s); ${CANDIDATES} candidates, ${YEARS} budget years, ${YEARS} staff-hours years, 20 dependencies, 3 forced in, 2 forced out; load average ${loadavg()[0]!.toFixed(1)}\n` +
      `start-up (once per process, not counted below): WebAssembly compile in the workers, warm-up solve: ${compile.toFixed(2)} s\n`,
  );
  let ok = true;
  for (const seed of SEEDS) {
    const input = randomPortfolio(seed, { candidates: CANDIDATES, dependencies: 20 });
    const c = input.constraints;
    if (input.candidates.length !== CANDIDATES || c.budgets.length !== YEARS || c.staffHours.length !== YEARS || c.dependencies.length !== 20) throw new Error('bench portfolio has the wrong shape');
    const select = await timed(() => optimisePortfolio(input, solver));
    const s = select.value;
    const selectOk = s.solver.provenOptimal && select.wall <= SELECT_TARGET_S;
    process.stdout.write(
      `seed ${seed} selection: ${s.selection.length} cases, NPV ${kr(s.objectiveValue)}, ${s.solver.status}, proven optimal ${s.solver.provenOptimal}, gap ${s.solver.gap}; ` +
        `${select.wall.toFixed(2)} s wall (solver ${s.solver.seconds.toFixed(2)} s), target ≤ ${SELECT_TARGET_S} s: ${selectOk ? 'PASS' : 'FAIL'}\n`,
    );
    const frontier = await timed(() => portfolioFrontier(input, solver, FRONTIER_POINTS));
    const f = frontier.value;
    const frontierOk = f.allProvenOptimal && f.points.length === FRONTIER_POINTS && frontier.wall <= FRONTIER_TARGET_S;
    const shown = [0, 5, 10, 15, 19].map((k) => f.points[k]!).map((p) => `${kr(p.budget)} → ${kr(p.npv)} (${p.count})`);
    process.stdout.write(
      `seed ${seed} frontier: ${f.points.length} points (${f.basis}), ${f.solves} solves, all proven optimal ${f.allProvenOptimal}; ${frontier.wall.toFixed(2)} s wall (solver ${f.seconds.toFixed(2)} s summed over workers), ` +
        `target ≤ ${FRONTIER_TARGET_S} s: ${frontierOk ? 'PASS' : 'FAIL'}\n    ${shown.join('; ')}\n`,
    );
    // more budget never lowers the optimum
    for (let k = 1; k < f.points.length; k++) {
      if (f.points[k]!.objectiveValue < f.points[k - 1]!.objectiveValue) throw new Error(`frontier decreases at point ${k}`);
    }
    ok &&= selectOk && frontierOk;
  }
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'}\n`);
  await solver.close();
  process.exit(ok ? 0 : 1);
}

void main();
