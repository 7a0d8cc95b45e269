import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCapabilities } from '../api/capabilities';
import { ApiError } from '../api/problem';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import type { BusinessCaseSummary, CutRecord, Items, LedgerSummary, RetainedSharePolicyState } from '../api/types';
import type { Identity } from '../auth/roles';
import { useIdentity } from '../auth/session';
import { ErrorBanner, ErrorSummary, NotAvailable, ResourceView } from '../components/feedback';
import { SelectField, TextArea, TextField } from '../components/fields';
import { label, When } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';
import { formatPercent, parseKrToOre } from '../format';
import { CutsTable, useDepartmentNames } from './harvest-parts';

const CUTS = { method: 'GET', path: '/api/budget-cuts' };
const SUMMARY = { method: 'GET', path: '/api/ledger/summary' };
const CASES = { method: 'GET', path: '/api/business-cases' };
const POLICY = { method: 'GET', path: '/api/retained-share' };
const PROPOSE = { method: 'POST', path: '/api/business-cases/{caseId}/budget-cuts' };
const SET_DEFAULT = { method: 'PUT', path: '/api/retained-share/default' };
const HARVESTABLE = new Set(['approved', 'in-implementation', 'in-operation']);

/**
 * The harvest plan: the retained-share policy, proposing a cut, the four-eyes approval and the
 * booking of each cut, and the municipality's totals per year.
 */
export default function HarvestPlanPage() {
  const { t } = useTranslation();
  const identity = useIdentity();
  const capabilities = useCapabilities();
  const [status, setStatus] = useState('');
  const cuts = useResource<Items<CutRecord>>(CUTS, CUTS.path, { status: status || undefined });
  const summary = useResource<LedgerSummary>(SUMMARY, SUMMARY.path);
  const cases = useResource<Items<BusinessCaseSummary>>(CASES, CASES.path);
  const policy = useResource<{ policy: RetainedSharePolicyState }>(POLICY, POLICY.path);
  const reloadAll = () => {
    cuts.reload();
    summary.reload();
    policy.reload();
  };

  return (
    <>
      <PageHeading>{t('harvestPlan.title')}</PageHeading>
      <p className="lead">{t('harvestPlan.lead')}</p>

      {identity.role === 'finance' && (
        <section aria-labelledby="propose-title" className="panel">
          <h2 id="propose-title">{t('harvestPlan.propose')}</h2>
          {!capabilities.has(PROPOSE.method, PROPOSE.path) ? (
            <NotAvailable operation={PROPOSE} feature={t('harvestPlan.propose')} />
          ) : (
            <ResourceView resource={cases} feature={t('cases.title')}>
              {({ items }) => <ProposeForm cases={items.filter((c) => c.approvedRevision !== null && HARVESTABLE.has(c.status))} onProposed={reloadAll} />}
            </ResourceView>
          )}
        </section>
      )}

      <section aria-labelledby="cuts-title">
        <h2 id="cuts-title">{t('harvestPlan.cuts')}</h2>
        <SelectField name="cutStatus" label={t('harvestPlan.filterStatus')} value={status} onChange={(e) => setStatus(e.target.value)} className="field-inline">
          <option value="">{t('cases.all')}</option>
          {['proposed', 'approved', 'booked', 'rejected', 'reversed'].map((s) => (
            <option key={s} value={s}>
              {label(t, 'cutStatus', s)}
            </option>
          ))}
        </SelectField>
        <ResourceView resource={cuts} feature={t('harvestPlan.cuts')}>
          {({ items }) => <CutsTable cuts={items} identity={identity} onChanged={reloadAll} caption={t('harvestPlan.cutsCaption', { count: items.length })} />}
        </ResourceView>
      </section>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title">{t('harvestPlan.summary')}</h2>
        <ResourceView resource={summary} feature={t('harvestPlan.summary')}>
          {(s) => <SummaryTable summary={s} />}
        </ResourceView>
      </section>

      <section aria-labelledby="policy-title">
        <h2 id="policy-title">{t('harvestPlan.policy')}</h2>
        <ResourceView resource={policy} feature={t('harvestPlan.policy')}>
          {(p) => <PolicyView policy={p.policy} identity={identity} onChanged={reloadAll} />}
        </ResourceView>
      </section>

    </>
  );
}

export function SummaryTable({ summary }: { summary: LedgerSummary }) {
  const { t } = useTranslation();
  if (!summary.years.length) return <p className="muted">{t('harvestPlan.noYears')}</p>;
  const cols = ['plannedGross', 'proposed', 'approved', 'booked', 'retained', 'reversed'] as const;
  return (
    <div className="table-wrap">
      <table data-testid="ledger-summary">
        <caption>{t('harvestPlan.summaryCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.year')}</th>
            <th scope="col" className="num">{t('ledger.baseline')}</th>
            {cols.map((c) => <th key={c} scope="col" className="num">{t(`ledger.${c}`)}</th>)}
            <th scope="col" className="num">{t('ledger.adjustedBudget')}</th>
          </tr>
        </thead>
        <tbody>
          {summary.years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th>
              <td className="num"><Money ore={y.baseline} /></td>
              {cols.map((c) => <td key={c} className="num"><Money ore={y[c]} /></td>)}
              <td className="num"><Money ore={y.adjustedBudget} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PolicyView({ policy, identity, onChanged }: { policy: RetainedSharePolicyState; identity: Identity; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const capabilities = useCapabilities();
  const { run, busy, error, setError } = useCommand();
  const names = useDepartmentNames();
  const [scope, setScope] = useState('');
  const [pct, setPct] = useState('');
  const [from, setFrom] = useState(String(new Date().getFullYear() + 1));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState(false);
  const mayChange = (identity.role === 'finance' || identity.role === 'management') && capabilities.has(SET_DEFAULT.method, SET_DEFAULT.path);

  const rows = [
    ...policy.defaults.map((s) => ({ scope: t('harvestPlan.scopeDefault'), ...s })),
    ...Object.entries(policy.departments).flatMap(([d, list]) => list.map((s) => ({ scope: t('harvestPlan.scopeDepartment', { department: names[d] ?? d }), ...s }))),
    ...Object.entries(policy.cases).flatMap(([c, list]) => list.map((s) => ({ scope: t('harvestPlan.scopeCase', { case: c.slice(0, 8) }), ...s }))),
  ];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const errors: Record<string, string[]> = {};
    const value = Number(pct.replace(',', '.'));
    if (pct.trim() === '' || !Number.isFinite(value)) errors['pct'] = [t('form.parse.decimal')];
    if (!/^\d{4}$/.test(from.trim())) errors['effectiveFromYear'] = [t('form.parse.integer')];
    if (!reason.trim()) errors['reason'] = [t('validation.required')];
    setLocal(errors);
    if (Object.keys(errors).length) return;
    const url = scope ? `/api/retained-share/departments/${encodeURIComponent(scope)}` : '/api/retained-share/default';
    const answer = await run('PUT', url, { pct: value, effectiveFromYear: Number(from), reason });
    if (answer) {
      setDone(true);
      setReason('');
      onChanged();
    }
  };
  const err = (name: string) => local[name] ?? error?.fieldErrors[name];

  return (
    <>
      {rows.length === 0 ? (
        <p className="notice">{t('harvestPlan.noPolicy')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="policy">
            <thead>
              <tr>
                <th scope="col">{t('harvestPlan.scope')}</th>
                <th scope="col" className="num">{t('harvest.share')}</th>
                <th scope="col" className="num">{t('harvestPlan.effectiveFrom')}</th>
                <th scope="col">{t('harvest.who')}</th>
                <th scope="col">{t('caseDetail.reasonColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{r.scope}</th>
                  <td className="num">{r.pct === null ? t('harvestPlan.cleared') : formatPercent(r.pct / 100, i18n.language, 2)}</td>
                  <td className="num">{r.effectiveFromYear}</td>
                  <td>{r.setBy} <When at={r.setAt} /></td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayChange && (
        <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="policy-form-title">
          <h3 id="policy-form-title">{t('harvestPlan.setShare')}</h3>
          <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
          <SelectField name="scope" label={t('harvestPlan.scope')} value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">{t('harvestPlan.scopeDefault')}</option>
            {Object.entries(names).map(([id, name]) => (
              <option key={id} value={id}>
                {t('harvestPlan.scopeDepartment', { department: name })}
              </option>
            ))}
          </SelectField>
          <div className="field-row">
            <TextField name="pct" label={t('harvestPlan.pct')} inputMode="decimal" className="field-narrow" value={pct} errors={err('pct')} onChange={(e) => setPct(e.target.value)} />
            <TextField name="effectiveFromYear" label={t('harvestPlan.effectiveFrom')} inputMode="numeric" className="field-narrow" value={from} errors={err('effectiveFromYear')} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <TextArea name="policyReason" label={t('caseForm.reason')} rows={2} value={reason} errors={err('reason')} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={busy}>{t('harvestPlan.saveShare')}</button>
          <div role="status" aria-live="polite">{done && <p className="success">{t('harvestPlan.policySaved')}</p>}</div>
        </form>
      )}
    </>
  );
}

function ProposeForm({ cases, onProposed }: { cases: BusinessCaseSummary[]; onProposed: () => void }) {
  const { t, i18n } = useTranslation();
  const { run, busy, error, setError } = useCommand();
  const names = useDepartmentNames();
  const [caseId, setCaseId] = useState(cases[0]?.caseId ?? '');
  const chosen = cases.find((c) => c.caseId === caseId);
  const [departmentId, setDepartmentId] = useState('');
  const [year, setYear] = useState('');
  const [amount, setAmount] = useState('');
  const [override, setOverride] = useState(false);
  const [justification, setJustification] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<ApiError | null>(null);
  const [result, setResult] = useState<{ gross: number; sharePct: number; retained: number; cut: number; amount: number } | null>(null);

  const years = useMemo(() => Object.entries(chosen?.approvedBudgetEffectiveByYear ?? {}).filter(([, v]) => v > 0).map(([y]) => y).sort(), [chosen]);
  const department = departmentId || chosen?.departmentIds[0] || '';
  const theYear = year || years[0] || '';
  const runningAhead = error?.code === 'not-faster-than-they-arise';

  if (!cases.length) return <p className="muted">{t('harvestPlan.noHarvestableCases')}</p>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    const params: { name: string; reason: string }[] = [];
    const ore = amount.trim() === '' ? undefined : parseKrToOre(amount);
    if (ore === null) params.push({ name: 'amount', reason: t('form.parse.money') });
    if (override && justification.trim().length < 10) params.push({ name: 'override.justification', reason: t('harvestPlan.justificationTooShort') });
    if (params.length) {
      setLocal(new ApiError({ status: 400, code: 'validation', 'invalid-params': params }));
      return;
    }
    setLocal(null);
    const body = {
      departmentId: department,
      year: Number(theYear),
      ...(ore !== undefined ? { amount: ore } : {}),
      ...(override ? { override: { justification } } : {}),
      ...(reason.trim() ? { reason } : {}),
    };
    const answer = await run<{ cutId: string; cut?: { gross: number; sharePct: number; retained: number; cut: number; amount: number } }>('POST', `/api/business-cases/${encodeURIComponent(caseId)}/budget-cuts`, body);
    if (answer) {
      setResult(answer.cut ?? null);
      setAmount('');
      setJustification('');
      setOverride(false);
      setReason('');
      onProposed();
    }
  };
  const fieldErrors = { ...(error?.fieldErrors ?? {}), ...(local?.fieldErrors ?? {}) };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="propose-form">
      <ErrorSummary error={local ?? (error && error.invalidParams.length ? error : null)} />
      <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
      {runningAhead && error?.problem['details'] != null && <p className="notice">{t('harvestPlan.runningAheadHelp')}</p>}
      <div className="field-row">
        <SelectField name="caseId" label={t('harvest.case')} value={caseId} onChange={(e) => { setCaseId(e.target.value); setDepartmentId(''); setYear(''); }}>
          {cases.map((c) => <option key={c.caseId} value={c.caseId}>{c.title}</option>)}
        </SelectField>
        <SelectField name="departmentId" label={t('harvest.department')} value={department} errors={fieldErrors['departmentId']} onChange={(e) => setDepartmentId(e.target.value)}>
          {(chosen?.departmentIds ?? []).map((d) => <option key={d} value={d}>{names[d] ?? d}</option>)}
        </SelectField>
        <SelectField name="year" label={t('common.year')} value={theYear} errors={fieldErrors['year']} onChange={(e) => setYear(e.target.value)}>
          {years.map((y) => <option key={y} value={y}>{y}</option>)}
        </SelectField>
      </div>
      <TextField name="amount" label={t('harvestPlan.amount')} hint={t('harvestPlan.amountHint')} inputMode="decimal" className="field-narrow" value={amount} errors={fieldErrors['amount']} onChange={(e) => setAmount(e.target.value)} />
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={override || runningAhead} onChange={(e) => setOverride(e.target.checked)} /> {t('harvestPlan.override')}
        </label>
      </div>
      {(override || runningAhead) && (
        <TextArea name="override.justification" label={t('harvestPlan.justification')} hint={t('harvestPlan.justificationHint')} rows={3} value={justification} errors={fieldErrors['override.justification'] ?? fieldErrors['override']} onChange={(e) => { setOverride(true); setJustification(e.target.value); }} />
      )}
      <TextArea name="reason" label={t('harvestPlan.reasonOptional')} rows={2} value={reason} errors={fieldErrors['reason']} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={busy || !caseId}>{t('harvestPlan.proposeButton')}</button>
      <div role="status" aria-live="polite">
        {result && (
          <div className="success" data-testid="proposed">
            <p>{t('harvestPlan.proposedTitle')}</p>
            <dl className="facts compact">
              <div><dt>{t('harvest.gross')}</dt><dd><Money ore={result.gross} /></dd></div>
              <div><dt>{t('harvest.share')}</dt><dd>{formatPercent(result.sharePct / 100, i18n.language, 2)}</dd></div>
              <div><dt>{t('harvest.retained')}</dt><dd><Money ore={result.retained} /></dd></div>
              <div><dt>{t('harvest.cut')}</dt><dd><Money ore={result.amount} /></dd></div>
            </dl>
          </div>
        )}
      </div>
    </form>
  );
}
