/** Exponential backoff with full jitter, capped. */
export interface BackoffOptions {
  /** First delay, ms (default 200). */
  initialMs?: number;
  /** Largest delay, ms (default 10 000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
}

/** Delay before retry number `attempt` (1-based). */
export const backoffDelay = (attempt: number, options: BackoffOptions = {}): number => {
  const initial = options.initialMs ?? 200;
  const max = options.maxMs ?? 10_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, initial * factor ** Math.max(0, attempt - 1));
  // Half fixed, half random: never zero, and retries of many processes spread out.
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
};

/** Resolves after `ms`, or early (with false) once `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
