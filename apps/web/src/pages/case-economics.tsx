import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Economics, EconomicsView, SensitivityTable } from '../api/types';
import { BENEFIT_COLOURS, COST_COLOURS, CostBenefitChart, CumulativeChart, type Series } from '../components/charts';
import { label, PaybackText, Ratio } from '../components/labels';
import { Money } from '../components/Money';
import { formatNumber, formatPercent } from '../format';

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
const nonZero = (values: number[]): boolean => values.some((v) => v !== 0);

/** The cost rows (by category) and priced benefit rows (by class) that have any amount. */
function rowsOf(e: Economics, t: TFunction) {
  const costs = Object.entries(e.costsByCategory)
    .filter(([, v]) => nonZero(v))
    .map(([code, values]) => ({ code, label: label(t, 'costCategory', code), values }));
  const benefits = Object.entries(e.benefitsByClass)
    .filter(([, v]) => nonZero(v))
    .map(([code, values]) => ({ code, label: label(t, 'benefitClass', code), values }));
  return { costs, benefits };
}

/** Key figures, charts, the table per year and the sensitivity of one revision's economics. */
export function EconomicsSection({ view, heading }: { view: EconomicsView; heading: string }) {
  const { t, i18n } = useTranslation();
  const e = view.economics;
  const { costs, benefits } = rowsOf(e, t);
  const series: Series[] = [
    ...costs.map((r, i) => ({ label: `${t('economics.cost')}: ${r.label}`, values: r.values, colour: COST_COLOURS[i % COST_COLOURS.length]!, stack: 'costs' })),
    ...benefits.map((r, i) => ({ label: `${t('economics.benefit')}: ${r.label}`, values: r.values, colour: BENEFIT_COLOURS[i % BENEFIT_COLOURS.length]!, stack: 'benefits' })),
  ];
  const paybackText = e.payback === 'not-within-horizon' ? t('economics.paybackNever') : t('economics.years', { years: formatNumber(e.payback, i18n.language, 1) });
  return (
    <section aria-labelledby="economics-title" data-testid="economics">
      <h2 id="economics-title">{heading}</h2>
      <p className="muted">
        {t('economics.rateUsed', { rate: formatPercent(e.discountRatePct / 100, i18n.language, 2) })}
        {e.topDownEstimate && <> · <span className="status status-amber">{t('cases.topDown')}</span></>}
      </p>
      <dl className="kpis">
        <div className="kpi">
          <dt>{t('economics.npv')}</dt>
          <dd data-testid="npv">
            <Money ore={e.npv} />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('economics.npvBudgetEffective')}</dt>
          <dd>
            <Money ore={e.npvBudgetEffective} />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('economics.payback')}</dt>
          <dd>
            <PaybackText payback={e.payback} />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('economics.benefitCostRatio')}</dt>
          <dd>
            <Ratio value={e.benefitCostRatio} />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('economics.totalCosts')}</dt>
          <dd>
            <Money ore={e.totals.costs} />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('economics.totalBudgetEffective')}</dt>
          <dd>
            <Money ore={e.totals.budgetEffective} />
          </dd>
        </div>
      </dl>

      <div className="charts">
        <figure className="chart">
          <figcaption>
            <h3>{t('economics.chartCostsBenefits')}</h3>
          </figcaption>
          <CostBenefitChart years={e.years} series={series} label={t('economics.chartCostsBenefitsAlt', { costs: formatNumber(e.totals.costs / 100, i18n.language), benefits: formatNumber(e.totals.benefits / 100, i18n.language) })} />
        </figure>
        <figure className="chart">
          <figcaption>
            <h3>{t('economics.chartCumulative')}</h3>
          </figcaption>
          <CumulativeChart
            years={e.years}
            series={[{ label: t('economics.cumulativeNet'), values: e.cumulativeNet, colour: '#0b4f8a' }]}
            label={t('economics.chartCumulativeAlt', { payback: paybackText })}
          />
          <p className="muted">{t('economics.paybackNote', { payback: paybackText })}</p>
        </figure>
      </div>

      <EconomicsTable e={e} costs={costs} benefits={benefits} />
      <SensitivityTableView table={view.sensitivity} />
    </section>
  );
}

function EconomicsTable({ e, costs, benefits }: { e: Economics; costs: { code: string; label: string; values: number[] }[]; benefits: { code: string; label: string; values: number[] }[] }) {
  const { t, i18n } = useTranslation();
  const row = (key: string, heading: string, values: number[], total: number | null, className?: string) => (
    <tr key={key} className={className}>
      <th scope="row">{heading}</th>
      {values.map((v, i) => (
        <td key={e.years[i]} className="num">
          <Money ore={v} />
        </td>
      ))}
      <td className="num">{total === null ? '' : <Money ore={total} />}</td>
    </tr>
  );
  const group = (key: string, heading: string) => (
    <tr key={key} className="group">
      <th scope="rowgroup" colSpan={e.years.length + 2}>
        {heading}
      </th>
    </tr>
  );
  const departments = Object.entries(e.budgetEffectiveByDepartment).filter(([, v]) => nonZero(v));
  return (
    <div className="table-wrap">
      <table data-testid="economics-table">
        <caption>{t('economics.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('economics.line')}</th>
            {e.years.map((y) => (
              <th scope="col" className="num" key={y}>
                {y}
              </th>
            ))}
            <th scope="col" className="num">
              {t('common.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {group('g-costs', t('economics.costs'))}
          {costs.map((r) => row(`c-${r.code}`, r.label, r.values, sum(r.values)))}
          {row('costs', t('economics.totalCosts'), e.costs, e.totals.costs, 'total')}
          {group('g-benefits', t('economics.benefits'))}
          {benefits.map((r) => row(`b-${r.code}`, r.label, r.values, sum(r.values)))}
          {row('benefits', t('economics.totalBenefits'), e.benefits, e.totals.benefits, 'total')}
          {departments.length > 0 && group('g-departments', t('economics.budgetEffectiveByDepartment'))}
          {departments.map(([d, values]) => row(`d-${d}`, d, values, sum(values)))}
          {group('g-net', t('economics.result'))}
          {row('net', t('economics.net'), e.net, e.totals.net, 'total')}
          {row('cumulative', t('economics.cumulativeNet'), e.cumulativeNet, null)}
          <tr>
            <th scope="row">{t('economics.discountFactor')}</th>
            {e.discountFactors.map((f, i) => (
              <td key={e.years[i]} className="num">
                {formatNumber(f, i18n.language, 4)}
              </td>
            ))}
            <td />
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function SensitivityTableView({ table }: { table: SensitivityTable }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table data-testid="sensitivity">
        <caption>{t('economics.sensitivityCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('economics.scenario')}</th>
            <th scope="col" className="num">{t('economics.totalCosts')}</th>
            <th scope="col" className="num">{t('economics.totalBenefits')}</th>
            <th scope="col" className="num">{t('economics.npv')}</th>
            <th scope="col" className="num">{t('economics.npvDelta')}</th>
            <th scope="col">{t('economics.payback')}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.scenario}>
              <th scope="row">{label(t, 'scenario', r.scenario)}</th>
              <td className="num"><Money ore={r.totalCosts} /></td>
              <td className="num"><Money ore={r.totalBenefits} /></td>
              <td className="num"><Money ore={r.npv} /></td>
              <td className="num">{r.scenario === 'base' ? '' : <Money ore={r.npvDelta} signed />}</td>
              <td><PaybackText payback={r.payback} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
