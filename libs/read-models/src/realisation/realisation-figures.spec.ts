import fc from 'fast-check';
import { realisedGain, type IndicatorForGain, type MeasurementForGain } from '@gevinst/domain';
import { caseEvidence, lineFigures, monthLabel } from './realisation-figures';
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
