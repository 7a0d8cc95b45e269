import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { ApiError } from '../api/problem';
import { useResource } from '../api/use-resource';
import type { ComparedAmount, WhatIfReport } from '../api/types';
import { ErrorBanner, ErrorSummary, NotAvailable, ResourceView } from '../components/feedback';
import { TextField } from '../components/fields';
import { label } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';
import { formatPercent } from '../format';
import { useCaseTitles, useDepartmentNames } from './harvest-parts';

export const WHAT_IF = { method: 'GET', path: '/api/audit/what-if' };

/** The assumptions, as the API's query parameters (apps/api/src/audit/audit.controller.ts WhatIfQuery). */
const PARAMS = ['discountRatePct', 'retainedSharePct', 'departmentShares', 'adoptionFactorPct', 'adoptionDelayMonths', 'rampUpMonths'] as const;
type Param = (typeof PARAMS)[number];
const NUMBER = /^-?\d{1,4}([.,]\d{1,2})?$/;
const WHOLE = /^-?\d{1,3}$/;
const SHARES = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}:\d{1,3}([.,]\d{1,2})?(,\s*[A-Za-z0-9][A-Za-z0-9_.-]{0,100}:\d{1,3}([.,]\d{1,2})?)*$/;

/** Danish decimal comma → the API's point ("2,5" → "2.5"); department shares keep their commas as separators. */
const toQuery = (name: Param, value: string): string => {
  const v = value.trim();
  if (name === 'departmentShares') return v.split(/,\s*(?=[A-Za-z0-9][A-Za-z0-9_.-]*:)/).map((pair) => pair.replace(',', '.')).join(',');
  return v.replace(',', '.');
};

/**
 * What if: history replayed with another discount rate, retained-share policy or adoption, in
 * memory on the server (nothing is written). NPV per case, every cut's figures and the
 * department ledgers, actual beside what-if.
 */
export default function WhatIfPage() {
  const { t } = useTranslation();
  const capabilities = useCapabilities();
  const [params, setParams] = useSearchParams();
  const asked = Object.fromEntries(PARAMS.filter((p) => params.get(p)).map((p) => [p, params.get(p)!])) as Partial<Record<Param, string>>;
  const any = Object.keys(asked).length > 0;
  const report = useResource<WhatIfReport>(WHAT_IF, any ? WHAT_IF.path : null, asked);
  const [input, setInput] = useState<Record<Param, string>>(() => Object.fromEntries(PARAMS.map((p) => [p, (params.get(p) ?? '').replace('.', ',')])) as Record<Param, string>);
  const [local, setLocal] = useState<ApiError | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: { name: string; reason: string }[] = [];
    for (const p of PARAMS) {
      const v = input[p].trim();
      if (!v) continue;
      const ok = p === 'departmentShares' ? SHARES.test(v) : p === 'adoptionDelayMonths' || p === 'rampUpMonths' ? WHOLE.test(v) : NUMBER.test(v);
      if (!ok) problems.push({ name: p, reason: t(p === 'departmentShares' ? 'whatIf.sharesFormat' : p === 'adoptionDelayMonths' || p === 'rampUpMonths' ? 'form.parse.integer' : 'whatIf.numberFormat') });
    }
    if (!problems.length && PARAMS.every((p) => !input[p].trim())) problems.push({ name: 'discountRatePct', reason: t('whatIf.nameOne') });
    if (problems.length) {
      setLocal(new ApiError({ status: 400, code: 'validation', 'invalid-params': problems }));
      return;
    }
    setLocal(null);
    setParams(Object.fromEntries(PARAMS.filter((p) => input[p].trim()).map((p) => [p, toQuery(p, input[p])])));
  };
  const apiError = report.state === 'error' ? report.error : null;
  const fieldErrors = { ...(apiError?.fieldErrors ?? {}), ...(local?.fieldErrors ?? {}) };
  const field = (p: Param, props: { hint?: string; inputMode?: 'decimal' | 'numeric' | 'text'; className?: string } = {}) => (
    <TextField name={p} label={t(`whatIf.param.${p}`)} hint={props.hint} inputMode={props.inputMode ?? 'decimal'} className={props.className ?? 'field-narrow'} value={input[p]} errors={fieldErrors[p]} onChange={(e) => setInput({ ...input, [p]: e.target.value })} />
  );

  return (
    <>
      <PageHeading>{t('whatIf.title')}</PageHeading>
      <p className="lead">{t('whatIf.lead')}</p>
      {!capabilities.has(WHAT_IF.method, WHAT_IF.path) ? (
        <NotAvailable operation={WHAT_IF} feature={t('whatIf.title')} />
      ) : (
        <>
          <form className="panel" onSubmit={submit} noValidate aria-labelledby="what-if-form-title" data-testid="what-if-form">
            <h2 id="what-if-form-title">{t('whatIf.assumptions')}</h2>
            <ErrorSummary error={local ?? (apiError && apiError.invalidParams.length ? apiError : null)} />
            <div className="field-row">
              {field('discountRatePct', { hint: t('whatIf.hint.discountRatePct') })}
              {field('retainedSharePct', { hint: t('whatIf.hint.retainedSharePct') })}
            </div>
            {field('departmentShares', { hint: t('whatIf.hint.departmentShares'), inputMode: 'text', className: 'field-wide' })}
            <div className="field-row">
              {field('adoptionFactorPct', { hint: t('whatIf.hint.adoptionFactorPct') })}
              {field('adoptionDelayMonths', { hint: t('whatIf.hint.adoptionDelayMonths'), inputMode: 'numeric' })}
              {field('rampUpMonths', { hint: t('whatIf.hint.rampUpMonths'), inputMode: 'numeric' })}
            </div>
            <div className="actions">
              <button type="submit">{t('whatIf.run')}</button>
              <button type="button" className="button-secondary" onClick={() => { setInput(Object.fromEntries(PARAMS.map((p) => [p, ''])) as Record<Param, string>); setLocal(null); setParams({}); }}>{t('whatIf.clear')}</button>
            </div>
          </form>
          {apiError && !apiError.invalidParams.length && <ErrorBanner error={apiError} />}
          {any && !apiError && (
            <ResourceView resource={report} feature={t('whatIf.title')}>
              {(r) => <Report r={r} />}
            </ResourceView>
          )}
        </>
      )}
    </>
  );
}

function Compare({ c, testid }: { c: ComparedAmount; testid?: string }) {
  return (
    <>
      <td className="num"><Money ore={c.actual} /></td>
      <td className="num" data-testid={testid}><Money ore={c.whatIf} /></td>
      <td className="num"><Money ore={c.delta} signed /></td>
    </>
  );
}

function CompareHead() {
  const { t } = useTranslation();
  return (
    <>
      <th scope="col" className="num">{t('whatIf.actual')}</th>
      <th scope="col" className="num">{t('whatIf.whatIf')}</th>
      <th scope="col" className="num">{t('whatIf.delta')}</th>
    </>
  );
}

function Report({ r }: { r: WhatIfReport }) {
  const { t, i18n } = useTranslation();
  const titles = useCaseTitles();
  const names = useDepartmentNames();
  const pct = (v: number) => formatPercent(v / 100, i18n.language, 2);
  const cases = r.cases.filter((c) => c.approved || c.latest.npv.delta !== 0);
  const departments = r.departments.map((d) => ({
    departmentId: d.departmentId,
    sum: (k: 'plannedGross' | 'booked' | 'retained'): ComparedAmount => d.years.reduce((s, y) => ({ actual: s.actual + y[k].actual, whatIf: s.whatIf + y[k].whatIf, delta: s.delta + y[k].delta }), { actual: 0, whatIf: 0, delta: 0 }),
  }));
  return (
    <div data-testid="what-if-report" aria-live="polite">
      <p className="as-of-point" role="status">{t('whatIf.position', { position: r.position })}</p>
      <section aria-labelledby="wi-totals-title">
        <h2 id="wi-totals-title">{t('whatIf.totals')}</h2>
        <div className="table-wrap">
          <table data-testid="what-if-totals">
            <thead><tr><th scope="col">{t('economics.figure')}</th><CompareHead /></tr></thead>
            <tbody>
              {(['approvedNpv', 'plannedGross', 'booked', 'retained'] as const).map((k) => (
                <tr key={k} data-total={k}>
                  <th scope="row">{t(`whatIf.total.${k}`)}</th>
                  <Compare c={r.totals[k]} testid={`what-if-total-${k}`} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="wi-cases-title">
        <h2 id="wi-cases-title">{t('whatIf.cases')}</h2>
        <div className="table-wrap">
          <table data-testid="what-if-cases">
            <caption>{t('whatIf.casesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('harvest.case')}</th>
                <th scope="col" className="num">{t('whatIf.rate')}</th>
                <CompareHead />
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => {
                const figures = c.approved ?? c.latest;
                return (
                  <tr key={c.caseId} data-case={c.caseId}>
                    <th scope="row">
                      <Link to={`/cases/${c.caseId}`}>{c.title}</Link>
                      <div className="muted">{c.approved ? t('whatIf.approvedRevision', { revision: c.approvedRevision }) : t('whatIf.latestRevision', { revision: c.latestRevision })}</div>
                    </th>
                    <td className="num">{pct(figures.discountRatePct.actual)} → {pct(figures.discountRatePct.whatIf)}</td>
                    <Compare c={figures.npv} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="wi-cuts-title">
        <h2 id="wi-cuts-title">{t('whatIf.cuts')}</h2>
        {r.cuts.length === 0 ? (
          <p className="muted">{t('harvest.noCuts')}</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="what-if-cuts">
              <caption>{t('whatIf.cutsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('harvest.case')}</th>
                  <th scope="col">{t('harvest.department')}</th>
                  <th scope="col" className="num">{t('common.year')}</th>
                  <th scope="col">{t('harvest.status')}</th>
                  <th scope="col" className="num">{t('harvest.share')}</th>
                  <th scope="col" className="num">{t('whatIf.retainedActual')}</th>
                  <th scope="col" className="num">{t('whatIf.retainedWhatIf')}</th>
                  <th scope="col" className="num">{t('whatIf.cutActual')}</th>
                  <th scope="col" className="num">{t('whatIf.cutWhatIf')}</th>
                </tr>
              </thead>
              <tbody>
                {r.cuts.map((c) => (
                  <tr key={c.cutId} data-cut={c.cutId}>
                    <th scope="row"><Link to={`/cases/${c.caseId}`}>{titles[c.caseId] ?? c.caseId.slice(0, 8)}</Link></th>
                    <td>{names[c.departmentId] ?? c.departmentId}</td>
                    <td className="num">{c.year}</td>
                    <td>{label(t, 'cutStatus', c.status)}</td>
                    <td className="num">{pct(c.sharePct.actual)} → {pct(c.sharePct.whatIf)}</td>
                    <td className="num"><Money ore={c.retained.actual} /></td>
                    <td className="num" data-testid="wi-retained"><Money ore={c.retained.whatIf} /></td>
                    <td className="num"><Money ore={c.amount.actual} /></td>
                    <td className="num">
                      <Money ore={c.amount.whatIf} />
                      {c.amountChosen && <div className="muted">{t('whatIf.amountChosen')}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="wi-departments-title">
        <h2 id="wi-departments-title">{t('whatIf.departments')}</h2>
        <div className="table-wrap">
          <table data-testid="what-if-departments">
            <caption>{t('whatIf.departmentsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('harvest.department')}</th>
                <th scope="col" className="num">{t('whatIf.bookedActual')}</th>
                <th scope="col" className="num">{t('whatIf.bookedWhatIf')}</th>
                <th scope="col" className="num">{t('whatIf.retainedActual')}</th>
                <th scope="col" className="num">{t('whatIf.retainedWhatIf')}</th>
                <th scope="col" className="num">{t('whatIf.delta')}</th>
              </tr>
            </thead>
            <tbody>
              {departments.map((d) => {
                const booked = d.sum('booked');
                const retained = d.sum('retained');
                return (
                  <tr key={d.departmentId} data-department={d.departmentId}>
                    <th scope="row">{names[d.departmentId] ?? d.departmentId}</th>
                    <td className="num"><Money ore={booked.actual} /></td>
                    <td className="num"><Money ore={booked.whatIf} /></td>
                    <td className="num"><Money ore={retained.actual} /></td>
                    <td className="num"><Money ore={retained.whatIf} /></td>
                    <td className="num"><Money ore={retained.delta} signed /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
