import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore } from '@gevinst/event-store';

/**
 * The store with its global log read a page at a time and other work (requests) running
 * between two pages, for the replays the audit runs in the API process: keyframes, as-of
 * views, replay verification and what-if. A SQLite read waits for no IO, so without this a
 * replay of the whole log held the event loop from its first page to its last (about 8 s on a
 * 1,000,000-event log, twice that for a what-if). Everything else passes straight through.
 */
export const readsBetweenTurns = (store: EventStore): EventStore => ({
  append: (streamName, events, options) => store.append(streamName, events, options),
  readStream: (streamName, options) => store.readStream(streamName, options),
  readAll: async (options) => {
    await nextTurn();
    return store.readAll(options);
  },
  headPosition: () => store.headPosition(),
  subscribeToAll: (options) => store.subscribeToAll(options),
  close: () => store.close(),
});
