import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import type { CutRecord, DepartmentLedger, Items } from '../api/types';
import { useIdentity } from '../auth/session';
import { ErrorBanner, ResourceView } from '../components/feedback';
import { CostBenefitChart } from '../components/charts';
import { SelectField, TextArea, TextField } from '../components/fields';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';
import { formatNumber, formatPercent, parseKrToOre } from '../format';
import { CutsTable, LedgerYearCells, LedgerYearHead, useCaseTitles } from './harvest-parts';
import { DepartmentRealisationSection } from './realisation-parts';

const LEDGER = { method: 'GET', path: '/api/departments/{departmentId}/ledger' };
const CUTS = { method: 'GET', path: '/api/budget-cuts' };
const SHARE = { method: 'GET', path: '/api/retained-share' };
const SET_BUDGET = { method: 'PUT', path: '/api/departments/{departmentId}/budgets/{year}' };

/**
 * One department's ledger: per budget year its baseline, the planned gross savings, the cuts by
 * status, the share it keeps and its budget after cuts. A department head sees only their own.
 */
export default function DepartmentPage() {
  const { t } = useTranslation();
  const { departmentId = '' } = useParams();
  const identity = useIdentity();
  const ledger = useResource<DepartmentLedger>(LEDGER, `/api/departments/${encodeURIComponent(departmentId)}/ledger`);
  const cuts = useResource<Items<CutRecord>>(CUTS, CUTS.path, { department: departmentId });
  const reload = () => {
    ledger.reload();
    cuts.reload();
  };
  const name = ledger.state === 'ok' ? ledger.data.name : departmentId;
  return (
    <>
      <PageHeading>{t('department.title', { department: name })}</PageHeading>
      <p className="lead">{t('department.lead')}</p>
      <ResourceView resource={ledger} feature={t('department.ledger')}>
        {(l) => <LedgerView ledger={l} />}
      </ResourceView>
      <DepartmentRealisationSection departmentId={departmentId} role={identity.role} />
      <RetainedShareInForce departmentId={departmentId} years={ledger.state === 'ok' ? ledger.data.years.map((y) => y.year) : []} />
      <section aria-labelledby="dept-cuts-title">
        <h2 id="dept-cuts-title">{t('department.cuts')}</h2>
        <ResourceView resource={cuts} feature={t('department.cuts')}>
          {({ items }) => <CutsTable cuts={items} identity={identity} onChanged={reload} caption={t('department.cutsCaption', { department: name })} showDepartment={false} />}
        </ResourceView>
      </section>
      {identity.role === 'finance' && <BaselineForm departmentId={departmentId} onSaved={reload} />}
    </>
  );
}

function LedgerView({ ledger }: { ledger: DepartmentLedger }) {
  const { t, i18n } = useTranslation();
  const titles = useCaseTitles();
  const [byCase, setByCase] = useState(false);
  if (!ledger.years.length) return <p className="notice">{t('department.noYears')}</p>;
  const total = (k: 'plannedGross' | 'booked' | 'retained') => ledger.years.reduce((s, y) => s + y[k], 0);
  const years = ledger.years.map((y) => y.year);
  return (
    <section aria-labelledby="ledger-title">
      <h2 id="ledger-title">{t('department.ledger')}</h2>
      <dl className="kpis">
        <div className="kpi"><dt>{t('ledger.plannedGross')}</dt><dd><Money ore={total('plannedGross')} /></dd></div>
        <div className="kpi"><dt>{t('ledger.booked')}</dt><dd><Money ore={total('booked')} /></dd></div>
        <div className="kpi"><dt>{t('ledger.retained')}</dt><dd data-testid="retained-total"><Money ore={total('retained')} /></dd></div>
      </dl>
      <figure className="chart">
        <figcaption><h3>{t('department.chart')}</h3></figcaption>
        <CostBenefitChart
          years={years}
          series={[
            { label: t('ledger.plannedGross'), values: ledger.years.map((y) => y.plannedGross), colour: '#0072B2', stack: 'planned' },
            { label: t('ledger.booked'), values: ledger.years.map((y) => y.booked), colour: '#D55E00', stack: 'booked' },
            { label: t('ledger.retained'), values: ledger.years.map((y) => y.retained), colour: '#009E73', stack: 'retained' },
          ]}
          label={t('department.chartAlt', { planned: formatNumber(total('plannedGross') / 100, i18n.language), booked: formatNumber(total('booked') / 100, i18n.language), retained: formatNumber(total('retained') / 100, i18n.language) })}
        />
      </figure>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={byCase} onChange={(e) => setByCase(e.target.checked)} /> {t('department.showCases')}
        </label>
      </div>
      <div className="table-wrap">
        <table data-testid="ledger">
          <caption>{t('department.ledgerCaption')}</caption>
          <thead>
            <LedgerYearHead />
          </thead>
          <tbody>
            {ledger.years.map((y) => (
              <Fragment key={y.year}>
                <tr>
                  <LedgerYearCells y={y} />
                </tr>
                {byCase && y.cases.map((c) => (
                  <tr key={`${y.year}-${c.caseId}`} className="sub-row">
                    <th scope="row">
                      <span className="visually-hidden">{y.year}: </span>
                      <Link to={`/cases/${c.caseId}`}>{t('department.fromCase', { case: titles[c.caseId] ?? c.caseId.slice(0, 8) })}</Link>
                    </th>
                    <td />
                    <td className="num"><Money ore={c.plannedGross} /></td>
                    <td className="num"><Money ore={c.proposed} /></td>
                    <td className="num"><Money ore={c.approved} /></td>
                    <td className="num"><Money ore={c.booked} /></td>
                    <td className="num"><Money ore={c.retained} /></td>
                    <td />
                  </tr>
                ))}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The share the department keeps in a chosen year, as the policy says (case overrides aside). */
function RetainedShareInForce({ departmentId, years }: { departmentId: string; years: number[] }) {
  const { t, i18n } = useTranslation();
  const thisYear = new Date().getFullYear();
  const choices = years.length ? years : [thisYear];
  const [year, setYear] = useState<number | null>(null);
  // The budget year we are in (or the nearest one the ledger has) unless the person picks another.
  const chosen = year ?? choices.find((y) => y >= thisYear) ?? choices[choices.length - 1]!;
  const share = useResource<{ inForce?: { pct: number; source: string; effectiveFromYear: number } | null }>(SHARE, SHARE.path, { department: departmentId, year: String(chosen) });
  return (
    <section aria-labelledby="share-title" className="panel">
      <h2 id="share-title">{t('department.shareTitle')}</h2>
      <SelectField name="shareYear" label={t('common.year')} value={String(chosen)} onChange={(e) => setYear(Number(e.target.value))} className="field-inline">
        {choices.map((y) => <option key={y} value={y}>{y}</option>)}
      </SelectField>
      <ResourceView resource={share} feature={t('department.shareTitle')}>
        {(s) => (
          <p aria-live="polite" data-testid="share-in-force">
            {s.inForce
              ? t('department.shareInForce', { year: chosen, pct: formatPercent(s.inForce.pct / 100, i18n.language, 2), source: t(`department.shareSource.${s.inForce.source}`), from: s.inForce.effectiveFromYear })
              : t('department.noShare', { year: chosen })}
          </p>
        )}
      </ResourceView>
    </section>
  );
}

function BaselineForm({ departmentId, onSaved }: { departmentId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const { run, busy, error, setError } = useCommand();
  const [year, setYear] = useState(String(new Date().getFullYear() + 1));
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const [done, setDone] = useState(false);
  if (!capabilities.has(SET_BUDGET.method, SET_BUDGET.path)) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const errors: Record<string, string[]> = {};
    const ore = parseKrToOre(amount);
    if (!/^\d{4}$/.test(year.trim())) errors['year'] = [t('form.parse.integer')];
    if (ore === null) errors['amount'] = [t('form.parse.money')];
    if (!reason.trim()) errors['reason'] = [t('validation.required')];
    setLocal(errors);
    if (Object.keys(errors).length) return;
    if (await run('PUT', `/api/departments/${encodeURIComponent(departmentId)}/budgets/${year.trim()}`, { amount: ore, reason })) {
      setDone(true);
      setAmount('');
      setReason('');
      onSaved();
    }
  };
  const err = (n: string) => local[n] ?? error?.fieldErrors[n];
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="baseline-title">
      <h2 id="baseline-title">{t('department.setBaseline')}</h2>
      <ErrorBanner error={error && !error.invalidParams.length ? error : null} onDismiss={() => setError(null)} />
      <div className="field-row">
        <TextField name="year" label={t('common.year')} inputMode="numeric" className="field-narrow" value={year} errors={err('year')} onChange={(e) => setYear(e.target.value)} />
        <TextField name="amount" label={t('department.baselineKr')} inputMode="decimal" value={amount} errors={err('amount')} onChange={(e) => setAmount(e.target.value)} />
      </div>
      <TextArea name="reason" label={t('caseForm.reason')} rows={2} value={reason} errors={err('reason')} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={busy}>{t('department.saveBaseline')}</button>
      <div role="status" aria-live="polite">{done && <p className="success">{t('department.baselineSaved')}</p>}</div>
    </form>
  );
}
