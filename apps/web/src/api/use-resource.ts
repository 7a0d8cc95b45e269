import { useCallback, useEffect, useRef, useState } from 'react';
import { useCapabilities } from './capabilities';
import { api } from './client';
import { ApiError, isApiError } from './problem';

/** An operation of the API, as named in its OpenAPI document. */
export interface Operation {
  method: string;
  path: string;
}

export type Resource<T> =
  | { state: 'loading' }
  /** The running API does not offer the operation (yet). */
  | { state: 'unavailable'; operation: Operation }
  | { state: 'error'; error: ApiError }
  | { state: 'ok'; data: T };

/**
 * GETs started before the page that needs them has loaded (App.tsx, for the page a URL opens):
 * the first useResource asking the same URL and query within a few seconds takes the answer
 * instead of asking again. Each is used once, so nothing stale is ever shown.
 */
const prefetched = new Map<string, { at: number; promise: Promise<unknown> }>();
const PREFETCH_FRESH_MS = 10_000;
const keyOf = (url: string, queryKey: string): string => `${url}?${queryKey}`;

export function prefetch(url: string, query?: Record<string, string | undefined>): void {
  const queryKey = JSON.stringify(query ?? {});
  const promise = api.get<unknown>(url, { query: JSON.parse(queryKey) as Record<string, string> });
  promise.catch(() => undefined); // handled by whoever takes it
  prefetched.set(keyOf(url, queryKey), { at: Date.now(), promise });
}

function takePrefetched<T>(key: string): Promise<T> | null {
  const entry = prefetched.get(key);
  prefetched.delete(key);
  return entry && Date.now() - entry.at < PREFETCH_FRESH_MS ? (entry.promise as Promise<T>) : null;
}

/**
 * GETs `url` when the API offers `operation`; `url` null waits (e.g. for a choice). Reports
 * "unavailable" when the OpenAPI document lacks the operation, so a page never shows made-up
 * data for an API that has not landed.
 */
export function useResource<T>(operation: Operation, url: string | null, query?: Record<string, string | undefined>): Resource<T> & { reload(): void } {
  const capabilities = useCapabilities();
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const queryKey = JSON.stringify(query ?? {});
  const shown = useRef<string | null>(null);

  useEffect(() => {
    if (capabilities.state === 'loading' || url === null) {
      setResource({ state: 'loading' });
      return;
    }
    if (!capabilities.has(operation.method, operation.path)) {
      setResource({ state: 'unavailable', operation });
      return;
    }
    const controller = new AbortController();
    // A reload of the same thing keeps showing the data it replaces (no flicker); anything else
    // shows loading, never the previous answer under the new question.
    const key = keyOf(url, queryKey);
    if (shown.current !== key) setResource({ state: 'loading' });
    shown.current = key;
    (takePrefetched<T>(keyOf(url, queryKey)) ?? api.get<T>(url, { signal: controller.signal, query: JSON.parse(queryKey) as Record<string, string> }))
      .then((data) => {
        if (!controller.signal.aborted) setResource({ state: 'ok', data });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setResource({ state: 'error', error: isApiError(error) ? error : new ApiError({ status: 0, detail: String(error) }) });
      });
    return () => controller.abort();
    // operation is a literal at each call site; url and query say what to fetch
  }, [capabilities, url, queryKey, generation]);

  return Object.assign({}, resource, { reload }) as Resource<T> & { reload(): void };
}
