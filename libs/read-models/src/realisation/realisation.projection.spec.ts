import {
  computeEconomics,
  DEFAULT_REALISATION_TOLERANCES,
  portfolioRealisation,
  realisedGain,
  type BusinessCaseContent,
  type IndicatorForGain,
  type MeasurementForGain,
  type PortfolioRealisationRow,
} from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import { MemoryDocumentStore } from '../engine';
import { caseToDate, monthLabel } from './realisation-figures';
import { realisationPlanOf, splitByWeights, type RealisationPlan } from './realisation-plan';
import { flatLine, MUNICIPALITY_SCOPE, realisationProjection, REALISATION_PROJECTION, type IndicatorRecord, type LineDoc, type RealisationCaseDoc } from './realisation.projection';
import { caseStatusView, departmentView, portfolioView, type AsOf } from './realisation-views';

const month = (label: string): number => Number(label.slice(0, 4)) * 12 + Number(label.slice(5, 7)) - 1;

const content = (overrides: Partial<BusinessCaseContent> = {}): BusinessCaseContent => ({
  title: 'Digital selvbetjening',
  description: 'Borgerne søger selv.',
  owningDepartmentId: 'borgerservice',
  projectOwner: 'Carl',
  startYear: 2024,
  horizonYears: 4,
  discountRatePct: 3.5,
  riskReservePct: 0,
  origin: { kind: 'local' },
  benefitMap: { purpose: 'p', goals: [] },
  costLines: [{ id: 'c1', description: 'Licens', category: 'licence-operation', nature: 'running', amounts: [{ year: 2024, amount: 100_000_00 }] }],
  benefitLines: [
    {
      id: 'b1',
      description: 'Sparet tid',
      departmentId: 'borgerservice',
      workProcess: 'Ansøgninger',
      benefitClass: 'budget-effective',
      valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 },
      adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 12, startMonth: '2024-01' },
    },
    {
      id: 'b2',
      description: 'Porto',
      departmentId: 'social-og-sundhed',
      workProcess: 'Breve',
      benefitClass: 'budget-effective',
      valuation: { kind: 'fixed', amountPerYear: 300_000_00 },
      adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 6, startMonth: '2024-07' },
    },
    {
      id: 'b3',
      description: 'Frigjort tid',
      departmentId: 'borgerservice',
      workProcess: 'Telefon',
      benefitClass: 'freed-time',
      valuation: { kind: 'time', casesPerYear: 5000, minutesSavedPerCase: 5, hourlyCost: 400_00 },
      adoption: { potentialUsers: 5000, targetAdoptionPct: 50, rampUpMonths: 0, startMonth: '2024-01' },
    },
  ],
  ...overrides,
});

/** A tiny deterministic PRNG (mulberry32). */
const random = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

class Log {
  readonly store = new MemoryDocumentStore();
  private position = 0n;
  add(type: string, data: Record<string, unknown>, recordedAt: string): void {
    this.position += 1n;
    const event = { position: this.position, id: `e${this.position}`, stream: 's', revision: 0n, type, schemaVersion: 1, data, metadata: { recordedAt, actorId: 'x', actorRole: 'finance', correlationId: 'c', causationId: 'c', commandId: `c${this.position}` } } as unknown as RecordedEvent;
    realisationProjection.apply(event, this.store.writer(REALISATION_PROJECTION));
  }
  caseDoc(caseId: string): RealisationCaseDoc {
    return this.store.get<RealisationCaseDoc>(REALISATION_PROJECTION, 'cases', caseId)!;
  }
}

const approve = (log: Log, caseId: string, c: BusinessCaseContent, at: string): void => {
  log.add('BusinessCaseDrafted', { caseId, revision: 1, content: c, by: { id: 'carl', role: 'case-author' }, at, reason: 'r' }, at);
  log.add('BusinessCaseApproved', { caseId, revision: 1, rebaseline: false, previousApprovedRevision: null, summary: {}, by: { id: 'mette', role: 'management' }, at, reason: 'ok' }, at);
};

const adoptionIndicator = (caseId: string, indicatorId: string, lineIds: string[], trajectory: { period: string; value: number }[]) => ({
  caseId,
  indicatorId,
  name: indicatorId,
  unit: 'percent',
  direction: 'higher-is-better',
  kind: 'adoption',
  benefitLineIds: lineIds,
  baseline: { value: 0, date: '2024-01-01' },
  target: { value: 80 },
  trajectory,
  trajectoryOrigin: { kind: 'manual' },
  definedBy: 'carl',
  definedAt: '2024-01-05T00:00:00.000Z',
});

const ramp = Array.from({ length: 12 }, (_, i) => ({ period: monthLabel(month('2024-01') + i), value: Math.round(((80 * (i + 1)) / 12) * 100) / 100 }));

describe('realisation plan', () => {
  it('spreads each year of a budget-effective line over its months by the ramp, exactly', () => {
    const c = content();
    const plan = realisationPlanOf(1, c);
    expect(plan.lines.map((l) => l.lineId)).toEqual(['b1', 'b2']);
    expect(plan.excludedLines).toEqual([{ lineId: 'b3', benefitClass: 'freed-time' }]);
    const economics = computeEconomics(c);
    for (const i of economics.years.keys()) {
      const months = plan.lines.flatMap((l) => l.monthly.slice(i * 12, i * 12 + 12));
      expect(months.reduce((a, b) => a + b, 0)).toBe(economics.benefitsByClass['budget-effective'][i]);
    }
    // b1 2024: 1.600.000 kr × 80 % × (1+…+12)/(12 × 12) = 693.333,33 kr → 69.333.333 øre, by weights 1…12.
    const b1 = plan.lines[0]!;
    expect(b1.plannedByYear['2024']).toBe(69_333_333);
    expect(b1.monthly.slice(0, 12)).toEqual(splitByWeights(69_333_333, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(b1.monthly[0]).toBe(888_889); // 69.333.333 × 1/78 = 888.888,88… rounded up by largest remainder
    // 2025 at full ramp: 1.280.000 kr. in twelve equal months, the 8 øre left over to the first eight.
    expect(b1.monthly.slice(12, 24)).toEqual([...new Array<number>(8).fill(10_666_667), ...new Array<number>(4).fill(10_666_666)]);
  });

  it('splits by weights with largest remainders, adding up exactly', () => {
    expect(splitByWeights(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(splitByWeights(0, [1, 2])).toEqual([0, 0]);
    expect(splitByWeights(7, [0, 0])).toEqual([0, 0]);
  });
});

describe('realisation projection', () => {
  it('computes every month exactly as realisedGain over the whole history would', () => {
    const log = new Log();
    const c = content();
    approve(log, 'case-a', c, '2024-01-02T00:00:00.000Z');
    log.add('IndicatorDefined', adoptionIndicator('case-a', 'adoption', ['b1'], ramp), '2024-01-05T00:00:00.000Z');
    log.add('IndicatorDefined', { ...adoptionIndicator('case-a', 'processing', ['b1', 'b2'], [{ period: '2024-06', value: 10 }]), kind: 'leading', unit: 'days', direction: 'lower-is-better', baseline: { value: 20, date: '2024-01-01' }, target: { value: 10 } }, '2024-01-05T00:00:00.000Z');
    log.add('IndicatorDefined', { ...adoptionIndicator('case-a', 'hours', ['b1'], []), kind: 'lagging', unit: 'hours', target: { value: 100 } }, '2024-01-05T00:00:00.000Z');
    const rnd = random(7);
    const measurements: MeasurementForGain[] = [];
    let n = 0;
    for (let m = month('2024-01'); m <= month('2025-08'); m++) {
      const at = `${monthLabel(m)}-28T00:00:00.000Z`;
      for (const [indicatorId, unit, value] of [
        ['adoption', 'percent', Math.round(rnd() * 9000) / 100],
        ['processing', 'days', Math.round((10 + rnd() * 12) * 10) / 10],
        ['hours', 'hours', Math.round(rnd() * 400)],
      ] as const) {
        if (rnd() < 0.3) continue; // gaps: carried forward, or no evidence
        const measurementId = `m${++n}`;
        log.add('MeasurementRecorded', { caseId: 'case-a', measurementId, indicatorId, value, unit, period: monthLabel(m), source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: at }, at);
        measurements.push({ measurementId, indicatorId, period: monthLabel(m), value });
      }
      if (m === month('2024-09')) {
        // a correction supersedes an earlier measurement
        const old = measurements.find((x) => x.indicatorId === 'adoption')!;
        log.add('MeasurementCorrected', { caseId: 'case-a', measurementId: 'fix', supersedes: old.measurementId, indicatorId: 'adoption', value: 1.5, unit: 'percent', period: old.period, source: { kind: 'manual' }, reason: 'typo', recordedBy: 'carl', recordedAt: at }, at);
        measurements.splice(measurements.indexOf(old), 1, { ...old, supersededBy: 'fix' }, );
        measurements.push({ measurementId: 'fix', indicatorId: 'adoption', period: old.period, value: 1.5 });
      }
    }
    // a yearly measurement for 2025 of the lagging indicator makes 2025 a yearly period for b1
    log.add('MeasurementRecorded', { caseId: 'case-a', measurementId: 'y2025', indicatorId: 'hours', value: 1000, unit: 'hours', period: '2025', source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: '2025-08-30T00:00:00.000Z' }, '2025-08-30T00:00:00.000Z');
    measurements.push({ measurementId: 'y2025', indicatorId: 'hours', period: '2025', value: 1000 });

    const doc = log.caseDoc('case-a');
    const plan = log.store.get<{ plan: RealisationPlan }>(REALISATION_PROJECTION, 'revisions', 'case-a|1')!.plan;
    expect(doc.through).toBe(month('2025-12'));
    const indicators = log.store.get<{ items: IndicatorRecord[] }>(REALISATION_PROJECTION, 'indicators', 'case-a')!.items as unknown as IndicatorForGain[];
    for (const line of plan.lines) {
      const stored = log.store.get<LineDoc>(REALISATION_PROJECTION, 'lines', `case-a|${line.lineId}`)!;
      const periods = [
        ...Array.from({ length: 12 }, (_, i) => ({ period: monthLabel(month('2024-01') + i), planned: line.monthly[i]! })),
        ...(line.lineId === 'b1'
          ? [{ period: '2025', planned: line.plannedByYear['2025']! }]
          : Array.from({ length: 12 }, (_, i) => ({ period: monthLabel(month('2025-01') + i), planned: line.monthly[12 + i]! }))),
      ];
      const reference = realisedGain({ benefitLineId: line.lineId, plannedSavingByPeriod: periods, indicators, measurements, ...(line.hourlyCostOre === null ? {} : { hourlyCostOre: line.hourlyCostOre }) });
      const expected: number[] = [];
      for (const p of reference.periods) {
        if (p.period.length === 4) expected.push(...new Array<number>(11).fill(0), p.realised);
        else expected.push(p.realised);
      }
      expect(flatLine(stored).realised).toEqual(expected);
      if (line.lineId === 'b1') expect(stored.yearlyPeriods).toEqual([2025]);
    }
    // The write side's figures to date are the read model's.
    const asOf = month('2025-08');
    const fresh = caseToDate(plan, indicators, measurements, asOf);
    const view = caseStatusView(log.store, doc, { month: asOf, requested: asOf, computedThrough: doc.through });
    expect(view.toDate.planned).toBe(fresh.plannedToDate);
    expect(view.toDate.realised).toBe(fresh.realisedToDate);
  });

  it('keeps the portfolio per department and year equal to portfolioRealisation over every case, with cuts booked and reversed', () => {
    const log = new Log();
    const rnd = random(42);
    const cases = ['c1', 'c2', 'c3', 'c4'];
    cases.forEach((caseId, k) => {
      const c = content({ startYear: 2024 + (k % 2), horizonYears: 3 });
      approve(log, caseId, { ...c, benefitLines: c.benefitLines.map((l) => ({ ...l, adoption: { ...l.adoption, startMonth: `${c.startYear}-0${1 + k}` } })) }, '2024-01-02T00:00:00.000Z');
      log.add('IndicatorDefined', { ...adoptionIndicator(caseId, 'adoption', ['b1', 'b2'], ramp), baseline: { value: 0, date: '2024-01-01' } }, '2024-01-05T00:00:00.000Z');
    });
    const cut = (caseId: string, cutId: string, departmentId: string, year: number, amount: number, at: string): void =>
      log.add('BudgetCutBooked', { cutId, caseId, departmentId, year, amount, retained: Math.round(amount / 3), gross: amount, cut: amount, sharePct: 25, approvedRevision: 1, override: null, bookedBy: 'frida', bookedAt: at }, at);
    let n = 0;
    for (let m = month('2024-01'); m <= month('2026-05'); m++) {
      const at = `${monthLabel(m)}-15T00:00:00.000Z`;
      for (const caseId of cases) {
        if (rnd() < 0.2) continue;
        log.add('MeasurementRecorded', { caseId, measurementId: `m${++n}`, indicatorId: 'adoption', value: Math.round(rnd() * 8000) / 100, unit: 'percent', period: monthLabel(m), source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: at }, at);
      }
      if (m === month('2024-03')) cut('c1', 'k1', 'borgerservice', 2024, 900_000_00, at); // far ahead of anything realised
      if (m === month('2024-11')) cut('c2', 'k2', 'social-og-sundhed', 2025, 50_000_00, at); // a cut for next year
      if (m === month('2025-02')) cut('c3', 'k3', 'borgerservice', 2025, 200_000_00, at);
      if (m === month('2025-06')) log.add('BudgetCutReversed', { cutId: 'k3', caseId: 'c3', departmentId: 'borgerservice', year: 2025, amount: 200_000_00, reason: 'fejl', reversedBy: 'frida', reversedAt: at }, at);
      if (m === month('2025-07')) cut('c4', 'k4', 'borgerservice', 2026, 400_000_00, at);
    }
    const tolerances = DEFAULT_REALISATION_TOLERANCES;
    for (const asOfLabel of ['2024-02', '2024-06', '2024-12', '2025-03', '2025-12', '2026-05']) {
      const asOfMonth = month(asOfLabel);
      const asOf: AsOf = { month: asOfMonth, requested: asOfMonth, computedThrough: month('2026-12') };
      const view = portfolioView(log.store, asOf);
      // The domain's portfolio over rows built from each case's pairs as of the month.
      const rows = cases.map((caseId) => {
        const doc = log.caseDoc(caseId);
        const figures: PortfolioRealisationRow[] = [];
        for (const [departmentId, pair] of Object.entries(doc.pairs)) {
          const years = new Set([...Object.keys(pair.plannedByYear), ...Object.keys(pair.harvested)].map(Number));
          for (const year of years) {
            let planned = 0;
            let realised = 0;
            pair.planned.forEach((p, i) => {
              const mm = pair.base + i;
              if (Math.floor(mm / 12) === year && mm <= asOfMonth) {
                planned += p;
                realised += pair.realised[i]!;
              }
            });
            figures.push({ departmentId, year, planned, realised, harvested: pair.harvested[String(year)] ?? 0, retained: pair.retained[String(year)] ?? 0 });
          }
        }
        return { caseId, figures };
      });
      const expected = portfolioRealisation({ cases: rows, asOfYear: Math.floor(asOfMonth / 12), tolerances });
      const strip = (s: { toDate: object; byYear: readonly object[] }) => ({
        toDate: s.toDate,
        byYear: s.byYear.map((y) => {
          const { plannedFullYear: _p, ...rest } = y as { plannedFullYear?: number };
          return rest;
        }),
      });
      expect(strip(view.municipality)).toEqual(strip(expected.municipality));
      for (const department of expected.byDepartment) {
        expect(strip(view.byDepartment.find((d) => d.departmentId === department.departmentId)!)).toEqual(strip(department));
        const dv = departmentView(log.store, department.departmentId, asOf);
        expect(dv.toDate).toEqual(department.toDate);
      }
    }
    // Something is harvested ahead: c1 booked 900.000 kr. for 2024 in March 2024.
    const march = portfolioView(log.store, { month: month('2024-03'), requested: month('2024-03'), computedThrough: month('2026-12') });
    expect(march.municipality.toDate.harvestedAheadOfRealised).toBeGreaterThan(0);
    expect(log.store.get(REALISATION_PROJECTION, 'scopes', MUNICIPALITY_SCOPE)).toBeDefined();
  });
});
