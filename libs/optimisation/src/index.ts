// The solver adapter for portfolio selection: HiGHS (WebAssembly) behind the domain's SelectionSolver port.
export * from './highs-selection-solver';
