// The auditor's questions, answered from the event log alone (no Nest, no HTTP): what a view
// showed as of a past moment, the history of a case, department or cut, the hash chain's
// verification, replay verification against the live read models, and what-if replays.
// The API (apps/api/src/audit) and the auditor's CLI (apps/cli) both answer through this.
export * from './as-of';
export * from './chain';
export * from './history';
export * from './reads';
export * from './records';
export * from './what-if';
