import type { Harness } from '../support/app-harness';

/**
 * Demo data for the browser tests and the screenshots, written through the public API as the
 * people who would write it (no shortcuts into the store): two departments with budgets, a
 * retained-share policy, an approved business case with savings in both departments, and a
 * draft case.
 */
export interface Seeded {
  approvedCaseId: string;
  draftCaseId: string;
}

async function call<T = Record<string, unknown>>(h: Harness, method: string, url: string, as: string, body?: unknown, expected = [200, 201]): Promise<T> {
  const res = await h.request<T>(method, url, { as, ...(body !== undefined ? { body } : {}) });
  if (!expected.includes(res.status)) throw new Error(`${method} ${url} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const FIRST_YEAR = new Date().getFullYear() + 1;
const years = (n: number): number[] => Array.from({ length: n }, (_, i) => FIRST_YEAR + i);

/** A case: 400.000 kr. implementation and 50.000 kr. communication in year 1, 100.000 kr. licence a year; savings in borgerservice (time) and social-og-sundhed (fixed). */
export function demoCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Digitale parkeringstilladelser',
    description: 'Borgerne søger selv parkeringstilladelse digitalt i stedet for at ringe eller møde op.',
    owningDepartmentId: 'borgerservice',
    projectOwner: 'Carl Casesen',
    startYear: FIRST_YEAR,
    horizonYears: 5,
    riskReservePct: 10,
    origin: { kind: 'local' },
    benefitMap: {
      purpose: 'Borgerne betjener sig selv',
      goals: [{ id: 'g1', title: 'Færre manuelle sager', benefits: [{ id: 'm1', title: 'Sparet sagsbehandlingstid', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: 'Selvbetjeningsløsning' }] }] }],
    },
    costLines: [
      { id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: FIRST_YEAR, amount: 400_000_00, low: 350_000_00, high: 550_000_00 }] },
      { id: 'c2', description: 'Kampagne til borgerne', category: 'communication-marketing', nature: 'one-off', amounts: [{ year: FIRST_YEAR, amount: 50_000_00 }] },
      { id: 'c3', description: 'Licens', category: 'licence-operation', nature: 'running', amounts: years(5).map((year) => ({ year, amount: 100_000_00 })) },
      { id: 'c4', description: 'Oplæring af medarbejdere', category: 'training', nature: 'one-off', amounts: [{ year: FIRST_YEAR, hours: 120, hourlyCost: 450_00 }] },
    ],
    benefitLines: [
      {
        id: 'b1',
        description: 'Sparet tid på ansøgninger',
        departmentId: 'borgerservice',
        workProcess: 'Parkeringstilladelser',
        benefitClass: 'budget-effective',
        valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 },
        adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 12, startMonth: `${FIRST_YEAR}-01` },
      },
      {
        id: 'b2',
        description: 'Porto der ikke længere betales',
        departmentId: 'social-og-sundhed',
        workProcess: 'Breve til borgerne',
        benefitClass: 'budget-effective',
        valuation: { kind: 'fixed', amountPerYear: 300_000_00 },
        adoption: { potentialUsers: 1, targetAdoptionPct: 90, rampUpMonths: 6, startMonth: `${FIRST_YEAR + 1}-01` },
      },
      {
        id: 'b3',
        description: 'Kortere ventetid for borgerne',
        departmentId: 'borgerservice',
        workProcess: 'Parkeringstilladelser',
        benefitClass: 'unpriced',
        valuation: { kind: 'unpriced' },
        adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 12, startMonth: `${FIRST_YEAR}-01` },
      },
    ],
    reason: 'Første udkast',
    ...overrides,
  };
}

export async function seed(h: Harness): Promise<Seeded> {
  for (const [departmentId, name, headId] of [
    ['borgerservice', 'Borgerservice', 'bo'],
    ['social-og-sundhed', 'Social og Sundhed', 'sara'],
  ] as const) {
    await call(h, 'POST', '/api/departments', 'ada', { departmentId, name, headId });
    for (const year of years(5)) await call(h, 'PUT', `/api/departments/${departmentId}/budgets/${year}`, 'frida', { amount: (departmentId === 'borgerservice' ? 48_000_000_00 : 125_000_000_00) + (year - FIRST_YEAR) * 1_000_000_00, reason: 'Vedtaget budget' });
  }
  await call(h, 'PUT', '/api/retained-share/default', 'mette', { pct: 25, effectiveFromYear: FIRST_YEAR, reason: 'Direktionens beslutning: afdelingerne beholder en fjerdedel' });

  const approved = await call<{ caseId: string }>(h, 'POST', '/api/business-cases', 'carl', demoCase());
  await call(h, 'POST', `/api/business-cases/${approved.caseId}/submit`, 'carl', { reason: 'Klar til godkendelse' });
  await call(h, 'POST', `/api/business-cases/${approved.caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt i direktionen' });

  const draft = await call<{ caseId: string }>(h, 'POST', '/api/business-cases', 'cecilie', demoCase({
    title: 'Robot til journalisering',
    owningDepartmentId: 'social-og-sundhed',
    projectOwner: 'Cecilie Casesen',
    benefitMap: { purpose: 'Mindre manuelt arbejde', goals: [] },
    costLines: [{ id: 'c1', description: 'Robotlicens', category: 'licence-operation', nature: 'running', amounts: years(3).map((year) => ({ year, amount: 80_000_00 })) }],
    benefitLines: [
      {
        id: 'b1',
        description: 'Automatisk journalisering',
        departmentId: 'social-og-sundhed',
        workProcess: 'Journalisering',
        benefitClass: 'freed-time',
        valuation: { kind: 'time', casesPerYear: 15000, minutesSavedPerCase: 4, hourlyCost: 380_00 },
        adoption: { potentialUsers: 150, targetAdoptionPct: 100, rampUpMonths: 0, startMonth: `${FIRST_YEAR}-03` },
      },
    ],
    horizonYears: 3,
    riskReservePct: 0,
    reason: 'Idé fra medarbejderne',
  }));
  return { approvedCaseId: approved.caseId, draftCaseId: draft.caseId };
}

/** Cuts in every state for the screenshots: booked and approved for borgerservice, proposed for social-og-sundhed. */
export async function seedHarvest(h: Harness, caseId: string): Promise<void> {
  const propose = async (departmentId: string, year: number): Promise<string> =>
    (await call<{ cutId: string }>(h, 'POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId, year })).cutId;
  const step = (cutId: string, action: string, as: string, reason?: string) =>
    call(h, 'POST', `/api/business-cases/${caseId}/budget-cuts/${cutId}/${action}`, as, reason ? { reason } : {});
  const first = await propose('borgerservice', FIRST_YEAR);
  await step(first, 'approve', 'frank');
  await step(first, 'book', 'frida');
  const second = await propose('borgerservice', FIRST_YEAR + 1);
  await step(second, 'approve', 'mette');
  await propose('social-og-sundhed', FIRST_YEAR + 1);
}
