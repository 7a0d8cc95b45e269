import { InvalidInput } from '../shared/errors';
import { realisationReport, type RealisationReportInput, type ReportLineMonthInput } from './realisation-report';

/** Twelve months of `year`, each with the planned and realised øre given (or a function of the month 1–12). */
const months = (year: number, planned: number, realised: number | ((month: number) => number)): ReportLineMonthInput[] =>
  Array.from({ length: 12 }, (_, i) => ({
    period: `${year}-${String(i + 1).padStart(2, '0')}`,
    planned,
    realised: typeof realised === 'number' ? realised : realised(i + 1),
    share: null,
    basis: 'adoption',
    capped: false,
  }));

/**
 * The case of these specs, live from January 2026:
 * - L1 (borgerservice): 10.000 kr. (1.000.000 øre) planned a month in 2026 and 2027; realised
 *   800.000 øre a month January–June 2026 and 1.100.000 øre July–December (2027: nothing yet);
 * - L2 (social-og-sundhed): 500.000 øre planned a month in 2026, 300.000 realised;
 * - cuts booked: borgerservice 9.000.000 for 2026 (3.000.000 retained) and 2.000.000 for 2027
 *   (500.000 retained); social-og-sundhed 4.000.000 for 2026 (1.000.000 retained).
 */
const input = (overrides: Partial<RealisationReportInput> = {}): RealisationReportInput => ({
  case: { caseId: 'c1', title: 'Digital post', status: 'in-operation', owningDepartmentId: 'borgerservice', departmentIds: ['borgerservice', 'social-og-sundhed'] },
  approval: { revision: 2, at: '2025-11-01T10:00:00.000Z', by: 'mette', reason: 'Godkendt' },
  goLive: { at: '2026-01-05T08:00:00.000Z', by: 'carl' },
  asOfPeriod: '2026-12',
  tolerances: { greenFromPct: 90, amberFromPct: 70 },
  lines: [
    {
      lineId: 'L1',
      description: 'Sparet tid',
      departmentId: 'borgerservice',
      workProcess: 'Ansøgninger',
      plannedByYear: { '2026': 12_000_000, '2027': 12_000_000 },
      months: [...months(2026, 1_000_000, (m) => (m <= 6 ? 800_000 : 1_100_000)), ...months(2027, 1_000_000, 0)],
      yearlyPeriods: [],
    },
    { lineId: 'L2', description: 'Porto', departmentId: 'social-og-sundhed', plannedByYear: { '2026': 6_000_000 }, months: months(2026, 500_000, 300_000), yearlyPeriods: [] },
  ],
  excludedLines: [{ lineId: 'L3', benefitClass: 'freed-time' }],
  indicators: [
    {
      indicatorId: 'adoption',
      name: 'Andel digitale ansøgninger',
      unit: 'percent',
      direction: 'higher-is-better',
      kind: 'adoption',
      benefitLineIds: ['L1'],
      baseline: { value: 0, date: '2025-12-01' },
      target: { value: 80 },
      trajectory: [
        { period: '2026-01', value: 40 },
        { period: '2026-04', value: 80 },
      ],
      trajectoryOrigin: { kind: 'manual' },
      definedBy: 'carl',
      definedAt: '2025-12-01T09:00:00.000Z',
      edits: [],
    },
    {
      indicatorId: 'processing',
      name: 'Sagsbehandlingstid',
      unit: 'days',
      direction: 'lower-is-better',
      kind: 'leading',
      benefitLineIds: ['L1'],
      baseline: { value: 20, date: '2025-12-01' },
      target: { value: 10 },
      trajectory: [{ period: '2026-06', value: 10 }],
      trajectoryOrigin: { kind: 'manual' },
      definedBy: 'carl',
      definedAt: '2025-12-01T09:00:00.000Z',
      edits: [{ at: '2026-02-01T09:00:00.000Z', by: 'frida', reason: 'Nyt mål' }],
    },
    {
      indicatorId: 'saved',
      name: 'Sparet porto',
      unit: 'ore',
      direction: 'higher-is-better',
      kind: 'lagging',
      benefitLineIds: ['L2'],
      baseline: { value: 0, date: '2025-12-01' },
      target: { value: 500_000 },
      trajectory: [],
      trajectoryOrigin: { kind: 'manual' },
      definedBy: 'carl',
      definedAt: '2025-12-01T09:00:00.000Z',
      edits: [],
    },
  ],
  measurements: [
    { measurementId: 'm1', indicatorId: 'adoption', period: '2026-02', value: 30, source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: '2026-03-02T09:00:00.000Z', supersededBy: 'm2' },
    { measurementId: 'm2', indicatorId: 'adoption', period: '2026-02', value: 34, source: { kind: 'manual' }, recordedBy: 'frida', recordedAt: '2026-03-09T09:00:00.000Z', supersedes: 'm1', reason: 'Manglede app-ansøgninger' },
    { measurementId: 'm3', indicatorId: 'adoption', period: '2026-05', value: 72, source: { kind: 'system', system: 'Nexus' }, recordedBy: 'system:measurement-consumer', recordedAt: '2026-06-02T09:00:00.000Z' },
    { measurementId: 'm4', indicatorId: 'adoption', period: '2027-01', value: 80, source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: '2027-02-02T09:00:00.000Z' },
    { measurementId: 'p1', indicatorId: 'processing', period: '2026-06', value: 14, source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: '2026-07-02T09:00:00.000Z' },
    { measurementId: 's1', indicatorId: 'saved', period: '2026-03', value: 500_000, source: { kind: 'manual' }, recordedBy: 'carl', recordedAt: '2026-04-02T09:00:00.000Z' },
  ],
  colourHistory: [
    { period: '2026-02', at: '2026-03-02T09:00:01.000Z', from: null, to: 'amber', realisedPct: 80, plannedToDate: 3_000_000, realisedToDate: 2_400_000, evaluatedBy: 'system:realisation-evaluator' },
    { period: '2026-05', at: '2026-06-02T09:00:01.000Z', from: 'amber', to: 'red', realisedPct: 69.5, plannedToDate: 7_500_000, realisedToDate: 5_212_500, evaluatedBy: 'system:realisation-evaluator' },
    { period: '2027-02', at: '2027-03-01T09:00:01.000Z', from: 'red', to: 'green', realisedPct: 91, plannedToDate: 20_000_000, realisedToDate: 18_200_000, evaluatedBy: 'system:realisation-evaluator' },
  ],
  redEpisodes: [{ episode: 1, period: '2026-05', at: '2026-06-02T09:00:01.000Z', realisedPct: 69.5, gap: 2_287_500, acknowledged: { by: 'mette', at: '2026-06-10T12:00:00.000Z', comment: 'Ekstra kampagne' } }],
  cuts: [
    { departmentId: 'borgerservice', year: 2026, amount: 9_000_000, retained: 3_000_000 },
    { departmentId: 'borgerservice', year: 2027, amount: 2_000_000, retained: 500_000 },
    { departmentId: 'social-og-sundhed', year: 2026, amount: 4_000_000, retained: 1_000_000 },
  ],
  ...overrides,
});

describe('realisation report: plan against actual per benefit line', () => {
  const report = realisationReport(input());

  it('sums each line to date, with the deviation in kroner and per cent', () => {
    // L1: planned 12 × 1.000.000 = 12.000.000; realised 6 × 800.000 + 6 × 1.100.000 = 11.400.000;
    //     deviation −600.000 = −5 %; realised 95 %. 2027's months are after the report and not counted.
    const [l1, l2] = report.lines;
    expect(l1!.toDate).toEqual({ planned: 12_000_000, realised: 11_400_000, deviation: -600_000, deviationPct: -5, realisedPct: 95 });
    // L2: 12 × 500.000 = 6.000.000 planned, 12 × 300.000 = 3.600.000 realised: −2.400.000, −40 %.
    expect(l2!.toDate).toEqual({ planned: 6_000_000, realised: 3_600_000, deviation: -2_400_000, deviationPct: -40, realisedPct: 60 });
    expect(l1!.months).toHaveLength(12);
    expect(l1!.months[0]).toMatchObject({ period: '2026-01', planned: 1_000_000, realised: 800_000, deviation: -200_000, deviationPct: -20 });
    expect(l1!.months[6]).toMatchObject({ period: '2026-07', deviation: 100_000, deviationPct: 10 });
    expect(l1!.byYear).toEqual([{ year: 2026, plannedFullYear: 12_000_000, planned: 12_000_000, realised: 11_400_000, deviation: -600_000, deviationPct: -5, realisedPct: 95 }]);
  });

  it('gives the case to date and the report year, coloured by the tolerances', () => {
    // 18.000.000 planned, 15.000.000 realised: −3.000.000 = −16,666…% → −16,67 %;
    // realised 83,333…% → 83,33 % (cut, as the colour): amber between 70 % and 90 %.
    expect(report.summary.toDate).toEqual({ planned: 18_000_000, realised: 15_000_000, deviation: -3_000_000, deviationPct: -16.67, realisedPct: 83.33, gap: 3_000_000, colour: 'amber' });
    expect(report.reportYear).toEqual({ from: '2026-01', to: '2026-12' });
    // The report year (2026-01 to 2026-12) holds every month of the plan so far.
    expect(report.summary.reportYear).toEqual({ planned: 18_000_000, realised: 15_000_000, deviation: -3_000_000, deviationPct: -16.67, realisedPct: 83.33 });
  });

  it("states the approved revision's plan over its whole horizon", () => {
    // L1 12.000.000 in 2026 and in 2027, L2 6.000.000 in 2026.
    expect(report.approvedPlan).toEqual({ byYear: [{ year: 2026, planned: 18_000_000 }, { year: 2027, planned: 12_000_000 }], total: 30_000_000 });
  });

  it('as of an earlier month counts only the months up to it; the report year is the twelve months ending then', () => {
    const june = realisationReport(input({ asOfPeriod: '2026-06' }));
    expect(june.reportYear).toEqual({ from: '2025-07', to: '2026-06' });
    // L1 6 × 1.000.000 planned, 6 × 800.000 realised; L2 6 × 500.000 and 6 × 300.000.
    expect(june.lines[0]!.toDate).toMatchObject({ planned: 6_000_000, realised: 4_800_000, deviationPct: -20 });
    expect(june.summary.toDate).toMatchObject({ planned: 9_000_000, realised: 6_600_000, deviation: -2_400_000, deviationPct: -26.67, realisedPct: 73.33, colour: 'amber' });
    // The colour in force at the end of June is the red of May.
    expect(june.colour.atAsOf).toBe('red');
  });

  it('shows an unmeasured plan as nothing planned: no percentages', () => {
    const empty = realisationReport(input({ lines: [], cuts: [] }));
    expect(empty.summary.toDate).toEqual({ planned: 0, realised: 0, deviation: 0, deviationPct: null, realisedPct: null, gap: 0, colour: 'green' });
  });

  it('refuses an as-of that is not a month', () => {
    expect(() => realisationReport(input({ asOfPeriod: '2026' }))).toThrow(InvalidInput);
    expect(() => realisationReport(input({ asOfPeriod: '2026-13' }))).toThrow(expect.objectContaining({ code: 'invalid-month', field: 'asOfPeriod' }));
  });
});

describe('realisation report: indicators', () => {
  const [adoption, processing, saved] = realisationReport(input()).indicators;

  it('lists each period measured up to the report with the planned level, the deviation and the share achieved', () => {
    // February: the plan is January's 40 % carried forward; 34 % measured: −6 points, 34 ÷ 40 = 85 %.
    // May: planned 80 % (April's point), 72 % measured: −8 points, 90 %. January 2027 is after the report.
    expect(adoption!.rows.map((r) => [r.period, r.planned, r.measured, r.deviation, r.onPlan, r.achievedPct])).toEqual([
      ['2026-02', 40, 34, -6, false, 85],
      ['2026-05', 80, 72, -8, false, 90],
    ]);
    expect(adoption!.latest?.period).toBe('2026-05');
    expect(adoption!.baseline).toEqual({ value: 0, date: '2025-12-01' });
    expect(adoption!.trajectory).toEqual([{ period: '2026-01', value: 40 }, { period: '2026-04', value: 80 }]);
  });

  it('shows a correction superseding the value it replaced, with its reason', () => {
    const feb = adoption!.rows[0]!;
    expect(feb.measurements.map((m) => [m.measurementId, m.value, m.inForce])).toEqual([
      ['m1', 30, false],
      ['m2', 34, true],
    ]);
    expect(feb.measurements[0]!.correction).toEqual({ measurementId: 'm2', value: 34, reason: 'Manglede app-ansøgninger', by: 'frida', at: '2026-03-09T09:00:00.000Z' });
    expect(feb.measurements[1]).toMatchObject({ supersedes: 'm1', reason: 'Manglede app-ansøgninger', correction: null });
  });

  it('measures a leading indicator by the improvement from its baseline, in its direction', () => {
    // Lower is better: planned 10 days, 14 measured → 4 days worse (not on plan); (20 − 14) ÷ (20 − 10) = 60 %.
    expect(processing!.rows).toMatchObject([{ period: '2026-06', planned: 10, measured: 14, deviation: 4, onPlan: false, achievedPct: 60 }]);
    expect(processing!.edits).toEqual([{ at: '2026-02-01T09:00:00.000Z', by: 'frida', reason: 'Nyt mål' }]);
  });

  it('compares a lagging indicator only with a planned value for exactly that period', () => {
    expect(saved!.rows).toMatchObject([{ period: '2026-03', planned: null, measured: 500_000, deviation: null, onPlan: null, achievedPct: null }]);
  });
});

describe('realisation report: colour history and harvest', () => {
  const report = realisationReport(input());

  it('keeps the colour changes and red episodes up to the report, with times and acknowledgements', () => {
    expect(report.colour.history.map((c) => [c.period, c.from, c.to, c.at])).toEqual([
      ['2026-02', null, 'amber', '2026-03-02T09:00:01.000Z'],
      ['2026-05', 'amber', 'red', '2026-06-02T09:00:01.000Z'],
    ]);
    expect(report.colour.atAsOf).toBe('red');
    expect(report.summary.evaluatedColour).toBe('red');
    expect(report.colour.redEpisodes).toEqual([expect.objectContaining({ episode: 1, acknowledged: { by: 'mette', at: '2026-06-10T12:00:00.000Z', comment: 'Ekstra kampagne' } })]);
  });

  it('harvested ahead of realised per department, never netted against another department', () => {
    // borgerservice: 9.000.000 harvested for 2026 ≤ 11.400.000 realised → 0 ahead; 2.000.000 booked for 2027.
    // social-og-sundhed: 4.000.000 harvested > 3.600.000 realised → 400.000 ahead (not hidden by
    // borgerservice's 2.400.000 to spare).
    expect(report.harvest.byDepartment).toEqual([
      { departmentId: 'borgerservice', realisedToDate: 11_400_000, harvestedToDate: 9_000_000, retainedToDate: 3_000_000, harvestedAheadOfRealised: 0, bookedForLaterYears: 2_000_000, byYear: [{ year: 2026, harvested: 9_000_000, retained: 3_000_000 }, { year: 2027, harvested: 2_000_000, retained: 500_000 }] },
      { departmentId: 'social-og-sundhed', realisedToDate: 3_600_000, harvestedToDate: 4_000_000, retainedToDate: 1_000_000, harvestedAheadOfRealised: 400_000, bookedForLaterYears: 0, byYear: [{ year: 2026, harvested: 4_000_000, retained: 1_000_000 }] },
    ]);
    expect(report.harvest).toMatchObject({ harvested: 13_000_000, retained: 4_000_000, harvestedAheadOfRealised: 400_000, bookedForLaterYears: 2_000_000 });
    expect(report.summary).toMatchObject({ harvested: 13_000_000, retained: 4_000_000, harvestedAheadOfRealised: 400_000 });
  });
});
