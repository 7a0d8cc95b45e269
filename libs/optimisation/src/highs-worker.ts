/**
 * The body of one HiGHS worker thread (started by HighsWorkerPool): loads HiGHS once and
 * solves the problems it is sent, one at a time. Answers carry the request id; a typed
 * infeasibility travels as its violations so that the pool can throw the same error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InfeasibleConstraints, type SelectionProblem, type SolveOptions } from '@gevinst/domain';
import { HighsSelectionSolver, type HighsSolverSettings } from './highs-selection-solver';

export type WorkerRequest = { id: number; problem: SelectionProblem; options: SolveOptions };
export type WorkerResponse =
  | { id: number; ok: true; solution: Awaited<ReturnType<HighsSelectionSolver['solve']>> }
  | { id: number; ok: false; infeasible: InfeasibleConstraints['violations'] | null; message: string };

const port = parentPort;
if (port) {
  const ready = HighsSelectionSolver.load(workerData as Partial<HighsSolverSettings>);
  port.on('message', (request: WorkerRequest) => {
    void ready
      .then((solver) => solver.solve(request.problem, request.options))
      .then(
        (solution): WorkerResponse => ({ id: request.id, ok: true, solution }),
        (error: unknown): WorkerResponse => ({
          id: request.id,
          ok: false,
          infeasible: error instanceof InfeasibleConstraints ? error.violations : null,
          message: error instanceof Error ? error.message : String(error),
        }),
      )
      .then((response) => port.postMessage(response));
  });
}
