import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * Serves the built web app (apps/web/dist) from the API process, in the embedded default.
 *
 * - `/assets/*` are Vite's content-hashed files: cached for a year, `immutable`.
 * - Any other GET/HEAD for a page (not `/api…`, `/health…`, `/metrics…`, `/assets/…`, and no
 *   file extension) answers index.html with `no-cache`, so a reload of `/cases/42` works and a
 *   new build is picked up at once. index.html carries a strict Content-Security-Policy.
 * - Everything else falls through to Nest, so an unknown `/api/...` still gets its 404
 *   problem+json; a missing asset gets a 404 problem too, never HTML.
 *
 * Must be called before the app is initialised (before `listen`/`init`): Nest puts its own
 * not-found handler after its routes at init, and middleware added later is never reached.
 * A missing dist directory is not an error (the API runs without its UI; a warning says how to
 * build it), and index.html is re-read when it changes, so a rebuild needs no restart.
 */
export interface ServeWebOptions {
  /** Path prefixes that are never the web app's pages. */
  reservedPrefixes?: string[];
  /**
   * Origins the page may call besides its own (CSP connect-src): in production the OIDC
   * provider, whose discovery document and token endpoint the browser fetches at sign-in.
   */
  connectOrigins?: string[];
}

export const DEFAULT_RESERVED_PREFIXES = ['/api', '/health', '/metrics', '/assets'];

/** The page's Content-Security-Policy; `connectOrigins` are added to connect-src. */
export const webContentSecurityPolicy = (connectOrigins: readonly string[] = []): string => [
  "default-src 'self'",
  "script-src 'self'",
  // React and Chart.js set style properties through the CSSOM, which CSP does not block;
  // 'unsafe-inline' styles are allowed for style attributes only.
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  ["connect-src 'self'", ...connectOrigins].join(' '),
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const WEB_CONTENT_SECURITY_POLICY = webContentSecurityPolicy();

const served = new WeakMap<object, Set<string>>();

type Next = (error?: unknown) => void;

export function serveWeb(app: NestExpressApplication, distDir: string, options: ServeWebOptions = {}): void {
  const root = path.resolve(distDir);
  const already = served.get(app) ?? new Set<string>();
  if (already.has(root)) return;
  already.add(root);
  served.set(app, already);

  const logger = new Logger('web');
  const contentSecurityPolicy = webContentSecurityPolicy(options.connectOrigins);
  const indexFile = path.join(root, 'index.html');
  if (!fs.existsSync(indexFile)) {
    logger.warn(`No web app at ${indexFile}; the API runs without its UI. Build it with: npm run build:web`);
  }
  const reserved = options.reservedPrefixes ?? DEFAULT_RESERVED_PREFIXES;

  app.useStaticAssets(path.join(root, 'assets'), {
    prefix: '/assets',
    index: false,
    redirect: false,
    fallthrough: true,
    etag: true,
    lastModified: true,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res: ServerResponse) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });

  // A missing asset (an old hash after a deploy) is a plain 404 problem, never index.html and
  // never Express's HTML error page.
  app.use('/assets', (req: IncomingMessage, res: ServerResponse, next: Next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify({ type: 'https://gevinst.dk/problems/not-found', title: 'Not found', status: 404, detail: 'No such asset', code: 'not-found', instance: `/assets${req.url ?? ''}` }));
  });

  let cached: { mtimeMs: number; body: Buffer; etag: string } | null = null;
  const readIndex = (): typeof cached => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(indexFile);
    } catch {
      return null;
    }
    if (!cached || cached.mtimeMs !== stat.mtimeMs) {
      const body = fs.readFileSync(indexFile);
      cached = { mtimeMs: stat.mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    return cached;
  };

  app.use((req: IncomingMessage, res: ServerResponse, next: Next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    // The cheap test first: a raw URL under a reserved prefix is never a page (percent-decoding
    // cannot change its literal prefix). Parsing every API request's URL cost ~2 % of the CPU under load.
    if (underReservedPrefix(req.url ?? '/', reserved) || !acceptsHtml(req.headers.accept)) return next();
    const pathname = safePathname(req.url);
    if (pathname === null || !isPagePath(pathname, reserved)) return next();
    const index = readIndex();
    if (!index) return next();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', index.etag);
    res.setHeader('Content-Security-Policy', contentSecurityPolicy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('Vary', 'Accept');
    if (req.headers['if-none-match'] === index.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Length', String(index.body.length));
    res.end(req.method === 'HEAD' ? undefined : index.body);
  });
}

function underReservedPrefix(url: string, reserved: string[]): boolean {
  for (const prefix of reserved) {
    if (url.startsWith(prefix) && (url.length === prefix.length || url[prefix.length] === '/' || url[prefix.length] === '?')) return true;
  }
  return false;
}

function safePathname(url: string | undefined): string | null {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return null;
  }
}

/** A path the web app's router owns: not reserved, and not a file (no extension in the last segment). */
export function isPagePath(pathname: string, reserved: string[] = DEFAULT_RESERVED_PREFIXES): boolean {
  if (reserved.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/** Browsers navigating ask for text/html; curl and fetch send any (or none). A JSON client is not served HTML. */
function acceptsHtml(accept: string | undefined): boolean {
  if (!accept) return true;
  return /text\/html|\*\/\*/.test(accept);
}
