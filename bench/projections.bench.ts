import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventMetadata, LogPosition, NewEvent, RecordedEvent } from '../libs/event-store/src/event';
import type { EventStore } from '../libs/event-store/src/event-store.port';
import { SqliteEventStore } from '../libs/event-store/src/sqlite/sqlite-event-store';
import type { Projection } from '../libs/read-models/src/engine/projection';
import { ProjectionRunner } from '../libs/read-models/src/engine/projection-runner';
import { replayInMemory, verifyReplay } from '../libs/read-models/src/engine/replay';
import { SqliteDocumentStore } from '../libs/read-models/src/engine/sqlite-document-store';
import { recentPerStream, streamCounter, sumPerType } from '../libs/read-models/src/engine/spec-support/toy';

/**
 * The projection engine's replay (as-of, rebuild, what-if) against the floor it stands on:
 * reading and decoding the same SQLite log with readAll, in the same run.
 *   (a) raw: readAll in pages of PAGE events, JSON-decoded by the adapter, nothing else;
 *   (b) replayInMemory through no projection (the engine's own cost per event);
 *   (c) replayInMemory through three toy projections (counter per stream, sum per type,
 *       last three per stream: get/put, handles(), list by prefix and delete);
 * and, once each, the live runner catching up from 0 into SQLite, and verifyReplay.
 * Target: (c) >= 100,000 events/s. Exits 1 when it is missed.
 *   node -r ./tools/register.js bench/projections.bench.ts
 */
const LOG_EVENTS = 200_000;
const STREAMS = 1_000;
const PER_APPEND = 200;
const PAGE = 5_000;
const REPEATS = 5;
const TARGET_REPLAY = 100_000;

const dir = mkdtempSync(join(tmpdir(), 'gevinst-bench-projections-'));
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
/** CPU time of this process (user + system), ms: steadier than wall time on a shared machine. */
const cpu = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
interface Timing {
  wall: number;
  cpu: number;
}
const timed = async <T>(run: () => Promise<T>): Promise<[T, Timing]> => {
  const wall0 = now();
  const cpu0 = cpu();
  const result = await run();
  return [result, { wall: now() - wall0, cpu: cpu() - cpu0 }];
};

const metadata = (i: number, commandId: string): EventMetadata => ({
  actorId: `user-${i % 40}`,
  actorRole: 'finance',
  recordedAt: new Date(1_735_689_600_000 + i * 1000).toISOString(),
  correlationId: commandId,
  causationId: commandId,
  commandId,
  ...(i % 3 === 0 ? { reason: 'Konsolidering af licenser efter udbud' } : {}),
});

const newEvent = (i: number, meta: EventMetadata): NewEvent =>
  i % 7 === 6
    ? { type: 'Noted', data: { text: `Note ${i} on the case`, caseId: `case-${i % 997}` }, metadata: meta }
    : {
        type: 'Counted',
        data: { amount: (i % 13) - 4, caseId: `case-${i % 997}`, departmentId: `dept-${i % 12}`, period: '2025-Q3' },
        metadata: meta,
      };

const fillLog = async (store: EventStore): Promise<void> => {
  for (let i = 0; i < LOG_EVENTS; i += PER_APPEND) {
    const commandId = randomUUID();
    const events: NewEvent[] = [];
    for (let j = i; j < Math.min(i + PER_APPEND, LOG_EVENTS); j++) events.push(newEvent(j, metadata(j, commandId)));
    await store.append(`counter-${(i / PER_APPEND) % STREAMS}`, events, { expectedRevision: 'any' });
  }
};

const rawReadAll = async (store: EventStore): Promise<number> => {
  let count = 0;
  let after: LogPosition = 'start';
  for (;;) {
    const page: RecordedEvent[] = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) return count;
    count += page.length;
    after = page[page.length - 1]!.position;
  }
};

const rate = (events: number, ms: number): number => Math.round((events / ms) * 1000);
const format = (n: number): string => n.toLocaleString('en-US');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const main = async (): Promise<boolean> => {
  const store = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'NORMAL' });
  try {
    const [, fill] = await timed(() => fillLog(store));
    process.stdout.write(`log: ${format(LOG_EVENTS)} events over ${STREAMS} streams, written in ${Math.round(fill.wall)} ms\n`);

    const projections: Projection[] = [streamCounter(), sumPerType, recentPerStream];
    const runs = { raw: [] as Timing[], engine: [] as Timing[], replay: [] as Timing[] };
    for (let r = 0; r < REPEATS; r++) {
      const [read, rawTime] = await timed(() => rawReadAll(store));
      const [empty, engineTime] = await timed(() => replayInMemory(store, [], { pageSize: PAGE }));
      const [replayed, replayTime] = await timed(() => replayInMemory(store, projections, { pageSize: PAGE }));
      runs.raw.push(rawTime);
      runs.engine.push(engineTime);
      runs.replay.push(replayTime);
      if (read !== LOG_EVENTS || empty.position !== BigInt(LOG_EVENTS) || replayed.position !== BigInt(LOG_EVENTS)) {
        throw new Error('a pass did not read the whole log');
      }
      const sum = replayed.docs.get<{ events: number }>('sum-per-type', 'types', 'Counted');
      if (sum?.events !== LOG_EVENTS - Math.floor(LOG_EVENTS / 7)) throw new Error(`wrong sum: ${JSON.stringify(sum)}`);
    }

    /** Best of the runs, by wall time and by CPU time; returns the best wall-time rate. */
    const line = (label: string, timings: Timing[]): { wall: number; cpu: number } => {
      const wall = rate(LOG_EVENTS, Math.min(...timings.map((t) => t.wall)));
      const cpuRate = rate(LOG_EVENTS, Math.min(...timings.map((t) => t.cpu)));
      const medianWall = rate(LOG_EVENTS, median(timings.map((t) => t.wall)));
      process.stdout.write(
        `${label.padEnd(42)} ${format(wall).padStart(9)} events/s wall (median ${format(medianWall).padStart(9)}), ${format(cpuRate).padStart(9)} events/s of CPU time\n`,
      );
      return { wall, cpu: cpuRate };
    };
    process.stdout.write(`\nin memory, best of ${REPEATS} interleaved runs:\n`);
    const raw = line('(a) raw readAll + decode', runs.raw);
    line('(b) replayInMemory, no projection', runs.engine);
    const replay = line('(c) replayInMemory, 3 toy projections', runs.replay);
    process.stdout.write(`(c) / (a): ${((replay.wall / raw.wall) * 100).toFixed(0)} % by wall time, ${((replay.cpu / raw.cpu) * 100).toFixed(0)} % by CPU time\n`);

    const docs = new SqliteDocumentStore({ file: join(dir, 'read-models.db') });
    try {
      const runner = new ProjectionRunner(store, docs, projections);
      const [, catchUp] = await timed(async () => {
        await runner.start();
        await runner.waitFor(BigInt(LOG_EVENTS), 600_000);
      });
      await runner.stop();
      process.stdout.write(
        `\nlive runner, catch-up from 0 into SQLite (batches of 500): ${format(rate(LOG_EVENTS, catchUp.wall))} events/s wall, ${format(rate(LOG_EVENTS, catchUp.cpu))} events/s of CPU time\n`,
      );

      const [verification, verifyTime] = await timed(() => verifyReplay(store, projections, docs));
      const documents = verification.projections.reduce((n, p) => n + (p.documents ?? 0), 0);
      process.stdout.write(`verifyReplay: ${verification.ok ? 'ok' : 'DIFFERENCES'}, ${format(documents)} documents compared, ${Math.round(verifyTime.wall)} ms\n`);
      if (!verification.ok) return false;
    } finally {
      docs.close();
    }

    // Judged by wall time; on a shared machine (load above the core count) CPU time stands in,
    // and the line says so.
    const load = loadavg()[0]!;
    const byWall = replay.wall >= TARGET_REPLAY;
    const byCpu = replay.cpu >= TARGET_REPLAY;
    const met = byWall || (byCpu && load > cpus().length);
    process.stdout.write(
      `\ntarget: replay >= ${format(TARGET_REPLAY)} events/s: ${
        byWall ? 'met' : met ? `met by CPU time only (load average ${load.toFixed(1)} on ${cpus().length} cores)` : 'MISSED'
      }\n`,
    );
    return met;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
