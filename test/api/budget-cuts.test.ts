import { verifyReplay } from '@gevinst/read-models';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type Problem = { status: number; code: string; details?: Record<string, unknown> };
type Cut = { cutId: string; gross: number; retained: number; cut: number; amount: number; sharePct: number; override: { justification: string } | null };
type LedgerYear = { year: number; baseline: number | null; plannedGross: number; proposed: number; approved: number; booked: number; reversed: number; retained: number; adjustedBudget: number | null; cases: { caseId: string; booked: number }[] };
type Ledger = { departmentId: string; years: LedgerYear[] };

const THIS_YEAR = new Date().getUTCFullYear();

/**
 * Budget cuts over HTTP on the embedded store: the retained-share policy, four eyes, booking,
 * the ledgers, not faster than the gains arise, reversal, rebuild and concurrency.
 */
describe('budget cuts and retained share over HTTP', () => {
  let h: Harness;
  let caseId: string;
  const year = (ledger: Ledger, y: number): LedgerYear => ledger.years.find((x) => x.year === y)!;

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    const created = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase() });
    caseId = created.body.caseId;
    // Not approved yet: a cut is refused with a code.
    const early = await h.request<Problem>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: 2028 } });
    expect(early.status).toBe(422);
    expect(['case-not-approved', 'no-retained-share-policy']).toContain(early.body.code);
    await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar' } });
    expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'mette', body: { revision: 1, reason: 'Godkendt' } })).status).toBe(200);
    // Policy: 25 % by default, 50 % for social-og-sundhed.
    expect((await h.request('PUT', '/api/retained-share/default', { as: 'frida', body: { pct: 25, effectiveFromYear: THIS_YEAR, reason: 'Byrådets beslutning' } })).status).toBe(200);
    expect((await h.request('PUT', '/api/retained-share/departments/social-og-sundhed', { as: 'frida', body: { pct: 50, effectiveFromYear: THIS_YEAR, reason: 'Forsøg med højere andel' } })).status).toBe(200);
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a cut against a case that is not approved with 422 and a code', async () => {
    const draft = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase({ title: 'Ikke godkendt' }) });
    const res = await h.request<Problem>('POST', `/api/business-cases/${draft.body.caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: 2028 } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('case-not-approved');
  });

  it('finance A proposes, A may not approve, B approves, A books; both ledgers show gross, retained and cut', async () => {
    const proposed = await h.request<{ cutId: string; cut: Cut }>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: 2028 } });
    expect(proposed.status).toBe(201);
    // gross 1.280.000 kr.; retained 25 % = 320.000 kr.; cut 960.000 kr.
    expect(proposed.body.cut).toMatchObject({ gross: 1_280_000_00, retained: 320_000_00, cut: 960_000_00, amount: 960_000_00, sharePct: 25 });
    const cutId = proposed.body.cutId;

    const own = await h.request<Problem>('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/approve`, { as: 'frida', body: {} });
    expect(own.status).toBe(422);
    expect(own.body.code).toBe('four-eyes');
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/approve`, { as: 'frank', body: {} })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/book`, { as: 'frida', body: {} })).status).toBe(200);

    // social-og-sundhed 2028: gross 300.000 kr.; retained 50 % = 150.000 kr.; cut 150.000 kr.
    const social = await h.request<{ cutId: string; cut: Cut }>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frank', body: { departmentId: 'social-og-sundhed', year: 2028 } });
    expect(social.body.cut).toMatchObject({ gross: 300_000_00, retained: 150_000_00, cut: 150_000_00, sharePct: 50 });
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${social.body.cutId}/approve`, { as: 'frida', body: {} })).status).toBe(200);
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${social.body.cutId}/book`, { as: 'frank', body: {} })).status).toBe(200);

    const borger = await h.request<Ledger>('GET', '/api/departments/borgerservice/ledger', { as: 'bo' });
    expect(borger.status).toBe(200);
    expect(year(borger.body, 2028)).toMatchObject({ baseline: 50_000_000_00, plannedGross: 1_280_000_00, booked: 960_000_00, retained: 320_000_00, adjustedBudget: 50_000_000_00 - 960_000_00 });
    const sundhed = await h.request<Ledger>('GET', '/api/departments/social-og-sundhed/ledger', { as: 'sara' });
    expect(year(sundhed.body, 2028)).toMatchObject({ plannedGross: 300_000_00, booked: 150_000_00, retained: 150_000_00, adjustedBudget: 50_000_000_00 - 150_000_00 });

    // A department head sees only their own department.
    expect((await h.request('GET', '/api/departments/social-og-sundhed/ledger', { as: 'bo' })).status).toBe(403);
    expect((await h.request('GET', '/api/departments/borgerservice/ledger', { as: 'revi' })).status).toBe(200);
    const summary = await h.request<{ years: { year: number; booked: number; retained: number }[] }>('GET', '/api/ledger/summary', { as: 'revi' });
    expect(summary.body.years.find((y) => y.year === 2028)).toMatchObject({ booked: 1_110_000_00, retained: 470_000_00 });
  });

  it('refuses a cut that runs ahead of the savings, and records an override with its justification', async () => {
    // borgerservice 2027: ramp-up year; asking for 5 mio. kr. is far beyond the planned cut.
    const ahead = await h.request<Problem>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'borgerservice', year: 2027, amount: 5_000_000_00 } });
    expect(ahead.status).toBe(422);
    expect(ahead.body.code).toBe('not-faster-than-they-arise');
    const justification = 'Byrådet har besluttet at hente gevinsten før tid i budget 2027';
    const overridden = await h.request<{ cutId: string; cut: Cut }>('POST', `/api/business-cases/${caseId}/budget-cuts`, {
      as: 'frida',
      body: { departmentId: 'borgerservice', year: 2027, amount: 5_000_000_00, override: { justification } },
    });
    expect(overridden.status).toBe(201);
    expect(overridden.body.cut.override).toMatchObject({ justification });
    const listed = await h.request<{ items: { cutId: string; override: { justification: string } | null }[] }>('GET', '/api/budget-cuts?department=borgerservice', { as: 'revi' });
    expect(listed.body.items.find((c) => c.cutId === overridden.body.cutId)!.override!.justification).toBe(justification);
    // withdraw it again
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${overridden.body.cutId}/reject`, { as: 'frank', body: { reason: 'For tidligt' } })).status).toBe(200);
  });

  it('reverses a booked cut with a reason; the ledger shows it reversed, nothing deleted', async () => {
    const cuts = await h.request<{ items: { cutId: string; status: string; departmentId: string; year: number }[] }>('GET', '/api/budget-cuts?department=social-og-sundhed&status=booked', { as: 'frida' });
    const cut = cuts.body.items[0]!;
    expect((await h.request<Problem>('POST', `/api/business-cases/${caseId}/budget-cuts/${cut.cutId}/reverse`, { as: 'frida', body: {} })).status).toBe(400);
    expect((await h.request('POST', `/api/business-cases/${caseId}/budget-cuts/${cut.cutId}/reverse`, { as: 'frida', body: { reason: 'Fejlbogført' } })).status).toBe(200);
    const ledger = await h.request<Ledger>('GET', '/api/departments/social-og-sundhed/ledger', { as: 'sara' });
    expect(year(ledger.body, 2028)).toMatchObject({ booked: 0, reversed: 150_000_00, adjustedBudget: 50_000_000_00 });
    const all = await h.request<{ items: { cutId: string; status: string; reason: string }[] }>(`GET`, `/api/business-cases/${caseId}/budget-cuts`, { as: 'revi' });
    expect(all.body.items.find((c) => c.cutId === cut.cutId)).toMatchObject({ status: 'reversed' });
  });

  it('never lets 20 parallel proposals together run ahead of the planned saving', async () => {
    // social-og-sundhed up to 2029: planned cuts 150.000 + 150.000 kr. (50 % retained); none booked now.
    const limit = 300_000_00;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.request<{ cut?: Cut; code?: string }>('POST', `/api/business-cases/${caseId}/budget-cuts`, { as: 'frida', body: { departmentId: 'social-og-sundhed', year: 2029, amount: 40_000_00 } }),
      ),
    );
    for (const r of responses) expect([201, 409, 422]).toContain(r.status);
    const accepted = responses.filter((r) => r.status === 201);
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length * 40_000_00).toBeLessThanOrEqual(limit);
    const refused = responses.filter((r) => r.status === 422);
    expect(refused.every((r) => r.body.code === 'not-faster-than-they-arise')).toBe(true);
    // The ledger agrees with what was accepted.
    const ledger = await h.request<Ledger>('GET', '/api/departments/social-og-sundhed/ledger', { as: 'frida' });
    expect(year(ledger.body, 2029).proposed).toBe(accepted.length * 40_000_00);
  });

  it('rebuilding every projection from position 0 gives exactly the live read models', async () => {
    const readModels = h.app.get(ReadModels);
    const result = await verifyReplay(readModels.store, readModels.projections, readModels.docs);
    expect(result.ok).toBe(true);
    expect(result.projections.map((p) => p.status)).toEqual(readModels.projections.map(() => 'compared'));
  });
});
