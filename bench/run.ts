import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Runs every benchmark in bench/ (or those named on the command line), each in its own
 * process so that one cannot warm or pollute another, and prints a summary.
 *   npm run bench                      all
 *   npm run bench -- economics         bench/economics.bench.ts only
 */
const dir = __dirname;
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
const results: { file: string; ok: boolean }[] = [];
for (const file of files) {
  process.stdout.write(`\n=== ${file}\n`);
  const run = spawnSync(process.execPath, ['-r', path.join(dir, '..', 'tools', 'register.js'), path.join(dir, file)], { stdio: 'inherit' });
  results.push({ file, ok: run.status === 0 });
}
process.stdout.write('\n=== summary\n');
for (const r of results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.file}\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
