import { ApiError, type Problem } from './problem';

/**
 * The one way the UI talks to the API: prefix /api, bearer token, JSON in and out, and every
 * non-2xx answer turned into an ApiError carrying the RFC 9457 problem (field errors included).
 */
export type TokenSource = () => string | null;

let tokenSource: TokenSource = () => null;
let onUnauthenticated: () => void = () => undefined;

/** Wired by the session provider: where the token comes from, and what a 401 does. */
export function configureClient(source: TokenSource, unauthenticated: () => void): void {
  tokenSource = source;
  onUnauthenticated = unauthenticated;
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Don't send the token (sign-in endpoints). */
  anonymous?: boolean;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const url = path.startsWith('/') ? path : `/api/${path}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...(options.headers ?? {}) };
  const token = options.anonymous ? null : tokenSource();
  if (token) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body, signal: options.signal ?? null });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', title: 'Network error', detail: (error as Error).message });
  }
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  let parsed: unknown = undefined;
  if (text && /json/.test(type)) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const problem: Problem =
      parsed && typeof parsed === 'object'
        ? { ...(parsed as Problem), status: response.status }
        : { status: response.status, title: response.statusText, detail: text.slice(0, 300) || response.statusText };
    if (response.status === 401 && token) onUnauthenticated();
    throw new ApiError(problem);
  }
  return (parsed ?? (text || undefined)) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
};
