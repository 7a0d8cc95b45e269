import { EVENT_STORE, type EventStore } from '@gevinst/event-store';
import { verifyReplay } from '@gevinst/read-models';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type Problem = { status: number; code: string; detail: string; details?: Record<string, unknown>; 'invalid-params'?: { name: string; reason: string }[] };
type Ranked = { caseId: string; title: string; status: string; npv: number; totalInvestment: number; weightedScore: number | null; ranks: Record<string, number> };
type Selection = { selection: string[]; objectiveValue: number; figures: { npv: number; investmentByYear: Record<string, number>; budgetEffectiveByYear: Record<string, number> }; solver: { solver: string; provenOptimal: boolean; status: string; gap: number | null }; cases: { caseId: string; title: string }[] };

const KR = 100;
const BUDGET_2027 = 1_000_000 * KR;

/**
 * Portfolio prioritisation over HTTP on the embedded store: cases created, submitted and
 * approved through the API; criteria (management) and scores (finance); the ranking; the
 * optimiser (HiGHS) checked against every subset; an infeasible constraint → 422 naming it;
 * two scenarios saved, compared and one committed by management (finance → 403); the
 * frontier; the top-down check against a 28 million kr target; the events appended.
 */
describe('portfolio prioritisation over HTTP', () => {
  let h: Harness;
  const ids: Record<string, string> = {};

  const createCase = async (key: string, title: string, implementationKr: number, casesPerYear: number): Promise<string> => {
    const body = sampleCase({
      title,
      costLines: [
        { id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: 2027, amount: implementationKr * KR }] },
        { id: 'c2', description: 'Kommunikation', category: 'communication-marketing', nature: 'one-off', amounts: [{ year: 2027, amount: 50_000 * KR }] },
        { id: 'c3', description: 'Projektleder', category: 'internal-staff-hours', nature: 'one-off', amounts: [{ year: 2027, hours: 400, hourlyCost: 450 * KR }] },
        { id: 'c4', description: 'Licens', category: 'licence-operation', nature: 'running', amounts: [2027, 2028, 2029, 2030, 2031].map((year) => ({ year, amount: 100_000 * KR })) },
      ],
      benefitLines: [
        {
          id: 'b1',
          description: 'Sparet tid',
          departmentId: 'borgerservice',
          workProcess: 'Ansøgninger',
          benefitClass: 'budget-effective',
          valuation: { kind: 'time', casesPerYear, minutesSavedPerCase: 12, hourlyCost: 400 * KR },
          adoption: { potentialUsers: casesPerYear, targetAdoptionPct: 80, rampUpMonths: 12, startMonth: '2027-01' },
        },
      ],
      benefitMap: { purpose: 'Selvbetjening', goals: [{ id: 'g1', title: 'Færre manuelle sager', benefits: [{ id: 'bm1', title: 'Sparet tid', benefitLineIds: ['b1'], deliverables: [] }] }] },
    });
    const res = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body });
    expect(res.status).toBe(201);
    ids[key] = res.body.caseId;
    return res.body.caseId;
  };
  const submit = async (caseId: string): Promise<void> => {
    expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar til vurdering' } })).status).toBe(200);
  };
  const approve = async (caseId: string): Promise<void> => {
    expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'frida', body: { revision: 1, reason: 'Godkendt' } })).status).toBe(200);
  };

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    // investments in 2027 (one-off cash): A 450 000, B 850 000, C 250 000 kr; D stays a draft
    await createCase('A', 'Digital parkering', 400_000, 20_000);
    await createCase('B', 'Ny sagsbehandling', 800_000, 40_000);
    await createCase('C', 'Robot til indberetning', 200_000, 9_000);
    await createCase('D', 'Kladde', 100_000, 1_000);
    for (const key of ['A', 'B', 'C']) await submit(ids[key]!);
    await approve(ids['A']!);
    await approve(ids['B']!);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('management defines weighted criteria; finance may not; finance and management score cases with a reason', async () => {
    expect((await h.request('POST', '/api/prioritisation/criteria', { as: 'mette', body: { criterionId: 'service', name: 'Bedre service', weight: 60, reason: 'Strategi 2027' } })).status).toBe(201);
    expect((await h.request('POST', '/api/prioritisation/criteria', { as: 'mette', body: { criterionId: 'arbejdsmiljo', name: 'Bedre arbejdsmiljø', weight: 40, reason: 'Strategi 2027' } })).status).toBe(201);
    const denied = await h.request<Problem>('POST', '/api/prioritisation/criteria', { as: 'frida', body: { criterionId: 'x', name: 'X', weight: 1, reason: 'x' } });
    expect(denied.status).toBe(403);

    expect((await h.request('PUT', `/api/prioritisation/scores/${ids['A']}/service`, { as: 'frida', body: { score: 5, reason: 'Borgerne får svar med det samme' } })).status).toBe(200);
    expect((await h.request('PUT', `/api/prioritisation/scores/${ids['C']}/service`, { as: 'mette', body: { score: 2, reason: 'Usynlig for borgerne' } })).status).toBe(200);
    expect((await h.request('PUT', `/api/prioritisation/scores/${ids['C']}/arbejdsmiljo`, { as: 'frida', body: { score: 5, reason: 'Fjerner rutinearbejde' } })).status).toBe(200);
    expect((await h.request('PUT', `/api/prioritisation/scores/${ids['A']}/service`, { as: 'carl', body: { score: 1, reason: 'x' } })).status).toBe(403);
    const bad = await h.request<Problem>('PUT', `/api/prioritisation/scores/${ids['A']}/service`, { as: 'frida', body: { score: 6, reason: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params']?.[0]?.name).toBe('score');
    expect((await h.request<Problem>('PUT', `/api/prioritisation/scores/${ids['A']}/unknown`, { as: 'frida', body: { score: 1, reason: 'x' } })).status).toBe(404);

    const weights = await h.request('PUT', '/api/prioritisation/criteria/weights', { as: 'mette', body: { weights: [{ criterionId: 'service', weight: 50 }, { criterionId: 'arbejdsmiljo', weight: 50 }], reason: 'Ligevægt' } });
    expect(weights.status).toBe(200);
    const criteria = await h.request<{ criteria: { criterionId: string; weight: number }[] }>('GET', '/api/prioritisation/criteria', { as: 'revi' });
    expect(criteria.body.criteria.map((c) => [c.criterionId, c.weight])).toEqual([['service', 50], ['arbejdsmiljo', 50]]);
  });

  it('ranks the candidates (submitted or approved, not drafts) by every measure; department heads and auditors read it', async () => {
    const res = await h.request<{ items: Ranked[] }>('GET', '/api/prioritisation/ranking?sortBy=weighted-score', { as: 'bo' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => r.caseId).sort()).toEqual([ids['A'], ids['B'], ids['C']].sort());
    // A: (50×5 + 50×0)/100 = 2.5; C: (50×2 + 50×5)/100 = 3.5; B unscored: 0
    expect(res.body.items.map((r) => [r.caseId, r.weightedScore])).toEqual([[ids['C'], 3.5], [ids['A'], 2.5], [ids['B'], 0]]);
    const byNpv = await h.request<{ items: Ranked[] }>('GET', '/api/prioritisation/ranking?sortBy=npv', { as: 'revi' });
    const npvs = byNpv.body.items.map((r) => r.npv);
    expect(npvs).toEqual([...npvs].sort((a, b) => b - a));
    expect(byNpv.body.items.find((r) => r.caseId === ids['B'])!.totalInvestment).toBe(850_000 * KR);
    expect((await h.request('GET', '/api/prioritisation/ranking', { as: 'carl' })).status).toBe(403);
  });

  it('optimises with HiGHS: the best subset under the 2027 budget, proven optimal', async () => {
    const ranking = (await h.request<{ items: Ranked[] }>('GET', '/api/prioritisation/ranking', { as: 'frida' })).body.items;
    // every subset, by hand: the best total NPV whose 2027 investment fits
    let best = -Infinity;
    for (let mask = 0; mask < 8; mask++) {
      const chosen = ranking.filter((_, i) => (mask >> i) & 1);
      if (chosen.reduce((s, r) => s + r.totalInvestment, 0) <= BUDGET_2027) best = Math.max(best, chosen.reduce((s, r) => s + r.npv, 0));
    }
    const res = await h.request<Selection>('POST', '/api/prioritisation/optimise', { as: 'frida', body: { budgets: [{ year: 2027, amount: BUDGET_2027 }] } });
    expect(res.status).toBe(200);
    expect(res.body.objectiveValue).toBe(best);
    expect(res.body.figures.investmentByYear['2027']).toBeLessThanOrEqual(BUDGET_2027);
    expect(res.body.solver).toMatchObject({ provenOptimal: true, status: 'optimal', gap: 0 });
    expect(res.body.solver.solver).toMatch(/^HiGHS/);
    expect(res.body.cases.map((c) => c.caseId).sort()).toEqual([...res.body.selection].sort());
  });

  it('honours staff-hours capacity: 400 hours a case, 500 available in 2027 → one case', async () => {
    const res = await h.request<Selection>('POST', '/api/prioritisation/optimise', { as: 'mette', body: { staffHours: [{ year: 2027, hours: 500 }] } });
    expect(res.status).toBe(200);
    expect(res.body.selection).toHaveLength(1);
  });

  it('infeasible constraints → 422 naming the constraint that fails, never a partial answer', async () => {
    const res = await h.request<Problem>('POST', '/api/prioritisation/optimise', {
      as: 'frida',
      body: { budgets: [{ year: 2027, amount: BUDGET_2027 }], forcedIn: [{ caseId: ids['A'], reason: 'Lovkrav' }, { caseId: ids['B'], reason: 'Byrådsbeslutning' }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('constraints-infeasible');
    expect(res.body.details).toMatchObject({ constraint: 'budget:2027', violations: [{ kind: 'budget', year: 2027, limit: BUDGET_2027, required: 1_300_000 * KR, excess: 300_000 * KR }] });
    expect(res.body.detail).toContain('investment budget of 2027');

    const out = await h.request<Problem>('POST', '/api/prioritisation/optimise', {
      as: 'frida',
      body: { forcedIn: [{ caseId: ids['A'], reason: 'Lovkrav' }], forcedOut: [{ caseId: ids['C'], reason: 'Leverandør lukket' }], dependencies: [{ caseId: ids['A'], requires: ids['C'] }] },
    });
    expect(out.status).toBe(422);
    expect(out.body.details).toMatchObject({ constraint: `dependency:${ids['A']}->${ids['C']}` });
  });

  it('bad constraints → 400 naming the field; a draft is no candidate', async () => {
    const res = await h.request<Problem>('POST', '/api/prioritisation/optimise', { as: 'frida', body: { forcedIn: [{ caseId: ids['D'], reason: 'x' }] } });
    expect(res.status).toBe(400);
    expect(res.body['invalid-params']).toEqual([{ name: 'forcedIn[0].caseId', reason: expect.stringContaining('not a candidate') as string }]);
    const dto = await h.request<Problem>('POST', '/api/prioritisation/optimise', { as: 'frida', body: { budgets: [{ year: 2027, amount: -1 }] } });
    expect(dto.status).toBe(400);
    expect(dto.body['invalid-params']?.[0]?.name).toBe('budgets[0].amount');
    expect((await h.request('POST', '/api/prioritisation/optimise', { as: 'bo', body: {} })).status).toBe(403);
  });

  let scenarioA: string;
  let scenarioB: string;

  it('saves two scenarios (optimised by finance, by hand by management), lists and compares them', async () => {
    const a = await h.request<{ scenarioId: string; scenario: { method: string; result: Selection; cases: { caseId: string; revision: number }[] } }>('POST', '/api/prioritisation/scenarios', {
      as: 'frida',
      body: { name: 'Maks. nutidsværdi', constraints: { budgets: [{ year: 2027, amount: BUDGET_2027 }] }, reason: 'Budgetseminar' },
    });
    expect(a.status).toBe(201);
    expect(a.headers.get('location')).toBe(`/api/prioritisation/scenarios/${a.body.scenarioId}`);
    expect(a.body.scenario.method).toBe('optimised');
    expect(a.body.scenario.result.solver.provenOptimal).toBe(true);
    scenarioA = a.body.scenarioId;

    // by hand: B alone, which fits the same budget
    const b = await h.request<{ scenarioId: string; scenario: { method: string } }>('POST', '/api/prioritisation/scenarios', {
      as: 'mette',
      body: { name: 'Kun ny sagsbehandling', constraints: { budgets: [{ year: 2027, amount: BUDGET_2027 }] }, selection: [ids['B']] },
    });
    expect(b.status).toBe(201);
    expect(b.body.scenario.method).toBe('manual');
    scenarioB = b.body.scenarioId;

    // a selection by hand that breaks its budget is refused, naming the constraint
    const over = await h.request<Problem>('POST', '/api/prioritisation/scenarios', {
      as: 'mette',
      body: { name: 'For meget', constraints: { budgets: [{ year: 2027, amount: BUDGET_2027 }] }, selection: [ids['A'], ids['B']] },
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'selection-breaks-constraints', details: { constraint: 'budget:2027' } });
    expect((await h.request('POST', '/api/prioritisation/scenarios', { as: 'bo', body: { name: 'x', constraints: {} } })).status).toBe(403);

    const list = await h.request<{ items: { scenarioId: string; name: string; committed: boolean }[] }>('GET', '/api/prioritisation/scenarios', { as: 'bo' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s) => s.scenarioId).sort()).toEqual([scenarioA, scenarioB].sort());

    const one = await h.request<{ name: string }>('GET', `/api/prioritisation/scenarios/${scenarioB}`, { as: 'revi' });
    expect(one.body.name).toBe('Kun ny sagsbehandling');

    const cmp = await h.request<{ onlyInA: { caseId: string }[]; onlyInB: { caseId: string }[]; npv: { a: number; b: number; delta: number }; savingsByYear: { year: number; delta: number }[]; investmentByYear: { year: number; a: number; b: number }[] }>(
      'GET',
      `/api/prioritisation/scenarios/compare?a=${scenarioA}&b=${scenarioB}`,
      { as: 'revi' },
    );
    expect(cmp.status).toBe(200);
    const selectionA = a.body.scenario.result.selection;
    expect(cmp.body.onlyInA.map((c) => c.caseId).sort()).toEqual(selectionA.filter((id) => id !== ids['B']).sort());
    expect(cmp.body.npv.delta).toBe(cmp.body.npv.b - cmp.body.npv.a);
    expect(cmp.body.npv.a).toBeGreaterThanOrEqual(cmp.body.npv.b); // A is optimal under the same budget
    expect(cmp.body.investmentByYear.find((y) => y.year === 2027)!.b).toBe(850_000 * KR);
    expect(cmp.body.savingsByYear.length).toBeGreaterThan(0);
  });

  it('management commits a scenario as the plan; finance committing → 403', async () => {
    const denied = await h.request<Problem>('POST', `/api/prioritisation/scenarios/${scenarioA}/commit`, { as: 'frida', body: { reason: 'Budgetaftale' } });
    expect(denied.status).toBe(403);
    const res = await h.request<{ version: number; events: string[] }>('POST', `/api/prioritisation/scenarios/${scenarioA}/commit`, { as: 'mette', body: { reason: 'Byrådets budgetaftale 2027' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, events: ['PortfolioPlanCommitted'] });
    expect((await h.request('POST', '/api/prioritisation/scenarios/nope/commit', { as: 'mette', body: { reason: 'x' } })).status).toBe(404);

    const plan = await h.request<{ plan: { scenarioId: string; selection: string[] }; history: { version: number; by: { id: string } }[] }>('GET', '/api/prioritisation/plan', { as: 'sara' });
    expect(plan.body.plan.scenarioId).toBe(scenarioA);
    expect(plan.body.history).toEqual([expect.objectContaining({ version: 1, by: { id: 'mette', role: 'management' } })]);
    const list = await h.request<{ items: { scenarioId: string; committed: boolean }[]; plan: { scenarioId: string } }>('GET', '/api/prioritisation/scenarios', { as: 'revi' });
    expect(list.body.plan.scenarioId).toBe(scenarioA);
    expect(list.body.items.find((s) => s.scenarioId === scenarioA)!.committed).toBe(true);

    // the event, with who and why
    const store = h.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream('portfolio-plan');
    expect(events.map((e) => e.type)).toEqual(['PortfolioPlanCommitted']);
    expect(events[0]!.metadata).toMatchObject({ actorId: 'mette', actorRole: 'management', reason: 'Byrådets budgetaftale 2027' });
    expect((events[0]!.data as { selection: string[] }).selection).toEqual(plan.body.plan.selection);
  });

  it('the top-down check: a 28 million kr target against the plan’s budget-effective savings, with the shortfall', async () => {
    expect((await h.request<Problem>('GET', '/api/prioritisation/top-down-check', { as: 'mette' })).body.code).toBe('no-savings-target');
    expect((await h.request('PUT', '/api/prioritisation/target', { as: 'frida', body: { amountPerYear: 28_000_000 * KR, fromYear: 2027, toYear: 2031, reason: 'x' } })).status).toBe(403);
    expect((await h.request('PUT', '/api/prioritisation/target', { as: 'mette', body: { amountPerYear: 28_000_000 * KR, fromYear: 2027, toYear: 2031, reason: 'Andel af det nationale mål' } })).status).toBe(200);
    const plan = await h.request<{ plan: { figures: { budgetEffectiveByYear: Record<string, number> } } }>('GET', '/api/prioritisation/plan', { as: 'mette' });
    const check = await h.request<{ years: { year: number; target: number; planned: number; shortfall: number }[]; met: boolean; totals: { shortfall: number }; targetSource: string }>('GET', '/api/prioritisation/top-down-check', { as: 'bo' });
    expect(check.status).toBe(200);
    expect(check.body.met).toBe(false);
    expect(check.body.targetSource).toBe('set');
    expect(check.body.years).toHaveLength(5);
    for (const y of check.body.years) {
      const planned = plan.body.plan.figures.budgetEffectiveByYear[String(y.year)] ?? 0;
      expect(y).toEqual({ year: y.year, target: 28_000_000 * KR, planned, shortfall: 28_000_000 * KR - planned, surplus: 0 });
    }
    // a what-if target in the query
    const small = await h.request<{ met: boolean; targetSource: string }>('GET', '/api/prioritisation/top-down-check?amountPerYear=100&fromYear=2029&toYear=2030', { as: 'revi' });
    expect(small.body).toMatchObject({ met: true, targetSource: 'query' });
  });

  it('the efficient frontier: NPV non-decreasing in the investment budget, every point proven optimal', async () => {
    const res = await h.request<{ basis: string; points: { budget: number; npv: number; provenOptimal: boolean; selection: string[] }[]; allProvenOptimal: boolean }>('POST', '/api/prioritisation/frontier', {
      as: 'frida',
      body: { constraints: { budgets: [{ year: 2027, amount: BUDGET_2027 }] }, points: 6 },
    });
    expect(res.status).toBe(200);
    expect(res.body.basis).toBe('yearly-budgets');
    expect(res.body.points).toHaveLength(6);
    expect(res.body.allProvenOptimal).toBe(true);
    for (let k = 1; k < 6; k++) {
      expect(res.body.points[k]!.budget).toBeGreaterThanOrEqual(res.body.points[k - 1]!.budget);
      expect(res.body.points[k]!.npv).toBeGreaterThanOrEqual(res.body.points[k - 1]!.npv);
    }
    // the last point funds every candidate: 450 000 + 850 000 + 250 000 kr
    expect(res.body.points[5]!.budget).toBe(1_550_000 * KR);
  });

  it('a scenario whose numbers no longer hold cannot be committed: a case re-based and re-approved since → 422 naming it', async () => {
    const saved = await h.request<{ scenarioId: string }>('POST', '/api/prioritisation/scenarios', { as: 'frida', body: { name: 'Alle tre', constraints: {}, selection: [ids['A'], ids['B'], ids['C']] } });
    expect(saved.status).toBe(201);
    // re-baseline B: revision 2 with a bigger implementation, submitted and approved
    const current = await h.request<{ current: Record<string, unknown> }>('GET', `/api/business-cases/${ids['B']}`, { as: 'frida' });
    const content = { ...current.body.current, reason: 'Dyrere leverandør' } as Record<string, unknown>;
    delete content['discountRatePct'];
    expect((await h.request('POST', `/api/business-cases/${ids['B']}/revisions`, { as: 'carl', body: content })).status).toBe(200);
    await submit(ids['B']!);
    expect((await h.request('POST', `/api/business-cases/${ids['B']}/approve`, { as: 'mette', body: { revision: 2, reason: 'Godkendt igen' } })).status).toBe(200);
    const stale = await h.request<Problem>('POST', `/api/prioritisation/scenarios/${saved.body.scenarioId}/commit`, { as: 'mette', body: { reason: 'Forsøg' } });
    expect(stale.status).toBe(422);
    expect(stale.body).toMatchObject({ code: 'scenario-stale', details: { cases: [{ caseId: ids['B'], savedRevision: 1, currentRevision: 2 }] } });
  });

  it('rebuilding every projection from position 0 gives exactly the live read models (the scenario list included)', async () => {
    const readModels = h.app.get(ReadModels);
    const result = await verifyReplay(readModels.store, readModels.projections, readModels.docs);
    expect(result.ok).toBe(true);
    expect(result.projections.find((p) => p.projection === 'portfolio-scenarios')?.status).toBe('compared');
  });
});
