export { EventStoreDbEventStore } from './eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb-event-store';
export type { BackoffPolicy } from './backoff';
export type { EventStoreDbLogger } from './logger';
export { deterministicEventId } from './event-ids';
