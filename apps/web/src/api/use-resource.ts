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
    const key = `${url}?${queryKey}`;
    if (shown.current !== key) setResource({ state: 'loading' });
    shown.current = key;
    api
      .get<T>(url, { signal: controller.signal, query: JSON.parse(queryKey) as Record<string, string> })
      .then((data) => setResource({ state: 'ok', data }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setResource({ state: 'error', error: isApiError(error) ? error : new ApiError({ status: 0, detail: String(error) }) });
      });
    return () => controller.abort();
    // operation is a literal at each call site; url and query say what to fetch
  }, [capabilities, url, queryKey, generation]);

  return Object.assign({}, resource, { reload }) as Resource<T> & { reload(): void };
}
