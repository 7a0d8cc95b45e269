import fc from 'fast-check';
import Database from 'better-sqlite3';
import type { BusinessCaseContent } from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import { canonicalJson, MemoryDocumentStore, SqliteDocumentStore } from '../engine';
import { flushProjection } from '../engine/projection';
import { monthLabel } from './realisation-figures';
import { realisationProjection, REALISATION_PROJECTION } from './realisation.projection';

/**
 * Within a batch the engine flushes, the realisation projection puts measurements off and
 * recomputes each touched line once, from the earliest month touched. Whatever the events and
 * wherever the batches end, the documents must be exactly those of applying every event fully
 * (a plain writer, as the live runner's tracked projections and the other specs apply them).
 */

const content = (startYear: number, startMonth: string, revised = false): BusinessCaseContent => ({
  title: revised ? 'Revideret' : 'Digital selvbetjening',
  description: 'd',
  owningDepartmentId: 'borgerservice',
  projectOwner: 'Carl',
  startYear,
  horizonYears: 3,
  discountRatePct: 3.5,
  riskReservePct: 0,
  origin: { kind: 'local' },
  benefitMap: { purpose: 'p', goals: [] },
  costLines: [{ id: 'c1', description: 'Licens', category: 'licence-operation', nature: 'running', amounts: [{ year: startYear, amount: 100_000_00 }] }],
  benefitLines: [
    {
      id: 'b1',
      description: 'Sparet tid',
      departmentId: 'borgerservice',
      workProcess: 'Ansøgninger',
      benefitClass: 'budget-effective',
      valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: revised ? 10 : 12, hourlyCost: 400_00 },
      adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 12, startMonth },
    },
    {
      id: 'b2',
      description: 'Porto',
      departmentId: 'social-og-sundhed',
      workProcess: 'Breve',
      benefitClass: 'budget-effective',
      valuation: { kind: 'fixed', amountPerYear: 300_000_00 },
      adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 6, startMonth },
    },
  ],
});

const random = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Ev = { type: string; data: Record<string, unknown>; at: string };

const INDICATORS = [
  { indicatorId: 'adoption', kind: 'adoption', unit: 'percent', direction: 'higher-is-better', lines: ['b1'], max: 90 },
  { indicatorId: 'days', kind: 'leading', unit: 'days', direction: 'lower-is-better', lines: ['b1', 'b2'], max: 25 },
  { indicatorId: 'hours', kind: 'lagging', unit: 'hours', direction: 'higher-is-better', lines: ['b1'], max: 400 },
  { indicatorId: 'letters', kind: 'adoption', unit: 'percent', direction: 'higher-is-better', lines: ['b2'], max: 100 },
] as const;

/** A random history of a few cases over about two years (deterministic from the seed). */
const history = (seed: number): Ev[] => {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const events: Ev[] = [];
  const cases = ['case-a', 'case-b', 'case-c'];
  let n = 0;
  let cut = 0;
  const booked: Array<{ caseId: string; cutId: string; departmentId: string; year: number; amount: number }> = [];
  const measured = new Map<string, Array<{ id: string; indicatorId: string; period: string }>>();
  for (let m = 2024 * 12; m < 2026 * 12; m++) {
    const day = String(1 + Math.floor(rnd() * 27)).padStart(2, '0');
    const at = `${monthLabel(m)}-${day}T00:00:00.000Z`;
    const add = (type: string, data: Record<string, unknown>): void => void events.push({ type, data, at });
    for (const [k, caseId] of cases.entries()) {
      const start = 2024 * 12 + k * 3;
      const startMonth = monthLabel(start + 1);
      if (m === start) {
        add('BusinessCaseDrafted', { caseId, revision: 1, content: content(2024, startMonth), by: { id: 'carl', role: 'case-author' }, at, reason: 'r' });
        add('BusinessCaseApproved', { caseId, revision: 1, rebaseline: false, previousApprovedRevision: null, summary: {}, by: { id: 'mette', role: 'management' }, at, reason: 'ok' });
        for (const spec of INDICATORS) {
          if (rnd() < 0.2) continue;
          const trajectory = rnd() < 0.3 ? [{ period: '2025', value: spec.max / 2 }] : Array.from({ length: 12 }, (_, i) => ({ period: monthLabel(start + i), value: Math.round((spec.max * (i + 1)) / 12) }));
          add('IndicatorDefined', {
            caseId,
            indicatorId: spec.indicatorId,
            name: spec.indicatorId,
            unit: spec.unit,
            direction: spec.direction,
            kind: spec.kind,
            benefitLineIds: [...spec.lines],
            baseline: { value: spec.kind === 'leading' ? spec.max : 0, date: '2024-01-01' },
            target: { value: spec.kind === 'leading' ? 5 : spec.max },
            trajectory,
            trajectoryOrigin: { kind: 'manual' },
            definedBy: 'carl',
            definedAt: at,
          });
        }
      }
      if (m <= start) continue;
      // Measurements: mostly the month before, sometimes an older month, a whole year, a correction.
      const count = Math.floor(rnd() * 5);
      for (let i = 0; i < count; i++) {
        const spec = pick(INDICATORS);
        const r = rnd();
        const period = r < 0.08 ? String(Math.floor((m - 1) / 12)) : r < 0.25 ? monthLabel(m - 1 - Math.floor(rnd() * 8)) : monthLabel(m - 1);
        const measurementId = `m${++n}`;
        const list = measured.get(caseId) ?? [];
        const old = rnd() < 0.1 ? list.find((x) => x.indicatorId === spec.indicatorId) : undefined;
        const value = Math.round(rnd() * spec.max * 100) / 100;
        const base = { caseId, measurementId, indicatorId: spec.indicatorId, value, unit: spec.unit, source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: at };
        if (old) {
          add('MeasurementCorrected', { ...base, period: old.period, supersedes: old.id, reason: 'fejl' });
          list.splice(list.indexOf(old), 1);
          list.push({ id: measurementId, indicatorId: spec.indicatorId, period: old.period });
        } else {
          add('MeasurementRecorded', { ...base, period });
          list.push({ id: measurementId, indicatorId: spec.indicatorId, period });
        }
        measured.set(caseId, list);
      }
      const r = rnd();
      if (r < 0.05) {
        const c = { caseId, cutId: `k${++cut}`, departmentId: pick(['borgerservice', 'social-og-sundhed']), year: Math.floor(m / 12) + Math.floor(rnd() * 2), amount: Math.round(rnd() * 500_000_00) };
        booked.push(c);
        add('BudgetCutBooked', { ...c, retained: Math.round(c.amount / 3), gross: c.amount, cut: c.amount, sharePct: 25, approvedRevision: 1, override: null, bookedBy: 'frida', bookedAt: at });
      } else if (r < 0.07 && booked.length > 0) {
        const c = booked.splice(Math.floor(rnd() * booked.length), 1)[0]!;
        add('BudgetCutReversed', { ...c, reason: 'fejl', reversedBy: 'frida', reversedAt: at });
      } else if (r < 0.1) {
        add('RealisationColourChanged', { caseId, period: monthLabel(m - 1), at, from: null, to: pick(['green', 'amber', 'red']), realisedPct: 50, plannedToDate: 1, realisedToDate: 1, tolerances: { greenFromPct: 90, amberFromPct: 70 }, evaluatedBy: 'system' });
      } else if (r < 0.12) {
        add('IndicatorTrajectoryEdited', { caseId, indicatorId: pick(INDICATORS).indicatorId, trajectory: [{ period: monthLabel(m), value: 10 }], trajectoryOrigin: { kind: 'manual' }, editedAt: at, editedBy: 'carl', reason: 'r' });
      } else if (r < 0.135) {
        add('BusinessCaseRevised', { caseId, revision: 2, content: content(2024, monthLabel(start + 2), true), rebaseline: true, by: { id: 'carl', role: 'case-author' }, at, reason: 'r' });
        add('BusinessCaseApproved', { caseId, revision: 2, rebaseline: true, previousApprovedRevision: 1, summary: {}, by: { id: 'mette', role: 'management' }, at, reason: 'ok' });
      } else if (r < 0.15) {
        add('BusinessCaseWentLive', { caseId, by: { id: 'carl', role: 'case-author' }, at, reason: 'r' });
      }
    }
    // An event no projection handles still moves the clock.
    if (rnd() < 0.3) add('DefaultRetainedShareSet', { pct: 25 });
  }
  return events;
};

const recorded = (events: readonly Ev[]): RecordedEvent[] =>
  events.map((e, i) => ({
    id: `e${i + 1}`,
    streamName: 's',
    revision: BigInt(i),
    position: BigInt(i + 1),
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: { actorId: 'x', actorRole: 'finance', recordedAt: e.at, correlationId: 'c', causationId: 'c', commandId: `c${i + 1}` },
  }));

const entriesOf = (store: MemoryDocumentStore): string[] => [...store.entries(REALISATION_PROJECTION)].map((e) => `${e.collection}/${e.key} ${canonicalJson(e.doc)}`);

/** Every event applied fully, one writer per event (no batch state). */
const eager = (events: readonly RecordedEvent[]): MemoryDocumentStore => {
  const store = new MemoryDocumentStore();
  for (const event of events) realisationProjection.apply(event, store.writer(REALISATION_PROJECTION));
  return store;
};

describe('realisation projection, measurements put off within a batch', () => {
  it('gives exactly the documents of applying every event fully, wherever the batches end (memory)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }), (seed, cuts) => {
        const events = recorded(history(seed));
        const expected = entriesOf(eager(events));
        const batched = new MemoryDocumentStore();
        let writer = batched.writer(REALISATION_PROJECTION, { batched: true });
        let k = 0;
        let left = cuts[0]!;
        events.forEach((event, i) => {
          realisationProjection.apply(event, writer);
          if (--left === 0 || i === events.length - 1) {
            flushProjection(realisationProjection, writer, event);
            writer = batched.writer(REALISATION_PROJECTION, { batched: true });
            left = cuts[++k % cuts.length]!;
          }
        });
        expect(entriesOf(batched)).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('gives the same documents on SQLite in batches as applying every event fully', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 300 }), (seed, batch) => {
        const events = recorded(history(seed));
        const expected = eager(events);
        const sqlite = new SqliteDocumentStore({ database: new Database(':memory:') });
        try {
          sqlite.registerProjections([realisationProjection]);
          for (let i = 0; i < events.length; i += batch) sqlite.applyBatch([realisationProjection], events.slice(i, i + batch));
          const snapshot = sqlite.snapshot();
          const stored = [...snapshot.entries(REALISATION_PROJECTION)].map((e) => `${e.collection}/${e.key} ${canonicalJson(e.doc)}`);
          snapshot.release();
          expect(stored).toEqual(entriesOf(expected));
        } finally {
          sqlite.db.close();
        }
      }),
      { numRuns: 10 },
    );
  });
});
