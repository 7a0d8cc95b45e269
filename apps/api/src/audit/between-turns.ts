import { setImmediate as nextTurn } from 'node:timers/promises';
import { scanLog, type EventStore } from '@gevinst/event-store';

/** Events a scan hands over between two turns of the event loop. */
const EVENTS_PER_TURN = 1000;

/**
 * The store with its global log read a page at a time and other work (requests) running
 * between pages, for the replays the audit runs in the API process: keyframes, as-of views,
 * replay verification and what-if. A SQLite read waits for no IO (and a scan's reader thread
 * may have many pages ready), so without this a replay of the whole log held the event loop
 * from its first page to its last (about 8 s on a 1,000,000-event log, twice that for a
 * what-if). A scan gives the loop a turn every EVENTS_PER_TURN events, a readAll before each
 * page. Everything else passes straight through.
 */
export const readsBetweenTurns = (store: EventStore): EventStore => ({
  append: (streamName, events, options) => store.append(streamName, events, options),
  readStream: (streamName, options) => store.readStream(streamName, options),
  readAll: async (options) => {
    await nextTurn();
    return store.readAll(options);
  },
  scanAll: async function* (options) {
    let sinceTurn = 0;
    for await (const page of scanLog(store, options)) {
      sinceTurn += page.length;
      if (sinceTurn >= EVENTS_PER_TURN) {
        sinceTurn = 0;
        await nextTurn();
      }
      yield page;
    }
  },
  headPosition: () => store.headPosition(),
  subscribeToAll: (options) => store.subscribeToAll(options),
  close: () => store.close(),
});
