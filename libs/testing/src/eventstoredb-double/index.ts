export { startEventStoreDbDouble } from './eventstoredb-double';
export type { EventStoreDbDouble, EventStoreDbDoubleOptions } from './eventstoredb-double';
