/**
 * Who may call what: every endpoint of the API × every principal, with the answer expected.
 *
 *   ok   the request gets past authentication and authorisation: 2xx, or a 4xx about the
 *        request or the state (400, 404, 409, 422) — never 401 or 403
 *   401  not authenticated
 *   403  authenticated, but not allowed (role, or the department scope)
 *
 * Principals (columns, in the order the test walks them):
 *   none        no Authorization header
 *   expired     frida's token, expired a minute ago
 *   wrong-key   frida's token, signed with another key
 *   cecilie     case-author,     social-og-sundhed  ┐ a token for another department: every
 *   sara        department-head, social-og-sundhed  ┘ resource below belongs to borgerservice
 *   carl        case-author,     borgerservice
 *   bo          department-head, borgerservice
 *   frida       finance (proposes the cuts of the fixtures)
 *   frank       finance (the second pair of eyes)
 *   mette       management
 *   revi        auditor (reads everything, changes nothing)
 *   ada         admin
 *
 * The ids are fixtures created by access.test.ts: `A` a draft case owned by borgerservice with
 * all its benefits there; `S1`–`S3` submitted such cases; `P` an approved one (for the phases);
 * `B` an approved one with cuts: `cutP` proposed by frida, `cutR` proposed, `cutK` approved,
 * `cutV` booked, and an indicator with a measurement. A row's request is built once per cell,
 * so commands carry fresh bodies.
 *
 * A new endpoint in the OpenAPI document without a row here fails access.test.ts: add it.
 */
import { sampleCase } from '../support/fixtures';

export const PRINCIPALS = ['none', 'expired', 'wrong-key', 'cecilie', 'sara', 'carl', 'bo', 'frida', 'frank', 'mette', 'revi', 'ada'] as const;
export type Principal = (typeof PRINCIPALS)[number];
export type Expected = 'ok' | 401 | 403;

export interface Fixtures {
  A: string;
  S1: string;
  S2: string;
  S3: string;
  P: string;
  B: string;
  cutP: string;
  cutR: string;
  cutK: string;
  cutV: string;
  /** An indicator on B (adoption, benefit line b1) and a measurement of it. */
  indicator: string;
  measurement: string;
}

export interface AccessRow {
  method: string;
  /** The path as in the OpenAPI document. */
  path: string;
  request: (f: Fixtures) => { url: string; body?: unknown };
  expect: Record<Principal, Expected>;
}

const NEXT_YEAR = new Date().getUTCFullYear() + 1;
/** Measurements are of the past: last month, and the indicator's baseline a year before. */
const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1));
export const PAST_MONTH = lastMonth.toISOString().slice(0, 7);
export const MONTH_BEFORE = new Date(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
export const BASELINE_DATE = `${lastMonth.getUTCFullYear() - 1}-01-01`;
let unique = 0;
const reason = { reason: 'Adgangstest' };

/** A case owned by borgerservice whose benefits all fall there (so social-og-sundhed is "another department"). */
export const borgerserviceCase = (): Record<string, unknown> => {
  const c = sampleCase({ title: `Adgang ${++unique}` });
  return { ...c, benefitLines: (c['benefitLines'] as { departmentId: string }[]).filter((l) => l.departmentId === 'borgerservice') };
};

/** 12 cells in PRINCIPALS order; `|` only groups them for the eye. */
const cells = (line: string): Record<Principal, Expected> => {
  const values = line.split(/\s+/).filter((v) => v !== '' && v !== '|');
  if (values.length !== PRINCIPALS.length) throw new Error(`access table: ${values.length} cells in "${line}"`);
  return Object.fromEntries(
    PRINCIPALS.map((p, i) => {
      const v = values[i]!;
      if (v !== 'ok' && v !== '401' && v !== '403') throw new Error(`access table: bad cell ${v} in "${line}"`);
      return [p, v === 'ok' ? 'ok' : Number(v)];
    }),
  ) as Record<Principal, Expected>;
};

const row = (method: string, path: string, request: AccessRow['request'], expect: string): AccessRow => ({ method, path, request, expect: cells(expect) });

// prettier-ignore
export const ACCESS_TABLE: readonly AccessRow[] = [
  // Portfolio prioritisation: readers as in docs/prioritisation.md; management commits.
  row('GET', '/api/prioritisation/criteria', () => ({ url: '/api/prioritisation/criteria' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('GET', '/api/prioritisation/ranking', () => ({ url: '/api/prioritisation/ranking' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('GET', '/api/prioritisation/scenarios', () => ({ url: '/api/prioritisation/scenarios' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('GET', '/api/prioritisation/scenarios/compare', () => ({ url: '/api/prioritisation/scenarios/compare?a=x&b=y' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('GET', '/api/prioritisation/scenarios/{scenarioId}', () => ({ url: '/api/prioritisation/scenarios/nope' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('GET', '/api/prioritisation/plan', () => ({ url: '/api/prioritisation/plan' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('GET', '/api/prioritisation/top-down-check', () => ({ url: '/api/prioritisation/top-down-check' }), '401  401  401  | 403  ok   | 403  ok   | ok   ok   ok   ok   ok'),
  row('POST', '/api/prioritisation/criteria', () => ({ url: '/api/prioritisation/criteria', body: {} }), '401  401  401  | 403  403  | 403  403  | 403  403  ok   403  403'),
  row('PUT', '/api/prioritisation/criteria/weights', () => ({ url: '/api/prioritisation/criteria/weights', body: {} }), '401  401  401  | 403  403  | 403  403  | 403  403  ok   403  403'),
  row('POST', '/api/prioritisation/criteria/{criterionId}/retire', () => ({ url: '/api/prioritisation/criteria/nope/retire', body: {} }), '401  401  401  | 403  403  | 403  403  | 403  403  ok   403  403'),
  row('POST', '/api/prioritisation/scenarios/{scenarioId}/commit', () => ({ url: '/api/prioritisation/scenarios/nope/commit', body: {} }), '401  401  401  | 403  403  | 403  403  | 403  403  ok   403  403'),
  row('PUT', '/api/prioritisation/target', () => ({ url: '/api/prioritisation/target', body: {} }), '401  401  401  | 403  403  | 403  403  | 403  403  ok   403  403'),
  row('PUT', '/api/prioritisation/scores/{caseId}/{criterionId}', () => ({ url: '/api/prioritisation/scores/nope/nope', body: {} }), '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/prioritisation/optimise', () => ({ url: '/api/prioritisation/optimise', body: {} }), '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/prioritisation/frontier', () => ({ url: '/api/prioritisation/frontier', body: {} }), '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/prioritisation/scenarios', () => ({ url: '/api/prioritisation/scenarios', body: {} }), '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  //                                                                                                                  none exp  key  | cecl sara | carl bo   | frid frnk mett revi ada
  row('GET',  '/health',                                                  () => ({ url: '/health' }),                   'ok   ok   ok   | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/metrics',                                                 () => ({ url: '/metrics' }),                  'ok   ok   ok   | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/auth/dev/identities',                                 () => ({ url: '/api/auth/dev/identities' }),  'ok   ok   ok   | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/auth/config',                                         () => ({ url: '/api/auth/config' }),          'ok   ok   ok   | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('POST', '/api/auth/dev/token',                                      () => ({ url: '/api/auth/dev/token', body: { identity: 'frida' } }),
                                                                                                                        'ok   ok   ok   | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/me',                                                  () => ({ url: '/api/me' }),                   '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),

  // Departments and budgets: admin and finance keep the organisation, finance the budgets.
  row('POST', '/api/departments',                                         () => ({ url: '/api/departments', body: { departmentId: `adgang-${++unique}`, name: 'Adgang' } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  ok'),
  row('GET',  '/api/departments',                                         () => ({ url: '/api/departments' }),          '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/departments/{departmentId}',                          () => ({ url: '/api/departments/borgerservice' }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('PUT',  '/api/departments/{departmentId}/budgets/{year}',           () => ({ url: '/api/departments/borgerservice/budgets/2031', body: { amount: 50_000_000_00 + ++unique, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  403'),
  row('PUT',  '/api/departments/{departmentId}/head',                     () => ({ url: '/api/departments/borgerservice/head', body: { headId: 'bo', ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  ok'),
  row('GET',  '/api/departments/{departmentId}/ledger',                   () => ({ url: '/api/departments/borgerservice/ledger' }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/ledger/summary',                                      () => ({ url: '/api/ledger/summary' }),       '401  401  401  | 403  403  | 403  403  | ok   ok   ok   ok   ok'),

  // Municipality settings.
  row('GET',  '/api/settings',                                            () => ({ url: '/api/settings' }),             '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('PUT',  '/api/settings/discount-rate',                              () => ({ url: '/api/settings/discount-rate', body: { ratePct: 3.5, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  ok'),

  // Business cases: authors of the owning department write; reviewers decide; everyone reads within scope.
  row('GET',  '/api/business-cases',                                      () => ({ url: '/api/business-cases' }),       '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('POST', '/api/business-cases',                                      () => ({ url: '/api/business-cases', body: borgerserviceCase() }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | 403  403  403  403  403'),
  row('GET',  '/api/business-cases/{caseId}',                             (f) => ({ url: `/api/business-cases/${f.A}` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/revisions/{revision}',        (f) => ({ url: `/api/business-cases/${f.A}/revisions/1` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/revisions/{revision}/economics', (f) => ({ url: `/api/business-cases/${f.A}/revisions/1/economics` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/diff',                        (f) => ({ url: `/api/business-cases/${f.A}/diff?from=1&to=1` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('POST', '/api/business-cases/{caseId}/revisions',                   (f) => ({ url: `/api/business-cases/${f.A}/revisions`, body: borgerserviceCase() }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | 403  403  403  403  403'),
  row('POST', '/api/business-cases/{caseId}/submit',                      (f) => ({ url: `/api/business-cases/${f.A}/submit`, body: reason }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | 403  403  403  403  403'),
  row('POST', '/api/business-cases/{caseId}/approve',                     (f) => ({ url: `/api/business-cases/${f.S1}/approve`, body: { revision: 1, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/reject',                      (f) => ({ url: `/api/business-cases/${f.S2}/reject`, body: { revision: 1, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/return',                      (f) => ({ url: `/api/business-cases/${f.S3}/return`, body: { revision: 1, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/start-implementation',        (f) => ({ url: `/api/business-cases/${f.P}/start-implementation`, body: reason }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/go-live',                     (f) => ({ url: `/api/business-cases/${f.P}/go-live`, body: reason }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/close',                       (f) => ({ url: `/api/business-cases/${f.P}/close`, body: reason }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   ok   403  403'),

  // Budget cuts: finance proposes and books; finance or management approves (never the proposer: 422, not 403).
  row('GET',  '/api/business-cases/{caseId}/budget-cuts',                 (f) => ({ url: `/api/business-cases/${f.B}/budget-cuts` }),
                                                                                                                        '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('POST', '/api/business-cases/{caseId}/budget-cuts',                 (f) => ({ url: `/api/business-cases/${f.B}/budget-cuts`, body: { departmentId: 'borgerservice', year: 2030, amount: 1_000_00 } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  403'),
  row('POST', '/api/business-cases/{caseId}/budget-cuts/{cutId}/approve', (f) => ({ url: `/api/business-cases/${f.B}/budget-cuts/${f.cutP}/approve`, body: {} }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/budget-cuts/{cutId}/reject',  (f) => ({ url: `/api/business-cases/${f.B}/budget-cuts/${f.cutR}/reject`, body: reason }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/business-cases/{caseId}/budget-cuts/{cutId}/book',    (f) => ({ url: `/api/business-cases/${f.B}/budget-cuts/${f.cutK}/book`, body: {} }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  403'),
  row('POST', '/api/business-cases/{caseId}/budget-cuts/{cutId}/reverse', (f) => ({ url: `/api/business-cases/${f.B}/budget-cuts/${f.cutV}/reverse`, body: reason }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  403'),
  row('GET',  '/api/budget-cuts',                                         () => ({ url: '/api/budget-cuts' }),          '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),

  // The retained-share policy: finance and management set it; everyone reads it.
  row('GET',  '/api/retained-share',                                      () => ({ url: '/api/retained-share?department=borgerservice&year=2029' }),
                                                                                                                        '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('PUT',  '/api/retained-share/default',                              () => ({ url: '/api/retained-share/default', body: { pct: 20 + (++unique % 5), effectiveFromYear: NEXT_YEAR, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('PUT',  '/api/retained-share/departments/{departmentId}',           () => ({ url: '/api/retained-share/departments/borgerservice', body: { pct: 30 + (++unique % 5), effectiveFromYear: NEXT_YEAR, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/retained-share/departments/{departmentId}/clear',     () => ({ url: '/api/retained-share/departments/borgerservice/clear', body: { effectiveFromYear: NEXT_YEAR, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('PUT',  '/api/retained-share/cases/{caseId}',                       (f) => ({ url: `/api/retained-share/cases/${f.B}`, body: { pct: 40 + (++unique % 5), effectiveFromYear: NEXT_YEAR, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('POST', '/api/retained-share/cases/{caseId}/clear',                 (f) => ({ url: `/api/retained-share/cases/${f.B}/clear`, body: { effectiveFromYear: NEXT_YEAR, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),

  // Realisation: indicators and measurements by the case's author or finance (admin: system
  // measurements only), red acknowledged by finance or management; reads within scope.
  row('POST', '/api/business-cases/{caseId}/indicators',                  (f) => ({ url: `/api/business-cases/${f.B}/indicators`, body: { name: 'Andel digitale ansøgninger', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: BASELINE_DATE } } }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   403  403  403'),
  row('PUT',  '/api/business-cases/{caseId}/indicators/{indicatorId}/trajectory', (f) => ({ url: `/api/business-cases/${f.B}/indicators/${f.indicator}/trajectory`, body: { trajectory: { source: 'adoption-curve' }, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   403  403  403'),
  row('POST', '/api/business-cases/{caseId}/measurements',                (f) => ({ url: `/api/business-cases/${f.B}/measurements`, body: { indicatorId: f.indicator, value: 10 + (++unique % 50), unit: 'percent', period: PAST_MONTH, source: { kind: 'system', system: 'adgangstest' } } }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   403  403  ok'),
  row('POST', '/api/business-cases/{caseId}/measurements/{measurementId}/corrections', (f) => ({ url: `/api/business-cases/${f.B}/measurements/${f.measurement}/corrections`, body: { value: 20 + (++unique % 50), source: { kind: 'system', system: 'adgangstest' }, ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | ok   403  | ok   ok   403  403  ok'),
  row('POST', '/api/business-cases/{caseId}/realisation/acknowledge-red', (f) => ({ url: `/api/business-cases/${f.B}/realisation/acknowledge-red`, body: { comment: 'Set og drøftet' } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  403'),
  row('GET',  '/api/business-cases/{caseId}/indicators',                  (f) => ({ url: `/api/business-cases/${f.B}/indicators` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/realisation',                 (f) => ({ url: `/api/business-cases/${f.B}/realisation` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/realisation/colour-history',  (f) => ({ url: `/api/business-cases/${f.B}/realisation/colour-history` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/realisation-report',          (f) => ({ url: `/api/business-cases/${f.B}/realisation-report` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/business-cases/{caseId}/realisation-report.html',     (f) => ({ url: `/api/business-cases/${f.B}/realisation-report.html?lang=en` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/realisation/portfolio',                               () => ({ url: '/api/realisation/portfolio' }), '401  401  401  | 403  403  | 403  403  | ok   ok   ok   ok   ok'),
  row('GET',  '/api/realisation/departments/{departmentId}',              () => ({ url: '/api/realisation/departments/borgerservice' }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/realisation/tolerances',                              () => ({ url: '/api/realisation/tolerances' }), '401  401  401  | ok   ok   | ok   ok   | ok   ok   ok   ok   ok'),
  row('PUT',  '/api/realisation/tolerances',                              () => ({ url: '/api/realisation/tolerances', body: { greenFromPct: 90, amberFromPct: 60 + (++unique % 10), ...reason } }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   403  403  403'),
  row('POST', '/api/realisation/evaluations',                             () => ({ url: '/api/realisation/evaluations', body: {} }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   403  ok'),

  // Audit: histories within scope; raw streams and what-if for those who read everything; the
  // log, tamper evidence and replay verification for auditors and admins. All reads.
  row('GET',  '/api/audit/history/business-cases/{caseId}',              (f) => ({ url: `/api/audit/history/business-cases/${f.B}` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/audit/history/departments/{departmentId}',           () => ({ url: '/api/audit/history/departments/borgerservice' }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/audit/history/budget-cuts/{caseId}/{cutId}',         (f) => ({ url: `/api/audit/history/budget-cuts/${f.B}/${f.cutK}` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
  row('GET',  '/api/audit/history/streams/{stream}',                     (f) => ({ url: `/api/audit/history/streams/harvest-${f.B}` }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   ok   ok'),
  row('GET',  '/api/audit/streams/{stream}',                             (f) => ({ url: `/api/audit/streams/harvest-${f.B}` }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   ok   ok'),
  row('GET',  '/api/audit/log',                                          () => ({ url: '/api/audit/log?limit=10' }),   '401  401  401  | 403  403  | 403  403  | 403  403  403  ok   ok'),
  row('GET',  '/api/audit/verify',                                       () => ({ url: '/api/audit/verify' }),         '401  401  401  | 403  403  | 403  403  | 403  403  403  ok   ok'),
  row('GET',  '/api/audit/chain-head',                                   () => ({ url: '/api/audit/chain-head' }),     '401  401  401  | 403  403  | 403  403  | 403  403  403  ok   ok'),
  row('GET',  '/api/audit/replay-verify',                                () => ({ url: '/api/audit/replay-verify' }),  '401  401  401  | 403  403  | 403  403  | 403  403  403  ok   ok'),
  row('GET',  '/api/audit/what-if',                                      () => ({ url: '/api/audit/what-if?discountRatePct=3' }),
                                                                                                                        '401  401  401  | 403  403  | 403  403  | ok   ok   ok   ok   ok'),
  row('GET',  '/api/audit/budget-cuts/{caseId}/{cutId}/at-approval',     (f) => ({ url: `/api/audit/budget-cuts/${f.B}/${f.cutK}/at-approval` }),
                                                                                                                        '401  401  401  | 403  403  | ok   ok   | ok   ok   ok   ok   ok'),
];

/**
 * Rows whose success needs a state the fixtures do not build; their `ok` cells reach the domain
 * (e.g. 409 not-red: no case is red before its gains are due), which is what the table is about.
 */
export const NO_2XX_NEEDED = new Set([
  'POST /api/business-cases/{caseId}/realisation/acknowledge-red',
  // Prioritisation rows send minimal requests (no fixture scenario or criteria): they prove the
  // 401/403 columns; the 2xx paths are covered by test/api/prioritisation.test.ts.
  ...ACCESS_TABLE.filter((r) => r.path.startsWith('/api/prioritisation/')).map((r) => `${r.method} ${r.path}`),
]);

/** Endpoints in the table that the OpenAPI document does not list (on purpose). */
export const UNDOCUMENTED = new Set(['GET /metrics']);
