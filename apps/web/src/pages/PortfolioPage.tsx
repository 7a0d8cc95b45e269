import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import type { BusinessCaseSummary, Items, LedgerSummary, RealisationPortfolio } from '../api/types';
import { ResourceView } from '../components/feedback';
import { TextField } from '../components/fields';
import { PageHeading } from '../components/Layout';
import { PORTFOLIO_RENDERED_MARK } from '../perf';
import { PortfolioFigures, RealisationView } from './portfolio-parts';

const CASES = { method: 'GET', path: '/api/business-cases' };
const SUMMARY = { method: 'GET', path: '/api/ledger/summary' };
const REALISATION = { method: 'GET', path: '/api/realisation/portfolio' };


/**
 * The whole portfolio: how many cases in which state, what the approved cases are expected to
 * save per year, and how much of it has been harvested and retained. All figures come from the
 * API; sums are of the API's numbers.
 */
export default function PortfolioPage() {
  const { t } = useTranslation();
  const cases = useResource<Items<BusinessCaseSummary>>(CASES, CASES.path);
  const summary = useResource<LedgerSummary>(SUMMARY, SUMMARY.path);
  const [month, setMonth] = useState('');
  const realisation = useResource<RealisationPortfolio>(REALISATION, REALISATION.path, { asOf: /^\d{4}-\d{2}$/.test(month) ? month : undefined });
  const settled = cases.state !== 'loading';
  useEffect(() => {
    if (settled && performance.getEntriesByName(PORTFOLIO_RENDERED_MARK).length === 0) performance.mark(PORTFOLIO_RENDERED_MARK);
  }, [settled]);

  return (
    <>
      <PageHeading>{t('portfolio.title')}</PageHeading>
      <p className="lead">{t('portfolio.lead')}</p>
      <ResourceView resource={cases} feature={t('portfolio.title')}>
        {({ items }) => <PortfolioFigures items={items} summary={summary.state === 'ok' ? summary.data : null} />}
      </ResourceView>
      <section aria-labelledby="realisation-title">
        <h2 id="realisation-title">{t('portfolio.realisation')}</h2>
        <TextField name="realisationMonth" label={t('realisation.month')} type="month" className="field-narrow" value={month} onChange={(e) => setMonth(e.target.value)} />
        <ResourceView resource={realisation} feature={t('portfolio.realisation')}>
          {(r) => <RealisationView r={r} />}
        </ResourceView>
      </section>
    </>
  );
}
