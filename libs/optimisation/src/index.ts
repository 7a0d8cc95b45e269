// The solver adapter for portfolio selection: HiGHS (WebAssembly) behind the domain's
// SelectionSolver port, in process or in worker threads.
export * from './highs-selection-solver';
export * from './highs-worker-pool';
