import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { api } from '../api/client';
import { ApiError, isApiError } from '../api/problem';
import { useResource } from '../api/use-resource';
import type { AuditHistory, BusinessCaseSummary, ChainHead, ChainReport, CutRecord, DepartmentSummary, Items, LedgerSummary, LogPage, RealisationPortfolio, ReplayReport } from '../api/types';
import { useIdentity } from '../auth/session';
import { ErrorBanner, Loading, NotAvailable, ResourceView } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { label } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { formatDateTime, formatNumber } from '../format';
import { CutsTable } from './harvest-parts';
import { SummaryTable } from './HarvestPlanPage';
import { PortfolioFigures, RealisationView } from './portfolio-parts';

/**
 * The auditor's views: the history of every decision (who, when, why, before → after), the
 * portfolio as of a past moment, the verification of the log and the read models, and exports.
 * Everything is read from the API; nothing here changes anything.
 */
export const AUDIT_OPERATIONS = {
  history: { method: 'GET', path: '/api/audit/history/business-cases/{caseId}' },
  'as-of': { method: 'GET', path: '/api/ledger/summary' },
  verification: { method: 'GET', path: '/api/audit/verify' },
  exports: { method: 'GET', path: '/api/audit/log' },
} as const;
type View = keyof typeof AUDIT_OPERATIONS;

export default function AuditPage() {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const { view: raw = 'history' } = useParams();
  const view: View = raw in AUDIT_OPERATIONS ? (raw as View) : 'history';
  const operation = AUDIT_OPERATIONS[view];
  const title = t(`audit.${view}.title`);
  const available = capabilities.has(operation.method, operation.path) && (view !== 'as-of' || capabilities.param('GET', '/api/ledger/summary', 'asOf'));
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="lead">{t(`audit.${view}.lead`)}</p>
      {capabilities.state === 'loading' ? (
        <Loading />
      ) : !available ? (
        <NotAvailable operation={operation} feature={title} />
      ) : view === 'history' ? (
        <HistoryView />
      ) : view === 'as-of' ? (
        <AsOfView />
      ) : view === 'verification' ? (
        <VerificationView />
      ) : (
        <ExportsView />
      )}
    </>
  );
}

// ---- history -----------------------------------------------------------------------------

const STREAMS = ['retained-share-policy', 'municipality-settings'];

function HistoryView() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const cases = useResource<Items<BusinessCaseSummary>>({ method: 'GET', path: '/api/business-cases' }, '/api/business-cases');
  const departments = useResource<Items<DepartmentSummary>>({ method: 'GET', path: '/api/departments' }, '/api/departments');
  const kind = params.get('department') !== null ? 'department' : params.get('stream') !== null ? 'stream' : 'case';
  const value = params.get(kind === 'case' ? 'case' : kind) ?? '';
  const url =
    !value ? null
    : kind === 'case' ? `/api/audit/history/business-cases/${encodeURIComponent(value)}`
    : kind === 'department' ? `/api/audit/history/departments/${encodeURIComponent(value)}`
    : `/api/audit/history/streams/${encodeURIComponent(value)}`;
  const operation =
    kind === 'case' ? { method: 'GET', path: '/api/audit/history/business-cases/{caseId}' }
    : kind === 'department' ? { method: 'GET', path: '/api/audit/history/departments/{departmentId}' }
    : { method: 'GET', path: '/api/audit/history/streams/{stream}' };
  const history = useResource<AuditHistory>(operation, url);
  const choose = (k: string, v: string) => setParams(v ? { [k]: v } : { [k]: '' }, { replace: true });
  const options =
    kind === 'case' ? (cases.state === 'ok' ? cases.data.items.map((c) => [c.caseId, c.title] as const) : [])
    : kind === 'department' ? (departments.state === 'ok' ? departments.data.items.map((d) => [d.departmentId, d.name] as const) : [])
    : STREAMS.map((s) => [s, t(`audit.streams.${s}`)] as const);

  return (
    <>
      <form className="field-row filters" role="search" aria-label={t('audit.history.pick')} onSubmit={(e) => e.preventDefault()}>
        <SelectField name="historyKind" label={t('audit.history.kind')} value={kind} onChange={(e) => choose(e.target.value, '')}>
          <option value="case">{t('audit.history.kindCase')}</option>
          <option value="department">{t('audit.history.kindDepartment')}</option>
          <option value="stream">{t('audit.history.kindStream')}</option>
        </SelectField>
        <SelectField name="historySubject" label={t('audit.history.subject')} value={value} onChange={(e) => choose(kind, e.target.value)}>
          <option value="">{t('caseForm.choose')}</option>
          {options.map(([id, name]) => (
            <option key={id} value={id}>{name}</option>
          ))}
        </SelectField>
      </form>
      {url && (
        <ResourceView resource={history} feature={t('audit.history.title')}>
          {(h) => <HistoryTable history={h} />}
        </ResourceView>
      )}
    </>
  );
}

/** For a cut's approval in a history: the case and cut, so that one click shows what finance saw then. */
const approvedCut = (e: AuditHistory['entries'][number]): { caseId: string; cutId: string } | null => {
  if (e.type !== 'BudgetCutApproved' || !e.stream.startsWith('harvest-')) return null;
  const cutId = e.changes.map((c) => /^cuts\[([^\]]+)\]/.exec(c.path)?.[1]).find(Boolean);
  return cutId ? { caseId: e.stream.slice('harvest-'.length), cutId } : null;
};

const show = (v: unknown): string => (v === undefined ? '–' : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function HistoryTable({ history }: { history: AuditHistory }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en' ? undefined : 'en';
  if (!history.entries.length) return <p className="muted">{t('audit.history.empty')}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="audit-history">
        <caption>{t('audit.history.caption', { count: history.count })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('caseDetail.at')}</th>
            <th scope="col">{t('caseDetail.event')}</th>
            <th scope="col">{t('caseDetail.by')}</th>
            <th scope="col">{t('caseDetail.reasonColumn')}</th>
            <th scope="col">{t('audit.history.changes')}</th>
            <th scope="col">{t('audit.history.position')}</th>
          </tr>
        </thead>
        <tbody>
          {history.entries.map((e) => (
            <tr key={e.eventId}>
              <td><time dateTime={e.recordedAt}>{formatDateTime(e.recordedAt, i18n.language, true)}</time></td>
              <th scope="row">
                {label(t, 'event', e.type)}
                <div className="muted" lang={english}>{e.summary}</div>
              </th>
              <td>{e.actor.id} <span className="muted">({t(`role.${e.actor.role}`, { defaultValue: e.actor.role })})</span></td>
              <td>{e.reason ?? '–'}</td>
              <td>
                {e.changes.length > 0 && (
                  <ul className="changes">
                    {e.changes.slice(0, 12).map((c, i) => (
                      <li key={`${c.path}-${i}`}>
                        <code>{c.path}</code>: {show(c.before)} → {show(c.after)}
                      </li>
                    ))}
                    {e.changes.length > 12 && <li className="muted">{t('audit.history.more', { count: e.changes.length - 12 })}</li>}
                  </ul>
                )}
              </td>
              <td>
                <Link to={`/audit/as-of?position=${encodeURIComponent(e.position)}`}>{t('audit.history.asOfHere', { position: e.position })}</Link>
                {approvedCut(e) && (
                  <div>
                    <Link to={`/budget-cuts/${encodeURIComponent(approvedCut(e)!.caseId)}/${encodeURIComponent(approvedCut(e)!.cutId)}/at-approval`}>{t('harvest.whatFinanceSaw')}</Link>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- as of -------------------------------------------------------------------------------

/** A datetime-local value ("2026-11-27T10:15:30") for an instant, in the browser's time zone. */
const toLocalInput = (date: Date): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
};

function AsOfView() {
  const { t, i18n } = useTranslation();
  const identity = useIdentity();
  const [params, setParams] = useSearchParams();
  const at = params.get('at');
  const position = params.get('position');
  const [input, setInput] = useState(() => toLocalInput(at ? new Date(at) : new Date()));
  const [inputError, setInputError] = useState<string[] | undefined>();
  const query = at ? { asOf: at } : position ? { asOfPosition: position } : undefined;
  const cases = useResource<Items<BusinessCaseSummary>>({ method: 'GET', path: '/api/business-cases' }, '/api/business-cases', query);
  const summary = useResource<LedgerSummary>({ method: 'GET', path: '/api/ledger/summary' }, '/api/ledger/summary', query);
  const cuts = useResource<Items<CutRecord>>({ method: 'GET', path: '/api/budget-cuts' }, '/api/budget-cuts', query);
  const realisation = useResource<RealisationPortfolio>({ method: 'GET', path: '/api/realisation/portfolio' }, '/api/realisation/portfolio', query);
  const problem = [cases, summary, cuts].map((r) => (r.state === 'error' ? r.error : null)).find(Boolean) ?? null;
  const asOfError = problem?.fieldErrors['asOf'] ?? problem?.fieldErrors['asOfPosition'];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const date = new Date(input);
    if (!input || Number.isNaN(date.getTime())) {
      setInputError([t('audit.asOf.invalid')]);
      return;
    }
    setInputError(undefined);
    setParams({ at: date.toISOString() });
  };

  const point = at ? t('audit.asOf.pointAt', { at: formatDateTime(at, i18n.language, true) }) : position ? t('audit.asOf.pointPosition', { position }) : t('audit.asOf.pointNow');
  return (
    <>
      <form className="field-row filters" onSubmit={submit} noValidate aria-label={t('audit.asOf.pick')}>
        <TextField name="asOf" label={t('audit.asOf.when')} hint={t('audit.asOf.hint')} type="datetime-local" step={1} value={input} errors={inputError ?? asOfError} onChange={(e) => setInput(e.target.value)} />
        <div className="field field-button actions">
          <button type="submit">{t('audit.asOf.show')}</button>
          <button type="button" className="button-secondary" onClick={() => { setInput(toLocalInput(new Date())); setParams({}); }}>{t('audit.asOf.now')}</button>
        </div>
      </form>
      <p role="status" aria-live="polite" className="as-of-point" data-testid="as-of-point">{point}</p>
      {problem && !asOfError ? <ErrorBanner error={problem} /> : null}
      {!asOfError && (
        <>
          <ResourceView resource={cases} feature={t('portfolio.title')}>
            {({ items }) => <PortfolioFigures items={items} summary={summary.state === 'ok' ? summary.data : null} />}
          </ResourceView>
          <section aria-labelledby="asof-summary-title">
            <h2 id="asof-summary-title">{t('harvestPlan.summary')}</h2>
            <ResourceView resource={summary} feature={t('harvestPlan.summary')}>
              {(s) => <SummaryTable summary={s} />}
            </ResourceView>
          </section>
          <section aria-labelledby="asof-realisation-title" data-testid="as-of-realisation">
            <h2 id="asof-realisation-title">{t('portfolio.realisation')}</h2>
            <ResourceView resource={realisation} feature={t('portfolio.realisation')}>
              {(r) => <RealisationView r={r} />}
            </ResourceView>
          </section>
          <section aria-labelledby="asof-cuts-title">
            <h2 id="asof-cuts-title">{t('harvestPlan.cuts')}</h2>
            <ResourceView resource={cuts} feature={t('harvestPlan.cuts')}>
              {({ items }) => <CutsTable cuts={items} identity={{ ...identity, role: 'auditor' }} onChanged={() => undefined} caption={t('harvestPlan.cutsCaption', { count: items.length })} />}
            </ResourceView>
          </section>
        </>
      )}
    </>
  );
}

// ---- verification ------------------------------------------------------------------------

function VerificationView() {
  const { t, i18n } = useTranslation();
  const [kept, setKept] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [chain, setChain] = useState<ChainReport | null>(null);
  const [head, setHead] = useState<ChainHead | null>(null);
  const [replay, setReplay] = useState<ReplayReport | null>(null);

  const run = async <T,>(what: string, path: string, query: Record<string, string> | undefined, done: (v: T) => void) => {
    setBusy(what);
    setError(null);
    try {
      done(await api.get<T>(path, { query }));
    } catch (e) {
      if (isApiError(e)) setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <ErrorBanner error={error && !error.fieldErrors['expectHead'] ? error : null} onDismiss={() => setError(null)} />
      <section className="panel" aria-labelledby="chain-title">
        <h2 id="chain-title">{t('audit.verification.chain')}</h2>
        <p>{t('audit.verification.chainLead')}</p>
        <form onSubmit={(e) => { e.preventDefault(); void run<ChainReport>('chain', '/api/audit/verify', kept.trim() ? { expectHead: kept.trim() } : undefined, setChain); }} noValidate>
          <TextField name="expectHead" label={t('audit.verification.kept')} hint={t('audit.verification.keptHint')} value={kept} errors={error?.fieldErrors['expectHead']} onChange={(e) => setKept(e.target.value)} className="field-wide" />
          <button type="submit" disabled={busy !== null}>{t('audit.verification.verify')}</button>
        </form>
        <div role="status" aria-live="polite" data-testid="chain-result">
          {busy === 'chain' && <Loading />}
          {chain && (
            <div className={chain.ok ? 'success' : 'banner banner-error'}>
              <p><strong>{chain.ok ? t('audit.verification.ok', { count: formatNumber(chain.count, i18n.language) }) : t('audit.verification.broken')}</strong></p>
              {chain.break && <p>{t('audit.verification.breakAt', { position: chain.break.position, reason: t(`audit.verification.reason.${chain.break.reason}`) })} <span lang="en">{chain.break.detail}</span></p>}
              {chain.expectedHead && <p>{chain.expectedHead.found ? t('audit.verification.keptFound', { position: chain.expectedHead.position }) : t('audit.verification.keptMissing', { position: chain.expectedHead.position })}</p>}
              {chain.head && <p className="muted">{t('audit.verification.head', { position: chain.head.position })} <code className="hash">{chain.head.hash}</code></p>}
            </div>
          )}
        </div>
        <button type="button" className="button-secondary" disabled={busy !== null} onClick={() => void run<ChainHead>('head', '/api/audit/chain-head', undefined, setHead)}>
          {t('audit.verification.getHead')}
        </button>
        <div role="status" aria-live="polite">
          {head?.keep && (
            <p>
              {t('audit.verification.keepThis', { at: head.recordedAt ? formatDateTime(head.recordedAt, i18n.language, true) : '–' })} <code className="hash" data-testid="kept-head">{head.keep}</code>
            </p>
          )}
        </div>
      </section>
      <section className="panel" aria-labelledby="replay-title">
        <h2 id="replay-title">{t('audit.verification.replay')}</h2>
        <p>{t('audit.verification.replayLead')}</p>
        <button type="button" disabled={busy !== null} onClick={() => void run<ReplayReport>('replay', '/api/audit/replay-verify', undefined, setReplay)}>
          {t('audit.verification.runReplay')}
        </button>
        <div role="status" aria-live="polite" data-testid="replay-result">
          {busy === 'replay' && <Loading />}
          {replay && (
            <>
              <p className={replay.ok ? 'success' : 'banner banner-error'}><strong>{replay.ok ? t('audit.verification.replayOk') : t('audit.verification.replayFailed', { projections: replay.failed.join(', ') })}</strong></p>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.verification.projection')}</th>
                      <th scope="col">{t('harvest.status')}</th>
                      <th scope="col" className="num">{t('audit.verification.documents')}</th>
                      <th scope="col" className="num">{t('audit.verification.differences')}</th>
                      <th scope="col" className="num">{t('audit.history.position')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {replay.projections.map((p) => (
                      <tr key={p.projection}>
                        <th scope="row"><code>{p.projection}</code></th>
                        <td lang="en">{p.status}</td>
                        <td className="num">{p.documents ?? '–'}</td>
                        <td className="num">{p.differences}</td>
                        <td className="num">{p.position ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      </section>
    </>
  );
}

// ---- exports -----------------------------------------------------------------------------

function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** CSV for a spreadsheet: semicolon-separated (Danish Excel), amounts in øre as integers, UTF-8 with BOM. */
function csv(rows: Record<string, unknown>[], columns: string[]): string {
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [columns.join(';'), ...rows.map((r) => columns.map((c) => cell(r[c])).join(';'))].join('\r\n') + '\r\n';
}

function ExportsView() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

  const exportWith = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    setDone(null);
    try {
      await work();
      setDone(t('audit.exports.done'));
    } catch (e) {
      if (isApiError(e)) setError(e);
    } finally {
      setBusy(null);
    }
  };

  const log = () =>
    exportWith('log', async () => {
      const events: unknown[] = [];
      let after = '0';
      let head: string | null = null;
      for (;;) {
        const page = await api.get<LogPage>('/api/audit/log', { query: { after, limit: 5000 } });
        head = page.head;
        events.push(...page.events);
        if (!page.next) break;
        after = page.next;
      }
      download(`gevinst-log-${stamp}.json`, 'application/json', JSON.stringify({ exportedAt: new Date().toISOString(), head, count: events.length, events }, null, 2));
    });
  const cases = () =>
    exportWith('cases', async () => {
      const { items } = await api.get<Items<BusinessCaseSummary>>('/api/business-cases');
      const rows = items.map((c) => ({ ...c, latestNpvOre: c.latest.npv, latestBudgetEffectiveOre: c.latest.totalBudgetEffective, approvedNpvOre: c.approved?.npv ?? null, approvedBudgetEffectiveOre: c.approved?.totalBudgetEffective ?? null, departmentIds: c.departmentIds.join(' ') }));
      download(`gevinst-business-cases-${stamp}.csv`, 'text/csv;charset=utf-8', csv(rows, ['caseId', 'title', 'status', 'owningDepartmentId', 'departmentIds', 'latestRevision', 'approvedRevision', 'startYear', 'horizonYears', 'latestNpvOre', 'latestBudgetEffectiveOre', 'approvedNpvOre', 'approvedBudgetEffectiveOre', 'createdAt', 'updatedAt']));
    });
  const cuts = () =>
    exportWith('cuts', async () => {
      const { items } = await api.get<Items<CutRecord>>('/api/budget-cuts');
      const rows = items.map((c) => ({ ...c, overrideJustification: c.override?.justification ?? '' }));
      download(`gevinst-budget-cuts-${stamp}.csv`, 'text/csv;charset=utf-8', csv(rows, ['cutId', 'caseId', 'departmentId', 'year', 'status', 'approvedRevision', 'sharePct', 'gross', 'retained', 'cut', 'amount', 'overrideJustification', 'proposedBy', 'proposedAt', 'approvedBy', 'approvedAt', 'bookedBy', 'bookedAt', 'rejectedBy', 'reversedBy', 'reason']));
    });

  return (
    <>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <ul className="export-list">
        <li>
          <button type="button" disabled={busy !== null} onClick={() => void log()}>{t('audit.exports.log')}</button>
          <span className="muted"> {t('audit.exports.logHint')}</span>
        </li>
        <li>
          <button type="button" disabled={busy !== null} onClick={() => void cases()}>{t('audit.exports.cases')}</button>
          <span className="muted"> {t('audit.exports.csvHint')}</span>
        </li>
        <li>
          <button type="button" disabled={busy !== null} onClick={() => void cuts()}>{t('audit.exports.cuts')}</button>
          <span className="muted"> {t('audit.exports.csvHint')}</span>
        </li>
      </ul>
      <div role="status" aria-live="polite">
        {busy && <Loading label={t('audit.exports.working')} />}
        {done && <p className="success">{done}</p>}
      </div>
    </>
  );
}
