// Process-level concerns shared by the API, the worker and the CLI: configuration and identity.
export * from './config';
export * from './dev-identities';
export * from './token.service';
