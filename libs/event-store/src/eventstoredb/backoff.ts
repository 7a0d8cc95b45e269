/** Exponential backoff with a cap and jitter, for resubscribing a dropped subscription. */
export interface BackoffPolicy {
  /** Delay before the first retry, in ms. */
  readonly initialDelayMs: number;
  /** Upper bound of any delay, in ms. */
  readonly maxDelayMs: number;
  /** Give up (and report the error) after this many consecutive failed attempts. */
  readonly maxAttempts: number;
  /** Source of jitter in [0, 1); injectable for tests. */
  readonly random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialDelayMs: 100,
  maxDelayMs: 10_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  random: Math.random,
};

/**
 * Delay before retry number `attempt` (0-based): the capped exponential delay, of which the
 * upper half is random ("equal jitter"), so that many subscribers dropped at once do not
 * reconnect in lockstep yet each still waits at least half the nominal delay.
 */
export const backoffDelay = (attempt: number, policy: BackoffPolicy): number => {
  const nominal = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(nominal / 2 + policy.random() * (nominal / 2));
};
