import { InvalidInput } from '../shared/errors';
import { portfolioRealisation, type PortfolioRealisationCase } from './portfolio-realisation';
import { errorOf } from './realisation.fixtures';
import { DEFAULT_REALISATION_TOLERANCES } from './realisation-status';

const row = (departmentId: string, year: number, planned: number, realised: number, harvested: number, retained = 0) => ({
  departmentId,
  year,
  planned,
  realised,
  harvested,
  retained,
});

// Case A: borgerservice 2024 and 2025 (cut 2.000.000 in 2025 on 1.500.000 realised), teknik 2025.
// Case B: teknik 2025, and a 2026 cut booked ahead of time.
const caseA: PortfolioRealisationCase = {
  caseId: 'A',
  figures: [
    row('borgerservice', 2024, 1_000_000, 950_000, 900_000, 100_000),
    row('borgerservice', 2025, 2_000_000, 1_500_000, 2_000_000),
    row('teknik', 2025, 500_000, 500_000, 0),
  ],
};
const caseB: PortfolioRealisationCase = {
  caseId: 'B',
  figures: [row('teknik', 2025, 1_000_000, 500_000, 200_000), row('teknik', 2026, 1_000_000, 0, 900_000)],
};

const portfolio = (cases = [caseA, caseB]) =>
  portfolioRealisation({ cases, asOfYear: 2025, tolerances: DEFAULT_REALISATION_TOLERANCES });

describe('portfolio realisation', () => {
  it('sums the municipality to date, up to and including the as-of year', () => {
    // planned 1.000.000 + 2.000.000 + 500.000 + 1.000.000 = 4.500.000 (2026 left out)
    // realised 950.000 + 1.500.000 + 500.000 + 500.000 = 3.450.000 → 76.66 % → amber
    // harvested 900.000 + 2.000.000 + 0 + 200.000 = 3.100.000; gap 4.500.000 − 3.450.000 = 1.050.000
    expect(portfolio().municipality.toDate).toEqual({
      planned: 4_500_000,
      realised: 3_450_000,
      harvested: 3_100_000,
      retained: 100_000,
      gap: 1_050_000,
      harvestedAheadOfRealised: 450_000,
      colour: 'amber',
      realisedPct: 76.66,
    });
  });

  it("shows cuts booked beyond realised gain per case and department, so one's surplus hides no other's overrun", () => {
    // Municipality: harvested 3.100.000 < realised 3.450.000, yet A/borgerservice is ahead:
    //   A/borgerservice: (900.000 + 2.000.000) − (950.000 + 1.500.000) = 450.000
    //   A/teknik: 0 − 500.000 → 0 · B/teknik: 200.000 − 500.000 → 0
    // Case A as a whole (2.900.000 − 2.950.000 < 0) would show nothing.
    const result = portfolio();
    expect(result.municipality.toDate.harvestedAheadOfRealised).toBe(450_000);
    expect(result.cases.find((c) => c.caseId === 'A')?.toDate.harvestedAheadOfRealised).toBe(450_000);
  });

  it("gives each year its own figures and the harvested-ahead position at the year's end", () => {
    // 2024: ahead max(0, 900.000 − 950.000) = 0
    // 2025: ahead 450.000 (A/borgerservice, cumulative)
    // 2026: + B/teknik (200.000 + 900.000) − 500.000 = 600.000 → 1.050.000
    const byYear = portfolio().municipality.byYear;
    expect(byYear.map((y) => [y.year, y.planned, y.realised, y.harvested, y.gap, y.harvestedAheadOfRealised])).toEqual([
      [2024, 1_000_000, 950_000, 900_000, 50_000, 0],
      [2025, 3_500_000, 2_500_000, 2_200_000, 1_000_000, 450_000],
      [2026, 1_000_000, 0, 900_000, 1_000_000, 1_050_000],
    ]);
  });

  it('splits per department so that departments add up to the municipality', () => {
    // borgerservice: planned 3.000.000, realised 2.450.000 (81.66 % amber)
    // teknik: planned 1.500.000, realised 1.000.000 (66.66 % red)
    const result = portfolio();
    expect(result.byDepartment.map((d) => [d.departmentId, d.toDate.planned, d.toDate.realised, d.toDate.colour])).toEqual([
      ['borgerservice', 3_000_000, 2_450_000, 'amber'],
      ['teknik', 1_500_000, 1_000_000, 'red'],
    ]);
    const sum = result.byDepartment.reduce((total, d) => total + d.toDate.realised, 0);
    expect(sum).toBe(result.municipality.toDate.realised);
  });

  it('lists the cases by colour', () => {
    // A: 2.950.000 / 3.500.000 = 84.28 % amber · B: 500.000 / 1.000.000 = 50 % red · C: 100 % green
    const caseC: PortfolioRealisationCase = { caseId: 'C', figures: [row('teknik', 2025, 100, 100, 0)] };
    expect(portfolio([caseA, caseB, caseC]).casesByColour).toEqual({ green: ['C'], amber: ['A'], red: ['B'] });
  });

  it('refuses two rows for the same case, department and year', () => {
    const twice: PortfolioRealisationCase = { caseId: 'D', figures: [row('teknik', 2025, 1, 1, 0), row('teknik', 2025, 1, 1, 0)] };
    const error = errorOf(() => portfolio([twice]));
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error).toMatchObject({ code: 'duplicate-figures', field: 'cases[0].figures[1]' });
  });

  it('refuses amounts that are not whole øre', () => {
    const fractional: PortfolioRealisationCase = { caseId: 'E', figures: [row('teknik', 2025, 1.5, 1, 0)] };
    expect(errorOf(() => portfolio([fractional]))).toMatchObject({
      code: 'not-whole-ore',
      field: 'cases[0].figures[0].planned',
    });
  });
});
