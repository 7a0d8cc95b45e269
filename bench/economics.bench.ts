import { loadavg } from 'node:os';
import { computeEconomics } from '../libs/domain/src/business-case/economics';
import { sensitivity } from '../libs/domain/src/business-case/sensitivity';
import { validateRevision } from '../libs/domain/src/business-case/validate-revision';
import { largeContent } from '../libs/domain/src/business-case/business-case.fixtures';

/**
 * Economics of a 10-year business case with 50 cost lines and 50 benefit lines (every kind of
 * amount, ramp, class; 7 departments), computed over and over in one process.
 * Target: >= 20 000 computations/s. Exits 1 when missed.
 *   node -r ./tools/register.js bench/economics.bench.ts
 */
const TARGET = 20_000;
const WARMUP_MS = 500;
const MEASURE_MS = 3_000;
const ROUNDS = 3;

const content = largeContent(10, 50, 50);
const errors = validateRevision(content).errors;
if (errors.length > 0) throw new Error(`bench content is invalid: ${JSON.stringify(errors[0])}`);

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs `fn` for `ms` milliseconds of wall-clock time; returns runs per second of wall-clock time
 * (the figure that counts) and of this process's CPU time (for information on a busy machine).
 * The checksum keeps the work observable.
 */
let checksum = 0;
const rate = (fn: () => number, ms: number): { wall: number; cpu: number } => {
  const start = now();
  const cpuStart = process.cpuUsage();
  let runs = 0;
  let elapsed = 0;
  do {
    for (let i = 0; i < 100; i++) checksum = (checksum + fn()) % 1_000_000_007;
    runs += 100;
    elapsed = now() - start;
  } while (elapsed < ms);
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (runs / elapsed) * 1000, cpu: (runs / ((cpu.user + cpu.system) / 1000)) * 1000 };
};

const economics = (): number => computeEconomics(content).npv;
rate(economics, WARMUP_MS);
const rounds = Array.from({ length: ROUNDS }, () => rate(economics, MEASURE_MS / ROUNDS));
const byWall = [...rounds].sort((a, b) => a.wall - b.wall);
const median = (byWall[Math.floor(ROUNDS / 2)] as { wall: number }).wall;
const medianCpu = ([...rounds].sort((a, b) => a.cpu - b.cpu)[Math.floor(ROUNDS / 2)] as { cpu: number }).cpu;

// for information: the sensitivity table is 6 computations
const tables = rate(() => sensitivity(content).rows.length, 1_000).wall;

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const e = computeEconomics(content);
process.stdout.write(
  [
    `economics: 10 years × 50 cost lines × 50 benefit lines (NPV ${e.npv} øre, payback ${String(e.payback)}, checksum ${checksum})`,
    `  computeEconomics: ${fmt(median)} computations/s (median of ${ROUNDS} rounds: ${rounds.map((r) => fmt(r.wall)).join(', ')})`,
    `  per CPU second of this process: ${fmt(medianCpu)}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    `  sensitivity table (6 computations): ${fmt(tables)} tables/s`,
    `  target ${fmt(TARGET)}/s: ${median >= TARGET ? 'PASS' : 'FAIL'}`,
    '',
  ].join('\n'),
);
process.exit(median >= TARGET ? 0 : 1);
