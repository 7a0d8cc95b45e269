import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource';
import type { CaseRealisation, DepartmentRealisation, RealisationFigures } from '../api/types';
import { CumulativeChart } from '../components/charts';
import { ResourceView } from '../components/feedback';
import { Money } from '../components/Money';
import { formatPercent } from '../format';
import { Colour } from './portfolio-parts';

const CASE = { method: 'GET', path: '/api/business-cases/{caseId}/realisation' };
const DEPARTMENT = { method: 'GET', path: '/api/realisation/departments/{departmentId}' };

function ToDate({ f, note }: { f: RealisationFigures; note: string }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="muted">{note}</p>
      <dl className="kpis" data-testid="realisation-to-date">
        <div className="kpi"><dt>{t('realisation.planned')}</dt><dd><Money ore={f.planned} /></dd></div>
        <div className="kpi"><dt>{t('realisation.realised')}</dt><dd><Money ore={f.realised} />{f.realisedPct != null && <span className="muted"> ({formatPercent(f.realisedPct / 100, i18n.language, 0)})</span>}</dd></div>
        <div className="kpi"><dt>{t('realisation.harvested')}</dt><dd><Money ore={f.harvested} /></dd></div>
        <div className="kpi"><dt>{t('realisation.aheadOfRealised')}</dt><dd><Money ore={f.harvestedAheadOfRealised} /></dd></div>
        <div className="kpi"><dt>{t('realisation.status')}</dt><dd><Colour colour={f.colour} /></dd></div>
      </dl>
    </>
  );
}

/** A case's realisation to date: planned vs realised vs harvested, month by month. */
export function CaseRealisationSection({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const r = useResource<CaseRealisation>(CASE, `/api/business-cases/${encodeURIComponent(caseId)}/realisation`);
  return (
    <section aria-labelledby="case-realisation-title">
      <h2 id="case-realisation-title">{t('portfolio.realisation')}</h2>
      <ResourceView resource={r} feature={t('portfolio.realisation')}>
        {(v) => {
          const note = t('realisation.note', { month: v.asOf, green: formatPercent(v.tolerances.greenFromPct / 100, i18n.language, 0), amber: formatPercent(v.tolerances.amberFromPct / 100, i18n.language, 0) });
          return (
            <>
              <ToDate f={v.toDate} note={note} />
              {v.months.length > 0 && (
                <figure className="chart">
                  <figcaption><h3>{t('realisation.chart')}</h3></figcaption>
                  <CumulativeChart
                    years={v.months.map((m) => m.period)}
                    series={[
                      { label: t('realisation.planned'), values: v.months.map((m) => m.plannedToDate), colour: '#0072B2' },
                      { label: t('realisation.realised'), values: v.months.map((m) => m.realisedToDate), colour: '#009E73' },
                      { label: t('realisation.harvested'), values: v.months.map((m) => m.harvestedToDate), colour: '#D55E00' },
                    ]}
                    label={t('realisation.chartAlt')}
                  />
                </figure>
              )}
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}

/** A department's realisation to date. */
export function DepartmentRealisationSection({ departmentId }: { departmentId: string }) {
  const { t, i18n } = useTranslation();
  const r = useResource<DepartmentRealisation>(DEPARTMENT, `/api/realisation/departments/${encodeURIComponent(departmentId)}`);
  return (
    <section aria-labelledby="dept-realisation-title">
      <h2 id="dept-realisation-title">{t('portfolio.realisation')}</h2>
      <ResourceView resource={r} feature={t('portfolio.realisation')}>
        {(v) => <ToDate f={v.toDate} note={t('realisation.note', { month: v.asOf, green: formatPercent(v.tolerances.greenFromPct / 100, i18n.language, 0), amber: formatPercent(v.tolerances.amberFromPct / 100, i18n.language, 0) })} />}
      </ResourceView>
    </section>
  );
}
