import { useState, type FormEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { api } from '../api/client';
import { isApiError } from '../api/problem';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import type { BenefitLine, CaseRealisation, ColourHistory, DepartmentRealisation, DepartmentRealisationCase, RealisationFigures, RedEpisode } from '../api/types';
import type { Role } from '../auth/roles';
import { CumulativeChart } from '../components/charts';
import { ErrorBanner, ResourceView } from '../components/feedback';
import { TextArea } from '../components/fields';
import { label, When } from '../components/labels';
import { Money } from '../components/Money';
import { formatPercent } from '../format';
import { IndicatorCard, IndicatorsPanel, useIndicators } from './indicator-parts';
import { Colour } from './portfolio-parts';

const CASE = { method: 'GET', path: '/api/business-cases/{caseId}/realisation' };
const HISTORY = { method: 'GET', path: '/api/business-cases/{caseId}/realisation/colour-history' };
const DEPARTMENT = { method: 'GET', path: '/api/realisation/departments/{departmentId}' };
const ACKNOWLEDGE = { method: 'POST', path: '/api/business-cases/{caseId}/realisation/acknowledge-red' };
const REPORT = { method: 'GET', path: '/api/business-cases/{caseId}/realisation-report.html' };

/**
 * The benefits realisation report (the API's printable HTML document, in the UI's language),
 * opened in a new tab. The API wants the bearer token, so the document is fetched and shown
 * from a blob URL; the tab is opened at the click so that no popup blocker stops it.
 */
function ReportLink({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const capabilities = useCapabilities();
  const [error, setError] = useState<string | null>(null);
  if (!capabilities.has(REPORT.method, REPORT.path)) return null;
  const path = `/api/business-cases/${encodeURIComponent(caseId)}/realisation-report.html`;
  const open = async (e: MouseEvent) => {
    e.preventDefault();
    setError(null);
    const tab = window.open('', '_blank');
    try {
      const html = await api.get<string>(path, { query: { lang: i18n.language.startsWith('en') ? 'en' : 'da' }, headers: { accept: 'text/html' } });
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
      if (tab) tab.location.href = url;
      else window.location.href = url;
    } catch (failure) {
      tab?.close();
      setError(isApiError(failure) ? failure.message : String(failure));
    }
  };
  return (
    <p className="report-link">
      <a href={path} onClick={(e) => void open(e)} data-testid="realisation-report-link">{t('realisation.report')}</a>
      {error && <span role="alert" className="error"> {error}</span>}
    </p>
  );
}
/** apps/api/src/realisation/realisation.controller.ts: acknowledge-red is for finance and management. */
const MAY_ACKNOWLEDGE: readonly Role[] = ['finance', 'management'];

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

/**
 * A case's realisation: the evaluated status (and, when red, its acknowledgement), planned vs
 * realised vs harvested month by month, the indicators with their measurements against plan,
 * and the colour history.
 */
export function CaseRealisationSection({ caseId, role, benefitLines }: { caseId: string; role: Role; benefitLines: readonly BenefitLine[] }) {
  const { t, i18n } = useTranslation();
  const r = useResource<CaseRealisation>(CASE, `/api/business-cases/${encodeURIComponent(caseId)}/realisation`);
  const history = useResource<ColourHistory>(HISTORY, `/api/business-cases/${encodeURIComponent(caseId)}/realisation/colour-history`);
  const reload = () => {
    r.reload();
    history.reload();
  };
  return (
    <section aria-labelledby="case-realisation-title" data-testid="case-realisation">
      <h2 id="case-realisation-title">{t('portfolio.realisation')}</h2>
      <ReportLink caseId={caseId} />
      <ResourceView resource={r} feature={t('portfolio.realisation')}>
        {(v) => {
          const note = t('realisation.note', { month: v.asOf, green: formatPercent(v.tolerances.greenFromPct / 100, i18n.language, 0), amber: formatPercent(v.tolerances.amberFromPct / 100, i18n.language, 0) });
          return (
            <>
              <p className="case-status-line" data-testid="evaluated-colour">
                <strong>{t('realisation.evaluated')}:</strong> <Colour colour={v.evaluated?.colour ?? null} />
                {v.evaluated && <span className="muted">{t('realisation.evaluatedSince', { period: v.evaluated.period })} <When at={v.evaluated.since} /></span>}
              </p>
              {v.redEpisode && <RedNotice caseId={caseId} episode={v.redEpisode} role={role} onDone={reload} />}
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
      <IndicatorsPanel caseId={caseId} role={role} benefitLines={benefitLines} onChanged={reload} />
      {history.state === 'ok' && history.data.changes.length > 0 && <ColourHistoryTable history={history.data} />}
    </section>
  );
}

/** The red status: what it is, and its acknowledgement (finance or management, with a comment). */
function RedNotice({ caseId, episode, role, onDone }: { caseId: string; episode: RedEpisode; role: Role; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const capabilities = useCapabilities();
  const { run, busy, error, setError } = useCommand();
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string[] | undefined>();
  const may = MAY_ACKNOWLEDGE.includes(role) && capabilities.has(ACKNOWLEDGE.method, ACKNOWLEDGE.path);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) {
      setCommentError([t('realisation.commentRequired')]);
      document.getElementById('field-comment')?.focus();
      return;
    }
    setCommentError(undefined);
    const answer = await run('POST', `/api/business-cases/${encodeURIComponent(caseId)}/realisation/acknowledge-red`, { episode: episode.episode, comment });
    if (answer) {
      setComment('');
      onDone();
    }
  };
  return (
    <div className="banner banner-error red-notice" data-testid="red-notice">
      <p className="banner-title">
        {t('realisation.redTitle', { period: episode.period, pct: episode.realisedPct === null ? '–' : formatPercent(episode.realisedPct / 100, i18n.language, 0) })}
      </p>
      <p>{t('realisation.redGap')} <Money ore={episode.gap} /></p>
      {episode.acknowledged ? (
        <p data-testid="red-acknowledged">
          {t('realisation.acknowledgedBy', { who: episode.acknowledged.by })} <When at={episode.acknowledged.at} />: «{episode.acknowledged.comment}»
        </p>
      ) : (
        <>
          <p>{t('realisation.notAcknowledged')}</p>
          {may && (
            <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('realisation.acknowledge')}>
              <ErrorBanner error={error && !error.fieldErrors['comment'] ? error : null} onDismiss={() => setError(null)} />
              <TextArea name="comment" label={t('realisation.comment')} hint={t('realisation.commentHint')} rows={2} value={comment} errors={commentError ?? error?.fieldErrors['comment']} onChange={(e) => setComment(e.target.value)} />
              <button type="submit" disabled={busy}>{t('realisation.acknowledge')}</button>
            </form>
          )}
        </>
      )}
    </div>
  );
}

function ColourHistoryTable({ history }: { history: ColourHistory }) {
  const { t, i18n } = useTranslation();
  return (
    <details className="panel">
      <summary>{t('realisation.colourHistory', { count: history.changes.length })}</summary>
      <div className="table-wrap">
        <table data-testid="colour-history">
          <caption className="visually-hidden">{t('realisation.colourHistoryCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('realisation.period')}</th>
              <th scope="col">{t('realisation.change')}</th>
              <th scope="col" className="num">{t('realisation.realisedPct')}</th>
              <th scope="col" className="num">{t('realisation.planned')}</th>
              <th scope="col" className="num">{t('realisation.realised')}</th>
              <th scope="col">{t('caseDetail.by')}</th>
            </tr>
          </thead>
          <tbody>
            {history.changes.map((c, i) => (
              <tr key={i}>
                <th scope="row">{c.period}</th>
                <td>{c.from ? label(t, 'colour', c.from) : t('realisation.notEvaluated')} → {label(t, 'colour', c.to)}</td>
                <td className="num">{c.realisedPct === null ? '–' : formatPercent(c.realisedPct / 100, i18n.language, 0)}</td>
                <td className="num"><Money ore={c.plannedToDate} /></td>
                <td className="num"><Money ore={c.realisedToDate} /></td>
                <td>{c.evaluatedBy} <When at={c.at} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** A department's realisation to date, and its cases' realisation with their indicators against plan. */
export function DepartmentRealisationSection({ departmentId, role }: { departmentId: string; role: Role }) {
  const { t, i18n } = useTranslation();
  const r = useResource<DepartmentRealisation>(DEPARTMENT, `/api/realisation/departments/${encodeURIComponent(departmentId)}`);
  return (
    <section aria-labelledby="dept-realisation-title">
      <h2 id="dept-realisation-title">{t('portfolio.realisation')}</h2>
      <ResourceView resource={r} feature={t('portfolio.realisation')}>
        {(v) => (
          <>
            <ToDate f={v.toDate} note={t('realisation.note', { month: v.asOf, green: formatPercent(v.tolerances.greenFromPct / 100, i18n.language, 0), amber: formatPercent(v.tolerances.amberFromPct / 100, i18n.language, 0) })} />
            {v.cases && <DepartmentCases cases={v.cases} role={role} />}
          </>
        )}
      </ResourceView>
    </section>
  );
}

function DepartmentCases({ cases, role }: { cases: DepartmentRealisationCase[]; role: Role }) {
  const { t, i18n } = useTranslation();
  const tracked = cases.filter((c) => c.approvedRevision !== null);
  if (!tracked.length) return <p className="muted">{t('realisation.noCases')}</p>;
  return (
    <>
      <h3>{t('realisation.cases')}</h3>
      <div className="table-wrap">
        <table data-testid="department-case-realisation">
          <caption className="visually-hidden">{t('realisation.casesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('harvest.case')}</th>
              <th scope="col">{t('realisation.status')}</th>
              <th scope="col" className="num">{t('realisation.planned')}</th>
              <th scope="col" className="num">{t('realisation.realised')}</th>
              <th scope="col" className="num">{t('realisation.realisedPct')}</th>
              <th scope="col" className="num">{t('realisation.harvested')}</th>
            </tr>
          </thead>
          <tbody>
            {tracked.map((c) => (
              <tr key={c.caseId} data-case={c.caseId}>
                <th scope="row"><Link to={`/cases/${c.caseId}`}>{c.title}</Link></th>
                <td><Colour colour={c.colour} /></td>
                <td className="num"><Money ore={c.toDate.planned} /></td>
                <td className="num"><Money ore={c.toDate.realised} /></td>
                <td className="num">{c.toDate.realisedPct == null ? '–' : formatPercent(c.toDate.realisedPct / 100, i18n.language, 0)}</td>
                <td className="num"><Money ore={c.toDate.harvested} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tracked.map((c) => (
        <CaseIndicators key={c.caseId} c={c} role={role} />
      ))}
    </>
  );
}

/** A case's indicators, fetched when the person opens them (a department can have many cases). */
function CaseIndicators({ c, role }: { c: DepartmentRealisationCase; role: Role }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="panel case-indicators" data-testid={`case-indicators-${c.caseId}`} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        {t('realisation.indicatorsOf', { case: c.title })} <Colour colour={c.colour} />
      </summary>
      {open && <IndicatorList caseId={c.caseId} role={role} />}
    </details>
  );
}

function IndicatorList({ caseId, role }: { caseId: string; role: Role }) {
  const { t } = useTranslation();
  const indicators = useIndicators(caseId);
  return (
    <ResourceView resource={indicators} feature={t('indicator.title')}>
      {(v) => (v.indicators.length ? <>{v.indicators.map((i) => <IndicatorCard key={i.indicatorId} indicator={i} caseId={caseId} role={role} headingLevel={4} />)}</> : <p className="muted">{t('indicator.none')}</p>)}
    </ResourceView>
  );
}
