import { EventTypeRegistry } from '@gevinst/event-store';

/**
 * Every event type the system writes, with its current schema version and upcasters.
 * A stored event is never rewritten: when a shape changes, bump the version here and add an
 * upcaster from the old version.
 */
export function eventTypeRegistry(): EventTypeRegistry {
  const registry = new EventTypeRegistry();
  return registry;
}
