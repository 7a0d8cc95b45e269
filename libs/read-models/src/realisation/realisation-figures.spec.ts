import fc from 'fast-check';
import { realisedGain, type IndicatorForGain, type MeasurementForGain } from '@gevinst/domain';
import { caseEvidence, caseEvidenceOfLists, lineFigures, MeasurementListDraft, monthLabel } from './realisation-figures';
import type { RealisationPlanLine } from './realisation-plan';

/**
 * lineFigures against the domain's realisedGain over the whole history, month by month, on
 * random histories: gaps in measurements (months carried forward), sparse and monthly
 * trajectories, runs of equal planned savings, every kind of indicator. It recomputes a run of
 * months [from, to] the way the projection does after a measurement.
 */
const BASE = 2024 * 12; // January 2024
const MONTHS = 30;

const period = fc.integer({ min: 0, max: MONTHS - 1 }).map((i) => monthLabel(BASE + i));
const value = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000 }).map((v) => v / 100));
const indicator = (id: string) =>
  fc
    .record({
      kind: fc.constantFrom('adoption' as const, 'leading' as const, 'lagging' as const),
      direction: fc.constantFrom('higher-is-better' as const, 'lower-is-better' as const),
      lines: fc.constantFrom(['b1'], ['b1', 'b2']),
      baseline: value,
      trajectory: fc.oneof(
        fc.array(fc.record({ period, value }), { maxLength: 4 }),
        // monthly, as an adoption curve plans it
        fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 18 })).map(([start, ramp]) =>
          Array.from({ length: ramp }, (_, i) => ({ period: monthLabel(BASE + start + i), value: Math.round(((i + 1) / ramp) * 8000) / 100 })),
        ),
      ),
    })
    .map(
      (r): IndicatorForGain => ({
        indicatorId: id,
        kind: r.kind,
        unit: r.kind === 'lagging' ? 'ore' : 'percent',
        direction: r.direction,
        benefitLineIds: r.lines,
        baseline: { value: r.baseline, date: '2024-01-01' },
        trajectory: r.trajectory,
      }),
    );

describe('lineFigures', () => {
  it('gives every month of a run exactly the figures realisedGain gives over the whole history', () => {
    fc.assert(
      fc.property(
        fc.tuple(indicator('i1'), indicator('i2')),
        fc.array(fc.record({ indicator: fc.constantFrom('i1', 'i2'), period, value: fc.integer({ min: 0, max: 5_000_000 }), superseded: fc.boolean() }), { maxLength: 25 }),
        // planned saving per month: runs of equal amounts
        fc.array(fc.constantFrom(0, 500_000, 500_000, 500_000, 750_000), { minLength: MONTHS, maxLength: MONTHS }),
        fc.integer({ min: 0, max: MONTHS - 1 }),
        (indicators, raw, monthly, from) => {
          const measurements: MeasurementForGain[] = raw.map((r, i) => ({
            measurementId: `m${i}`,
            indicatorId: r.indicator,
            period: r.period,
            // lagging: øre; levels: a percentage
            value: indicators.find((x) => x.indicatorId === r.indicator)!.kind === 'lagging' ? r.value : Math.round(r.value / 500) / 100,
            ...(r.superseded ? { supersededBy: `x${i}` } : {}),
          }));
          const line: RealisationPlanLine = {
            lineId: 'b1',
            description: 'b1',
            departmentId: 'd',
            workProcess: 'w',
            hourlyCostOre: null,
            curve: { startMonth: '2024-01', rampUpMonths: 1, targetAdoptionPct: 100 },
            plannedByYear: {},
            monthly,
          };
          const figures = lineFigures({ base: BASE, months: MONTHS }, line, caseEvidence(indicators, measurements), BASE + from, BASE + MONTHS - 1);
          const reference = realisedGain({
            benefitLineId: 'b1',
            plannedSavingByPeriod: monthly.map((planned, i) => ({ period: monthLabel(BASE + i), planned })).slice(figures.from - BASE),
            indicators,
            measurements,
          });
          expect(figures.realised).toEqual(reference.periods.map((p) => p.realised));
          expect(figures.share).toEqual(reference.periods.map((p) => p.realisedShare));
          expect(figures.basis).toEqual(reference.periods.map((p) => (p.basis.kind === 'none' ? null : p.basis.indicatorId)));
          expect(figures.capped).toEqual(reference.periods.map((p) => (p.capped ? 1 : 0)));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('MeasurementListDraft', () => {
  type Rec = MeasurementForGain & { measurementId: string };
  const CHUNK = 4;
  /** The stored document's rule: append to the last chunk while it has room; a correction copies the chunk it marks. */
  const reference = (ops: ReadonlyArray<{ record: Rec; supersedes?: string }>): Rec[][] => {
    let chunks: Rec[][] = [];
    for (const { record, supersedes } of ops) {
      if (supersedes !== undefined) chunks = chunks.map((c) => (c.some((m) => m.measurementId === supersedes) ? c.map((m) => (m.measurementId === supersedes ? { ...m, supersededBy: record.measurementId } : m)) : c));
      const last = chunks[chunks.length - 1];
      chunks = last !== undefined && last.length < CHUNK ? [...chunks.slice(0, -1), [...last, record]] : [...chunks, [record]];
    }
    return chunks;
  };
  const deepFreeze = <T>(value: T): T => {
    if (typeof value === 'object' && value !== null) {
      for (const member of Object.values(value)) deepFreeze(member);
      Object.freeze(value);
    }
    return value;
  };
  const indicator = { indicatorId: 'i', kind: 'adoption', unit: 'percent', direction: 'higher-is-better', baseline: { value: 0, date: '2025-01-01' }, benefitLineIds: ['b1'], trajectory: [] } as unknown as IndicatorForGain;
  const itemsOf = (list: Parameters<typeof caseEvidenceOfLists>[1][number]) => (caseEvidenceOfLists([indicator], [list]).byIndicator.get('i') ?? []).map((item) => [item.m, item.start, item.end, item.seq]);

  it('appends and supersedes as the stored document does, without changing the stored chunks, and keeps the items itemsOfList gives', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ month: fc.integer({ min: 1, max: 12 }), correct: fc.nat(12) }), { minLength: 1, maxLength: 40 }), fc.nat(40), (steps, split) => {
        const ops: Array<{ record: Rec; supersedes?: string }> = [];
        steps.forEach(({ month, correct }, n) => {
          const earlier = ops.filter((op) => op.record.supersededBy === undefined);
          const target = correct < earlier.length && correct % 3 === 0 ? earlier[correct]!.record.measurementId : undefined;
          const record: Rec = { measurementId: `m${n}`, indicatorId: 'i', period: `2025-${String(month).padStart(2, '0')}`, value: n } as Rec;
          ops.push(target === undefined ? { record } : { record: { ...record, supersedes: target } as Rec, supersedes: target });
        });
        const cut = split % (ops.length + 1);
        const stored = deepFreeze(reference(ops.slice(0, cut)));
        const draft = new MeasurementListDraft<Rec>(stored, CHUNK);
        for (const { record, supersedes } of ops.slice(cut)) {
          if (supersedes !== undefined) draft.supersede(supersedes, record.measurementId);
          draft.append({ ...record });
        }
        const expected = reference(ops);
        expect(draft.chunks).toEqual(expected);
        expect(stored).toEqual(reference(ops.slice(0, cut)));
        expect(itemsOf(draft)).toEqual(itemsOf(expected));
      }),
      { numRuns: 200 },
    );
  });
});
