import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, switchMap, type Observable } from 'rxjs';
import { AuthenticationError, TokenVerifier, type AuthenticatedActor } from '@gevinst/platform';
import { CommandRunner } from '../application/command-runner';
import { ReadModels } from '../read-models/read-models';

/**
 * What an answer was made of, so that a cached copy can be checked for being current: event
 * streams (checked against the store's revision at every use) and read-model documents (one
 * key, or a whole collection when `key` is absent; checked against the live projections' writes).
 */
export interface ResponseSources {
  streams?: string[];
  documents?: { projection: string; collection: string; key?: string }[];
}

export interface CachedResponseOptions {
  /** The answer depends on who asks only through their scope (role, departments): 'scope'; on the person: 'actor'. */
  per: 'scope' | 'actor';
  /** From the route's parameters: what the answer is made of (everything it reads). */
  sources: (params: Record<string, string>) => ResponseSources;
}

export const CACHED_RESPONSE = 'gevinst:cached-response';

/**
 * Marks a GET endpoint whose 200 answer may be served again, byte for byte, to a caller of the
 * same scope asking for the same URL while its sources are unchanged. Only for endpoints whose
 * answer is a function of the URL, the caller's scope (or identity, `per: 'actor'`) and the
 * sources named — no clock, no other state. As-of requests are never cached.
 */
export const CachedResponse = (options: CachedResponseOptions): MethodDecorator => SetMetadata(CACHED_RESPONSE, options);

/** Response headers a cached answer keeps; an answer with any other header is not cached. */
const KEPT_HEADERS = new Set(['content-type', 'etag', 'cache-control', 'vary', 'content-language', 'last-modified']);
/** Set per request (by the logging middleware): never part of a cached answer. */
const PER_REQUEST_HEADERS = new Set(['x-correlation-id']);

/** Most bytes of answers kept (least recently used dropped first). */
const MAX_BYTES = 16 * 1024 * 1024;
/** Largest answer kept. */
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;

interface Tag {
  /** A stream and the revision it had before the answer was made. */
  stream?: string;
  revision?: bigint | null;
  /** A read-model document or collection and its write generation before the answer was made. */
  projection?: string;
  collection?: string;
  key?: string;
  generation?: number;
}

interface Entry {
  readonly body: Buffer;
  readonly headers: readonly [string, string | number | readonly string[]][];
  readonly tags: readonly Tag[];
  /** Express's route path, for the request metrics. */
  readonly route: string | undefined;
  /** For per-actor answers: whose. */
  readonly actor: string | undefined;
  readonly size: number;
}

interface Req {
  method: string;
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  route?: { path?: string };
  actor?: AuthenticatedActor;
}

interface Res {
  statusCode: number;
  setHeader(name: string, value: string | number | readonly string[]): void;
  getHeaders(): Record<string, string | number | string[] | undefined>;
  end(...args: unknown[]): unknown;
}

/**
 * Serialised answers of GET endpoints marked @CachedResponse, kept as the bytes sent, per URL
 * and caller scope. A cached answer is served (by `serveCached`, before routing, guards and
 * serialisation) only when every source it was made of is unchanged since *before* it was made:
 * a stream at the same revision in the store now (streams only grow), a read-model document or
 * collection with no write by the live projections since. So a command's 2xx — which comes
 * after its events are in the store and, for read-model answers, applied — is seen by the next
 * read (read-your-writes). Keys carry the caller's role and departments (or identity), so one
 * scope's answer is never served to another; every request is still authenticated first.
 */
@Injectable()
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  hits = 0;
  stores = 0;

  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly verifier: TokenVerifier,
  ) {}

  /** The tags of these sources as they are now (before the answer is made). */
  async tags(sources: ResponseSources): Promise<Tag[]> {
    const tags: Tag[] = [];
    const changes = this.readModels.changes;
    for (const d of sources.documents ?? []) {
      tags.push({ ...d, generation: d.key === undefined ? changes.generation(d.projection, d.collection) : changes.keyGeneration(d.projection, d.collection, d.key) });
    }
    for (const stream of sources.streams ?? []) tags.push({ stream, revision: await this.runner.revision(stream) });
    return tags;
  }

  private async current(tags: readonly Tag[]): Promise<boolean> {
    for (const t of tags) {
      if (t.stream !== undefined && (await this.runner.revision(t.stream)) !== t.revision) return false;
    }
    // The documents last, after any wait: nothing can be written between this and the answer.
    const changes = this.readModels.changes;
    for (const t of tags) {
      if (t.stream !== undefined) continue;
      const now = t.key === undefined ? changes.generation(t.projection!, t.collection!) : changes.keyGeneration(t.projection!, t.collection!, t.key);
      if (now !== t.generation) return false;
    }
    return true;
  }

  store(key: string, entry: Omit<Entry, 'size'>): void {
    const size = entry.body.length + key.length + 200;
    if (size > MAX_ENTRY_BYTES) return;
    this.remove(key);
    this.entries.set(key, { ...entry, size });
    this.bytes += size;
    this.stores++;
    while (this.bytes > MAX_BYTES) this.remove(this.entries.keys().next().value!);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.size;
  }

  /** A current cached answer for this URL and caller, or undefined. */
  async lookup(url: string, actor: AuthenticatedActor): Promise<Entry | undefined> {
    const key = cacheKey(url, actor);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if ((entry.actor !== undefined && entry.actor !== actorKey(actor)) || !(await this.current(entry.tags))) {
      if (this.entries.get(key) === entry) this.remove(key);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry;
  }

  /**
   * Express middleware, before the body parser and routing: answers a plain authenticated GET
   * from the cache when it can; everything else (and any doubt) goes on to Nest as before.
   */
  serveCached() {
    return (req: Req, res: Res, next: (error?: unknown) => void): void => {
      if (!isPlainGet(req) || this.entries.size === 0) return next();
      const token = bearer(req.headers['authorization']);
      if (token === undefined) return next();
      this.answer(req, res, token).then(
        (answered) => {
          if (!answered) next();
        },
        () => next(),
      );
    };
  }

  private async answer(req: Req, res: Res, token: string): Promise<boolean> {
    let actor: AuthenticatedActor;
    try {
      actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof AuthenticationError) return false; // Nest answers the 401
      throw error;
    }
    const entry = await this.lookup(req.originalUrl ?? req.url, actor);
    if (!entry) return false;
    req.actor = actor;
    if (entry.route !== undefined) req.route = { path: entry.route };
    res.statusCode = 200;
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    res.setHeader('Content-Length', entry.body.length);
    res.end(entry.body);
    return true;
  }
}

/**
 * Nest interceptor (global): for an endpoint marked @CachedResponse, notes its sources'
 * revisions and generations before the handler runs, and keeps the answer's bytes and headers
 * as they are sent, if it is a 200 to a plain GET.
 */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: ResponseCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<CachedResponseOptions | undefined>(CACHED_RESPONSE, context.getHandler());
    if (!options || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Req>();
    const res = http.getResponse<Res>();
    const actor = req.actor;
    if (!actor || !isPlainGet(req) || hasAsOf(req)) return next.handle();
    const url = req.originalUrl ?? req.url;
    return from(this.cache.tags(options.sources(req.params ?? {}))).pipe(
      switchMap((tags) => {
        capture(res, (body) => {
          if (res.statusCode !== 200) return;
          const headers: [string, string | number | string[]][] = [];
          for (const [name, value] of Object.entries(res.getHeaders())) {
            if (value === undefined || PER_REQUEST_HEADERS.has(name) || name === 'content-length') continue;
            if (!KEPT_HEADERS.has(name)) return; // something this cache does not know how to repeat
            headers.push([name, value]);
          }
          this.cache.store(cacheKey(url, actor), { body, headers, tags, route: req.route?.path, actor: options.per === 'actor' ? actorKey(actor) : undefined });
        });
        return next.handle();
      }),
    );
  }
}

/** Calls `onBody` with the whole body when the response ends with it (as express's send does). */
function capture(res: Res, onBody: (body: Buffer) => void): void {
  const end = res.end.bind(res);
  res.end = (...args: unknown[]): unknown => {
    res.end = end;
    const [chunk, encoding] = args;
    try {
      if (typeof chunk === 'string') onBody(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (Buffer.isBuffer(chunk)) onBody(chunk);
    } catch {
      // not cached
    }
    return end(...args);
  };
}

const isPlainGet = (req: Req): boolean => {
  if (req.method !== 'GET') return false;
  const h = req.headers;
  // Conditional and partial requests, and requests with a body, take the ordinary path.
  if (h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined || h['range'] !== undefined) return false;
  if (h['transfer-encoding'] !== undefined) return false;
  const length = h['content-length'];
  return length === undefined || length === '0';
};

const hasAsOf = (req: Req): boolean => req.query?.['asOf'] !== undefined || req.query?.['asOfPosition'] !== undefined || /[?&]asOf/i.test(req.originalUrl ?? req.url);

const bearer = (header: string | string[] | undefined): string | undefined => {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : undefined;
};

/** Role and departments: everything that scopes what a caller may see. */
const scopeKey = (actor: AuthenticatedActor): string => JSON.stringify([actor.role, [...actor.departments].sort()]);
const actorKey = (actor: AuthenticatedActor): string => JSON.stringify([actor.id, actor.name ?? null, actor.role, [...actor.departments].sort()]);
const cacheKey = (url: string, actor: AuthenticatedActor): string => `${url}\n${scopeKey(actor)}`;
