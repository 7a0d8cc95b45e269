import { InvalidInput } from '../shared/errors';
import type { RealisedGainResult } from './realised-gain';
import { errorOf } from './realisation.fixtures';
import {
  DEFAULT_REALISATION_TOLERANCES,
  realisationColourChanges,
  realisationStatus,
  realisationToDateSeries,
} from './realisation-status';

const tolerances = DEFAULT_REALISATION_TOLERANCES; // green ≥ 90 %, amber ≥ 70 %
const status = (plannedToDate: number, realisedToDate: number, t = tolerances) =>
  realisationStatus({ plannedToDate, realisedToDate, tolerances: t });

describe('realisation status against tolerances', () => {
  it('defaults to green from 90 % and amber from 70 %', () => {
    expect(DEFAULT_REALISATION_TOLERANCES).toEqual({ greenFromPct: 90, amberFromPct: 70 });
  });

  it('is green at exactly 90 % of plan', () => {
    // 900.000 / 1.000.000 = 90 %
    expect(status(1_000_000, 900_000)).toEqual({ colour: 'green', realisedPct: 90, gap: 100_000 });
  });

  it('is amber one øre below 90 %, and shows the percentage cut, not rounded up to 90', () => {
    // 899.999 / 1.000.000 = 89.9999 % → amber, shown as 89.99
    expect(status(1_000_000, 899_999)).toEqual({ colour: 'amber', realisedPct: 89.99, gap: 100_001 });
  });

  it('is amber at exactly 70 % and red just below', () => {
    expect(status(1_000_000, 700_000).colour).toBe('amber');
    // 699.999 / 1.000.000 = 69.9999 %
    expect(status(1_000_000, 699_999).colour).toBe('red');
  });

  it('uses the tolerances it is given', () => {
    // 90 % is amber when green starts at 95 %
    expect(status(1_000_000, 900_000, { greenFromPct: 95, amberFromPct: 80 }).colour).toBe('amber');
  });

  it('compares fractional thresholds exactly', () => {
    // threshold 92.5 %: 925 of 1.000 is green, 924 is amber
    const t = { greenFromPct: 92.5, amberFromPct: 70 };
    expect(status(1_000, 925, t).colour).toBe('green');
    expect(status(1_000, 924, t).colour).toBe('amber');
  });

  it('is green with no percentage while nothing is planned yet', () => {
    expect(status(0, 0)).toEqual({ colour: 'green', realisedPct: null, gap: 0 });
  });

  it('shows a negative gap when realisation runs ahead of plan', () => {
    // 1.000.000 planned, 1.200.000 realised → gap −200.000, 120 %
    expect(status(1_000_000, 1_200_000)).toEqual({ colour: 'green', realisedPct: 120, gap: -200_000 });
  });

  it('refuses tolerances with amber above green', () => {
    const error = errorOf(() => status(1, 1, { greenFromPct: 60, amberFromPct: 70 }));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error).toMatchObject({ code: 'amber-above-green', field: 'tolerances.amberFromPct' });
  });

  it('refuses a tolerance that is not a number, or above 100 %', () => {
    const notANumber = { greenFromPct: Number.NaN, amberFromPct: 70 };
    expect(errorOf(() => status(1, 1, notANumber))).toMatchObject({ code: 'not-a-number', field: 'tolerances.greenFromPct' });
    expect(errorOf(() => status(1, 1, { greenFromPct: 120, amberFromPct: 70 }))).toMatchObject({ code: 'out-of-range' });
  });

  it('refuses amounts that are not whole øre', () => {
    expect(errorOf(() => status(1_000.5, 1))).toMatchObject({ code: 'not-whole-ore', field: 'plannedToDate' });
  });
});

describe('colour changes over time', () => {
  it('records the first colour and then only the changes, period by period', () => {
    // Jan 95 % green (from nothing) · Feb 91 % green (no change) · Mar 80 % amber · Apr 50 % red
    // May 60 % red (no change) · Jun 90 % green
    const changes = realisationColourChanges(
      [
        { period: '2025-03', plannedToDate: 300, realisedToDate: 240 },
        { period: '2025-01', plannedToDate: 100, realisedToDate: 95 },
        { period: '2025-02', plannedToDate: 200, realisedToDate: 182 },
        { period: '2025-04', plannedToDate: 400, realisedToDate: 200 },
        { period: '2025-05', plannedToDate: 500, realisedToDate: 300 },
        { period: '2025-06', plannedToDate: 600, realisedToDate: 540 },
      ],
      tolerances,
    );
    expect(changes.map((c) => [c.period, c.from, c.to, c.realisedPct])).toEqual([
      ['2025-01', null, 'green', 95],
      ['2025-03', 'green', 'amber', 80],
      ['2025-04', 'amber', 'red', 50],
      ['2025-06', 'red', 'green', 90],
    ]);
  });

  it('continues from a known colour', () => {
    const changes = realisationColourChanges([{ period: '2025-01', plannedToDate: 100, realisedToDate: 95 }], tolerances, 'green');
    expect(changes).toEqual([]);
  });
});

describe('to-date series of a case', () => {
  it('sums its benefit lines and accumulates the periods', () => {
    // Jan: 100 + 50 planned, 90 + 0 realised · Feb: +100 +50 planned, +80 +50 realised
    const line = (benefitLineId: string, rows: [string, number, number][]): RealisedGainResult => ({
      benefitLineId,
      periods: rows.map(([period, planned, realised]) => ({
        period,
        planned,
        realised,
        realisedShare: null,
        capped: false,
        basis: { kind: 'none' },
      })),
      plannedTotal: 0,
      realisedTotal: 0,
    });
    const series = realisationToDateSeries([
      line('bl-1', [
        ['2025-01', 100, 90],
        ['2025-02', 100, 80],
      ]),
      line('bl-2', [
        ['2025-02', 50, 50],
        ['2025-01', 50, 0],
      ]),
    ]);
    expect(series).toEqual([
      { period: '2025-01', plannedToDate: 150, realisedToDate: 90 },
      { period: '2025-02', plannedToDate: 300, realisedToDate: 220 },
    ]);
  });
});
