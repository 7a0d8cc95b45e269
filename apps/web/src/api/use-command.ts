import { useCallback, useState } from 'react';
import { request } from './client';
import { ApiError, isApiError } from './problem';

/**
 * Sends one command (POST/PUT) on behalf of a user action. Each call gets its own
 * Idempotency-Key, so a double click or a retried request appends nothing twice; `ifMatch`
 * sends the ETag the page read, so a change made by someone else in between is a 409, not a
 * silent overwrite.
 */
export function useCommand() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = useCallback(async <T>(method: 'POST' | 'PUT', path: string, body: unknown, options: { ifMatch?: string | null } = {}): Promise<T | null> => {
    setBusy(true);
    setError(null);
    const headers: Record<string, string> = { 'idempotency-key': newKey() };
    if (options.ifMatch) headers['if-match'] = `"${options.ifMatch}"`;
    try {
      return await request<T>(method, path, { body, headers });
    } catch (e) {
      setError(isApiError(e) ? e : new ApiError({ status: 0, detail: String(e) }));
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  return { run, busy, error, setError, clearError: useCallback(() => setError(null), []) };
}

const newKey = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `k-${Date.now()}-${Math.random().toString(36).slice(2, 12)}`;
