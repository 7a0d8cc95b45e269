// The generic projection engine; domain projections live in sibling folders.
export * from './engine';
export * from './portfolio';
export * from './harvest';
export * from './realisation';
export * from './prioritisation';
export * from './all-projections';
