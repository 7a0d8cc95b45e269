export * from './event';
export * from './errors';
export * from './event-store.port';
export * from './event-type-registry';
export * from './upcasting-event-store';
export * from './scan-log';
export * from './sqlite/sqlite-event-store';
export { explainSqliteFailure } from './sqlite/sqlite-errors';
export * from './eventstoredb';
