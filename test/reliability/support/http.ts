/**
 * A small HTTP client over node:http with a keep-alive agent: raw bodies (any bytes), any
 * header a client can legally put on the wire, a per-request timeout, and "no answer" as a
 * result rather than an exception (the crash test needs to know which commands got none).
 */
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface Reply<T = unknown> {
  /** 0: no answer (connection refused or reset, timeout). */
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: T;
  error?: string;
}

export interface RequestOptions {
  token?: string;
  /** A value that is JSON-encoded (content-type application/json unless given). */
  json?: unknown;
  /** Exact body bytes (content-type as given in headers, if any). */
  raw?: string | Buffer;
  headers?: OutgoingHttpHeaders;
  timeoutMs?: number;
}

export class HttpClient {
  readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const url = new URL(this.baseUrl);
    const headers: OutgoingHttpHeaders = { ...(options.headers ?? {}) };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    let body: Buffer | undefined;
    if (options.raw !== undefined) body = Buffer.isBuffer(options.raw) ? options.raw : Buffer.from(options.raw, 'utf8');
    else if (options.json !== undefined) {
      body = Buffer.from(JSON.stringify(options.json), 'utf8');
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    if (body !== undefined) headers['content-length'] = String(body.length);
    return new Promise((resolve) => {
      let settled = false;
      const done = (reply: Reply<T>): void => {
        if (settled) return;
        settled = true;
        resolve(reply);
      };
      const noAnswer = (error: unknown): void =>
        done({ status: 0, headers: {}, text: '', body: undefined as T, error: error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` : String(error) });
      let req;
      try {
        req = httpRequest({ hostname: url.hostname, port: url.port, path, method, headers, agent: this.agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', noAnswer);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON
            }
            done({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed as T });
          });
        });
      } catch (error) {
        // The client itself refused the request (e.g. an illegal header): not sent.
        done({ status: -1, headers: {}, text: '', body: undefined as T, error: (error as Error).message });
        return;
      }
      req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
      req.on('error', noAnswer);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A fresh valid Idempotency-Key / X-Correlation-Id. */
export const newKey = (prefix = 'k'): string => `${prefix}-${randomUUID()}`;
