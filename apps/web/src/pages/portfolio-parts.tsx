import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { BusinessCaseSummary, LedgerSummary, RealisationPortfolio, RealisationFigures } from '../api/types';
import { CostBenefitChart } from '../components/lazy-charts';
import { CaseStatus, label, PaybackText } from '../components/labels';
import { Money } from '../components/Money';
import { formatNumber, formatPercent } from '../format';
import { useDepartmentNames } from './harvest-parts';

/**
 * The portfolio's figures from the case list and the ledger summary (live, or as of a past
 * moment: the caller passes what the API answered). Sums are of the API's numbers.
 */
export function PortfolioFigures({ items, summary }: { items: BusinessCaseSummary[]; summary: LedgerSummary | null }) {
  const { t, i18n } = useTranslation();
  const approved = items.filter((c) => c.approved !== null);
  const byStatus = new Map<string, number>();
  for (const c of items) byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + 1);
  const approvedBudgetEffective = approved.reduce((s, c) => s + (c.approved?.totalBudgetEffective ?? 0), 0);
  const approvedNpv = approved.reduce((s, c) => s + (c.approved?.npv ?? 0), 0);
  const booked = summary ? summary.years.reduce((s, y) => s + y.booked, 0) : null;
  const retained = summary ? summary.years.reduce((s, y) => s + y.retained, 0) : null;
  return (
    <>
      <dl className="kpis" data-testid="portfolio-kpis">
        <div className="kpi"><dt>{t('portfolio.cases')}</dt><dd data-testid="kpi-cases">{formatNumber(items.length, i18n.language)}</dd></div>
        <div className="kpi"><dt>{t('portfolio.approvedCases')}</dt><dd>{formatNumber(approved.length, i18n.language)}</dd></div>
        <div className="kpi"><dt>{t('portfolio.approvedBudgetEffective')}</dt><dd><Money ore={approvedBudgetEffective} /></dd></div>
        <div className="kpi"><dt>{t('portfolio.approvedNpv')}</dt><dd><Money ore={approvedNpv} /></dd></div>
        <div className="kpi"><dt>{t('ledger.booked')}</dt><dd data-testid="kpi-booked">{booked === null ? '–' : <Money ore={booked} />}</dd></div>
        <div className="kpi"><dt>{t('ledger.retained')}</dt><dd data-testid="kpi-retained">{retained === null ? '–' : <Money ore={retained} />}</dd></div>
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
      {summary && summary.years.length > 0 && (
        <figure className="chart">
          <figcaption><h2>{t('portfolio.chart')}</h2></figcaption>
          <CostBenefitChart
            years={summary.years.map((y) => y.year)}
            series={[
              { label: t('ledger.plannedGross'), values: summary.years.map((y) => y.plannedGross), colour: '#0072B2', stack: 'planned' },
              { label: t('ledger.booked'), values: summary.years.map((y) => y.booked), colour: '#D55E00', stack: 'booked' },
              { label: t('ledger.retained'), values: summary.years.map((y) => y.retained), colour: '#009E73', stack: 'retained' },
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
}

const COLOUR_TONE: Record<string, string> = { green: 'green', amber: 'amber', red: 'red' };

export function Colour({ colour }: { colour: string | null | undefined }) {
  const { t } = useTranslation();
  if (!colour) return <span className="status status-neutral">{t('realisation.notEvaluated')}</span>;
  return <span className={`status status-${COLOUR_TONE[colour] ?? 'neutral'}`}>{label(t, 'colour', colour)}</span>;
}

function FigureCells({ f }: { f: RealisationFigures }) {
  const { i18n } = useTranslation();
  return (
    <>
      <td className="num"><Money ore={f.planned} /></td>
      <td className="num"><Money ore={f.realised} /></td>
      <td className="num">{f.realisedPct === null || f.realisedPct === undefined ? '–' : formatPercent(f.realisedPct / 100, i18n.language, 0)}</td>
      <td className="num"><Money ore={f.harvested} /></td>
      <td className="num"><Money ore={f.retained} /></td>
      <td className="num"><Money ore={f.harvestedAheadOfRealised} /></td>
      <td><Colour colour={f.colour} /></td>
    </>
  );
}

/** Benefits realisation to date: planned vs realised vs harvested, per department, cases by colour. */
export function RealisationView({ r }: { r: RealisationPortfolio }) {
  const { t, i18n } = useTranslation();
  const names = useDepartmentNames();
  const m = r.municipality.toDate;
  const colours = Object.entries(r.casesByColour).map(([colour, ids]) => [colour, ids.length] as const);
  return (
    <div data-testid="realisation">
      <p className="muted">
        {t('realisation.note', {
          month: r.asOf,
          green: formatPercent(r.tolerances.greenFromPct / 100, i18n.language, 0),
          amber: formatPercent(r.tolerances.amberFromPct / 100, i18n.language, 0),
        })}
      </p>
      <dl className="kpis">
        <div className="kpi"><dt>{t('realisation.planned')}</dt><dd><Money ore={m.planned} /></dd></div>
        <div className="kpi"><dt>{t('realisation.realised')}</dt><dd><Money ore={m.realised} /></dd></div>
        <div className="kpi"><dt>{t('realisation.harvested')}</dt><dd><Money ore={m.harvested} /></dd></div>
        <div className="kpi"><dt>{t('realisation.aheadOfRealised')}</dt><dd><Money ore={m.harvestedAheadOfRealised} /></dd></div>
        <div className="kpi"><dt>{t('realisation.status')}</dt><dd><Colour colour={m.colour} /></dd></div>
      </dl>
      <p>
        {colours.map(([colour, n]) => (
          <span key={colour} className="status-count">
            {colour === 'notEvaluated' ? <Colour colour={null} /> : <Colour colour={colour} />} {formatNumber(n, i18n.language)}
          </span>
        ))}
      </p>
      {r.byDepartment.length > 0 && (
        <div className="table-wrap">
          <table data-testid="realisation-departments">
            <caption>{t('realisation.byDepartment')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('harvest.department')}</th>
                <th scope="col" className="num">{t('realisation.planned')}</th>
                <th scope="col" className="num">{t('realisation.realised')}</th>
                <th scope="col" className="num">{t('realisation.realisedPct')}</th>
                <th scope="col" className="num">{t('realisation.harvested')}</th>
                <th scope="col" className="num">{t('ledger.retained')}</th>
                <th scope="col" className="num">{t('realisation.aheadOfRealised')}</th>
                <th scope="col">{t('realisation.status')}</th>
              </tr>
            </thead>
            <tbody>
              {r.byDepartment.map((d) => (
                <tr key={d.departmentId}>
                  <th scope="row"><Link to={`/departments/${d.departmentId}`}>{names[d.departmentId] ?? d.departmentId}</Link></th>
                  <FigureCells f={d.toDate} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('common.total')}</th>
                <FigureCells f={m} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
