/** RFC 9457 problem details, as the API sends them (apps/api/src/http/problem.ts). */
export interface InvalidParam {
  name: string;
  reason: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  'invalid-params'?: InvalidParam[];
  [extension: string]: unknown;
}

/** An answer from the API that is not 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  /**
   * Every field error: `invalid-params` and, for a domain validation (400 from the decider),
   * the full list in `details.errors` ({field, message}); deduplicated, in order.
   */
  get invalidParams(): InvalidParam[] {
    const out: InvalidParam[] = [...(this.problem['invalid-params'] ?? [])];
    const details = this.problem['details'] as { errors?: { field?: unknown; message?: unknown }[] } | undefined;
    for (const e of details?.errors ?? []) {
      if (typeof e.field === 'string' && typeof e.message === 'string') out.push({ name: e.field, reason: e.message });
    }
    const seen = new Set<string>();
    return out.filter((p) => {
      const key = `${p.name}\u0000${p.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** The field errors by field path (`costLines[2].amounts[0].year`). */
  get fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const p of this.invalidParams) (out[p.name] ??= []).push(p.reason);
    return out;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** A DOM id for a field path: `costLines[2].amounts[0].year` → `field-costLines-2-amounts-0-year`. */
export const fieldId = (name: string): string => `field-${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '')}`;
