/**
 * Wakes live subscriptions in this process as soon as an append to the same file commits, so
 * they don't wait for the next poll. Keyed by file rather than by store instance: two stores
 * opened on one file in one process (e.g. api and in-process worker) still wake each other.
 * Appends from other processes are only seen by polling.
 */
const listenersByFile = new Map<string, Set<() => void>>();

export const onAppend = (file: string, listener: () => void): (() => void) => {
  let listeners = listenersByFile.get(file);
  if (!listeners) {
    listeners = new Set();
    listenersByFile.set(file, listeners);
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && listenersByFile.get(file) === listeners) listenersByFile.delete(file);
  };
};

export const notifyAppend = (file: string): void => {
  const listeners = listenersByFile.get(file);
  if (listeners) for (const listener of listeners) listener();
};
