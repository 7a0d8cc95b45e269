import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { useResource } from '../api/use-resource';
import type { BusinessCaseSummary, Items, LedgerSummary } from '../api/types';
import { CostBenefitChart } from '../components/charts';
import { NotAvailable, ResourceView } from '../components/feedback';
import { CaseStatus, label, PaybackText } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';
import { formatNumber } from '../format';
import { PORTFOLIO_RENDERED_MARK } from '../perf';

const CASES = { method: 'GET', path: '/api/business-cases' };
const SUMMARY = { method: 'GET', path: '/api/ledger/summary' };
const REALISATION = { method: 'GET', path: '/api/realisation/portfolio' };


/**
 * The whole portfolio: how many cases in which state, what the approved cases are expected to
 * save per year, and how much of it has been harvested and retained. All figures come from the
 * API; sums are of the API's numbers.
 */
export default function PortfolioPage() {
  const { t, i18n } = useTranslation();
  const capabilities = useCapabilities();
  const cases = useResource<Items<BusinessCaseSummary>>(CASES, CASES.path);
  const summary = useResource<LedgerSummary>(SUMMARY, SUMMARY.path);
  const settled = cases.state !== 'loading';
  useEffect(() => {
    if (settled && performance.getEntriesByName(PORTFOLIO_RENDERED_MARK).length === 0) performance.mark(PORTFOLIO_RENDERED_MARK);
  }, [settled]);

  return (
    <>
      <PageHeading>{t('portfolio.title')}</PageHeading>
      <p className="lead">{t('portfolio.lead')}</p>
      <ResourceView resource={cases} feature={t('portfolio.title')}>
        {({ items }) => {
          const approved = items.filter((c) => c.approved !== null);
          const byStatus = new Map<string, number>();
          for (const c of items) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
          const approvedBudgetEffective = approved.reduce((s, c) => s + (c.approved?.totalBudgetEffective ?? 0), 0);
          const approvedNpv = approved.reduce((s, c) => s + (c.approved?.npv ?? 0), 0);
          const booked = summary.state === 'ok' ? summary.data.years.reduce((s, y) => s + y.booked, 0) : null;
          const retained = summary.state === 'ok' ? summary.data.years.reduce((s, y) => s + y.retained, 0) : null;
          return (
            <>
              <dl className="kpis" data-testid="portfolio-kpis">
                <div className="kpi"><dt>{t('portfolio.cases')}</dt><dd>{formatNumber(items.length, i18n.language)}</dd></div>
                <div className="kpi"><dt>{t('portfolio.approvedCases')}</dt><dd>{formatNumber(approved.length, i18n.language)}</dd></div>
                <div className="kpi"><dt>{t('portfolio.approvedBudgetEffective')}</dt><dd><Money ore={approvedBudgetEffective} /></dd></div>
                <div className="kpi"><dt>{t('portfolio.approvedNpv')}</dt><dd><Money ore={approvedNpv} /></dd></div>
                <div className="kpi"><dt>{t('ledger.booked')}</dt><dd>{booked === null ? '–' : <Money ore={booked} />}</dd></div>
                <div className="kpi"><dt>{t('ledger.retained')}</dt><dd>{retained === null ? '–' : <Money ore={retained} />}</dd></div>
              </dl>
              {items.length === 0 && <p className="notice">{t('portfolio.empty')}</p>}
              {byStatus.size > 0 && (
                <p>
                  {[...byStatus.entries()].map(([s, n]) => (
                    <span key={s} className="status-count">
                      <CaseStatus status={s} /> {formatNumber(n, i18n.language)}
                    </span>
                  ))}
                </p>
              )}
              {summary.state === 'ok' && summary.data.years.length > 0 && (
                <figure className="chart">
                  <figcaption><h2>{t('portfolio.chart')}</h2></figcaption>
                  <CostBenefitChart
                    years={summary.data.years.map((y) => y.year)}
                    series={[
                      { label: t('ledger.plannedGross'), values: summary.data.years.map((y) => y.plannedGross), colour: '#0072B2', stack: 'planned' },
                      { label: t('ledger.booked'), values: summary.data.years.map((y) => y.booked), colour: '#D55E00', stack: 'booked' },
                      { label: t('ledger.retained'), values: summary.data.years.map((y) => y.retained), colour: '#009E73', stack: 'retained' },
                    ]}
                    label={t('portfolio.chartAlt')}
                  />
                </figure>
              )}
              {approved.length > 0 && (
                <div className="table-wrap">
                  <table data-testid="portfolio-table">
                    <caption>{t('portfolio.tableCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('cases.colTitle')}</th>
                        <th scope="col">{t('cases.colStatus')}</th>
                        <th scope="col" className="num">{t('portfolio.approvedRevision')}</th>
                        <th scope="col" className="num">{t('economics.npv')}</th>
                        <th scope="col" className="num">{t('cases.colBudgetEffective')}</th>
                        <th scope="col">{t('economics.payback')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {approved.map((c) => (
                        <tr key={c.caseId}>
                          <th scope="row"><Link to={`/cases/${c.caseId}`}>{c.title}</Link></th>
                          <td>
                            <CaseStatus status={c.status} />
                            {c.rebaselineStatus && <span className="muted"> · {t('cases.rebaseline', { status: label(t, 'caseStatus', c.rebaselineStatus) })}</span>}
                          </td>
                          <td className="num">{c.approvedRevision}</td>
                          <td className="num"><Money ore={c.approved!.npv} /></td>
                          <td className="num"><Money ore={c.approved!.totalBudgetEffective} /></td>
                          <td><PaybackText payback={c.approved!.payback} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </ResourceView>
      <section aria-labelledby="realisation-title">
        <h2 id="realisation-title">{t('portfolio.realisation')}</h2>
        {capabilities.state !== 'loading' && !capabilities.has(REALISATION.method, REALISATION.path) && <NotAvailable operation={REALISATION} feature={t('portfolio.realisation')} />}
      </section>
    </>
  );
}
