import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type Problem = { status: number; code: string; 'invalid-params'?: { name: string; reason: string }[] };
type CaseView = {
  caseId: string;
  status: string;
  latestRevision: number;
  approvedRevision: number | null;
  rebaseline: { revision: number; status: string } | null;
  approvals: { revision: number; summary: { npv: number; budgetEffectiveByDepartmentAndYear: Record<string, Record<string, number>> } }[];
  history: { event: string; by: { id: string }; reason: string }[];
};

/** Business cases through the real HTTP API on the embedded store. */
describe('business cases over HTTP', () => {
  let h: Harness;
  const head = async (): Promise<string> => (await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition;

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
  });
  afterAll(async () => {
    await h.close();
  });

  it('create → revise twice → submit → approve → re-baseline → diff; the approved numbers never change', async () => {
    const created = await h.request<{ caseId: string; etag: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase() });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId;
    expect(created.headers.get('location')).toBe(`/api/business-cases/${caseId}`);
    expect(created.headers.get('etag')).toBe('"0"');

    const r2 = await h.request<{ etag: string }>('POST', `/api/business-cases/${caseId}/revisions`, {
      as: 'carl',
      headers: { 'if-match': '"0"' },
      body: sampleCase({ title: 'Digitale parkeringstilladelser v2', reason: 'Titel præciseret' }),
    });
    expect(r2.status).toBe(200);
    expect(r2.body.etag).toBe('1');
    // Someone revising from the old ETag gets a clean conflict, and nothing is appended.
    const stale = await h.request<Problem>('POST', `/api/business-cases/${caseId}/revisions`, { as: 'carl', headers: { 'if-match': '"0"' }, body: sampleCase({ reason: 'fra gammel version' }) });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('revision-conflict');
    const r3 = await h.request('POST', `/api/business-cases/${caseId}/revisions`, {
      as: 'carl',
      headers: { 'if-match': '"1"' },
      body: sampleCase({ title: 'Digitale parkeringstilladelser', riskReservePct: 10, reason: 'Risikopulje tilføjet' }),
    });
    expect(r3.status).toBe(200);

    expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar til behandling' } })).status).toBe(200);
    // Only finance or management approve.
    expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'carl', body: { revision: 3, reason: 'selv' } })).status).toBe(403);
    const approved = await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'frida', body: { revision: 3, reason: 'Godkendt i økonomiudvalget' } });
    expect(approved.status).toBe(200);

    const econBefore = await h.request<{ economics: { npv: number; discountRatePct: number; budgetEffectiveByDepartment: Record<string, number[]> } }>('GET', `/api/business-cases/${caseId}/revisions/3/economics`, { as: 'frida' });
    expect(econBefore.status).toBe(200);
    expect(econBefore.body.economics.discountRatePct).toBe(3.5);
    // social-og-sundhed: a fixed 300.000 kr. a year from 2028 at 100 % adoption.
    expect(econBefore.body.economics.budgetEffectiveByDepartment['social-og-sundhed']).toEqual([0, 300_000_00, 300_000_00, 300_000_00, 300_000_00]);
    // borgerservice 2028: 20.000 cases × 12 min ÷ 60 × 400 kr./h × 80 % adoption (ramp done) = 1.280.000 kr.
    expect(econBefore.body.economics.budgetEffectiveByDepartment['borgerservice']![1]).toBe(1_280_000_00);

    // Re-baseline: half the minutes saved.
    const base = sampleCase() as { benefitLines: Record<string, unknown>[] };
    const rebaselined = sampleCase({
      riskReservePct: 10,
      reason: 'Nulpunktsmåling viste 6 minutter pr. sag',
      benefitLines: [{ ...base.benefitLines[0], valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 6, hourlyCost: 400_00 } }, base.benefitLines[1]],
    });
    const r4 = await h.request('POST', `/api/business-cases/${caseId}/revisions`, { as: 'carl', body: rebaselined });
    expect(r4.status).toBe(200);

    const view = await h.request<CaseView>('GET', `/api/business-cases/${caseId}`, { as: 'frida' });
    expect(view.body.status).toBe('approved');
    expect(view.body.approvedRevision).toBe(3);
    expect(view.body.latestRevision).toBe(4);
    expect(view.body.rebaseline).toEqual({ revision: 4, status: 'draft' });
    expect(view.body.approvals[0]!.summary.budgetEffectiveByDepartmentAndYear['borgerservice']!['2028']).toBe(1_280_000_00);
    expect(view.body.history.map((e) => e.event)).toEqual([
      'BusinessCaseDrafted',
      'BusinessCaseRevised',
      'BusinessCaseRevised',
      'BusinessCaseSubmitted',
      'BusinessCaseApproved',
      'BusinessCaseRevised',
    ]);
    expect(view.body.history[4]).toMatchObject({ by: { id: 'frida' }, reason: 'Godkendt i økonomiudvalget' });

    const econAfter = await h.request('GET', `/api/business-cases/${caseId}/revisions/3/economics`, { as: 'frida' });
    expect(econAfter.body).toEqual(econBefore.body);

    const diff = await h.request<{ diff: { benefitLines: { changed: { id: string }[] }; economics: { npv: { before: number; after: number; delta: number }; budgetEffectiveByDepartmentAndYear: { departmentId: string; year: number; before: number; after: number }[] } } }>(
      'GET',
      `/api/business-cases/${caseId}/diff?from=3&to=4`,
      { as: 'revi' },
    );
    expect(diff.status).toBe(200);
    expect(diff.body.diff.benefitLines.changed.map((l) => l.id)).toEqual(['b1']);
    expect(diff.body.diff.economics.npv.delta).toBeLessThan(0);
    expect(diff.body.diff.economics.budgetEffectiveByDepartmentAndYear).toContainEqual(
      expect.objectContaining({ departmentId: 'borgerservice', year: 2028, before: 1_280_000_00, after: 640_000_00 }),
    );

    const list = await h.request<{ items: { caseId: string; status: string; approved: { npv: number } }[] }>('GET', '/api/business-cases?status=approved', { as: 'mette' });
    expect(list.body.items.map((c) => c.caseId)).toContain(caseId);
    expect(list.body.items.find((c) => c.caseId === caseId)!.approved.npv).toBe(view.body.approvals[0]!.summary.npv);
  });

  it.each([
    ['negative minutes', { benefitLines: [{ ...(sampleCase() as { benefitLines: object[] }).benefitLines[0], valuation: { kind: 'time', casesPerYear: 100, minutesSavedPerCase: -5, hourlyCost: 40000 } }] }, 'benefitLines[0].valuation.minutesSavedPerCase'],
    ['adoption above 100 %', { benefitLines: [{ ...(sampleCase() as { benefitLines: Record<string, unknown>[] }).benefitLines[0], adoption: { potentialUsers: 10, targetAdoptionPct: 120, rampUpMonths: 0, startMonth: '2027-01' } }] }, 'benefitLines[0].adoption.targetAdoptionPct'],
    ['unknown department', { benefitLines: [{ ...(sampleCase() as { benefitLines: Record<string, unknown>[] }).benefitLines[0], departmentId: 'no-such-department' }] }, 'benefitLines[0].departmentId'],
    ['a cost line with no year', { costLines: [{ id: 'c1', description: 'x', category: 'other', nature: 'one-off', amounts: [{ amount: 100 }] }] }, 'costLines[0].amounts[0].year'],
    ['a year outside the horizon', { costLines: [{ id: 'c1', description: 'x', category: 'other', nature: 'one-off', amounts: [{ year: 2040, amount: 100 }] }] }, 'costLines[0].amounts[0].year'],
    ['fractional øre', { costLines: [{ id: 'c1', description: 'x', category: 'other', nature: 'one-off', amounts: [{ year: 2027, amount: 100.5 }] }] }, 'costLines[0].amounts[0].amount'],
    ['a 10 MB description', { description: 'x'.repeat(10 * 1024 * 1024) }, 'description'],
    ['an unknown field', { secretField: 1 }, 'secretField'],
  ])('refuses %s with 400 naming the field, and appends nothing', async (_, overrides, field) => {
    const before = await head();
    const res = await h.request<Problem>('POST', '/api/business-cases', { as: 'carl', body: sampleCase(overrides) });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body['invalid-params']!.map((p) => p.name)).toContain(field);
    expect(await head()).toBe(before);
  });

  it('refuses invalid JSON with 400', async () => {
    const res = await h.request<Problem>('POST', '/api/business-cases', { as: 'carl', rawBody: '{"title": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
  });

  it('lets case authors act only for their own department, and department heads not at all', async () => {
    const foreign = await h.request<Problem>('POST', '/api/business-cases', { as: 'cecilie', body: sampleCase() });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('not-own-department');
    expect((await h.request('POST', '/api/business-cases', { as: 'bo', body: sampleCase() })).status).toBe(403);
    expect((await h.request('POST', '/api/business-cases', { as: 'revi', body: sampleCase() })).status).toBe(403);
  });

  it('answers a re-sent create (same Idempotency-Key) with the same case and appends once', async () => {
    const headers = { 'idempotency-key': 'create-once-123456' };
    const first = await h.request<{ caseId: string; duplicate: boolean }>('POST', '/api/business-cases', { as: 'carl', headers, body: sampleCase() });
    const before = await head();
    const again = await h.request<{ caseId: string; duplicate: boolean }>('POST', '/api/business-cases', { as: 'carl', headers, body: sampleCase() });
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(again.body.duplicate).toBe(true);
    expect(await head()).toBe(before);
  });
});
