import { InvalidInput } from '../shared/errors';
import type { IndicatorForGain } from './indicator';
import fc from 'fast-check';
import { realisedGain, realisedGainFigures, type MeasurementForGain, type RealisedGainInput } from './realised-gain';
import { adoptionDefined, errorOf, hoursSavedDefined, processingTimeDefined } from './realisation.fixtures';

// Trajectory of the adoption indicator: Jan 20 %, Feb 40 %, Mar 60 %, Apr 80 % (then stays 80 %).
const adoption: IndicatorForGain = adoptionDefined.data;
// Processing time: baseline 20 days, planned 10 days from March, lower is better.
const processingTime: IndicatorForGain = processingTimeDefined.data;
// Hours saved per month (lagging).
const hoursSaved: IndicatorForGain = hoursSavedDefined.data;

const PLANNED = 10_000_000; // 100.000 kr in the month

const m = (indicatorId: string, period: string, value: number, id = `${indicatorId}-${period}`): MeasurementForGain => ({
  measurementId: id,
  indicatorId,
  period,
  value,
});

const gain = (input: Partial<RealisedGainInput>) =>
  realisedGain({
    benefitLineId: 'bl-1',
    plannedSavingByPeriod: [{ period: '2025-03', planned: PLANNED }],
    indicators: [adoption],
    measurements: [],
    ...input,
  });

describe('realised gain: adoption indicators', () => {
  it('realises planned saving × actual ÷ planned adoption', () => {
    // March: planned 60 %, actual 45 % → share 45/60 = 0.75 → 10.000.000 × 0.75 = 7.500.000 øre
    const [march] = gain({ measurements: [m('adoption', '2025-03', 45)] }).periods;
    expect(march.realised).toBe(7_500_000);
    expect(march.realisedShare).toBe(0.75);
    expect(march.basis).toMatchObject({ kind: 'adoption', indicatorId: 'adoption', actual: 45, planned: 60 });
  });

  it('rounds once, to a whole øre, half away from zero', () => {
    // 3 øre × 30/60 = 1.5 øre → 2 øre; 1.000.001 × 40/60 = 666.667,33… → 666.667 øre
    const half = gain({
      plannedSavingByPeriod: [{ period: '2025-03', planned: 3 }],
      measurements: [m('adoption', '2025-03', 30)],
    });
    expect(half.periods[0].realised).toBe(2);
    const third = gain({
      plannedSavingByPeriod: [{ period: '2025-03', planned: 1_000_001 }],
      measurements: [m('adoption', '2025-03', 40)],
    });
    expect(third.periods[0].realised).toBe(666_667);
  });

  it('multiplies the decimals as written, not their binary approximations', () => {
    // 15 øre × 2.3 / 0.6 = 57.5 øre exactly → 58; in binary floats 15 × (2.3 / 0.6) = 57.49999… → 57
    const result = realisedGain({
      benefitLineId: 'bl-1',
      plannedSavingByPeriod: [{ period: '2025-03', planned: 15 }],
      indicators: [{ ...adoption, trajectory: [{ period: '2025-03', value: 0.6 }] }],
      measurements: [m('adoption', '2025-03', 2.3)],
      shareCap: null,
    });
    expect(result.periods[0].realised).toBe(58);
  });

  it('caps the share at 150 % by default', () => {
    // January: planned 20 %, actual 50 % → share 2.5, counted as 1.5 → 15.000.000 øre
    const [jan] = gain({
      plannedSavingByPeriod: [{ period: '2025-01', planned: PLANNED }],
      measurements: [m('adoption', '2025-01', 50)],
    }).periods;
    expect(jan).toMatchObject({ realised: 15_000_000, realisedShare: 1.5, capped: true });
  });

  it('does not cap when shareCap is null', () => {
    // share 50/20 = 2.5 → 25.000.000 øre
    const [jan] = gain({
      plannedSavingByPeriod: [{ period: '2025-01', planned: PLANNED }],
      measurements: [m('adoption', '2025-01', 50)],
      shareCap: null,
    }).periods;
    expect(jan).toMatchObject({ realised: 25_000_000, realisedShare: 2.5, capped: false });
  });

  it('carries the latest earlier measurement forward into a period without one', () => {
    // February's 30 % carried into March (planned 60 %): share 0.5 → 5.000.000 øre
    const [march] = gain({ measurements: [m('adoption', '2025-02', 30)] }).periods;
    expect(march.realised).toBe(5_000_000);
    expect(march.basis).toMatchObject({ measuredPeriods: ['2025-02'], carriedForward: true });
  });

  it('never uses a measurement from a later period', () => {
    const [march] = gain({ measurements: [m('adoption', '2025-04', 80)] }).periods;
    expect(march).toMatchObject({ realised: 0, realisedShare: 0, basis: { kind: 'none' } });
  });

  it('counts a period with no measurement as not realised', () => {
    const result = gain({ measurements: [] });
    expect(result.periods[0]).toMatchObject({ planned: PLANNED, realised: 0, realisedShare: 0, basis: { kind: 'none' } });
    expect(result.realisedTotal).toBe(0);
  });

  it('ignores a superseded measurement', () => {
    // m-old (60 %) was corrected by m-new (30 %): March share 30/60 → 5.000.000 øre
    const [march] = gain({
      measurements: [
        { ...m('adoption', '2025-03', 60, 'm-old'), supersededBy: 'm-new' },
        m('adoption', '2025-03', 30, 'm-new'),
      ],
    }).periods;
    expect(march.realised).toBe(5_000_000);
    expect(march.basis).toMatchObject({ measurementIds: ['m-new'] });
  });

  it('gives no share and no gain when the plan has no adoption yet', () => {
    // December 2024 is before the trajectory: planned = baseline 0 % → share undefined
    const [dec] = gain({
      plannedSavingByPeriod: [{ period: '2024-12', planned: PLANNED }],
      measurements: [m('adoption', '2024-12', 5)],
    }).periods;
    expect(dec).toMatchObject({ realised: 0, realisedShare: null });
  });

  it('takes a year as the mean of its monthly levels', () => {
    // planned levels: Jan 20, Feb 40, Mar 60, Apr–Dec 80 → (20 + 40 + 60 + 9 × 80) / 12 = 840/12 = 70 %
    // actual levels: Jan 0, Feb 0 (no measurement yet), Mar–May 30, Jun–Dec 60 → (3 × 30 + 7 × 60)/12 = 510/12 = 42.5 %
    // 120.000.000 × 510/840 = 72.857.142,86 → 72.857.143 øre
    const [year] = gain({
      plannedSavingByPeriod: [{ period: '2025', planned: 120_000_000 }],
      measurements: [m('adoption', '2025-03', 30), m('adoption', '2025-06', 60)],
    }).periods;
    expect(year.realised).toBe(72_857_143);
    expect(year.basis).toMatchObject({ actual: 42.5, planned: 70, averagedOverMonths: true });
  });

  it('takes a measurement for exactly the year as the level of that year', () => {
    // 56 % measured for 2025 against the planned mean 70 % → 0.8 × 120.000.000 = 96.000.000 øre
    const [year] = gain({
      plannedSavingByPeriod: [{ period: '2025', planned: 120_000_000 }],
      measurements: [m('adoption', '2025', 56)],
    }).periods;
    expect(year.realised).toBe(96_000_000);
  });
});

describe('realised gain: leading indicators', () => {
  it('realises the achieved share of the planned improvement, lower is better', () => {
    // baseline 20 days, planned 10, actual 14: (20 − 14) / (20 − 10) = 0.6 → 6.000.000 øre
    const [march] = gain({ indicators: [processingTime], measurements: [m('processing-time', '2025-03', 14)] }).periods;
    expect(march).toMatchObject({ realised: 6_000_000, realisedShare: 0.6 });
  });

  it('realises the achieved share of the planned improvement, higher is better', () => {
    // share digital: baseline 30 %, planned 70 %, actual 50 %: (50 − 30) / (70 − 30) = 0.5 → 5.000.000 øre
    const shareDigital: IndicatorForGain = {
      ...processingTime,
      indicatorId: 'share-digital',
      unit: 'percent',
      direction: 'higher-is-better',
      baseline: { value: 30, date: '2025-01-01' },
      trajectory: [{ period: '2025-03', value: 70 }],
    };
    const [march] = gain({ indicators: [shareDigital], measurements: [m('share-digital', '2025-03', 50)] }).periods;
    expect(march.realised).toBe(5_000_000);
  });

  it('counts a worse-than-baseline reading as nothing realised, never a negative gain', () => {
    // 25 days against a baseline of 20: (20 − 25) / 10 = −0.5 → 0
    const [march] = gain({ indicators: [processingTime], measurements: [m('processing-time', '2025-03', 25)] }).periods;
    expect(march).toMatchObject({ realised: 0, realisedShare: 0 });
  });
});

describe('realised gain: lagging indicators', () => {
  const HOURLY = 40_000; // 400 kr an hour

  it('realises the measured hours × hourly cost', () => {
    // 12.5 hours × 40.000 øre = 500.000 øre; share 500.000 / 10.000.000 = 0.05
    const [march] = gain({
      indicators: [hoursSaved],
      measurements: [m('hours-saved', '2025-03', 12.5)],
      hourlyCostOre: HOURLY,
    }).periods;
    expect(march).toMatchObject({ realised: 500_000, realisedShare: 0.05, basis: { kind: 'lagging' } });
  });

  it('realises a measured saving in øre as it is, uncapped', () => {
    // 25.000.000 øre measured against 10.000.000 planned: realised 25.000.000, share 2.5
    const kroner: IndicatorForGain = { ...hoursSaved, indicatorId: 'kr-saved', unit: 'ore' };
    const [march] = gain({ indicators: [kroner], measurements: [m('kr-saved', '2025-03', 25_000_000)] }).periods;
    expect(march).toMatchObject({ realised: 25_000_000, realisedShare: 2.5, capped: false });
  });

  it('sums monthly measurements into a year', () => {
    // Jan 10 h + Feb 12.5 h = 22.5 h × 40.000 øre = 900.000 øre
    const [year] = gain({
      plannedSavingByPeriod: [{ period: '2025', planned: 120_000_000 }],
      indicators: [hoursSaved],
      measurements: [m('hours-saved', '2025-01', 10), m('hours-saved', '2025-02', 12.5)],
      hourlyCostOre: HOURLY,
    }).periods;
    expect(year.realised).toBe(900_000);
    expect(year.basis).toMatchObject({ measurementIds: ['hours-saved-2025-01', 'hours-saved-2025-02'] });
  });

  it('does not carry a saving forward: a saving is a flow', () => {
    const [march] = gain({
      indicators: [hoursSaved],
      measurements: [m('hours-saved', '2025-02', 10)],
      hourlyCostOre: HOURLY,
    }).periods;
    expect(march).toMatchObject({ realised: 0, basis: { kind: 'none' } });
  });

  it('needs an hourly cost to price hours', () => {
    const error = errorOf(() => gain({ indicators: [hoursSaved], measurements: [m('hours-saved', '2025-03', 10)] }));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error).toMatchObject({ code: 'hourly-cost-required', field: 'hourlyCostOre' });
  });
});

describe('realised gain: several indicators on one benefit line', () => {
  it('lets a lagging measurement win over adoption', () => {
    // lagging: 50 h × 40.000 = 2.000.000 øre, although adoption (45/60) would give 7.500.000
    const [march] = gain({
      indicators: [adoption, hoursSaved],
      measurements: [m('adoption', '2025-03', 45), m('hours-saved', '2025-03', 50)],
      hourlyCostOre: 40_000,
    }).periods;
    expect(march).toMatchObject({ realised: 2_000_000, basis: { kind: 'lagging', indicatorId: 'hours-saved' } });
  });

  it('falls back to adoption in a period without a lagging measurement', () => {
    const [march] = gain({
      indicators: [hoursSaved, adoption],
      measurements: [m('hours-saved', '2025-02', 50), m('adoption', '2025-03', 45)],
      hourlyCostOre: 40_000,
    }).periods;
    expect(march).toMatchObject({ realised: 7_500_000, basis: { kind: 'adoption' } });
  });

  it('lets adoption win over a leading indicator', () => {
    const [march] = gain({
      indicators: [processingTime, adoption],
      measurements: [m('processing-time', '2025-03', 14), m('adoption', '2025-03', 45)],
    }).periods;
    expect(march.basis).toMatchObject({ kind: 'adoption' });
  });

  it('within one kind, lets the indicator defined first win', () => {
    // second adoption indicator says 60/60 = 1.0; the first says 45/60 = 0.75 and wins
    const second: IndicatorForGain = { ...adoption, indicatorId: 'adoption-2' };
    const [march] = gain({
      indicators: [adoption, second],
      measurements: [m('adoption-2', '2025-03', 60), m('adoption', '2025-03', 45)],
    }).periods;
    expect(march).toMatchObject({ realised: 7_500_000, basis: { indicatorId: 'adoption' } });
  });

  it('ignores indicators tied to other benefit lines', () => {
    const elsewhere: IndicatorForGain = { ...adoption, benefitLineIds: ['bl-2'] };
    const [march] = gain({ indicators: [elsewhere], measurements: [m('adoption', '2025-03', 45)] }).periods;
    expect(march.basis).toEqual({ kind: 'none' });
  });
});

describe('realised gain: totals and input', () => {
  it('sums planned and realised over the periods', () => {
    // Feb: 30/40 × 10.000.000 = 7.500.000; Mar: 45/60 × 10.000.000 = 7.500.000 → 15.000.000 of 20.000.000
    const result = gain({
      plannedSavingByPeriod: [
        { period: '2025-03', planned: PLANNED },
        { period: '2025-02', planned: PLANNED },
      ],
      measurements: [m('adoption', '2025-02', 30), m('adoption', '2025-03', 45)],
    });
    expect(result.periods.map((p) => p.period)).toEqual(['2025-02', '2025-03']);
    expect(result).toMatchObject({ plannedTotal: 20_000_000, realisedTotal: 15_000_000 });
  });

  it('refuses overlapping periods, which would count a saving twice', () => {
    const error = errorOf(() =>
      gain({
        plannedSavingByPeriod: [
          { period: '2025', planned: PLANNED },
          { period: '2025-03', planned: PLANNED },
        ],
      }),
    );
    expect(error).toMatchObject({ code: 'overlapping-periods', field: 'plannedSavingByPeriod[1].period' });
  });

  it('refuses a planned saving that is not whole øre', () => {
    const error = errorOf(() => gain({ plannedSavingByPeriod: [{ period: '2025-03', planned: 10.5 }] }));
    expect(error).toMatchObject({ code: 'not-whole-ore', field: 'plannedSavingByPeriod[0].planned' });
  });
});

describe('realisedGainFigures', () => {
  // Random indicators of every kind on one or two lines, measured in months and years (some
  // superseded), over months and years: the figures equal realisedGain's, without the details.
  const period = fc.oneof(
    fc.tuple(fc.integer({ min: 2024, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([y, mo]) => `${y}-${String(mo).padStart(2, '0')}`),
    fc.integer({ min: 2024, max: 2026 }).map(String),
  );
  const value = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }).map((v) => Math.round(v * 100) / 100));
  const indicator = (id: string) =>
    fc.record({
      kind: fc.constantFrom('adoption' as const, 'leading' as const, 'lagging' as const),
      unit: fc.constantFrom('percent' as const, 'days' as const, 'hours' as const, 'ore' as const),
      direction: fc.constantFrom('higher-is-better' as const, 'lower-is-better' as const),
      lines: fc.constantFrom(['bl-1'], ['bl-1', 'bl-2'], ['bl-2']),
      baseline: value,
      trajectory: fc.array(fc.record({ period, value }), { maxLength: 6 }),
    }).map((r): IndicatorForGain => ({
      indicatorId: id,
      kind: r.kind,
      unit: r.kind === 'lagging' ? (r.unit === 'hours' ? 'hours' : 'ore') : r.unit === 'hours' || r.unit === 'ore' ? 'percent' : r.unit,
      direction: r.direction,
      benefitLineIds: r.lines,
      baseline: { value: r.baseline, date: '2024-01-01' },
      trajectory: r.trajectory,
    }));

  it('equals realisedGain period by period', () => {
    fc.assert(
      fc.property(
        fc.tuple(indicator('i1'), indicator('i2'), indicator('i3')),
        fc.array(fc.record({ indicator: fc.constantFrom('i1', 'i2', 'i3'), period, value, superseded: fc.boolean() }), { maxLength: 30 }),
        fc.uniqueArray(period, { maxLength: 8, selector: (p) => p.slice(0, 4) }),
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: undefined }),
        (indicators, raw, periods, planned, hourlyCostOre) => {
          const measurements: MeasurementForGain[] = raw.map((r, i) => ({ measurementId: `m${i}`, indicatorId: r.indicator, period: r.period, value: r.value, ...(r.superseded ? { supersededBy: `x${i}` } : {}) }));
          const input: RealisedGainInput = {
            benefitLineId: 'bl-1',
            plannedSavingByPeriod: periods.map((p, i) => ({ period: p, planned: planned + i })),
            indicators,
            measurements,
            ...(hourlyCostOre === undefined ? {} : { hourlyCostOre }),
          };
          let full: ReturnType<typeof realisedGain> | undefined;
          let fullError: unknown;
          try {
            full = realisedGain(input);
          } catch (error) {
            fullError = error;
          }
          if (fullError !== undefined) {
            expect(() => realisedGainFigures(input)).toThrow((fullError as Error).message);
            return;
          }
          expect(realisedGainFigures(input)).toEqual(
            full!.periods.map((p) => ({ period: p.period, planned: p.planned, realised: p.realised, realisedShare: p.realisedShare, capped: p.capped, indicatorId: p.basis.kind === 'none' ? null : p.basis.indicatorId })),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
