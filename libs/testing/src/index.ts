export * from './decider-spec';
export * from './eventstoredb-double';
