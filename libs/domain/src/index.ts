// The domain: pure TypeScript, no IO, no Nest. One folder per aggregate.
export * from './shared';
export * from './department';
export * from './retained-share';
export * from './budget-cut';
export * from './business-case';
export * from './municipality';
export * from './realisation';
export * from './prioritisation';
