import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ReadModels } from '../../apps/api/src/read-models/read-models';
import { APPROVAL_REACTOR_CHECKPOINT_FILE, ApprovalReactor } from '../../apps/api/src/realisation/approval-reactor';
import { startApp, type Harness } from '../support/app-harness';
import { registerDepartments, sampleCase } from '../support/fixtures';

type History = { colour: string | null; changes: { from: string | null; to: string; evaluatedBy: string }[]; redEpisodes: { episode: number }[] };

const P = new Date().getUTCFullYear() - 1;

/**
 * An approval the colour evaluator did not see while it ran (it was stopped, or the process
 * went down before it evaluated) is evaluated when the API starts again: the evaluator catches
 * up from its checkpoint instead of listening only from the head of the log.
 */
describe('colour evaluation catches up after a restart', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gevinst-catch-up-'));
  let h: Harness | undefined;
  const head = async (app: Harness): Promise<string> => (await app.request<{ eventStore: { headPosition: string } }>('GET', '/health')).body.eventStore.headPosition;
  const history = (app: Harness, caseId: string) => app.request<History>('GET', `/api/business-cases/${caseId}/realisation/colour-history`, { as: 'revi' });

  afterAll(async () => {
    await h?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('evaluates on start-up a case approved while the evaluator was not running', async () => {
    h = await startApp({}, dataDir);
    await registerDepartments(h);
    const ok = async (method: string, url: string, as: string, body: unknown): Promise<Record<string, unknown>> => {
      const res = await h!.request<Record<string, unknown>>(method, url, { as, body });
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    // A case from January last year, 80 % adoption without ramp-up; measured at 40 % before it is
    // approved: nothing to evaluate yet (no approved plan).
    const base = sampleCase();
    const lines = (base['benefitLines'] as Record<string, unknown>[]).map((l) => ({ ...l, adoption: { ...(l['adoption'] as object), startMonth: `${P}-01`, rampUpMonths: 0 } }));
    const caseId = (await ok('POST', '/api/business-cases', 'carl', { ...base, startYear: P, costLines: [], benefitLines: lines })).caseId as string;
    await ok('POST', `/api/business-cases/${caseId}/submit`, 'carl', { reason: 'Klar' });
    await ok('POST', `/api/business-cases/${caseId}/indicators`, 'carl', { indicatorId: 'andel', name: 'Andel digitale', unit: 'percent', kind: 'adoption', benefitLineIds: ['b1'], baseline: { value: 0, date: `${P}-01-01` }, target: { value: 80 }, trajectory: { source: 'manual', points: [{ period: `${P}-01`, value: 80 }] } });
    const measured = await ok('POST', `/api/business-cases/${caseId}/measurements`, 'carl', { indicatorId: 'andel', value: 40, unit: 'percent', period: `${P}-01` });
    expect(measured['evaluation']).toMatchObject({ colour: null, events: [] });

    // The evaluator stops (as if the process had gone down); the case is approved meanwhile.
    await h.app.get(ApprovalReactor).onApplicationShutdown();
    await ok('POST', `/api/business-cases/${caseId}/approve`, 'mette', { revision: 1, reason: 'Godkendt' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await history(h, caseId)).body).toMatchObject({ colour: null, changes: [] });
    await h.close();
    h = undefined;

    // Started again on the same data: the approval is evaluated. Half the planned adoption in every
    // month since January last year realises 50 % of plan → red.
    h = await startApp({}, dataDir);
    await h.app.get(ApprovalReactor).idle();
    // The evaluation is in the log; the colour history is a read model, projected beside this.
    await h.app.get(ReadModels).caughtUpTo(BigInt(await head(h)));
    const after = await history(h, caseId);
    expect(after.status).toBe(200);
    expect(after.body.colour).toBe('red');
    expect(after.body.changes).toEqual([expect.objectContaining({ from: null, to: 'red', evaluatedBy: 'system:realisation-evaluator' })]);
    expect(after.body.redEpisodes).toMatchObject([{ episode: 1 }]);

    // The checkpoint has moved past the approval: a further restart evaluates nothing again.
    await h.app.get(ApprovalReactor).idle();
    const position = await head(h);
    expect(String(h.app.get(ApprovalReactor).checkpoint)).toBe(position);
    await h.close();
    h = await startApp({}, dataDir);
    await h.app.get(ApprovalReactor).idle();
    expect(await head(h)).toBe(position);
    expect((await history(h, caseId)).body.changes).toHaveLength(1);
    await h.close();
    h = undefined;
  });

  it('starts from the head of the log on data it has never run on (an upgrade, a seeded log): nothing old is evaluated at start-up', async () => {
    fs.rmSync(path.join(dataDir, APPROVAL_REACTOR_CHECKPOINT_FILE), { force: true });
    h = await startApp({}, dataDir);
    const position = await head(h);
    expect(String(h.app.get(ApprovalReactor).checkpoint)).toBe(position);
    await h.app.get(ApprovalReactor).idle();
    expect(await head(h)).toBe(position);
    expect(fs.existsSync(path.join(dataDir, APPROVAL_REACTOR_CHECKPOINT_FILE))).toBe(true);
  });
});
