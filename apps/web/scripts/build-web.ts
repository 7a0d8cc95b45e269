/**
 * Builds the web app with Vite when its sources are newer than apps/web/dist, and measures the
 * production bundle. Used by the browser tests (beforeAll), the screenshot script and by hand:
 *
 *   node -r ./tools/register.js apps/web/scripts/build-web.ts [--force]
 *
 * Vite 8 is an ES module; jest's module loader cannot import it, so the build runs as a child
 * process (`vite build --config apps/web/vite.config.mts`), exactly as a user would run it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

export const WEB_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(WEB_DIR, '..', '..');
export const DIST_DIR = path.join(WEB_DIR, 'dist');

const SOURCES = ['src', 'index.html', 'vite.config.mts', 'tsconfig.json'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** True when dist/index.html is missing or older than any source file. */
export function isWebBuildStale(distDir = DIST_DIR): boolean {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return true;
  const builtAt = fs.statSync(index).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(WEB_DIR, s)) > builtAt);
}

/** Runs `vite build --config apps/web/vite.config.mts`; throws with Vite's output on failure. */
export function buildWeb(): void {
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB_DIR, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`vite build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Builds when stale. A lock directory keeps parallel jest workers from building at once; a
 * lock older than two minutes is taken to be left over from a killed process.
 */
export function ensureWebBuilt(options: { force?: boolean } = {}): { built: boolean; distDir: string } {
  const lock = `${DIST_DIR}.lock`;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        // the other process just released it
      }
      sleep(200);
    }
  }
  try {
    if (!options.force && !isWebBuildStale()) return { built: false, distDir: DIST_DIR };
    buildWeb();
    return { built: true, distDir: DIST_DIR };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
  /** Loaded by index.html itself (entry script, preloads, stylesheet), not a lazy chunk. */
  initial: boolean;
}

export interface BundleReport {
  files: BundleFile[];
  totalGzip: number;
  initialGzip: number;
}

/** Sizes of the built assets, raw and gzip (level 9, as a static server would pre-compress). */
export function measureBundle(distDir = DIST_DIR): BundleReport {
  const index = fs.readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const referenced = new Set([...index.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!));
  const assets = path.join(distDir, 'assets');
  const files: BundleFile[] = [{ file: 'index.html', bytes: Buffer.byteLength(index), gzipBytes: gzipSync(index, { level: 9 }).length, initial: true }];
  for (const name of fs.readdirSync(assets).sort()) {
    const content = fs.readFileSync(path.join(assets, name));
    files.push({ file: `assets/${name}`, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length, initial: referenced.has(`assets/${name}`) });
  }
  return {
    files,
    totalGzip: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    initialGzip: files.filter((f) => f.initial).reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

export function formatBundleReport(report: BundleReport): string {
  const width = Math.max(...report.files.map((f) => f.file.length));
  const lines = report.files.map(
    (f) => `  ${f.file.padEnd(width)}  ${kb(f.bytes).padStart(9)}  gzip ${kb(f.gzipBytes).padStart(8)}${f.initial ? '  (initial)' : ''}`,
  );
  return [
    'web bundle (apps/web/dist):',
    ...lines,
    `  initial load, gzip: ${kb(report.initialGzip)}`,
    `  everything,   gzip: ${kb(report.totalGzip)}`,
  ].join('\n');
}

if (require.main === module) {
  const started = Date.now();
  const { built } = ensureWebBuilt({ force: process.argv.includes('--force') });
  console.log(built ? `built apps/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'apps/web/dist is up to date');
  console.log(formatBundleReport(measureBundle()));
}
