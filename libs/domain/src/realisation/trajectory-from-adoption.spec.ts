import { InvalidInput } from '../shared/errors';
import { errorOf } from './realisation.fixtures';
import { adoptionRampPeriods, trajectoryFromAdoption } from './trajectory-from-adoption';

const curve = { startMonth: '2025-03', rampUpMonths: 4, targetAdoptionPct: 80 };

describe('trajectoryFromAdoption', () => {
  it('ramps linearly, reaching the target in month N of the ramp-up, 0 before it starts', () => {
    // n-th month from March: 80 × min(n, 4) / 4 → Mar 20, Apr 40, May 60, Jun 80, Jul 80
    const points = trajectoryFromAdoption({
      ...curve,
      periods: ['2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07'],
    });
    expect(points.map((p) => p.value)).toEqual([0, 20, 40, 60, 80, 80]);
  });

  it('starts from the baseline value when there is one', () => {
    // 10 + (80 − 10) × n/4 → 27.5, 45, 62.5, 80
    const points = trajectoryFromAdoption({
      ...curve,
      baselineValue: 10,
      periods: ['2025-03', '2025-04', '2025-05', '2025-06'],
    });
    expect(points.map((p) => p.value)).toEqual([27.5, 45, 62.5, 80]);
  });

  it('maps the ramp onto a leading indicator from its baseline to its target', () => {
    // processing time 20 → 10 days over 2 months: Mar 20 − 10 × 1/2 = 15, Apr 10
    const points = trajectoryFromAdoption({
      ...curve,
      rampUpMonths: 2,
      baselineValue: 20,
      targetValue: 10,
      periods: ['2025-03', '2025-04'],
    });
    expect(points).toEqual([
      { period: '2025-03', value: 15 },
      { period: '2025-04', value: 10 },
    ]);
  });

  it('reaches the target in the first month when rampUpMonths is 0', () => {
    expect(trajectoryFromAdoption({ ...curve, rampUpMonths: 0, periods: ['2025-03'] })).toEqual([
      { period: '2025-03', value: 80 },
    ]);
  });

  it("plans a year at the mean of its 12 months, as the business case's yearly adoption", () => {
    // start Jan 2025, 12 months to 80 %: Σ n for n = 1..12 = 78 → 80 × 78 / (12 × 12) = 43.333… → 43.33
    // start Jul 2025, 6 months to 60 %: Jul–Dec 10, 20, …, 60 = 210 → 210 / 12 = 17.5
    const slow = trajectoryFromAdoption({ startMonth: '2025-01', rampUpMonths: 12, targetAdoptionPct: 80, periods: ['2025', '2026'] });
    expect(slow).toEqual([
      { period: '2025', value: 43.33 },
      { period: '2026', value: 80 },
    ]);
    const late = trajectoryFromAdoption({ startMonth: '2025-07', rampUpMonths: 6, targetAdoptionPct: 60, periods: ['2025'] });
    expect(late).toEqual([{ period: '2025', value: 17.5 }]);
  });

  it('rounds each planned value once, half away from zero, to the decimals asked for', () => {
    // 10 × 1/3 = 3.333…, 10 × 2/3 = 6.666…
    const periods = ['2025-03', '2025-04', '2025-05'];
    const two = trajectoryFromAdoption({ ...curve, rampUpMonths: 3, targetAdoptionPct: 10, periods });
    expect(two.map((p) => p.value)).toEqual([3.33, 6.67, 10]);
    const none = trajectoryFromAdoption({ ...curve, rampUpMonths: 3, targetAdoptionPct: 10, periods, decimals: 0 });
    expect(none.map((p) => p.value)).toEqual([3, 7, 10]);
  });

  it('defaults to the months of the ramp-up, across a year end', () => {
    expect(adoptionRampPeriods({ startMonth: '2025-11', rampUpMonths: 3, targetAdoptionPct: 50 })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
  });

  it('refuses a ramp-up that is not a whole number of months', () => {
    const error = errorOf(() => trajectoryFromAdoption({ ...curve, rampUpMonths: 2.5, periods: ['2025-03'] }));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error).toMatchObject({ code: 'invalid-ramp-up', field: 'rampUpMonths' });
  });

  it('refuses a start that is not a month', () => {
    const error = errorOf(() => trajectoryFromAdoption({ ...curve, startMonth: '2025-13', periods: ['2025-03'] }));
    expect(error).toMatchObject({ code: 'invalid-month', field: 'startMonth' });
  });

  it('refuses a period listed twice', () => {
    const error = errorOf(() => trajectoryFromAdoption({ ...curve, periods: ['2025-03', '2025-03'] }));
    expect(error).toMatchObject({ code: 'duplicate-period', field: 'periods[1]' });
  });
});
