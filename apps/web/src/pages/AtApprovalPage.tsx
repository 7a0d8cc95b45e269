import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useResource } from '../api/use-resource';
import type { AtApproval, DepartmentLedger } from '../api/types';
import { ResourceView } from '../components/feedback';
import { PaybackText, When } from '../components/labels';
import { PageHeading } from '../components/Layout';
import { Money } from '../components/Money';
import { formatDateTime, formatPercent } from '../format';
import { EconomicsSection } from './case-economics';
import { CutStatus, LedgerYearCells, LedgerYearHead, useDepartmentNames } from './harvest-parts';
import { Colour } from './portfolio-parts';

export const AT_APPROVAL = { method: 'GET', path: '/api/audit/budget-cuts/{caseId}/{cutId}/at-approval' };

/** The URL of "what finance saw when it approved this cut". */
export const atApprovalUrl = (caseId: string, cutId: string): string => `/budget-cuts/${encodeURIComponent(caseId)}/${encodeURIComponent(cutId)}/at-approval`;

/**
 * What finance had in front of it when it approved a budget cut, in one call: the cut as
 * proposed, the case's approved numbers and economics, the department's ledger and the case's
 * realisation status — all as of the approval event's position in the log.
 */
export default function AtApprovalPage() {
  const { t } = useTranslation();
  const { caseId = '', cutId = '' } = useParams();
  const view = useResource<AtApproval>(AT_APPROVAL, `/api/audit/budget-cuts/${encodeURIComponent(caseId)}/${encodeURIComponent(cutId)}/at-approval`);
  return (
    <>
      <PageHeading>{t('atApproval.title')}</PageHeading>
      <p className="lead">{t('atApproval.lead')}</p>
      <ResourceView resource={view} feature={t('atApproval.title')}>
        {(v) => <AtApprovalView v={v} />}
      </ResourceView>
    </>
  );
}

function AtApprovalView({ v }: { v: AtApproval }) {
  const { t, i18n } = useTranslation();
  const names = useDepartmentNames();
  const department = names[v.departmentId] ?? v.ledger?.name ?? v.departmentId;
  const cut = v.cut;
  const bc = v.businessCase;
  const summary = bc?.approvedSummary ?? null;
  return (
    <div data-testid="at-approval">
      <p className="as-of-point" role="status" data-testid="at-approval-point">
        {t('atApproval.point', { at: formatDateTime(v.approval.at, i18n.language, true), position: v.asOf.position })}
      </p>
      <dl className="facts">
        <div><dt>{t('harvest.case')}</dt><dd>{bc ? <Link to={`/cases/${v.caseId}`}>{bc.title}</Link> : v.caseId}</dd></div>
        <div><dt>{t('harvest.department')}</dt><dd>{department}</dd></div>
        <div><dt>{t('atApproval.approvedBy')}</dt><dd data-testid="approved-by">{v.approval.by.id} <span className="muted">({t(`role.${v.approval.by.role}`, { defaultValue: v.approval.by.role })})</span>, <When at={v.approval.at} />{v.approval.reason && <div className="muted">{v.approval.reason}</div>}</dd></div>
        <div><dt>{t('atApproval.proposedBy')}</dt><dd>{v.proposal.by.id} <span className="muted">({t(`role.${v.proposal.by.role}`, { defaultValue: v.proposal.by.role })})</span>, <When at={v.proposal.at} /></dd></div>
      </dl>

      {cut && (
        <section aria-labelledby="aa-cut-title">
          <h2 id="aa-cut-title">{t('atApproval.cut', { department, year: cut.year })}</h2>
          <dl className="kpis" data-testid="aa-cut">
            <div className="kpi"><dt>{t('harvest.status')}</dt><dd><CutStatus status={cut.status} /></dd></div>
            <div className="kpi"><dt>{t('harvest.gross')}</dt><dd><Money ore={cut.gross} /></dd></div>
            <div className="kpi"><dt>{t('harvest.share')}</dt><dd>{formatPercent(cut.sharePct / 100, i18n.language, 2)}</dd></div>
            <div className="kpi"><dt>{t('harvest.retained')}</dt><dd><Money ore={cut.retained} /></dd></div>
            <div className="kpi"><dt>{t('harvest.cut')}</dt><dd data-testid="aa-cut-amount"><Money ore={cut.amount} /></dd></div>
          </dl>
          {cut.override && <p className="notice">{t('atApproval.override', { justification: cut.override.justification })}</p>}
        </section>
      )}

      {bc && (
        <section aria-labelledby="aa-case-title">
          <h2 id="aa-case-title">{t('atApproval.case', { revision: bc.approvedRevision })}</h2>
          {summary && (
            <dl className="kpis" data-testid="aa-approved-summary">
              <div className="kpi"><dt>{t('economics.npv')}</dt><dd data-testid="aa-npv"><Money ore={summary.npv} /></dd></div>
              <div className="kpi"><dt>{t('economics.npvBudgetEffective')}</dt><dd><Money ore={summary.npvBudgetEffective} /></dd></div>
              <div className="kpi"><dt>{t('economics.payback')}</dt><dd><PaybackText payback={summary.payback} /></dd></div>
              <div className="kpi"><dt>{t('caseDetail.discountRate')}</dt><dd>{formatPercent(summary.discountRatePct / 100, i18n.language, 2)}</dd></div>
            </dl>
          )}
          {bc.approvedBy && <p className="muted">{t('atApproval.caseApprovedBy', { who: bc.approvedBy.id, reason: bc.approvedBy.reason })} <When at={bc.approvedBy.at} /></p>}
          {summary && bc.recomputedSummary && bc.recomputedSummary.npv !== summary.npv && <p className="notice">{t('atApproval.recomputedDiffers')}</p>}
          {bc.economics && <EconomicsSection view={bc.economics} heading={t('economics.titleRevision', { revision: bc.approvedRevision })} />}
        </section>
      )}

      {v.ledger && <LedgerThen ledger={v.ledger} department={department} />}

      {v.realisation && (
        <section aria-labelledby="aa-realisation-title">
          <h2 id="aa-realisation-title">{t('atApproval.realisation', { month: v.realisation.asOf })}</h2>
          <dl className="kpis">
            <div className="kpi"><dt>{t('realisation.evaluated')}</dt><dd><Colour colour={v.realisation.evaluated?.colour ?? null} /></dd></div>
            <div className="kpi"><dt>{t('realisation.planned')}</dt><dd><Money ore={v.realisation.toDate.planned} /></dd></div>
            <div className="kpi"><dt>{t('realisation.realised')}</dt><dd><Money ore={v.realisation.toDate.realised} /></dd></div>
          </dl>
        </section>
      )}
    </div>
  );
}

function LedgerThen({ ledger, department }: { ledger: DepartmentLedger; department: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="aa-ledger-title">
      <h2 id="aa-ledger-title">{t('atApproval.ledger', { department })}</h2>
      <div className="table-wrap">
        <table data-testid="aa-ledger">
          <caption>{t('atApproval.ledgerCaption')}</caption>
          <thead>
            <LedgerYearHead />
          </thead>
          <tbody>
            {ledger.years.map((y) => (
              <tr key={y.year} data-year={y.year}>
                <LedgerYearCells y={y} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('atApproval.ledgerNote')}</p>
    </section>
  );
}
