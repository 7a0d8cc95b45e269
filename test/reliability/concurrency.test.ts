/**
 * Concurrency: 50 clients at once on overlapping cases, against the real app over HTTP:
 *   - 20 case authors revise 3 shared draft cases, 3 revisions each, pinned with If-Match;
 *     a conflict must be a clean 409 problem (revision-conflict) and a re-read + retry succeeds;
 *   - 5 reviewers race to approve 3 submitted cases (If-Match): exactly one approval each;
 *   - 10 finance clients propose budget cuts on 3 shared approved cases (some with overrides);
 *   - 15 finance/management clients approve, reject and book whatever is proposed.
 * Then, from the event log: no acknowledged change is missing (no lost update), no cut was
 * approved by its proposer, and replaying each harvest stream in order, every proposal without
 * an override kept the cumulative cuts within the cumulative planned cuts (so "not faster than
 * they arise" held in the interleaving that happened), every override was needed and recorded.
 * Randomness is seeded (RELIABILITY_SEED).
 */
import { splitByRetainedShare } from '@gevinst/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@gevinst/event-store';
import { verifyReplay } from '@gevinst/read-models';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { startApp, type Harness, type HttpResult } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';
import { Rng, seedFromEnv, sleep } from './support/common';
import { newKey } from './support/http';

jest.setTimeout(120_000);

const SEED = seedFromEnv(4242);
const THIS_YEAR = new Date().getUTCFullYear();
const SHARE_PCT = 25;

interface Problem {
  code?: string;
  status?: number;
}
interface Outcome {
  client: string;
  op: string;
  status: number;
  code?: string;
  contentType: string | null;
}

describe('concurrency: 50 clients on overlapping cases', () => {
  let h: Harness;
  const rng = new Rng(SEED);
  const outcomes: Outcome[] = [];
  const draftCases: string[] = [];
  const submittedCases: string[] = [];
  const approvedCases: string[] = [];

  beforeAll(async () => {
    h = await startApp();
    await registerDepartments(h);
    const policy = await h.request('PUT', '/api/retained-share/default', { as: 'frida', body: { pct: SHARE_PCT, effectiveFromYear: THIS_YEAR, reason: 'Byrådets beslutning' } });
    expect(policy.status).toBe(200);
    const create = async (title: string): Promise<string> => {
      const res = await h.request<{ caseId: string }>('POST', '/api/business-cases', { as: 'carl', body: sampleCase({ title }) });
      expect(res.status).toBe(201);
      return res.body.caseId;
    };
    for (let i = 0; i < 3; i++) draftCases.push(await create(`Udkast ${i}`));
    for (let i = 0; i < 6; i++) {
      const caseId = await create(`Til godkendelse ${i}`);
      expect((await h.request('POST', `/api/business-cases/${caseId}/submit`, { as: 'carl', body: { reason: 'Klar' } })).status).toBe(200);
      if (i < 3) submittedCases.push(caseId);
      else {
        expect((await h.request('POST', `/api/business-cases/${caseId}/approve`, { as: 'mette', body: { revision: 1, reason: 'Godkendt' } })).status).toBe(200);
        approvedCases.push(caseId);
      }
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const call = async <T>(client: string, op: string, method: string, url: string, as: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> => {
    const res = await h.request<T>(method, url, { as, body, headers });
    const problem = res.body as Problem | undefined;
    outcomes.push({ client, op, status: res.status, ...(res.status >= 400 && problem?.code ? { code: problem.code } : {}), contentType: res.headers.get('content-type') });
    return res;
  };

  it('keeps every update, four eyes and "not faster than they arise" in every interleaving', async () => {
    const revised = new Map<string, { client: string; etag: string; title: string }[]>(draftCases.map((c) => [c, []]));
    const proposed: { cutId: string; proposer: string }[] = [];
    const approvals: { cutId: string; by: string }[] = [];
    const caseApprovals = new Map<string, string[]>(submittedCases.map((c) => [c, []]));
    let proposersDone = 0;

    const reviser = async (i: number): Promise<void> => {
      const client = `reviser-${i}`;
      for (let n = 0; n < 3; n++) {
        const caseId = rng.pick(draftCases);
        const key = newKey(`${client}-${n}`);
        const title = `${client} revision ${n}`;
        for (let attempt = 1; ; attempt++) {
          if (attempt > 100) throw new Error(`${client} never got its revision in`);
          const current = await call<unknown>(client, 'read-case', 'GET', `/api/business-cases/${caseId}`, 'carl', undefined);
          const etag = current.headers.get('etag')!;
          const res = await call<{ etag: string }>(client, 'revise', 'POST', `/api/business-cases/${caseId}/revisions`, 'carl', sampleCase({ title, reason: title }), { 'if-match': etag, 'idempotency-key': key });
          if (res.status === 200) {
            revised.get(caseId)!.push({ client, etag: res.body.etag, title });
            break;
          }
          expect({ client, status: res.status, code: (res.body as Problem).code }).toEqual({ client, status: 409, code: 'revision-conflict' });
          await sleep(rng.int(0, 10));
        }
      }
    };

    const reviewer = async (i: number): Promise<void> => {
      const client = `reviewer-${i}`;
      const as = ['frida', 'frank', 'mette'][i % 3]!;
      for (const caseId of submittedCases) {
        for (let attempt = 1; attempt <= 20; attempt++) {
          const current = await call<{ status: string }>(client, 'read-case', 'GET', `/api/business-cases/${caseId}`, as, undefined);
          if (current.body.status !== 'submitted') break; // someone else decided: our goal is met
          const res = await call<unknown>(client, 'approve-case', 'POST', `/api/business-cases/${caseId}/approve`, as, { revision: 1, reason: `Godkendt af ${client}` }, { 'if-match': current.headers.get('etag')!, 'idempotency-key': newKey(client) });
          if (res.status === 200) {
            caseApprovals.get(caseId)!.push(client);
            break;
          }
          expect(res.status).toBe(409);
          expect(['revision-conflict', 'not-submitted']).toContain((res.body as Problem).code);
        }
      }
    };

    const proposer = async (i: number): Promise<void> => {
      const client = `proposer-${i}`;
      const as = i % 2 === 0 ? 'frida' : 'frank';
      for (let n = 0; n < 6; n++) {
        const caseId = rng.pick(approvedCases);
        const withOverride = rng.next() < 0.1;
        const body = {
          departmentId: rng.pick(['borgerservice', 'social-og-sundhed']),
          year: rng.int(2027, 2031),
          amount: rng.int(50_000, 700_000) * 100,
          ...(withOverride ? { override: { justification: `Byrådet har besluttet det (${client})` } } : {}),
        };
        const key = newKey(`${client}-${n}`);
        for (let attempt = 1; ; attempt++) {
          if (attempt > 30) throw new Error(`${client}: a proposal kept conflicting`);
          const res = await call<{ cutId: string }>(client, 'propose', 'POST', `/api/business-cases/${caseId}/budget-cuts`, as, body, { 'idempotency-key': key });
          if (res.status === 201) {
            proposed.push({ cutId: res.body.cutId, proposer: as });
            break;
          }
          if (res.status === 422) {
            expect(['not-faster-than-they-arise', 'nothing-to-harvest']).toContain((res.body as Problem).code);
            break;
          }
          expect({ client, status: res.status, code: (res.body as Problem).code }).toEqual({ client, status: 409, code: 'revision-conflict' });
        }
      }
      proposersDone++;
    };

    const approver = async (i: number): Promise<void> => {
      const client = `approver-${i}`;
      const as = ['frida', 'frank', 'mette'][i % 3]!;
      let idle = 0;
      while (idle < 3) {
        const caseId = rng.pick(approvedCases);
        const list = await call<{ items: { cutId: string; status: string; proposedBy?: string }[] }>(client, 'list-cuts', 'GET', `/api/business-cases/${caseId}/budget-cuts`, as, undefined);
        const open = list.body.items.filter((c) => c.status === 'proposed' || (c.status === 'approved' && as !== 'mette'));
        if (open.length === 0) {
          if (proposersDone === 10) idle++;
          await sleep(rng.int(5, 30));
          continue;
        }
        const cut = rng.pick(open);
        const action = cut.status === 'approved' ? 'book' : rng.next() < 0.1 ? 'reject' : 'approve';
        const body = action === 'reject' ? { reason: `Afvist af ${client}` } : {};
        const key = newKey(client);
        for (let attempt = 1; ; attempt++) {
          if (attempt > 30) throw new Error(`${client}: ${action} kept conflicting`);
          const res = await call<unknown>(client, action, 'POST', `/api/business-cases/${caseId}/budget-cuts/${cut.cutId}/${action}`, as, body, { 'idempotency-key': key });
          if (res.status === 200) {
            if (action === 'approve') approvals.push({ cutId: cut.cutId, by: as });
            break;
          }
          const code = (res.body as Problem).code;
          if (res.status === 409 && code === 'revision-conflict') continue; // retry, same key
          // Someone else got there first (illegal state), or four eyes refused us: a clean answer.
          expect({ client, action, status: res.status }).toEqual({ client, action, status: res.status === 422 ? 422 : 409 });
          if (res.status === 422) expect(code).toBe('four-eyes');
          break;
        }
      }
    };

    const clients = [
      ...Array.from({ length: 20 }, (_, i) => reviser(i)),
      ...Array.from({ length: 5 }, (_, i) => reviewer(i)),
      ...Array.from({ length: 10 }, (_, i) => proposer(i)),
      ...Array.from({ length: 15 }, (_, i) => approver(i)),
    ];
    expect(clients).toHaveLength(50);
    await Promise.all(clients);

    // Every answer was a clean one: no 5xx, every error a problem+json with a code.
    expect(outcomes.filter((o) => o.status >= 500 || o.status === 0)).toEqual([]);
    const errors = outcomes.filter((o) => o.status >= 400);
    expect(errors.filter((o) => !o.contentType?.startsWith('application/problem+json') || !o.code)).toEqual([]);
    const conflicts = outcomes.filter((o) => o.status === 409);

    const events = await readAll(h.app.get<EventStore>(EVENT_STORE));
    const of = (type: string): RecordedEvent[] => events.filter((e) => e.type === type);

    // No lost update: each acknowledged revision is in its case, with its own revision number.
    for (const [caseId, acks] of revised) {
      const revisions = of('BusinessCaseRevised').filter((e) => data(e).caseId === caseId);
      expect(revisions.map((e) => data(e).reason).sort()).toEqual(acks.map((a) => a.title).sort());
      expect(new Set(acks.map((a) => a.etag)).size).toBe(acks.length);
    }
    expect([...revised.values()].flat()).toHaveLength(60);
    // Exactly one approval per raced case.
    for (const caseId of submittedCases) {
      expect(of('BusinessCaseApproved').filter((e) => data(e).caseId === caseId)).toHaveLength(1);
      expect(caseApprovals.get(caseId)).toHaveLength(1);
    }
    // Each acknowledged proposal and approval is in the log, once.
    const proposals = of('BudgetCutProposed');
    expect(proposals.map((e) => data(e).cutId).sort()).toEqual(proposed.map((p) => p.cutId).sort());
    const approved = of('BudgetCutApproved');
    expect(approved.map((e) => `${String(data(e).cutId)} ${String(data(e).approvedBy)}`).sort()).toEqual(approvals.map((a) => `${a.cutId} ${a.by}`).sort());
    expect(new Set(approved.map((e) => data(e).cutId)).size).toBe(approved.length);

    // Four eyes: never approved by the proposer.
    const proposerOf = new Map(proposals.map((e) => [data(e).cutId, data(e).proposedBy]));
    for (const e of approved) expect(data(e).approvedBy).not.toBe(proposerOf.get(data(e).cutId));
    // Booked only once, and only what was approved.
    const booked = of('BudgetCutBooked');
    expect(new Set(booked.map((e) => data(e).cutId)).size).toBe(booked.length);
    for (const e of booked) expect(approved.some((a) => data(a).cutId === data(e).cutId && a.position < e.position)).toBe(true);

    // Not faster than they arise, in the order the log took: replay every harvest stream.
    let checkedProposals = 0;
    for (const caseId of approvedCases) {
      const approval = of('BusinessCaseApproved').find((e) => data(e).caseId === caseId)!;
      const planned = (data(approval).summary as { budgetEffectiveByDepartmentAndYear: Record<string, Record<string, number>> }).budgetEffectiveByDepartmentAndYear;
      const counted = new Map<string, { department: string; year: number; amount: number }>();
      for (const e of events.filter((x) => x.streamName === `harvest-${caseId}`)) {
        const d = data(e);
        const cutId = String(d.cutId);
        if (e.type === 'BudgetCutRejected' || e.type === 'BudgetCutReversed') counted.delete(cutId);
        if (e.type !== 'BudgetCutProposed') continue;
        checkedProposals++;
        const department = String(d.departmentId);
        const year = Number(d.year);
        const amount = Number(d.amount);
        const limitAt = (y: number): number =>
          Object.entries(planned[department] ?? {})
            .filter(([py]) => Number(py) <= y)
            .reduce((sum, [, gross]) => sum + splitByRetainedShare(gross, SHARE_PCT).cut, 0);
        const already = (y: number): number => [...counted.values()].filter((c) => c.department === department && c.year <= y).reduce((s, c) => s + c.amount, 0);
        const years = new Set([year, ...Object.keys(planned[department] ?? {}).map(Number), ...[...counted.values()].map((c) => c.year)]);
        const breaches = [...years].filter((y) => y >= year && already(y) + amount > limitAt(y));
        if (d.override === null) {
          expect({ cutId, breaches }).toEqual({ cutId, breaches: [] });
        } else {
          // An override is recorded only where the cut ran ahead, with who/why and the numbers.
          expect(breaches.length).toBeGreaterThan(0);
          expect((d.override as { excess: number }).excess).toBeGreaterThan(0);
          expect((d.override as { justification: string }).justification).toMatch(/Byrådet/);
        }
        counted.set(cutId, { department, year, amount });
      }
    }
    expect(checkedProposals).toBe(proposals.length);

    // The read models agree with a rebuild from position 0.
    const readModels = h.app.get(ReadModels);
    const replay = await verifyReplay(readModels.store, readModels.projections, readModels.docs);
    expect(replay.differences).toEqual([]);
    expect(replay.ok).toBe(true);

    console.log(
      `concurrency (seed ${SEED}): ${outcomes.length} requests, ${conflicts.length} conflicts (409: ${[...new Set(conflicts.map((c) => c.code))].join(', ')}), ` +
        `${proposals.length} cuts proposed (${proposals.filter((p) => data(p).override !== null).length} with override), ${approved.length} approved, ${booked.length} booked, ` +
        `${outcomes.filter((o) => o.code === 'four-eyes').length} refused by four eyes, ${outcomes.filter((o) => o.code === 'not-faster-than-they-arise').length} refused as too fast`,
    );
    // Not vacuous: the clients did collide, and every rule was exercised.
    expect(conflicts.filter((c) => c.op === 'revise').length).toBeGreaterThan(0);
    expect(approved.length).toBeGreaterThan(0);
    expect(outcomes.some((o) => o.code === 'not-faster-than-they-arise')).toBe(true);
  });
});

const data = (e: RecordedEvent): Record<string, unknown> => e.data as Record<string, unknown>;

async function readAll(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after: bigint | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page[page.length - 1]!.position;
  }
}
