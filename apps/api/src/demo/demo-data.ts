import { SignJWT } from 'jose';
import { monthFromNumber, monthNumber } from '@gevinst/domain';
import { DEV_AUDIENCE, DEV_ISSUER } from '@gevinst/platform';

/**
 * The demo municipality ("Gevinstrup Kommune"): 8 departments, ~40 business cases over five
 * budget years, approvals, a re-baselined case, one derived from a national business case,
 * budget cuts in every state, and for the cases in operation an adoption indicator with
 * monthly measurements: most on plan, one lagging (amber), one turning red. Everything goes through the real HTTP API, so the
 * demo data obeys every rule a user does.
 */

export interface DemoClient {
  request<T = unknown>(method: string, url: string, as: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
}

export const DEMO_DEPARTMENTS: readonly { id: string; name: string; head: string }[] = [
  { id: 'borgerservice', name: 'Borgerservice', head: 'bo' },
  { id: 'social-og-sundhed', name: 'Social og Sundhed', head: 'sara' },
  { id: 'boern-og-unge', name: 'Børn og Unge', head: 'birgit' },
  { id: 'teknik-og-miljoe', name: 'Teknik og Miljø', head: 'tage' },
  { id: 'beskaeftigelse', name: 'Beskæftigelse', head: 'bente' },
  { id: 'aeldre-og-handicap', name: 'Ældre og Handicap', head: 'aase' },
  { id: 'kultur-og-fritid', name: 'Kultur og Fritid', head: 'kurt' },
  { id: 'administration', name: 'Administration og IT', head: 'anders' },
];

const PROJECTS: readonly [string, string, string][] = [
  ['Digital selvbetjening af flytning', 'borgerservice', 'Flytteanmeldelser'],
  ['Digitale parkeringstilladelser', 'borgerservice', 'Parkeringstilladelser'],
  ['Chatbot i borgerservice', 'borgerservice', 'Telefonhenvendelser'],
  ['Digital Post til alle breve', 'administration', 'Udsendelse af breve'],
  ['Robot til bogføring af fakturaer', 'administration', 'Fakturahåndtering'],
  ['Selvbetjening af sygedagpenge', 'beskaeftigelse', 'Sygedagpengesager'],
  ['Digitale jobsamtaler', 'beskaeftigelse', 'Jobsamtaler'],
  ['Automatisk match af ledige', 'beskaeftigelse', 'Jobformidling'],
  ['Digital pladsanvisning i dagtilbud', 'boern-og-unge', 'Pladsanvisning'],
  ['Forældreintra til fravær', 'boern-og-unge', 'Fraværsregistrering'],
  ['Digitale underretninger', 'boern-og-unge', 'Underretninger'],
  ['Mobil hjemmepleje', 'aeldre-og-handicap', 'Dokumentation i hjemmeplejen'],
  ['Ruteplanlægning i hjemmeplejen', 'aeldre-og-handicap', 'Kørsel i hjemmeplejen'],
  ['Skærmbesøg til borgere i eget hjem', 'aeldre-og-handicap', 'Besøg'],
  ['Digitale hjælpemiddelansøgninger', 'aeldre-og-handicap', 'Hjælpemiddelsager'],
  ['Selvbetjening af byggetilladelser', 'teknik-og-miljoe', 'Byggesager'],
  ['Digital affaldstilmelding', 'teknik-og-miljoe', 'Affaldsordninger'],
  ['Sensorer i skraldespande', 'teknik-og-miljoe', 'Tømning af affaldsbeholdere'],
  ['Digital vejvisning til vejarbejder', 'teknik-og-miljoe', 'Gravetilladelser'],
  ['Online booking af haller', 'kultur-og-fritid', 'Lokalebooking'],
  ['Selvbetjente biblioteker', 'kultur-og-fritid', 'Udlån'],
  ['Digital tilskudsansøgning for foreninger', 'kultur-og-fritid', 'Foreningstilskud'],
  ['Automatiseret sagsfordeling', 'social-og-sundhed', 'Visitation'],
  ['Digitale genoptræningsplaner', 'social-og-sundhed', 'Genoptræning'],
  ['Telemedicin for KOL-patienter', 'social-og-sundhed', 'Hjemmebesøg'],
  ['Digital ansøgning om enkeltydelser', 'social-og-sundhed', 'Enkeltydelser'],
  ['E-learning for medarbejdere', 'administration', 'Kurser'],
  ['Digitale lønsedler og fraværsregistrering', 'administration', 'Løn og personale'],
  ['Selvbetjening af boligstøtte', 'borgerservice', 'Boligstøtte'],
  ['Digital ansøgning om pas og kørekort', 'borgerservice', 'Pas og kørekort'],
  ['Robot til ydelseskontrol', 'beskaeftigelse', 'Ydelseskontrol'],
  ['Tale-til-tekst i sagsbehandlingen', 'social-og-sundhed', 'Journalføring'],
  ['Digital skoleindskrivning', 'boern-og-unge', 'Skoleindskrivning'],
  ['Elektroniske nøgler i hjemmeplejen', 'aeldre-og-handicap', 'Nøglehåndtering'],
  ['Digital indberetning af skadedyr', 'teknik-og-miljoe', 'Rottebekæmpelse'],
  ['Fælles kontaktcenter', 'administration', 'Omstilling'],
  ['Selvbetjening af kontanthjælp', 'beskaeftigelse', 'Kontanthjælpsansøgninger'],
  ['Automatisk behandling af friplads', 'boern-og-unge', 'Fripladstilskud'],
  ['Digital madservice', 'aeldre-og-handicap', 'Madbestilling'],
  ['Digital tilsynsrapportering', 'social-og-sundhed', 'Tilsyn'],
];

/** A small deterministic PRNG (mulberry32) so that the demo is the same every time. */
const prng = (seed: number): (() => number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export interface DemoResult {
  departments: number;
  cases: number;
  approved: number;
  cuts: number;
  /** Indicators defined on the cases in operation, and the measurements recorded on them. */
  indicators: number;
  measurements: number;
  /** The case whose adoption lags far behind plan (it turns red). */
  redCase: string | null;
  caseIds: Record<string, string>;
}

/** How the cases in operation are doing against plan: most on track, one lagging, one failing. */
const REALISATION_PACE: Readonly<Record<number, { label: string; factor: (monthIndex: number, months: number) => number }>> = {
  7: { label: 'red', factor: (m, n) => (m < n - 6 ? 0.8 : 0.35) }, // adoption stalled half a year ago
  17: { label: 'amber', factor: () => 0.8 },
};

/** The months from `start` through `last`, in order. */
const monthsThrough = (start: string, last: string): string[] =>
  Array.from({ length: Math.max(0, monthNumber(last) - monthNumber(start) + 1) }, (_, i) => monthFromNumber(monthNumber(start) + i));

/** Signs a case-author token for a department of the demo (the dev signing key is the app's own). */
export async function demoAuthorToken(secret: Uint8Array, departmentId: string): Promise<string> {
  return new SignJWT({ name: `Projektejer, ${departmentId}`, roles: ['case-author'], departments: [departmentId] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`forfatter-${departmentId}`)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
}

const expectOk = (what: string, res: { status: number; body: unknown }): void => {
  if (res.status >= 300) throw new Error(`demo: ${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
};

/** Seeds the demo municipality through the API. `authorOf(dept)` names the token to act as. */
export async function seedDemo(
  client: DemoClient,
  authorOf: (departmentId: string) => string,
  thisYear: number,
  today: Date = new Date(),
): Promise<DemoResult> {
  const random = prng(20121);
  const firstYear = thisYear - 2;
  for (const d of DEMO_DEPARTMENTS) {
    expectOk(`register ${d.id}`, await client.request('POST', '/api/departments', 'ada', { departmentId: d.id, name: d.name, headId: d.head }));
    for (let year = firstYear; year < firstYear + 5; year++) {
      const amount = Math.round((80 + random() * 400) * 1_000_000) * 100;
      expectOk(`budget ${d.id} ${year}`, await client.request('PUT', `/api/departments/${d.id}/budgets/${year}`, 'frida', { amount, reason: `Vedtaget budget ${year}` }));
    }
  }
  expectOk('default share', await client.request('PUT', '/api/retained-share/default', 'frida', { pct: 25, effectiveFromYear: thisYear, reason: 'Byrådet: afdelingerne beholder en fjerdedel af gevinsten' }));
  expectOk('share', await client.request('PUT', '/api/retained-share/departments/aeldre-og-handicap', 'mette', { pct: 50, effectiveFromYear: thisYear, reason: 'Forsøg: ældreområdet beholder halvdelen til bedre service' }));

  const caseIds: Record<string, string> = {};
  const inOperation: { i: number; caseId: string; author: string; adoptionStart: string; title: string }[] = [];
  let approved = 0;
  let cuts = 0;
  for (let i = 0; i < PROJECTS.length; i++) {
    const [title, dept, process] = PROJECTS[i]!;
    const startYear = firstYear + (i % 3);
    const derived = i === 3; // Digital Post: scaled down from the national business case
    const minutes = 4 + Math.round(random() * 26);
    const cases = 2000 + Math.round(random() * 30) * 1000;
    const hourly = 380_00 + Math.round(random() * 12) * 1000;
    const secondDept = DEMO_DEPARTMENTS[(i * 3 + 1) % DEMO_DEPARTMENTS.length]!.id;
    const implementation = (200 + Math.round(random() * 20) * 50) * 1000_00;
    const licence = (40 + Math.round(random() * 12) * 10) * 1000_00;
    const forgetsCommunication = i % 7 === 5; // the cost that is always forgotten
    const content = {
      title,
      description: `${title}: ${process.toLowerCase()} flyttes til digital selvbetjening, så medarbejderne bruger mindre tid pr. sag.`,
      owningDepartmentId: dept,
      projectOwner: `Projektleder for ${title.toLowerCase()}`,
      startYear,
      horizonYears: 5,
      riskReservePct: 10,
      origin: derived
        ? { kind: 'derived-from-national', nationalCaseRef: 'Fællesoffentlig business case for Digital Post', scalingKey: 'population', localValue: 60000, nationalValue: 5900000 }
        : { kind: 'local' },
      benefitMap: {
        purpose: 'Bedre service for borgerne og frigjorte ressourcer',
        goals: [{ id: 'g1', title: `Færre manuelle sager i ${process.toLowerCase()}`, benefits: [{ id: 'm1', title: 'Sparet sagsbehandlingstid', benefitLineIds: ['b1'], deliverables: [{ id: 'd1', title: title }] }] }],
      },
      costLines: [
        { id: 'c1', description: 'Indkøb og implementering', category: 'implementation', nature: 'one-off', amounts: [{ year: startYear, amount: implementation, low: Math.round(implementation * 0.9), high: Math.round(implementation * 1.4) }] },
        { id: 'c2', description: 'Uddannelse af medarbejdere', category: 'training', nature: 'one-off', amounts: [{ year: startYear, hours: 200 + Math.round(random() * 400), hourlyCost: 420_00 }] },
        ...(forgetsCommunication ? [] : [{ id: 'c3', description: 'Kommunikation og markedsføring til borgerne', category: 'communication-marketing', nature: 'one-off', amounts: [{ year: startYear, amount: 60_000_00 }] }]),
        { id: 'c4', description: 'Licens og drift', category: 'licence-operation', nature: 'running', amounts: Array.from({ length: 5 }, (_, k) => ({ year: startYear + k, amount: licence })) },
      ],
      benefitLines: [
        {
          id: 'b1',
          description: `Sparet tid på ${process.toLowerCase()}`,
          departmentId: dept,
          workProcess: process,
          benefitClass: 'budget-effective',
          valuation: { kind: 'time', casesPerYear: cases, minutesSavedPerCase: minutes, hourlyCost: hourly },
          adoption: { potentialUsers: cases, targetAdoptionPct: 60 + Math.round(random() * 6) * 5, rampUpMonths: 12 + Math.round(random() * 2) * 6, startMonth: `${startYear}-0${1 + (i % 9)}` },
        },
        {
          id: 'b2',
          description: 'Færre henvendelser i andre afdelinger',
          departmentId: secondDept,
          workProcess: 'Henvendelser',
          benefitClass: i % 2 === 0 ? 'freed-time' : 'budget-effective',
          valuation: { kind: 'fixed', amountPerYear: (30 + Math.round(random() * 20) * 10) * 1000_00 },
          adoption: { potentialUsers: 1, targetAdoptionPct: 100, rampUpMonths: 6, startMonth: `${startYear + 1}-01` },
        },
      ],
      reason: 'Første udkast efter workshop med økonomi',
    };
    const author = authorOf(dept);
    const created = await client.request<{ caseId: string }>('POST', '/api/business-cases', author, content, { 'idempotency-key': `demo-case-${i}` });
    expectOk(`create ${title}`, created);
    const caseId = created.body.caseId;
    caseIds[title] = caseId;
    const stage = i % 10; // 0–1 draft/submitted, 2 rejected, rest approved and on
    if (stage === 0) continue;
    expectOk('submit', await client.request('POST', `/api/business-cases/${caseId}/submit`, author, { reason: 'Klar til økonomiudvalget' }));
    if (stage === 1) continue;
    if (stage === 2) {
      expectOk('reject', await client.request('POST', `/api/business-cases/${caseId}/reject`, 'mette', { revision: 1, reason: 'Gevinsten er ikke dokumenteret' }));
      continue;
    }
    expectOk('approve', await client.request('POST', `/api/business-cases/${caseId}/approve`, i % 2 ? 'frida' : 'mette', { revision: 1, reason: 'Godkendt i direktionen' }));
    approved++;
    if (stage >= 5) expectOk('implement', await client.request('POST', `/api/business-cases/${caseId}/start-implementation`, 'frida', { reason: 'Kontrakt underskrevet' }));
    if (stage >= 7) {
      expectOk('live', await client.request('POST', `/api/business-cases/${caseId}/go-live`, 'frida', { reason: 'Løsningen er i drift' }));
      inOperation.push({ i, caseId, author, adoptionStart: content.benefitLines[0]!.adoption.startMonth, title });
    }
    if (i === 13) {
      // Re-baselined: the baseline measurement showed fewer minutes saved than estimated.
      const rebaselined = { ...content, reason: 'Nulpunktsmåling: halvt så mange minutter sparet pr. sag', benefitLines: [{ ...content.benefitLines[0]!, valuation: { kind: 'time', casesPerYear: cases, minutesSavedPerCase: Math.max(1, Math.round(minutes / 2)), hourlyCost: hourly } }, content.benefitLines[1]!] };
      expectOk('rebaseline', await client.request('POST', `/api/business-cases/${caseId}/revisions`, author, rebaselined));
      expectOk('resubmit', await client.request('POST', `/api/business-cases/${caseId}/submit`, author, { reason: 'Re-baseline til godkendelse' }));
      expectOk('reapprove', await client.request('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 2, reason: 'Ny baseline godkendt' }));
    }
    // Harvest this year's gain for the owning department: proposed, approved and booked.
    for (const year of [thisYear, thisYear + 1]) {
      const proposed = await client.request<{ cutId: string }>('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId: dept, year }, { 'idempotency-key': `demo-cut-${i}-${year}` });
      if (proposed.status !== 201) continue; // e.g. nothing to harvest yet in the ramp-up year
      cuts++;
      if (year > thisYear && i % 3 === 0) continue; // next year's cut awaits approval
      expectOk('approve cut', await client.request('POST', `/api/business-cases/${caseId}/budget-cuts/${proposed.body.cutId}/approve`, 'frank', { reason: 'Godkendt (fire øjne)' }));
      if (year === thisYear) expectOk('book cut', await client.request('POST', `/api/business-cases/${caseId}/budget-cuts/${proposed.body.cutId}/book`, 'frida', { reason: 'Bogført i budgettet' }));
    }
  }
  const realisation = await seedRealisation(client, inOperation, today, random);
  return { departments: DEMO_DEPARTMENTS.length, cases: PROJECTS.length, approved, cuts, ...realisation, caseIds };
}

/**
 * Realisation of the cases in operation: an adoption indicator on the main benefit line (its
 * trajectory is the approved adoption curve) and a monthly measurement from the start of
 * adoption up to this month, most close to plan, one lagging (amber) and
 * one whose adoption stalled (red, not yet acknowledged). One measurement is corrected.
 */
async function seedRealisation(
  client: DemoClient,
  cases: readonly { i: number; caseId: string; author: string; adoptionStart: string; title: string }[],
  today: Date,
  random: () => number,
): Promise<{ indicators: number; measurements: number; redCase: string | null }> {
  // Up to and including this month (the source systems report month to date).
  const thisMonth = today.toISOString().slice(0, 7);
  let indicators = 0;
  let measurements = 0;
  let redCase: string | null = null;
  for (const { i, caseId, author, adoptionStart, title } of cases) {
    const pace = REALISATION_PACE[i];
    if (pace?.label === 'red') redCase = caseId;
    const months = monthsThrough(adoptionStart, thisMonth);
    // Both lines monthly: the main line's adoption, and the fewer enquiries in other departments
    // (the second line, from the year after).
    const lines = [
      { indicatorId: 'digital-andel', name: 'Andel af sagerne der kommer digitalt', line: 'b1' },
      { indicatorId: 'faerre-henvendelser', name: 'Andel af henvendelserne der er bortfaldet', line: 'b2' },
    ];
    let first: { id: string; value: number } | undefined;
    for (const { indicatorId, name, line } of lines) {
      const defined = await client.request<{ indicator: { trajectory: { period: string; value: number }[] } }>('POST', `/api/business-cases/${caseId}/indicators`, author, {
        indicatorId,
        name,
        unit: 'percent',
        kind: 'adoption',
        benefitLineIds: [line],
        baseline: { value: 0, date: `${adoptionStart}-01` },
      }, { 'idempotency-key': `demo-indicator-${i}-${indicatorId}` });
      expectOk(`indicator ${indicatorId} for ${title}`, defined);
      indicators++;
      const trajectory = defined.body.indicator.trajectory;
      const plannedIn = (period: string): number => [...trajectory].reverse().find((p) => p.period <= period)?.value ?? 0;
      for (const [m, period] of months.entries()) {
        if (plannedIn(period) === 0) continue;
        const factor = pace ? pace.factor(m, months.length) : 0.95 + random() * 0.1;
        const value = Math.min(100, Math.round(plannedIn(period) * factor * 10) / 10);
        const recorded = await client.request<{ measurementId: string }>('POST', `/api/business-cases/${caseId}/measurements`, 'frida', {
          indicatorId,
          value,
          unit: 'percent',
          period,
          source: { kind: 'system', system: 'Fagsystemets månedsstatistik' },
        }, { 'idempotency-key': `demo-measurement-${i}-${indicatorId}-${period}` });
        expectOk(`measurement ${indicatorId} ${period} for ${title}`, recorded);
        if (line === 'b1') first ??= { id: recorded.body.measurementId, value };
        measurements++;
      }
    }
    if (i === 8 && first) {
      const corrected = await client.request('POST', `/api/business-cases/${caseId}/measurements/${first.id}/corrections`, 'frida', {
        value: Math.round(first.value * 0.95 * 10) / 10,
        reason: 'Den første måned talte testansøgninger med',
      }, { 'idempotency-key': `demo-correction-${i}` });
      expectOk(`correction for ${title}`, corrected);
      measurements++;
    }
  }
  return { indicators, measurements, redCase };
}
