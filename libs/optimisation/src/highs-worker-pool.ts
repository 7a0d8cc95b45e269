import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { InfeasibleConstraints, type SelectionProblem, type SelectionSolution, type SelectionSolver, type SolveOptions } from '@gevinst/domain';
import { DEFAULT_HIGHS_SETTINGS, type HighsSolverSettings } from './highs-selection-solver';
import { randomProblem, seededRandom } from './random-problems';
import type { WorkerRequest, WorkerResponse } from './highs-worker';

export interface HighsWorkerPoolSettings extends Partial<HighsSolverSettings> {
  /** Worker threads; default: the machine's parallelism, at most 4. */
  readonly workers?: number;
}

type Pending = { resolve: (s: SelectionSolution) => void; reject: (e: unknown) => void; request: WorkerRequest };
type Slot = { worker: Worker; busy: Pending | null };

/**
 * HiGHS in worker threads, behind the same SelectionSolver port. A solve is synchronous
 * WebAssembly that may run for seconds: in a worker it never blocks the API's event loop, and
 * independent solves (the points of an efficient frontier) run in parallel, one per worker.
 *
 * Workers start on demand, up to `concurrency`. Each compiles the WebAssembly module itself,
 * lazily on its first solve (about 1.5 s of CPU); `warmUp()` pays that in advance. Workers are unref'd: an idle pool never keeps the
 * process alive. `close()` ends them.
 */
export class HighsWorkerPool implements SelectionSolver {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  readonly concurrency: number;

  private constructor(private readonly settings: HighsSolverSettings, workers: number) {
    this.concurrency = workers;
  }

  static start(settings: HighsWorkerPoolSettings = {}): HighsWorkerPool {
    const workers = settings.workers ?? Math.max(1, Math.min(4, os.availableParallelism()));
    if (!Number.isSafeInteger(workers) || workers < 1) throw new RangeError('workers must be a whole number ≥ 1');
    return new HighsWorkerPool(
      { timeLimitSeconds: settings.timeLimitSeconds ?? DEFAULT_HIGHS_SETTINGS.timeLimitSeconds, options: { ...DEFAULT_HIGHS_SETTINGS.options, ...settings.options } },
      workers,
    );
  }

  solve(problem: SelectionProblem, options: SolveOptions = {}): Promise<SelectionSolution> {
    if (this.closed) return Promise.reject(new Error('The solver pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject, request: { id: this.nextId++, problem, options } });
      this.dispatch();
    });
  }

  /**
   * Compiles HiGHS in every worker (V8 compiles WebAssembly functions on first use) by solving a
   * generated portfolio problem of realistic size on each, so that the code paths of a real
   * solve — presolve, cuts, branching — are compiled; resolves with the wall-clock seconds.
   */
  async warmUp(): Promise<number> {
    const started = performance.now();
    const rnd = seededRandom(7);
    const shape = { items: 200, budgetRows: 5, hourRows: 5, dependencies: 10, forcedIn: 0, forcedOut: 0, tightness: 0.35, maxCost: 5e8 };
    await Promise.all(Array.from({ length: this.concurrency }, () => this.solve(randomProblem(rnd, shape))));
    return (performance.now() - started) / 1000;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('The solver pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Worker {
    // The worker runs TypeScript: it installs the project's SWC require hook first, as the
    // processes that start it do (npm start, the CLI, the benchmarks, jest through this file).
    const register = path.resolve(__dirname, '../../../tools/register.js');
    const entry = path.resolve(__dirname, 'highs-worker.ts');
    const worker = new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData: this.settings,
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (response: WorkerResponse) => this.answer(worker, response));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => {
      if (!this.closed) this.fail(worker, new Error(`A solver worker stopped (exit code ${code})`));
    });
    return worker;
  }

  private dispatch(): void {
    // workers start on demand: an API that never optimises never starts one
    while (this.queue.length > this.slots.filter((s) => !s.busy).length && this.slots.length < this.concurrency) {
      this.slots.push({ worker: this.spawn(), busy: null });
    }
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      slot.busy = next;
      slot.worker.ref(); // a solve in flight keeps the process alive
      slot.worker.postMessage(next.request);
    }
  }

  private answer(worker: Worker, response: WorkerResponse): void {
    const slot = this.slots.find((s) => s.worker === worker);
    const pending = slot?.busy;
    if (!slot || !pending || pending.request.id !== response.id) return;
    slot.busy = null;
    worker.unref();
    if (response.ok) pending.resolve(response.solution);
    else pending.reject(response.infeasible ? new InfeasibleConstraints(response.infeasible) : new Error(response.message));
    this.dispatch();
  }

  private fail(worker: Worker, error: unknown): void {
    const index = this.slots.findIndex((s) => s.worker === worker);
    if (index < 0) return;
    const pending = this.slots[index]!.busy;
    // replace the worker; the request it held fails, the queue goes on
    this.slots[index] = { worker: this.spawn(), busy: null };
    void worker.terminate();
    pending?.reject(error);
    this.dispatch();
  }
}
