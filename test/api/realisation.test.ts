import { MeasurementRejected } from '@gevinst/messaging';
import { MeasurementRecorder } from '../../apps/api/src/realisation/measurement-recorder';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments } from '../support/fixtures';

type Problem = { status: number; code: string; detail: string; details?: Record<string, unknown>; 'invalid-params'?: { name: string; reason: string }[] };
type Figures = { planned: number; realised: number; harvested: number; retained: number; gap: number; harvestedAheadOfRealised: number };
type ToDate = Figures & { colour: string; realisedPct: number | null };
type Year = Figures & { year: number; plannedFullYear: number };
type Scope = { toDate: ToDate; byYear: Year[] };
type Portfolio = { asOf: string; municipality: Scope; byDepartment: (Scope & { departmentId: string })[]; casesByColour: Record<string, string[]>; cases: { caseId: string; colour: string | null }[] };
/** The budget year now: the retained-share policy applies from it (past years cannot change). */
const Y = new Date().getUTCFullYear();
const P = Y - 1; // the case's first year: wholly in the past, so its months can be measured

type Write = { duplicate: boolean; events: string[]; measurementId?: string; indicatorId?: string; evaluation: { colour: string | null; events: string[]; figures: { plannedToDate: number; realisedToDate: number } | null } | null };

/**
 * The case of this test, from January last year (P = Y − 1) for three years, so that its first
 * year can be measured and the figures as of a given month do not depend on the day the test runs:
 * - b1, budget-effective, borgerservice: 20.000 cases × 12 min ÷ 60 × 400 kr./h = 1.600.000 kr. a
 *   year at full adoption; adoption 80 % from P-01 without ramp-up → 1.280.000 kr. =
 *   128.000.000 øre a year, spread over the months as 8 × 10.666.667 + 4 × 10.666.666 øre
 *   (the 8 øre left over go to the first months);
 * - b2, freed time in social-og-sundhed: real, but not cash: left out of realisation money.
 */
const realisationCase = {
  title: 'Digital ansøgning om parkeringstilladelse',
  description: 'Borgerne søger selv digitalt.',
  owningDepartmentId: 'borgerservice',
  projectOwner: 'Carl Casesen',
  startYear: P,
  horizonYears: 3,
  riskReservePct: 0,
  origin: { kind: 'local' },
  benefitMap: { purpose: 'Borgerne betjener sig selv', goals: [{ id: 'g1', title: 'Færre manuelle sager', benefits: [{ id: 'bm1', title: 'Sparet tid', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: 'Selvbetjening' }] }] }] },
  costLines: [{ id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: P, amount: 400_000_00 }] }],
  benefitLines: [
    {
      id: 'b1',
      description: 'Sparet tid på ansøgninger',
      departmentId: 'borgerservice',
      workProcess: 'Parkeringstilladelser',
      benefitClass: 'budget-effective',
      valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 },
      adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 0, startMonth: `${P}-01` },
    },
    {
      id: 'b2',
      description: 'Frigjort tid i visitationen',
      departmentId: 'social-og-sundhed',
      workProcess: 'Visitation',
      benefitClass: 'freed-time',
      valuation: { kind: 'time', casesPerYear: 1000, minutesSavedPerCase: 30, hourlyCost: 400_00 },
      adoption: { potentialUsers: 1000, targetAdoptionPct: 100, rampUpMonths: 0, startMonth: `${P}-01` },
    },
  ],
  reason: 'Første udkast',
};

describe('realisation over HTTP', () => {
  let h: Harness;
  let caseId: string;
  const head = async (): Promise<string> => ((await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition);
  const measure = (body: Record<string, unknown>, as = 'carl', key?: string) =>
    h.request<Write & Problem>('POST', `/api/business-cases/${caseId}/measurements`, { as, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    const created = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: realisationCase });
    expect(created.status).toBe(201);
    caseId = created.body.caseId;
    expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'mette', body: { revision: 1, reason: 'Godkendt' } })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/start-implementation`, { as: 'carl', body: { reason: 'Projektet er i gang' } })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/go-live`, { as: 'carl', body: { reason: 'Løsningen er i drift' } })).status).toBe(200);
    expect((await h.request('PUT', '/api/retained-share/default', { as: 'frida', body: { pct: 25, effectiveFromYear: Y, reason: 'Byrådets beslutning' } })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('a case that went live gets an adoption indicator with the trajectory of its approved adoption curve', async () => {
    const res = await h.request<Write & { indicator: { trajectory: { period: string; value: number }[]; target: { value: number }; trajectoryOrigin: { kind: string } } }>('POST', `/api/business-cases/${caseId}/indicators`, {
      as: 'carl',
      body: { indicatorId: 'digital-andel', name: 'Andel ansøgninger indgivet digitalt', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: `${P}-01-01` } },
    });
    expect(res.status).toBe(201);
    // No ramp-up: the target 80 % from the start month; the target defaults to the curve's.
    expect(res.body.indicator.trajectory).toEqual([{ period: `${P}-01`, value: 80 }]);
    expect(res.body.indicator.target).toEqual({ value: 80 });
    expect(res.body.indicator.trajectoryOrigin.kind).toBe('adoption-curve');
    // Not evaluated before the first measurement.
    expect(res.body.evaluation?.colour).toBeNull();
    // A body without its baseline is refused naming the field.
    const incomplete = await h.request<Problem>('POST', `/api/business-cases/${caseId}/indicators`, { as: 'carl', body: { name: 'x', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'] } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body['invalid-params']?.map((p) => p.name)).toContain('baseline');
    // A department head changes nothing here.
    expect((await h.request('POST', `/api/business-cases/${caseId}/indicators`, { as: 'bo', body: { name: 'x', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: `${P}-01-01` } } })).status).toBe(403);
  });

  it('books a cut for this budget year while the case is not yet measured', async () => {
    const proposed = await h.request<{ cutId: string; cut: { gross: number; retained: number; amount: number; realisationStatus: string | null } }>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: Y } });
    expect(proposed.status).toBe(201);
    // gross 128.000.000; retained 25 % = 32.000.000; cut 96.000.000 øre.
    expect(proposed.body.cut).toMatchObject({ gross: 128_000_000, retained: 32_000_000, amount: 96_000_000, realisationStatus: null });
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${proposed.body.cutId}/approve`, { as: 'frank', body: {} })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${proposed.body.cutId}/book`, { as: 'frida', body: {} })).status).toBe(200);
  });

  it('refuses bad measurements with 400/422 and a clear message, appending nothing', async () => {
    const before = await head();
    const unit = await measure({ indicatorId: 'digital-andel', value: 50, unit: 'count', period: `${P}-01` });
    expect(unit.status).toBe(400);
    expect(unit.body.code).toBe('unit-mismatch');
    expect(unit.body.detail).toBe('Indicator digital-andel is measured in percent, not count');
    expect(unit.body['invalid-params']?.[0]?.name).toBe('unit');

    const early = await measure({ indicatorId: 'digital-andel', value: 50, unit: 'percent', period: `${P - 1}-12` });
    expect(early.status).toBe(400);
    expect(early.body.code).toBe('before-baseline');
    expect(early.body.detail).toContain(`before the baseline date ${P}-01-01`);

    const text = await measure({ indicatorId: 'digital-andel', value: '50', unit: 'percent', period: `${P}-01` });
    expect(text.status).toBe(400);
    expect(text.body['invalid-params']).toEqual([{ name: 'value', reason: 'value must be a number' }]);

    const unknown = await measure({ indicatorId: 'no-such-indicator', value: 50, unit: 'percent', period: `${P}-01` });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown-indicator');
    expect(unknown.body.detail).toBe('The case has no indicator no-such-indicator');

    const extra = await measure({ indicatorId: 'digital-andel', value: 50, unit: 'percent', period: `${P}-01`, comment: 'unknown field' });
    expect(extra.status).toBe(400);
    const future = await measure({ indicatorId: 'digital-andel', value: 50, unit: 'percent', period: '2999-01' });
    expect(future.status).toBe(400);
    expect(future.body.code).toBe('in-the-future');

    expect(await head()).toBe(before);
  });

  it('measurements below plan turn it amber, then red; a colour change is an event with time', async () => {
    // January 68 % against a plan of 80 %: share 0.85 in every month since (carried forward) → amber.
    const jan = await measure({ indicatorId: 'digital-andel', value: 68, unit: 'percent', period: `${P}-01` }, 'carl', 'measure-first-month');
    expect(jan.status).toBe(201);
    expect(jan.body.events).toEqual(['MeasurementRecorded']);
    expect(jan.body.evaluation).toMatchObject({ colour: 'amber', events: ['RealisationColourChanged'] });
    // Re-sent: nothing new.
    const before = await head();
    const again = await measure({ indicatorId: 'digital-andel', value: 68, unit: 'percent', period: `${P}-01` }, 'carl', 'measure-first-month');
    expect(again.body.duplicate).toBe(true);
    expect(await head()).toBe(before);

    // February 40 %: share 0.5 from February on → red (at most (0.85 + 0.5) ÷ 2 < 70 % whatever month it is now).
    const feb = await measure({ indicatorId: 'digital-andel', value: 40, unit: 'percent', period: `${P}-02` });
    expect(feb.status).toBe(201);
    expect(feb.body.evaluation).toMatchObject({ colour: 'red', events: ['RealisationColourChanged', 'RealisationTurnedRed'] });

    const history = await h.request<{ colour: string; changes: { from: string | null; to: string; at: string; realisedPct: number; evaluatedBy: string }[]; redEpisodes: { episode: number; acknowledged: unknown }[] }>('GET', `/api/business-cases/${caseId}/realisation/colour-history`, { as: 'revi' });
    expect(history.status).toBe(200);
    expect(history.body.colour).toBe('red');
    expect(history.body.changes.map((c) => [c.from, c.to])).toEqual([[null, 'amber'], ['amber', 'red']]);
    expect(history.body.changes.every((c) => !Number.isNaN(Date.parse(c.at)) && c.evaluatedBy === 'system:realisation-evaluator')).toBe(true);
    expect(history.body.redEpisodes).toMatchObject([{ episode: 1, acknowledged: null }]);
  });

  it('the case, department and portfolio views show planned / realised / harvested / gap, recomputed by hand', async () => {
    // Case as of P-03 (January–March of last year; no cut is for a budget year ≤ P):
    //   planned  = 3 × 10.666.667                                   = 32.000.001
    //   realised = Jan 10.666.667 × 68/80 = 9.066.666,95 → 9.066.667
    //            + Feb, Mar 10.666.667 × 40/80 = 5.333.333,5 → 5.333.334 each (half away from zero)
    //            = 9.066.667 + 10.666.668                          = 19.733.335
    //   gap = 32.000.001 − 19.733.335 = 12.266.666; realised 61,66 % → red
    const march = await h.request<{ toDate: ToDate; months: { period: string; planned: number; realised: number; colour: string }[] }>('GET', `/api/business-cases/${caseId}/realisation?asOf=${P}-03`, { as: 'carl' });
    expect(march.status).toBe(200);
    expect(march.body.toDate).toEqual({ planned: 32_000_001, realised: 19_733_335, harvested: 0, retained: 0, gap: 12_266_666, harvestedAheadOfRealised: 0, colour: 'red', realisedPct: 61.66 });
    expect(march.body.months.map((m) => [m.period, m.planned, m.realised, m.colour])).toEqual([
      [`${P}-01`, 10_666_667, 9_066_667, 'amber'], // 85 %
      [`${P}-02`, 10_666_667, 5_333_334, 'red'], // (9.066.667 + 5.333.334) ÷ 21.333.334 = 67,5 %
      [`${P}-03`, 10_666_667, 5_333_334, 'red'],
    ]);

    // Department and municipality as of Y-03:
    //   year P: planned 128.000.000; realised 9.066.667 + 7 × 5.333.334 (Feb–Aug, 10.666.667 × ½)
    //           + 4 × 5.333.333 (Sep–Dec, 10.666.666 × ½) = 9.066.667 + 37.333.338 + 21.333.332 = 67.733.337
    //   year Y to March: planned 3 × 10.666.667 = 32.000.001; realised 3 × 5.333.334 = 16.000.002
    //   to date: planned 160.000.001, realised 83.733.339, gap 76.266.662, realised 52,33 % → red
    //   harvested (cuts for budget years ≤ Y) 96.000.000, retained 32.000.000
    //   harvested ahead of realised = 96.000.000 − 83.733.339 = 12.266.661
    const toDate = { planned: 160_000_001, realised: 83_733_339, harvested: 96_000_000, retained: 32_000_000, gap: 76_266_662, harvestedAheadOfRealised: 12_266_661 };
    const yearP = { year: P, plannedFullYear: 128_000_000, planned: 128_000_000, realised: 67_733_337, harvested: 0, retained: 0, gap: 60_266_663, harvestedAheadOfRealised: 0 };
    const yearY = { year: Y, plannedFullYear: 128_000_000, planned: 32_000_001, realised: 16_000_002, harvested: 96_000_000, retained: 32_000_000, gap: 15_999_999, harvestedAheadOfRealised: 12_266_661 };
    // Y + 1 is planned in full but not due yet; the cut for Y is still ahead of realised at its end.
    const yearNext = { year: Y + 1, plannedFullYear: 128_000_000, planned: 0, realised: 0, harvested: 0, retained: 0, gap: 0, harvestedAheadOfRealised: 12_266_661 };
    const department = await h.request<Scope & { cases: { caseId: string; colour: string; toDate: ToDate }[] }>('GET', `/api/realisation/departments/borgerservice?asOf=${Y}-03`, { as: 'bo' });
    expect(department.status).toBe(200);
    expect(department.body.toDate).toEqual({ ...toDate, colour: 'red', realisedPct: 52.33 });
    expect(department.body.byYear).toEqual([yearP, yearY, yearNext]);
    expect(department.body.cases).toMatchObject([{ caseId, colour: 'red', toDate }]);

    const portfolio = await h.request<Portfolio>('GET', `/api/realisation/portfolio?asOf=${Y}-03`, { as: 'revi' });
    expect(portfolio.status).toBe(200);
    expect(portfolio.body.asOf).toBe(`${Y}-03`);
    expect(portfolio.body.municipality).toEqual({ toDate: { ...toDate, colour: 'red', realisedPct: 52.33 }, byYear: [yearP, yearY, yearNext] });
    // Freed time (b2, social-og-sundhed) is not in the money: that department has none.
    expect(portfolio.body.byDepartment.map((d) => d.departmentId)).toEqual(['borgerservice']);
    expect(portfolio.body.casesByColour.red).toEqual([caseId]);

    // Department heads see their own department only; the portfolio is for those who read everything.
    expect((await h.request('GET', '/api/realisation/departments/borgerservice', { as: 'sara' })).status).toBe(403);
    expect((await h.request('GET', '/api/realisation/departments/social-og-sundhed', { as: 'bo' })).status).toBe(403);
    expect((await h.request('GET', '/api/realisation/portfolio', { as: 'bo' })).status).toBe(403);
    expect((await h.request('GET', '/api/realisation/departments/social-og-sundhed', { as: 'sara' })).status).toBe(200);
  });

  it('a budget-cut proposal on the red case is refused with the warning unless acknowledged', async () => {
    const refused = await h.request<Problem>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: Y } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('realisation-red');
    expect(refused.body.details).toMatchObject({ warning: 'realisation-red', realisationStatus: 'red' });

    const justified = await h.request<{ cutId: string; cut: { realisationStatus: string; realisationAcknowledgement: string } }>('POST', `/api/business-cases/${caseId}/budget-cuts`, {
      as: 'frida',
      body: { departmentId: 'borgerservice', year: Y + 1, realisationAcknowledgement: { justification: 'Budgettet for næste år er vedtaget; indfasningen følges tæt' } },
    });
    expect(justified.status).toBe(201);
    expect(justified.body.cut).toMatchObject({ realisationStatus: 'red', realisationAcknowledgement: 'Budgettet for næste år er vedtaget; indfasningen følges tæt' });
    // The warning flag is shown in the cut views.
    const cuts = await h.request<{ items: { cutId: string; realisationStatus: string | null }[] }>('GET', `/api/budget-cuts?department=borgerservice`, { as: 'revi' });
    expect(cuts.body.items.find((c) => c.cutId === justified.body.cutId)?.realisationStatus).toBe('red');

    // Management acknowledges the red episode; a proposal during it then carries that acknowledgement.
    const ack = await h.request<{ events: string[] }>('POST', `/api/business-cases/${caseId}/realisation/acknowledge-red`, { as: 'mette', body: { comment: 'Ekstra kommunikationsindsats besluttet' } });
    expect(ack.status).toBe(200);
    expect(ack.body.events).toEqual(['RedStatusAcknowledged']);
    const acknowledged = await h.request<{ cut: { realisationStatus: string; realisationAcknowledgement: string } }>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: Y + 1, amount: 10_000_000 } });
    expect(acknowledged.status).toBe(201);
    expect(acknowledged.body.cut.realisationStatus).toBe('red');
    expect(acknowledged.body.cut.realisationAcknowledgement).toContain('Ekstra kommunikationsindsats besluttet');
    const history = await h.request<{ redEpisodes: { acknowledged: { by: string; comment: string } | null }[] }>('GET', `/api/business-cases/${caseId}/realisation/colour-history`, { as: 'sara' });
    expect(history.body.redEpisodes[0]?.acknowledged).toMatchObject({ by: 'mette', comment: 'Ekstra kommunikationsindsats besluttet' });
  });

  it('a correction supersedes a measurement, keeps it in history, and changes the figures', async () => {
    const indicators = await h.request<{ indicators: { measurements: { measurementId: string; period: string; value: number; supersededBy?: string }[] }[] }>('GET', `/api/business-cases/${caseId}/indicators`, { as: 'bo' });
    const feb = indicators.body.indicators[0]!.measurements.find((m) => m.period === `${P}-02`)!;
    const corrected = await h.request<Write>('POST', `/api/business-cases/${caseId}/measurements/${feb.measurementId}/corrections`, { as: 'frida', body: { value: 48, reason: 'Tallet manglede ansøgninger fra mobil-appen' } });
    expect(corrected.status).toBe(201);
    expect(corrected.body.events).toEqual(['MeasurementCorrected']);
    const after = await h.request<typeof indicators.body>('GET', `/api/business-cases/${caseId}/indicators`, { as: 'bo' });
    const measurements = after.body.indicators[0]!.measurements;
    expect(measurements.find((m) => m.measurementId === feb.measurementId)?.supersededBy).toBe(corrected.body.measurementId);
    expect(measurements.filter((m) => m.supersededBy === undefined).map((m) => [m.period, m.value])).toEqual([[`${P}-01`, 68], [`${P}-02`, 48]]);
    // As of P-03: Feb and Mar now 10.666.667 × 48/80 = 6.400.000,2 → 6.400.000 each: 9.066.667 + 12.800.000 = 21.866.667.
    const march = await h.request<{ toDate: ToDate }>('GET', `/api/business-cases/${caseId}/realisation?asOf=${P}-03`, { as: 'carl' });
    expect(march.body.toDate.realised).toBe(21_866_667);
    // A department head of another department sees nothing of a case outside it.
    const other = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'cecilie', body: { ...realisationCase, owningDepartmentId: 'social-og-sundhed', benefitLines: [{ ...realisationCase.benefitLines[1], benefitClass: 'budget-effective' }], benefitMap: { purpose: 'p', goals: [] }, title: 'Andet' } });
    expect(other.status).toBe(201);
    expect((await h.request('GET', `/api/business-cases/${other.body.caseId}/realisation`, { as: 'bo' })).status).toBe(403);
  });

  it('MeasurementRecorder records for other systems (the Kafka consumer), idempotent on the command id', async () => {
    const recorder = h.app.get(MeasurementRecorder);
    const message = { commandId: '5b0f7c1e-8f7a-4c4b-9d5e-1f2a3b4c5d6e', caseId, indicatorId: 'digital-andel', value: 50, unit: 'percent' as const, period: `${P}-03`, source: { system: 'KMD Nexus' }, recordedBy: 'svc-nexus', receivedFrom: { topic: 'gevinst.measurements.v1', partition: 0, offset: '7' } };
    await recorder.fromKafka(message);
    const before = await head();
    await recorder.fromKafka(message); // redelivered: nothing new
    expect(await head()).toBe(before);
    const indicators = await h.request<{ indicators: { measurements: { measurementId: string; period: string; source: { kind: string; system?: string }; recordedBy: string }[] }[] }>('GET', `/api/business-cases/${caseId}/indicators`, { as: 'revi' });
    expect(indicators.body.indicators[0]!.measurements.filter((m) => m.period === `${P}-03`)).toMatchObject([{ measurementId: message.commandId, source: { kind: 'system', system: 'KMD Nexus' }, recordedBy: 'system:measurement-consumer' }]);
    // A message that can never be recorded is rejected (dead-lettered by the consumer), not retried.
    await expect(recorder.fromKafka({ ...message, commandId: '6b0f7c1e-8f7a-4c4b-9d5e-1f2a3b4c5d6e', indicatorId: 'no-such-indicator' })).rejects.toBeInstanceOf(MeasurementRejected);
    expect(await head()).toBe(before);
  });

  it('re-plans a trajectory with a reason, and finance sets the tolerances, re-evaluating every tracked case', async () => {
    const noReason = await h.request<Problem>('PUT', `/api/business-cases/${caseId}/indicators/digital-andel/trajectory`, { as: 'carl', body: { trajectory: { source: 'manual', points: [{ period: `${P}-01`, value: 70 }] } } });
    expect(noReason.status).toBe(400);
    const edited = await h.request<Write>('PUT', `/api/business-cases/${caseId}/indicators/digital-andel/trajectory`, { as: 'carl', body: { trajectory: { source: 'manual', points: [{ period: `${P}-01`, value: 70 }] }, reason: 'Målet er nedjusteret efter evalueringen' } });
    expect(edited.status).toBe(200);
    expect(edited.body.events).toEqual(['IndicatorTrajectoryEdited']);
    expect(edited.body.evaluation?.colour).not.toBeNull();

    expect((await h.request('PUT', '/api/realisation/tolerances', { as: 'bo', body: { greenFromPct: 80, amberFromPct: 60, reason: 'x' } })).status).toBe(403);
    const wrong = await h.request<Problem>('PUT', '/api/realisation/tolerances', { as: 'frida', body: { greenFromPct: 60, amberFromPct: 80, reason: 'Forkert rækkefølge' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('amber-above-green');
    // Every month realises at least 48/70 ≈ 68,6 % of plan now: amber from 60 %, green from 65 % → green.
    const set = await h.request<{ events: string[]; evaluated: { caseId: string; colour: string }[] }>('PUT', '/api/realisation/tolerances', { as: 'frida', body: { greenFromPct: 65, amberFromPct: 60, reason: 'Byrådets nye tolerancer' } });
    expect(set.status).toBe(200);
    expect(set.body.events).toEqual(['RealisationTolerancesSet']);
    expect(set.body.evaluated).toContainEqual({ caseId, colour: 'green', events: ['RealisationColourChanged'] });
    expect((await h.request<{ greenFromPct: number }>('GET', '/api/realisation/tolerances', { as: 'bo' })).body.greenFromPct).toBe(65);
    const sweep = await h.request<{ evaluated: { caseId: string; events: string[] }[] }>('POST', '/api/realisation/evaluations', { as: 'ada', body: {} });
    expect(sweep.status).toBe(200);
    expect(sweep.body.evaluated).toContainEqual({ caseId, colour: 'green', events: [] });
  });
});
