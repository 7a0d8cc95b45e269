/**
 * The portfolio realisation view over HTTP on the embedded default (SQLite, synchronous=FULL).
 *
 *   node -r ./tools/register.js bench/realisation.bench.ts [--cases 500] [--requests 200]
 *
 * Seed (straight into the event log through the app's event-type registry, every event decided
 * by the domain's deciders, 60 months of history ending this month, each month's events
 * recorded in that month): CASES business cases drafted, approved and live, each with 3 benefit
 * lines (2 budget-effective in two of 5 departments, 1 freed time), 10 indicators (2 adoption
 * from the approved adoption curves, 5 leading, 2 lagging, 1 leading on the freed-time line) and
 * 60 monthly measurements per indicator (CASES × 600 MeasurementRecorded), a few corrections,
 * the colour evaluated every December and this month (as the API does), and for 3 cases in 5 a
 * budget cut proposed, approved and booked every October for the next budget year.
 * Then the API starts on that data directory, its projections catch up from position 0, and
 * GET /api/realisation/portfolio is timed REQUESTS times after a warm-up.
 * Target: median ≤ 50 ms. Prints PASS/FAIL and exits 1 on FAIL.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import {
  budgetCutDecider,
  budgetCutStreamName,
  businessCaseDecider,
  businessCaseStreamName,
  evolveRealisation,
  realisationDecider,
  realisationStreamName,
  type Actor,
  type BudgetCutCommand,
  type BudgetCutEvent,
  type BudgetCutState,
  type BusinessCaseCommand,
  type BusinessCaseContent,
  type BusinessCaseState,
  type Decider,
  type DomainEvent,
  type RealisationCommand,
  type RealisationEvent,
  type RealisationState,
} from '../libs/domain/src';
import { SqliteEventStore, UpcastingEventStore, type EventStore } from '../libs/event-store/src';
import { DEV_IDENTITIES, eventTypeRegistry, loadConfig, signDevToken } from '../libs/platform/src';
import { caseToDate, monthLabel, realisationPlanOf } from '../libs/read-models/src';
import { createApp } from '../apps/api/src/create-app';
import { ReadModels } from '../apps/api/src/read-models/read-models';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
};
const CASES = arg('cases', 500);
const REQUESTS = arg('requests', 200);
const MONTHS = 60;
const TARGET_MEDIAN_MS = 50;
const DEPARTMENTS = ['borgerservice', 'social-og-sundhed', 'teknik-og-miljoe', 'boern-og-unge', 'beskaeftigelse'];

const dataDir = mkdtempSync(join(tmpdir(), 'gevinst-bench-realisation-'));
const ms = (): number => Number(process.hrtime.bigint()) / 1e6;
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** A tiny deterministic PRNG (mulberry32), so every run seeds the same history. */
const random = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rnd = random(20261127);

const actor = (id: string, role: Actor['role'], departments: string[] = []): Actor => ({ id, role, departments });
const finance = actor('frida', 'finance');
const finance2 = actor('frank', 'finance');
const management = actor('mette', 'management');
const evaluator = actor('system:realisation-evaluator', 'admin');

/** Appends what a decider decides, keeping each stream's state and revision. */
class Seeder {
  private readonly revisions = new Map<string, bigint>();
  appended = 0;
  constructor(private readonly store: EventStore) {}

  async run<C extends { context: { actor: Actor; now: string } }, S, E extends DomainEvent>(stream: string, decider: Decider<C, S, E>, state: S, command: C, evolve = decider.evolve): Promise<{ state: S; events: E[] }> {
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, events };
    const commandId = randomUUID();
    const current = this.revisions.get(stream);
    const result = await this.store.append(
      stream,
      events.map((e) => ({
        type: e.type,
        data: e.data,
        metadata: { actorId: command.context.actor.id, actorRole: command.context.actor.role, recordedAt: command.context.now, correlationId: commandId, causationId: commandId, commandId },
      })),
      { expectedRevision: current ?? 'no-stream' },
    );
    this.revisions.set(stream, result.nextExpectedRevision);
    this.appended += events.length;
    return { state: events.reduce(evolve, state), events };
  }
}

const content = (i: number, startYear: number, startMonth: string): BusinessCaseContent => {
  const a = DEPARTMENTS[i % DEPARTMENTS.length]!;
  const b = DEPARTMENTS[(i + 2) % DEPARTMENTS.length]!;
  return {
    title: `Digitalisering nr. ${i + 1}`,
    description: 'Selvbetjening og automatisering',
    owningDepartmentId: a,
    projectOwner: 'Carl Casesen',
    startYear,
    horizonYears: 7,
    discountRatePct: 3.5,
    riskReservePct: 0,
    origin: { kind: 'local' },
    benefitMap: { purpose: 'Borgerne betjener sig selv', goals: [{ id: 'g1', title: 'Færre manuelle sager', benefits: [{ id: 'bm1', title: 'Sparet tid', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: 'Løsning' }] }] }] },
    costLines: [{ id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: startYear, amount: 500_000_00 }] }],
    benefitLines: [
      { id: 'b1', description: 'Sparet sagsbehandlingstid', departmentId: a, workProcess: 'Ansøgninger', benefitClass: 'budget-effective', valuation: { kind: 'time', casesPerYear: 10_000 + 500 * (i % 20), minutesSavedPerCase: 15, hourlyCost: 420_00 }, adoption: { potentialUsers: 10_000, targetAdoptionPct: 70 + (i % 4) * 5, rampUpMonths: 12 + (i % 3) * 6, startMonth } },
      { id: 'b2', description: 'Porto og print', departmentId: b, workProcess: 'Breve', benefitClass: 'budget-effective', valuation: { kind: 'fixed', amountPerYear: 200_000_00 + 10_000_00 * (i % 10) }, adoption: { potentialUsers: 1, targetAdoptionPct: 90, rampUpMonths: 6, startMonth } },
      { id: 'b3', description: 'Frigjort tid i visitationen', departmentId: a, workProcess: 'Visitation', benefitClass: 'freed-time', valuation: { kind: 'time', casesPerYear: 2_000, minutesSavedPerCase: 20, hourlyCost: 420_00 }, adoption: { potentialUsers: 2_000, targetAdoptionPct: 100, rampUpMonths: 0, startMonth } },
    ],
  };
};

type IndicatorSpec = { id: string; kind: 'adoption' | 'leading' | 'lagging'; unit: 'percent' | 'days' | 'count' | 'minutes' | 'ore' | 'hours'; direction: 'higher-is-better' | 'lower-is-better'; lines: string[]; baseline: number; target: number };
const INDICATORS: IndicatorSpec[] = [
  { id: 'adoption-b1', kind: 'adoption', unit: 'percent', direction: 'higher-is-better', lines: ['b1'], baseline: 0, target: 0 },
  { id: 'adoption-b2', kind: 'adoption', unit: 'percent', direction: 'higher-is-better', lines: ['b2'], baseline: 0, target: 90 },
  { id: 'processing-days', kind: 'leading', unit: 'days', direction: 'lower-is-better', lines: ['b1'], baseline: 20, target: 8 },
  { id: 'calls', kind: 'leading', unit: 'count', direction: 'lower-is-better', lines: ['b1'], baseline: 4000, target: 2500 },
  { id: 'share-digital', kind: 'leading', unit: 'percent', direction: 'higher-is-better', lines: ['b1', 'b2'], baseline: 10, target: 85 },
  { id: 'letters', kind: 'leading', unit: 'count', direction: 'lower-is-better', lines: ['b2'], baseline: 30000, target: 3000 },
  { id: 'handling-minutes', kind: 'leading', unit: 'minutes', direction: 'lower-is-better', lines: ['b1'], baseline: 45, target: 30 },
  { id: 'saved-ore', kind: 'lagging', unit: 'ore', direction: 'higher-is-better', lines: ['b2'], baseline: 0, target: 1 },
  { id: 'saved-hours', kind: 'lagging', unit: 'hours', direction: 'higher-is-better', lines: ['b1'], baseline: 0, target: 1 },
  { id: 'visitation-days', kind: 'leading', unit: 'days', direction: 'lower-is-better', lines: ['b3'], baseline: 14, target: 7 },
];

interface CaseSeed {
  caseId: string;
  i: number;
  content: BusinessCaseContent;
  business: BusinessCaseState;
  realisation: RealisationState;
  harvest: BudgetCutState;
  /** How well the case does, 0.55–1.1 of plan. */
  performance: number;
}

const seed = async (store: EventStore, now: Date): Promise<{ events: number }> => {
  const seeder = new Seeder(store);
  const nowMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  const first = nowMonth - MONTHS + 1;
  const startYear = Math.floor(first / 12);
  const at = (month: number, day = 28): string => {
    const iso = `${monthLabel(month)}-${String(day).padStart(2, '0')}T12:00:00.000Z`;
    return iso < now.toISOString() ? iso : now.toISOString();
  };
  const cases: CaseSeed[] = [];
  // Month 0: every case drafted, approved, live, with its indicators.
  for (let i = 0; i < CASES; i++) {
    const caseId = `case-${String(i).padStart(4, '0')}`;
    const c = content(i, startYear, monthLabel(first));
    const author = actor('carl', 'case-author', [c.owningDepartmentId]);
    const when = at(first, 2);
    let business: BusinessCaseState = businessCaseDecider.initialState();
    const step = async (command: BusinessCaseCommand): Promise<void> => {
      business = (await seeder.run(businessCaseStreamName(caseId), businessCaseDecider, business, command)).state;
    };
    await step({ type: 'DraftBusinessCase', data: { caseId, content: c }, context: { actor: author, now: when, reason: 'Første udkast' } });
    await step({ type: 'SubmitBusinessCase', data: { caseId }, context: { actor: author, now: when, reason: 'Klar' } });
    await step({ type: 'ApproveBusinessCase', data: { caseId, revision: 1 }, context: { actor: management, now: when, reason: 'Godkendt' } });
    await step({ type: 'StartBusinessCaseImplementation', data: { caseId }, context: { actor: author, now: when, reason: 'I gang' } });
    await step({ type: 'TakeBusinessCaseLive', data: { caseId }, context: { actor: author, now: when, reason: 'I drift' } });
    let realisation = realisationDecider.initialState();
    for (const spec of INDICATORS) {
      const line = c.benefitLines.find((l) => l.id === spec.lines[0])!;
      const curve = { startMonth: line.adoption.startMonth, rampUpMonths: line.adoption.rampUpMonths, targetAdoptionPct: line.adoption.targetAdoptionPct };
      const trajectory =
        spec.kind === 'lagging'
          ? { source: 'manual' as const, points: [] }
          : spec.kind === 'adoption'
            ? { source: 'adoption-curve' as const, curve }
            : { source: 'adoption-curve' as const, curve, periods: Array.from({ length: 24 }, (_, k) => monthLabel(first + k)) };
      const command: RealisationCommand = {
        type: 'DefineIndicator',
        data: {
          caseId,
          indicatorId: spec.id,
          name: spec.id,
          unit: spec.unit,
          direction: spec.direction,
          kind: spec.kind,
          benefitLineIds: spec.lines,
          caseBenefitLineIds: ['b1', 'b2', 'b3'],
          caseDepartmentIds: [...new Set(c.benefitLines.map((l) => l.departmentId))],
          baseline: { value: spec.baseline, date: `${monthLabel(first)}-01` },
          target: { value: spec.kind === 'adoption' ? curve.targetAdoptionPct : spec.target },
          trajectory,
        },
        context: { actor: finance, now: when },
      };
      realisation = (await seeder.run(realisationStreamName(caseId), realisationDecider, realisation, command, evolveRealisation)).state;
    }
    cases.push({ caseId, i, content: c, business, realisation, harvest: budgetCutDecider.initialState(), performance: 0.55 + rnd() * 0.55 });
  }

  // Months 0..59: ten measurements per case and month; evaluations; cuts in October.
  for (let month = first; month <= nowMonth; month++) {
    const when = at(month);
    const isLast = month === nowMonth;
    for (const c of cases) {
      const plan = realisationPlanOf(1, c.content);
      const events: RealisationEvent[] = [];
      let state = c.realisation;
      const level = (i: number): number => {
        const trajectory = state.status === 'tracking' ? state.indicators[i]!.trajectory : [];
        let planned = INDICATORS[i]!.baseline;
        for (const p of trajectory) if (p.period <= monthLabel(month)) planned = p.value;
        return planned;
      };
      for (const [k, spec] of INDICATORS.entries()) {
        let value: number;
        const noise = 0.9 + rnd() * 0.2;
        if (spec.kind === 'lagging') {
          const line = plan.lines.find((l) => l.lineId === spec.lines[0])!;
          const planned = line.monthly[month - plan.base] ?? 0;
          value = spec.unit === 'ore' ? Math.round(planned * c.performance * noise) : Math.round(((planned / 420_00) * c.performance * noise) * 10) / 10;
        } else if (spec.direction === 'higher-is-better') {
          value = Math.min(100, Math.round(spec.baseline + (level(k) - spec.baseline) * c.performance * noise * 100) / 100);
        } else {
          value = Math.max(0, Math.round((spec.baseline - (spec.baseline - level(k)) * c.performance * noise) * 10) / 10);
        }
        const command: RealisationCommand = {
          type: 'RecordMeasurement',
          data: { caseId: c.caseId, caseDepartmentIds: [], measurementId: `${spec.id}-${monthLabel(month)}`, indicatorId: spec.id, value, unit: spec.unit, period: monthLabel(month), source: { kind: 'system', system: 'Nexus' } },
          context: { actor: evaluator, now: when },
        };
        const decided = realisationDecider.decide(command, state);
        state = decided.reduce(evolveRealisation, state);
        events.push(...decided);
      }
      // One append per case and month (the consumer would send ten; the projections see the same events).
      const batch: RealisationDecider = { decide: () => events, evolve: evolveRealisation, initialState: realisationDecider.initialState };
      c.realisation = (await seeder.run(realisationStreamName(c.caseId), batch, c.realisation, { type: 'batch', context: { actor: evaluator, now: when } } as never, evolveRealisation)).state;
      if (month % 12 === 6 && c.i % 50 === 0) {
        // Now and then a correction.
        const command: RealisationCommand = {
          type: 'CorrectMeasurement',
          data: { caseId: c.caseId, caseDepartmentIds: [], measurementId: `fix-${monthLabel(month)}`, supersedes: `calls-${monthLabel(month)}`, value: 3000, source: { kind: 'system', system: 'Nexus' } },
          context: { actor: evaluator, now: when, reason: 'Rettet udtræk' },
        };
        c.realisation = (await seeder.run(realisationStreamName(c.caseId), realisationDecider, c.realisation, command, evolveRealisation)).state;
      }
      if (month % 12 === 11 || isLast) {
        const toDate = caseToDate(plan, c.realisation.status === 'tracking' ? c.realisation.indicators : [], c.realisation.status === 'tracking' ? c.realisation.measurements : [], month);
        const command: RealisationCommand = {
          type: 'EvaluateRealisation',
          data: { caseId: c.caseId, period: monthLabel(month), plannedToDate: toDate.plannedToDate, realisedToDate: toDate.realisedToDate, tolerances: { greenFromPct: 90, amberFromPct: 70 } },
          context: { actor: evaluator, now: when },
        };
        c.realisation = (await seeder.run(realisationStreamName(c.caseId), realisationDecider, c.realisation, command, evolveRealisation)).state;
      }
      const year = Math.floor(month / 12) + 1;
      if (month % 12 === 9 && c.i % 5 < 3 && year < startYear + 7) {
        const departmentId = c.content.benefitLines[0]!.departmentId;
        const cutId = `cut-${c.caseId}-${year}`;
        const approved = c.business.status === 'empty' || c.business.approved === null ? null : c.business.approved;
        const colour = c.realisation.status === 'tracking' ? c.realisation.colour : null;
        const step = async (command: BudgetCutCommand): Promise<void> => {
          c.harvest = (await seeder.run<BudgetCutCommand, BudgetCutState, BudgetCutEvent>(budgetCutStreamName(c.caseId), budgetCutDecider, c.harvest, command)).state;
        };
        await step({
          type: 'ProposeBudgetCut',
          data: {
            cutId,
            caseId: c.caseId,
            departmentId,
            year,
            caseStatus: c.business.status,
            approvedRevision: 1,
            plannedBudgetEffective: { ...(approved?.summary.budgetEffectiveByDepartmentAndYear[departmentId] ?? {}) },
            retainedSharePct: 25,
            ...(colour ? { realisationStatus: colour } : {}),
            ...(colour === 'red' ? { realisationAcknowledgement: { justification: 'Vedtaget i budgettet; følges' } } : {}),
          },
          context: { actor: finance, now: when },
        });
        await step({ type: 'ApproveBudgetCut', data: { caseId: c.caseId, cutId }, context: { actor: finance2, now: when } });
        await step({ type: 'BookBudgetCut', data: { caseId: c.caseId, cutId }, context: { actor: finance, now: when } });
      }
    }
  }
  return { events: seeder.appended };
};
type RealisationDecider = Decider<RealisationCommand, RealisationState, RealisationEvent>;

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const main = async (): Promise<void> => {
  log(`realisation bench: ${CASES} cases × ${INDICATORS.length} indicators × ${MONTHS} monthly measurements; ${cpus().length} cpus, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const now = new Date();
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  if (config.eventStore.kind !== 'sqlite') throw new Error('the bench runs on the embedded default');

  // 1. Seed, through the same event-type registry as the API (NORMAL while seeding, for speed).
  let t = ms();
  const store = new UpcastingEventStore(new SqliteEventStore(config.eventStore.file, { synchronous: 'NORMAL' }), eventTypeRegistry());
  const seeded = await seed(store, now);
  await store.close();
  log(`seeded ${seeded.events.toLocaleString('en')} events in ${((ms() - t) / 1000).toFixed(1)} s`);

  // 2. The API on the embedded default; its projections catch up from position 0.
  t = ms();
  const app = await createApp(config, pino({ level: 'silent' }));
  await app.listen(0, '127.0.0.1');
  const readModels = app.get(ReadModels);
  for (;;) {
    if ((await readModels.runner.lag()) === 0n) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  log(`projections caught up in ${((ms() - t) / 1000).toFixed(1)} s`);
  const { port } = app.getHttpServer().address() as { port: number };
  const identity = DEV_IDENTITIES.find((d) => d.role === 'finance')!;
  const token = await signDevToken(config, identity.id);
  const url = `http://127.0.0.1:${port}/api/realisation/portfolio`;
  const get = async (): Promise<{ ms: number; bytes: number; body: string }> => {
    const start = ms();
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET portfolio: ${response.status} ${body.slice(0, 300)}`);
    return { ms: ms() - start, bytes: body.length, body };
  };

  // 3. Time GET /api/realisation/portfolio.
  for (let i = 0; i < 20; i++) await get();
  const times: number[] = [];
  let last = { ms: 0, bytes: 0, body: '' };
  for (let i = 0; i < REQUESTS; i++) {
    last = await get();
    times.push(last.ms);
  }
  times.sort((a, b) => a - b);
  const median = percentile(times, 50);
  const view = JSON.parse(last.body) as { asOf: string; municipality: { toDate: Record<string, unknown> }; byDepartment: unknown[]; casesByColour: Record<string, string[]> };
  log(`portfolio as of ${view.asOf}: ${view.byDepartment.length} departments, cases by colour ${Object.entries(view.casesByColour).map(([k, v]) => `${k} ${v.length}`).join(', ')}; ${(last.bytes / 1024).toFixed(0)} KiB`);
  log(`municipality to date: ${JSON.stringify(view.municipality.toDate)}`);
  log(`GET /api/realisation/portfolio × ${REQUESTS}: median ${median.toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms (load ${loadavg()[0]!.toFixed(2)})`);
  const pass = median <= TARGET_MEDIAN_MS;
  log(`${pass ? 'PASS' : 'FAIL'}: median ${median.toFixed(2)} ms ${pass ? '≤' : '>'} ${TARGET_MEDIAN_MS} ms`);
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(pass ? 0 : 1);
};

main().catch((error: unknown) => {
  console.error(error);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
