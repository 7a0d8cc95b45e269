// Process-level concerns shared by the API, the worker and the CLI: configuration, identity,
// and the catalogue of event types the store is opened with.
export * from './config';
export * from './dev-identities';
export * from './token.service';
export * from './event-types';
