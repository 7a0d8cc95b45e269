// Portfolio prioritisation: candidates, strategic criteria and scores, ranking, selection
// under constraints (behind the SelectionSolver port), scenarios, the committed plan and the
// top-down check. Pure: the solver lives in @gevinst/optimisation.
export * from './candidate';
export * from './assessment';
export * from './ranking';
export * from './constraints';
export * from './selection-problem';
export * from './feasibility';
export * from './brute-force';
export * from './optimise';
export * from './scenario';
export * from './plan';
