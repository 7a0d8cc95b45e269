import Database from 'better-sqlite3';
import * as path from 'node:path';
import { startEventStoreDbDouble } from '@gevinst/testing';
import { Clock, ManualClock } from '../../apps/api/src/application/clock';
import { AsOfService } from '../../apps/api/src/audit/as-of.service';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { ApprovalReactor } from '../../apps/api/src/realisation/approval-reactor';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type Problem = { status: number; code: string; 'invalid-params'?: { name: string; reason: string }[] };
type Change = { path: string; before?: unknown; after?: unknown };
type Entry = { position: string; stream: string; type: string; recordedAt: string; actor: { id: string; role: string }; reason: string | null; summary: string; changes: Change[] };
type History = { count: number; entries: Entry[] };
type ChainReport = { ok: boolean; count: number; head: { position: string; hash: string } | null; break: { position: string; reason: string; detail: string } | null; expectedHead: { found: boolean; detail: string } | null };
type ReplayReport = { ok: boolean; failed: string[]; projections: { projection: string; status: string; differences: number }[]; differences: { projection: string; collection: string; key: string }[] };
type OpenApi = { paths: Record<string, Record<string, { security?: unknown[] }>> };

const MINUTE = 60_000;

/**
 * The audit trail over real HTTP on the embedded store, with history spread over several days by
 * the app's own clock (no global fake timers): history with before → after, every read view as of
 * a past time or position equal to what the API answered then, "what did finance see", tamper
 * evidence, replay verification, what-if replays, and auditors who read everything and change
 * nothing.
 */
describe('audit over HTTP', () => {
  let h: Harness;
  const clock = new ManualClock('2027-01-04T08:00:00.000Z');
  let caseId: string;
  let cut1: string;
  let cut2: string;
  let indicatorId: string;

  /** Views recorded at a moment: the URL (without as-of) → the body the API answered then. */
  type Moment = { time: string; head: string; views: Map<string, unknown> };
  const moments: Record<'A' | 'B' | 'C', Moment> = {} as never;
  let atCut1Approval: { ledger: unknown; realisation: unknown; head: string };

  const step = async <T = unknown>(method: string, url: string, as: string, body?: unknown, expected?: number): Promise<T> => {
    clock.advance(7 * MINUTE);
    const res = await h.request<T>(method, url, { as, ...(body !== undefined ? { body } : {}) });
    if (res.status >= 300 || (expected !== undefined && res.status !== expected)) throw new Error(`${method} ${url} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const headPosition = async (): Promise<string> => (await h.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition;
  /** Reactions (colour evaluations after approvals) appended and every read model caught up. */
  const settle = async (): Promise<string> => {
    for (;;) {
      await h.app.get(ApprovalReactor).idle();
      const before = await headPosition();
      if (before !== 'start') await h.app.get(ReadModels).caughtUpTo(BigInt(before));
      await new Promise((r) => setTimeout(r, 30));
      if ((await headPosition()) === before) return before;
    }
  };
  const viewUrls = (): string[] => [
    `/api/business-cases/${caseId}`,
    `/api/business-cases/${caseId}/revisions/1/economics`,
    '/api/business-cases',
    '/api/departments/borgerservice/ledger',
    '/api/departments/social-og-sundhed/ledger',
    '/api/ledger/summary',
    '/api/budget-cuts',
    `/api/business-cases/${caseId}/budget-cuts`,
    '/api/departments/borgerservice',
    '/api/departments',
    '/api/retained-share',
    '/api/settings',
    `/api/business-cases/${caseId}/realisation`,
    `/api/business-cases/${caseId}/realisation/colour-history`,
    `/api/business-cases/${caseId}/indicators`,
    '/api/realisation/portfolio',
    '/api/realisation/departments/borgerservice',
    '/api/prioritisation/ranking',
    '/api/prioritisation/criteria',
    '/api/prioritisation/plan',
    '/api/prioritisation/scenarios',
    '/api/prioritisation/top-down-check',
  ];
  const record = async (): Promise<Moment> => {
    const head = await settle();
    const views = new Map<string, unknown>();
    for (const url of viewUrls()) {
      const res = await h.request('GET', url, { as: 'revi' });
      if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(res.body)}`);
      views.set(url, res.body);
    }
    return { time: clock.iso(), head, views };
  };
  const withQuery = (url: string, query: string): string => `${url}${url.includes('?') ? '&' : '?'}${query}`;
  const chainHead = async (): Promise<string> => (await h.request<{ keep: string }>('GET', '/api/audit/chain-head', { as: 'revi' })).body.keep;

  beforeAll(async () => {
    // A keyframe every 5 events: the as-of views below start from keyframes (as they do on a
    // large log), and must still equal what the API answered at the time.
    h = await startApp({ AS_OF_KEYFRAME_EVERY: '5' });
    h.app.get(Clock).use(clock.read);

    // Day 1: the organisation, the policy, a case drafted, submitted and approved.
    await registerDepartments(h);
    await step('PUT', '/api/retained-share/default', 'frida', { pct: 25, effectiveFromYear: 2027, reason: 'Byrådets beslutning' });
    caseId = (await step<{ caseId: string }>('POST', '/api/business-cases', 'carl', sampleCase())).caseId;
    await step('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Klar til behandling' });
    await step('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt i direktionen' });
    await step('POST', '/api/prioritisation/criteria', 'mette', { criterionId: 'service', name: 'Bedre service', weight: 60, reason: 'Strategi 2027' });
    await step('PUT', `/api/prioritisation/scores/${caseId}/service`, 'frida', { score: 4, reason: 'Borgerne får svar med det samme' });
    await step('PUT', '/api/prioritisation/target', 'mette', { amountPerYear: 28_000_000_00, fromYear: 2027, toYear: 2031, reason: 'Den nationale strategi' });
    moments.A = await record();

    // Day 2: the first cut proposed, approved (four eyes), booked; a re-baseline drafted; a budget changed.
    clock.set('2027-02-10T09:00:00.000Z');
    cut1 = (await step<{ cutId: string }>('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId: 'borgerservice', year: 2028, reason: 'Høst 2028' })).cutId;
    await step('POST', `/api/business-cases/${caseId}/budget-cuts/${cut1}/approve`, 'frank', { reason: 'Set og godkendt' });
    const afterApproval = await settle();
    atCut1Approval = {
      head: afterApproval,
      ledger: (await h.request('GET', '/api/departments/borgerservice/ledger', { as: 'frank' })).body,
      realisation: (await h.request('GET', `/api/business-cases/${caseId}/realisation`, { as: 'frank' })).body,
    };
    await step('POST', `/api/business-cases/${caseId}/budget-cuts/${cut1}/book`, 'frida', {});
    const rebaseline = sampleCase({ reason: 'Nulpunktsmålingen viste 10 minutter, ikke 12' }) as { benefitLines: { valuation: Record<string, unknown> }[] };
    rebaseline.benefitLines[0]!.valuation = { ...rebaseline.benefitLines[0]!.valuation, minutesSavedPerCase: 10 };
    await step('POST', `/api/business-cases/${caseId}/revisions`, 'carl', rebaseline);
    await step('PUT', '/api/departments/borgerservice/budgets/2028', 'frida', { amount: 48_000_000_00, reason: 'Budgetforlig' });
    await step('PUT', `/api/prioritisation/scores/${caseId}/service`, 'mette', { score: 3, reason: 'Færre borgere end ventet' });
    const indicator = await step<{ indicatorId: string }>('POST', `/api/business-cases/${caseId}/indicators`, 'carl', { name: 'Andel digitale ansøgninger', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: '2026-12-01' } });
    indicatorId = indicator.indicatorId;
    await step('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId, value: 6.6, unit: 'percent', period: '2027-01' });
    moments.B = await record();

    // Day 3: the re-baseline approved, another share for social-og-sundhed, a second cut approved.
    clock.set('2027-03-15T10:00:00.000Z');
    await step('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId, value: 13.2, unit: 'percent', period: '2027-02' });
    await step('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Re-baseline klar' });
    await step('POST', `/api/business-cases/${caseId}/approve`, 'frank', { revision: 2, reason: 'Re-baseline godkendt' });
    await step('PUT', '/api/retained-share/departments/social-og-sundhed', 'frida', { pct: 50, effectiveFromYear: 2027, reason: 'Forsøg med højere andel' });
    cut2 = (await step<{ cutId: string }>('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frank', { departmentId: 'social-og-sundhed', year: 2028 })).cutId;
    await step('POST', `/api/business-cases/${caseId}/budget-cuts/${cut2}/approve`, 'frida', {});
    moments.C = await record();

    // Day 4: more history after the last moment.
    clock.set('2027-04-01T11:00:00.000Z');
    await step('POST', `/api/business-cases/${caseId}/budget-cuts/${cut1}/reverse`, 'frida', { reason: 'Fejlbooket år' });
    await step('PUT', '/api/settings/discount-rate', 'frida', { ratePct: 4, reason: 'Ny diskonteringsrente' });
    await step('PUT', '/api/departments/borgerservice/budgets/2029', 'frida', { amount: 51_000_000_00, reason: 'Overslagsår' });
    await step('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId, value: 16, unit: 'percent', period: '2027-03' });
    await settle();
    clock.set('2027-04-02T08:00:00.000Z');
  }, 60_000);

  afterAll(async () => {
    await h.close();
  });

  describe('as of', () => {
    it('has keyframes through the log (built in the background) to start as-of replays from', async () => {
      const head = BigInt(await settle());
      const status = await h.app.get(AsOfService).engine.buildKeyframes();
      expect(status.count).toBe(Number(head / 5n));
      expect(BigInt(status.position!)).toBeGreaterThan(BigInt(moments.A.head));
    });

    it.each(['A', 'B', 'C'] as const)('every view as of moment %s equals what the API answered then, by time and by position', async (name) => {
      const moment = moments[name];
      for (const [url, body] of moment.views) {
        const byTime = await h.request('GET', withQuery(url, `asOf=${encodeURIComponent(moment.time)}`), { as: 'revi' });
        expect({ url, status: byTime.status }).toEqual({ url, status: 200 });
        expect({ url, body: byTime.body }).toEqual({ url, body });
      }
      // Stream folds and read-model views by position (the realisation views depend on "today" too: by time above).
      for (const [url, body] of moment.views) {
        if (url.includes('realisation')) continue;
        const byPosition = await h.request('GET', withQuery(url, `asOfPosition=${moment.head}`), { as: 'revi' });
        expect({ url, body: byPosition.body }).toEqual({ url, body });
      }
    });

    it('the live views have moved on since the last moment (the comparison is not vacuous)', async () => {
      const now = await h.request('GET', `/api/business-cases/${caseId}/budget-cuts`, { as: 'revi' });
      expect(now.body).not.toEqual(moments.C.views.get(`/api/business-cases/${caseId}/budget-cuts`));
      expect(moments.A.views.get('/api/departments/borgerservice/ledger')).not.toEqual(moments.B.views.get('/api/departments/borgerservice/ledger'));
      for (const url of [`/api/business-cases/${caseId}/realisation`, `/api/business-cases/${caseId}/indicators`, '/api/realisation/portfolio']) {
        expect(moments.B.views.get(url)).not.toEqual(moments.C.views.get(url));
      }
    });

    it('a department head sees as-of views of their own department only', async () => {
      const own = await h.request('GET', `/api/departments/borgerservice/ledger?asOf=${encodeURIComponent(moments.B.time)}`, { as: 'bo' });
      expect(own.status).toBe(200);
      expect(own.body).toEqual(moments.B.views.get('/api/departments/borgerservice/ledger'));
      expect((await h.request('GET', `/api/departments/social-og-sundhed/ledger?asOf=${encodeURIComponent(moments.B.time)}`, { as: 'bo' })).status).toBe(403);
    });

    it.each([
      ['a time in the future', 'asOf=2027-05-01T00:00:00Z', 'asOf'],
      ['a time without an offset', 'asOf=2027-03-01T12:00:00', 'asOf'],
      ['not a time', 'asOf=yesterday', 'asOf'],
      ['a position beyond the head', 'asOfPosition=999999', 'asOfPosition'],
      ['a negative position', 'asOfPosition=-1', 'asOfPosition'],
      ['both at once', 'asOf=2027-03-01T12:00:00Z&asOfPosition=3', 'asOf'],
      ['a repeated parameter', 'asOfPosition=3&asOfPosition=4', 'asOfPosition'],
    ])('refuses %s with 400 naming the parameter', async (_, query, param) => {
      for (const url of [`/api/business-cases/${caseId}`, '/api/business-cases', '/api/departments/borgerservice/ledger', `/api/business-cases/${caseId}/realisation`]) {
        const res = await h.request<Problem>('GET', withQuery(url, query), { as: 'revi' });
        expect({ url, status: res.status }).toEqual({ url, status: 400 });
        expect(res.body['invalid-params']?.map((p) => p.name)).toContain(param);
      }
    });

    it('as of position 0 there is nothing yet', async () => {
      expect((await h.request<{ items: unknown[] }>('GET', '/api/business-cases?asOfPosition=0', { as: 'revi' })).body.items).toEqual([]);
      expect((await h.request('GET', `/api/business-cases/${caseId}?asOfPosition=0`, { as: 'revi' })).status).toBe(404);
    });
  });

  describe('what finance saw', () => {
    it('at the approval of a cut: the ledger and realisation status then, the approved numbers and the approval itself, in one call', async () => {
      const res = await h.request<Record<string, unknown>>('GET', `/api/audit/budget-cuts/${caseId}/${cut1}/at-approval`, { as: 'revi' });
      expect(res.status).toBe(200);
      const body = res.body as {
        approval: { by: { id: string; role: string }; reason: string | null; position: string };
        cut: { status: string; gross: number; amount: number };
        ledger: unknown;
        realisation: unknown;
        businessCase: { approvedRevision: number; approvedSummary: { npv: number }; economics: { economics: { npv: number } } };
      };
      expect(body.approval).toMatchObject({ by: { id: 'frank', role: 'finance' }, reason: 'Set og godkendt' });
      expect(body.cut).toMatchObject({ status: 'approved', gross: 1_280_000_00 });
      expect(body.ledger).toEqual(atCut1Approval.ledger);
      expect(body.realisation).toEqual(atCut1Approval.realisation);
      expect(body.businessCase.approvedRevision).toBe(1);
      expect(body.businessCase.approvedSummary.npv).toBe(body.businessCase.economics.economics.npv);
      // The cut was booked and reversed since: the live ledger differs from what finance saw.
      expect((await h.request('GET', '/api/departments/borgerservice/ledger', { as: 'revi' })).body).not.toEqual(atCut1Approval.ledger);
    });

    it('is scoped for department heads and refuses a cut not yet approved', async () => {
      expect((await h.request('GET', `/api/audit/budget-cuts/${caseId}/${cut1}/at-approval`, { as: 'bo' })).status).toBe(200);
      expect((await h.request('GET', `/api/audit/budget-cuts/${caseId}/${cut1}/at-approval`, { as: 'sara' })).status).toBe(403);
      const proposed = await step<{ cutId: string }>('POST', `/api/business-cases/${caseId}/budget-cuts`, 'frida', { departmentId: 'borgerservice', year: 2029 });
      const res = await h.request<Problem>('GET', `/api/audit/budget-cuts/${caseId}/${proposed.cutId}/at-approval`, { as: 'revi' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('cut-not-approved');
      await step('POST', `/api/business-cases/${caseId}/budget-cuts/${proposed.cutId}/reject`, 'frank', { reason: 'Ikke i år' });
    });
  });

  describe('history', () => {
    it('of a case: every event in order with who, role, when, reason and before → after (a revision diffed field by field)', async () => {
      const res = await h.request<History>('GET', `/api/audit/history/business-cases/${caseId}`, { as: 'revi' });
      expect(res.status).toBe(200);
      const entries = res.body.entries;
      expect(entries.map((e) => Number(e.position))).toEqual([...entries.map((e) => Number(e.position))].sort((a, b) => a - b));
      const drafted = entries.find((e) => e.type === 'BusinessCaseDrafted')!;
      expect(drafted).toMatchObject({ actor: { id: 'carl', role: 'case-author' }, reason: 'Første udkast', recordedAt: expect.stringMatching(/^2027-01-04T/) });
      const revised = entries.find((e) => e.type === 'BusinessCaseRevised')!;
      expect(revised.reason).toBe('Nulpunktsmålingen viste 10 minutter, ikke 12');
      expect(revised.recordedAt.startsWith('2027-02-10')).toBe(true);
      expect(revised.changes).toEqual(expect.arrayContaining([{ path: 'benefitLines[id=b1].valuation.minutesSavedPerCase', before: 12, after: 10 }]));
      const npv = revised.changes.find((c) => c.path === 'economics.npv')!;
      expect(npv.after as number).toBeLessThan(npv.before as number);
      expect(revised.changes.some((c) => c.path.startsWith('economics.budgetEffective[department=borgerservice]'))).toBe(true);
      const approvals = entries.filter((e) => e.type === 'BusinessCaseApproved');
      expect(approvals.map((e) => e.actor.id)).toEqual(['mette', 'frank']);
      expect(approvals[1]!.changes).toEqual(expect.arrayContaining([{ path: 'approvedRevision', before: 1, after: 2 }]));
      expect(approvals[1]!.changes.find((c) => c.path === 'approved.npv')).toMatchObject({ before: expect.any(Number), after: expect.any(Number) });
      // The case's cuts are part of its history.
      const reversed = entries.find((e) => e.type === 'BudgetCutReversed')!;
      expect(reversed).toMatchObject({ actor: { id: 'frida', role: 'finance' }, reason: 'Fejlbooket år' });
      expect(reversed.changes).toEqual(expect.arrayContaining([{ path: `cuts[${cut1}].status`, before: 'booked', after: 'reversed' }]));
    });

    it('of a budget cut: proposed → approved → booked → reversed, figures and who', async () => {
      const res = await h.request<History>('GET', `/api/audit/history/budget-cuts/${caseId}/${cut1}`, { as: 'revi' });
      expect(res.body.entries.map((e) => [e.type, e.actor.id])).toEqual([
        ['BudgetCutProposed', 'frida'],
        ['BudgetCutApproved', 'frank'],
        ['BudgetCutBooked', 'frida'],
        ['BudgetCutReversed', 'frida'],
      ]);
      expect(res.body.entries[0]!.changes).toEqual(expect.arrayContaining([{ path: `cuts[${cut1}].gross`, after: 1_280_000_00 }, { path: `cuts[${cut1}].sharePct`, after: 25 }]));
      expect(res.body.entries[0]!.reason).toBe('Høst 2028');
    });

    it('of a department: budgets before → after, its cuts, its retained share; scoped for department heads', async () => {
      const res = await h.request<History>('GET', '/api/audit/history/departments/borgerservice', { as: 'bo' });
      expect(res.status).toBe(200);
      const budget = res.body.entries.find((e) => e.type === 'BaselineBudgetSet' && e.reason === 'Budgetforlig')!;
      expect(budget.changes).toEqual([{ path: 'baselineBudgets.2028', before: 50_000_000_00, after: 48_000_000_00 }]);
      expect(budget.actor).toEqual({ id: 'frida', role: 'finance' });
      expect(res.body.entries.some((e) => e.type === 'BudgetCutBooked')).toBe(true);
      expect(res.body.entries.some((e) => e.type === 'BudgetCutProposed' && e.changes.some((c) => c.path.endsWith('.departmentId') && c.after === 'social-og-sundhed'))).toBe(false);
      const share = res.body.entries.find((e) => e.type === 'DefaultRetainedShareSet')!;
      expect(share.changes).toEqual([{ path: 'retainedShare.default[fromYear=2027].pct', after: 25 }]);
      expect((await h.request('GET', '/api/audit/history/departments/social-og-sundhed', { as: 'bo' })).status).toBe(403);
      const social = await h.request<History>('GET', '/api/audit/history/departments/social-og-sundhed', { as: 'mette' });
      expect(social.body.entries.find((e) => e.type === 'DepartmentRetainedShareSet')!.changes).toEqual([{ path: 'retainedShare.department[social-og-sundhed][fromYear=2027].pct', after: 50 }]);
    });

    it('of any stream, and the raw stream with data and metadata; case authors of other departments are refused', async () => {
      const rate = await h.request<History>('GET', '/api/audit/history/streams/municipality-settings', { as: 'revi' });
      expect(rate.body.entries[0]!.changes).toEqual([{ path: 'discountRatePct', before: 3.5, after: 4 }]);
      const raw = await h.request<{ events: { position: string; metadata: { actorId: string } }[] }>('GET', `/api/audit/streams/harvest-${caseId}`, { as: 'revi' });
      expect(raw.status).toBe(200);
      expect(typeof raw.body.events[0]!.position).toBe('string');
      expect(raw.body.events[0]!.metadata.actorId).toBe('frida');
      expect((await h.request('GET', `/api/audit/history/business-cases/${caseId}`, { as: 'carl' })).status).toBe(200);
      expect((await h.request('GET', '/api/audit/streams/municipality-settings', { as: 'carl' })).status).toBe(403);
      const other = await step<{ caseId: string }>('POST', '/api/business-cases', 'cecilie', sampleCase({ owningDepartmentId: 'social-og-sundhed', benefitLines: [(sampleCase()['benefitLines'] as unknown[])[1]], benefitMap: { purpose: 'Porto', goals: [{ id: 'g1', title: 'Ingen breve', benefits: [{ id: 'bm1', title: 'Porto', benefitLineIds: ['b2'], deliverables: [{ id: 'd1', title: 'Digital post' }] }] }] } }));
      expect((await h.request('GET', `/api/audit/history/business-cases/${other.caseId}`, { as: 'carl' })).status).toBe(403);
      expect((await h.request('GET', `/api/audit/history/business-cases/${other.caseId}`, { as: 'cecilie' })).status).toBe(200);
    });
  });

  describe('tamper evidence', () => {
    const file = (): string => path.join(h.dataDir, 'events.sqlite');
    const raw = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(file());
      try {
        return db.transaction(() => work(db))();
      } finally {
        db.close();
      }
    };
    const verify = async (query = ''): Promise<ChainReport> => {
      const res = await h.request<ChainReport>('GET', `/api/audit/verify${query}`, { as: 'revi' });
      expect(res.status).toBe(200);
      return res.body;
    };

    it('an untouched log verifies, and its head can be exported and checked later', async () => {
      const report = await verify();
      expect(report).toMatchObject({ ok: true, break: null });
      const head = await h.request<{ keep: string; head: { position: string; hash: string } }>('GET', '/api/audit/chain-head', { as: 'revi' });
      expect(head.body.keep).toBe(`${report.head!.position}:${report.head!.hash}`);
      expect(await verify(`?expectHead=${head.body.keep}`)).toMatchObject({ ok: true, expectedHead: { found: true } });
      expect((await h.request<Problem>('GET', '/api/audit/verify?expectHead=12:abc', { as: 'revi' })).status).toBe(400);
    });

    it('catches an edited event, names its position, and verifies again once it is put back', async () => {
      const position = 10;
      const original = raw((db) => db.prepare<[number], { data: string }>('SELECT data FROM events WHERE position = ?').get(position)!.data);
      raw((db) => db.prepare('UPDATE events SET data = ? WHERE position = ?').run(original.replace(/\d/, (d) => String((Number(d) + 1) % 10)), position));
      expect(await verify()).toMatchObject({ ok: false, break: { position: '10', reason: 'altered' } });
      raw((db) => db.prepare('UPDATE events SET data = ? WHERE position = ?').run(original, position));
      expect((await verify()).ok).toBe(true);
    });

    it('catches a deleted event', async () => {
      const row = raw((db) => db.prepare('SELECT * FROM events WHERE position = 12').get() as Record<string, unknown>);
      raw((db) => db.prepare('DELETE FROM events WHERE position = 12').run());
      expect(await verify()).toMatchObject({ ok: false, break: { position: '12', reason: 'removed' } });
      raw((db) => db.prepare(`INSERT INTO events (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row).map(() => '?').join(', ')})`).run(...Object.values(row)));
      expect((await verify()).ok).toBe(true);
    });

    it('catches two events swapped', async () => {
      const columns = ['id', 'stream', 'revision', 'type', 'schema_version', 'data', 'metadata', 'command_id', 'recorded_at', 'hash'];
      const swap = (): void =>
        raw((db) => {
          const a = db.prepare('SELECT * FROM events WHERE position = 14').get() as Record<string, unknown>;
          const b = db.prepare('SELECT * FROM events WHERE position = 15').get() as Record<string, unknown>;
          const set = db.prepare(`UPDATE events SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE position = ?`);
          // Out of the way first: ids and (stream, revision) are unique.
          db.prepare("UPDATE events SET id = id || '-x', revision = -1 - revision WHERE position IN (14, 15)").run();
          set.run(...columns.map((c) => b[c]), 14);
          set.run(...columns.map((c) => a[c]), 15);
        });
      swap();
      expect(await verify()).toMatchObject({ ok: false, break: { position: '14', reason: 'reordered' } });
      swap();
      expect((await verify()).ok).toBe(true);
    });

    it('a log rewritten with fresh hashes still verifies on its own, but no longer holds the head kept earlier', async () => {
      const kept = await chainHead();
      const [position] = kept.split(':');
      const good = raw((db) => db.prepare('SELECT hash FROM events WHERE position = ?').get(Number(position)) as { hash: string });
      raw((db) => db.prepare('UPDATE events SET hash = ? WHERE position = ?').run('f'.repeat(64), Number(position)));
      const report = await verify(`?expectHead=${kept}`);
      expect(report.ok).toBe(false);
      expect(report.expectedHead).toMatchObject({ found: false });
      raw((db) => db.prepare('UPDATE events SET hash = ? WHERE position = ?').run(good.hash, Number(position)));
      expect(await verify(`?expectHead=${kept}`)).toMatchObject({ ok: true, expectedHead: { found: true } });
    });
  });

  describe('replay verification', () => {
    it('passes on the populated store and fails naming the projection when a read-model row is edited by hand', async () => {
      await settle();
      const ok = await h.request<ReplayReport>('GET', '/api/audit/replay-verify', { as: 'revi' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ ok: true, failed: [] });
      expect(ok.body.projections.map((p) => p.projection).sort()).toEqual(expect.arrayContaining(['business-cases', 'department-ledger', 'departments', 'realisation']));
      expect(ok.body.projections.every((p) => p.status === 'compared')).toBe(true);

      const db = new Database(path.join(h.dataDir, 'read-models.sqlite'));
      const key = ['department-ledger', 'ledgers', 'borgerservice'];
      const { doc } = db.prepare<string[], { doc: string }>('SELECT doc FROM projection_documents WHERE projection = ? AND collection = ? AND key = ?').get(...key)!;
      try {
        db.prepare('UPDATE projection_documents SET doc = ? WHERE projection = ? AND collection = ? AND key = ?').run(doc.replace('"name":"Borgerservice"', '"name":"Borgerservice (rettet)"'), ...key);
        const bad = await h.request<ReplayReport>('GET', '/api/audit/replay-verify', { as: 'ada' });
        expect(bad.body.ok).toBe(false);
        expect(bad.body.failed).toEqual(['department-ledger']);
        expect(bad.body.differences).toEqual([expect.objectContaining({ projection: 'department-ledger', collection: 'ledgers', key: 'borgerservice' })]);
      } finally {
        db.prepare('UPDATE projection_documents SET doc = ? WHERE projection = ? AND collection = ? AND key = ?').run(doc, ...key);
        db.close();
      }
      expect((await h.request('GET', '/api/audit/replay-verify', { as: 'frida' })).status).toBe(403);
    });
  });

  describe('what-if', () => {
    type WhatIf = {
      position: string;
      cases: { caseId: string; approved: { npv: { actual: number; whatIf: number; delta: number }; discountRatePct: { actual: number; whatIf: number } } | null }[];
      cuts: { cutId: string; sharePct: { actual: number; whatIf: number }; gross: { actual: number; whatIf: number }; retained: { actual: number; whatIf: number; delta: number }; amount: { actual: number; whatIf: number } }[];
      departments: { departmentId: string; years: { year: number; plannedGross: { delta: number } }[] }[];
      totals: { approvedNpv: { delta: number }; retained: { delta: number } };
    };
    const whatIf = async (query: string): Promise<WhatIf> => {
      const before = await chainHead();
      const res = await h.request<WhatIf>('GET', `/api/audit/what-if?${query}`, { as: 'revi' });
      expect(res.status).toBe(200);
      expect(await chainHead()).toBe(before);
      return res.body;
    };

    it('with another discount rate: NPVs differ, cuts do not; nothing is written', async () => {
      const same = await whatIf('discountRatePct=3.5');
      expect(same.cases.find((c) => c.caseId === caseId)!.approved!.npv.delta).toBe(0);
      const other = await whatIf('discountRatePct=6');
      const mine = other.cases.find((c) => c.caseId === caseId)!.approved!;
      expect(mine.discountRatePct).toEqual({ actual: 3.5, whatIf: 6 });
      expect(mine.npv.whatIf).toBeLessThan(mine.npv.actual);
      expect(other.cuts.every((c) => c.gross.whatIf === c.gross.actual)).toBe(true);
    });

    it('with another retained-share policy: retained shares and cuts differ', async () => {
      const res = await whatIf('retainedSharePct=40&departmentShares=social-og-sundhed:10');
      const first = res.cuts.find((c) => c.cutId === cut1)!;
      expect(first.sharePct).toEqual({ actual: 25, whatIf: 40 });
      expect(first.retained.whatIf).toBe(Math.round(first.gross.whatIf * 0.4));
      expect(first.amount.whatIf).toBe(first.gross.whatIf - first.retained.whatIf);
      expect(res.cuts.find((c) => c.cutId === cut2)!.sharePct).toEqual({ actual: 50, whatIf: 10 });
    });

    it('with lower adoption: planned gains, cut figures and NPV fall; as of a past moment too', async () => {
      const res = await whatIf('adoptionFactorPct=50');
      expect(res.totals.approvedNpv.delta).toBeLessThan(0);
      expect(res.cuts.find((c) => c.cutId === cut1)!.gross.whatIf).toBeLessThan(res.cuts.find((c) => c.cutId === cut1)!.gross.actual);
      const borger = res.departments.find((d) => d.departmentId === 'borgerservice')!;
      expect(borger.years.find((y) => y.year === 2028)!.plannedGross.delta).toBeLessThan(0);
      const past = await whatIf(`adoptionFactorPct=50&asOf=${encodeURIComponent(moments.A.time)}`);
      expect(past.position).toBe(moments.A.head);
      expect(past.cuts).toEqual([]);
    });

    it('refuses assumptions that are no assumptions or out of range', async () => {
      for (const query of ['', 'discountRatePct=101', 'retainedSharePct=12.345', 'adoptionDelayMonths=1.5', 'departmentShares=x', 'discountRatePct=abc']) {
        expect({ query, status: (await h.request('GET', `/api/audit/what-if?${query}`, { as: 'revi' })).status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('auditors read everything and change nothing', () => {
    it('every mutating endpoint of the OpenAPI document answers 403 to an auditor, and the log does not move', async () => {
      const doc = (await h.request<OpenApi>('GET', '/api/openapi.json')).body;
      const before = await chainHead();
      const ids: Record<string, string> = { caseId, cutId: cut1, departmentId: 'borgerservice', year: '2028', indicatorId: 'i1', measurementId: 'm1' };
      const tried: string[] = [];
      const publicOnes: string[] = [];
      for (const [template, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          if (!['post', 'put', 'patch', 'delete'].includes(method)) continue;
          const url = template.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? 'x');
          if (!operation.security) {
            publicOnes.push(`${method.toUpperCase()} ${template}`);
            continue;
          }
          const res = await h.request(method.toUpperCase(), url, { as: 'revi', body: { reason: 'Revisor prøver' } });
          expect({ endpoint: `${method.toUpperCase()} ${template}`, status: res.status }).toEqual({ endpoint: `${method.toUpperCase()} ${template}`, status: 403 });
          tried.push(`${method.toUpperCase()} ${template}`);
        }
      }
      expect(tried.length).toBeGreaterThan(20);
      // The one public mutating-method endpoint is the dev sign-in: it issues a token and writes nothing.
      expect(publicOnes).toEqual(['POST /api/auth/dev/token']);
      expect(await chainHead()).toBe(before);
    });

    it('while every read of the audit answers them', async () => {
      for (const url of ['/api/audit/verify', '/api/audit/chain-head', '/api/audit/replay-verify', '/api/audit/log?limit=5', `/api/audit/history/business-cases/${caseId}`, '/api/audit/what-if?discountRatePct=3']) {
        expect({ url, status: (await h.request('GET', url, { as: 'revi' })).status }).toEqual({ url, status: 200 });
      }
    });
  });
});

describe('audit on EventStoreDB', () => {
  let h: Harness;
  let double: { url: string; stop(): Promise<void> } | undefined;

  beforeAll(async () => {
    if (!process.env['EVENTSTORE_URL']) double = await startEventStoreDbDouble();
    h = await startApp({ EVENTSTORE_URL: process.env['EVENTSTORE_URL'] ?? double!.url });
    await registerDepartments(h);
  });
  afterAll(async () => {
    await h?.close();
    await double?.stop();
  });

  it('says clearly that the hash chain is not available (the server is the authority), while history and replay verification work', async () => {
    for (const url of ['/api/audit/verify', '/api/audit/chain-head']) {
      const res = await h.request<Problem & { detail: string }>('GET', url, { as: 'revi' });
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 501, code: 'not-available-on-eventstoredb' });
      expect(res.body.detail).toContain('the server is the authority');
    }
    const history = await h.request<History>('GET', '/api/audit/history/departments/borgerservice', { as: 'revi' });
    expect(history.status).toBe(200);
    expect(history.body.entries.filter((e) => e.type === 'BaselineBudgetSet')).toHaveLength(5);
    const replay = await h.request<ReplayReport>('GET', '/api/audit/replay-verify', { as: 'revi' });
    expect(replay.body.ok).toBe(true);
  });
});
