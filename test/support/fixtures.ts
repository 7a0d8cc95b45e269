import type { Harness } from './app-harness';

/** Registers the two dev departments (as admin) with baseline budgets (as finance). */
export async function registerDepartments(h: Harness): Promise<void> {
  for (const [departmentId, name, headId] of [
    ['borgerservice', 'Borgerservice', 'bo'],
    ['social-og-sundhed', 'Social og Sundhed', 'sara'],
  ] as const) {
    const res = await h.request('POST', '/api/departments', { as: 'ada', body: { departmentId, name, headId } });
    if (res.status !== 201) throw new Error(`register ${departmentId}: ${res.status} ${JSON.stringify(res.body)}`);
    for (const year of [2027, 2028, 2029, 2030, 2031]) {
      const b = await h.request('PUT', `/api/departments/${departmentId}/budgets/${year}`, { as: 'frida', body: { amount: 50_000_000_00, reason: 'Vedtaget budget' } });
      if (b.status !== 200) throw new Error(`budget ${departmentId} ${year}: ${b.status} ${JSON.stringify(b.body)}`);
    }
  }
}

/**
 * A business case with savings in both departments:
 * - costs: 400.000 kr. implementation in 2027, 50.000 kr. communication in 2027, 100.000 kr. licence a year 2027–2031;
 * - benefits: budget-effective time savings in borgerservice (20.000 cases × 12 min ÷ 60 × 400 kr./h
 *   = 1.600.000 kr. a year at full adoption) with adoption 80 % from 2027-01 ramped over 12 months,
 *   and a fixed budget-effective 300.000 kr. a year in social-og-sundhed, adoption 100 % from 2028-01 without ramp.
 */
export function sampleCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Digitale parkeringstilladelser',
    description: 'Borgerne søger selv parkeringstilladelse digitalt.',
    owningDepartmentId: 'borgerservice',
    projectOwner: 'Carl Casesen',
    startYear: 2027,
    horizonYears: 5,
    riskReservePct: 0,
    origin: { kind: 'local' },
    benefitMap: {
      purpose: 'Borgerne betjener sig selv',
      goals: [{ id: 'g1', title: 'Færre manuelle sager', benefits: [{ id: 'bm1', title: 'Sparet sagsbehandlingstid', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: 'Selvbetjeningsløsning' }] }] }],
    },
    costLines: [
      { id: 'c1', description: 'Implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: 2027, amount: 400_000_00 }] },
      { id: 'c2', description: 'Kommunikation til borgerne', category: 'communication-marketing', nature: 'one-off', amounts: [{ year: 2027, amount: 50_000_00 }] },
      {
        id: 'c3',
        description: 'Licens',
        category: 'licence-operation',
        nature: 'running',
        amounts: [2027, 2028, 2029, 2030, 2031].map((year) => ({ year, amount: 100_000_00 })),
      },
    ],
    benefitLines: [
      {
        id: 'b1',
        description: 'Sparet tid på ansøgninger',
        departmentId: 'borgerservice',
        workProcess: 'Parkeringstilladelser',
        benefitClass: 'budget-effective',
        valuation: { kind: 'time', casesPerYear: 20000, minutesSavedPerCase: 12, hourlyCost: 400_00 },
        adoption: { potentialUsers: 20000, targetAdoptionPct: 80, rampUpMonths: 12, startMonth: '2027-01' },
      },
      {
        id: 'b2',
        description: 'Porto der ikke længere betales',
        departmentId: 'social-og-sundhed',
        workProcess: 'Breve',
        benefitClass: 'budget-effective',
        valuation: { kind: 'fixed', amountPerYear: 300_000_00 },
        adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 0, startMonth: '2028-01' },
      },
    ],
    reason: 'Første udkast',
    ...overrides,
  };
}
