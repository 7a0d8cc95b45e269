import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCapabilities } from '../api/capabilities';
import { useCommand } from '../api/use-command';
import { useResource } from '../api/use-resource';
import type { BusinessCaseSummary, CutRecord, DepartmentLedger, DepartmentSummary, Items } from '../api/types';
import type { Identity } from '../auth/roles';
import { ErrorBanner } from '../components/feedback';
import { TextArea } from '../components/fields';
import { label, When } from '../components/labels';
import { Money } from '../components/Money';
import { formatPercent } from '../format';

type CutAction = 'approve' | 'reject' | 'book' | 'reverse';

const CASES = { method: 'GET', path: '/api/business-cases' };

const DEPARTMENTS = { method: 'GET', path: '/api/departments' };

/** Department names by id (falls back to the id where the list is not available). */
export function useDepartmentNames(): Record<string, string> {
  const departments = useResource<Items<DepartmentSummary>>(DEPARTMENTS, DEPARTMENTS.path);
  return useMemo(() => (departments.state === 'ok' ? Object.fromEntries(departments.data.items.map((d) => [d.departmentId, d.name])) : {}), [departments]);
}

/** Case titles by id, for tables that only carry ids (the API scopes the list to what the person may see). */
export function useCaseTitles(): Record<string, string> {
  const cases = useResource<Items<BusinessCaseSummary>>(CASES, CASES.path);
  return useMemo(() => (cases.state === 'ok' ? Object.fromEntries(cases.data.items.map((c) => [c.caseId, c.title])) : {}), [cases]);
}
const NEEDS_REASON: CutAction[] = ['reject', 'reverse'];

/** The next steps one person may take on a cut. Four eyes: the proposer is never offered approval. */
export function cutActionsFor(cut: CutRecord, identity: Identity): { actions: CutAction[]; fourEyes: boolean } {
  const finance = identity.role === 'finance';
  const reviewer = finance || identity.role === 'management';
  const actions: CutAction[] = [];
  let fourEyes = false;
  if (cut.status === 'proposed' && reviewer) {
    if (cut.proposedBy === identity.id) fourEyes = true;
    else actions.push('approve');
    actions.push('reject');
  }
  if (cut.status === 'approved' && finance) actions.push('book');
  if (cut.status === 'booked' && finance) actions.push('reverse');
  return { actions, fourEyes };
}

const CUT_TONE: Record<string, string> = { proposed: 'amber', approved: 'green', booked: 'green', rejected: 'red', reversed: 'neutral' };

export function CutStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`status status-${CUT_TONE[status] ?? 'neutral'}`}>{label(t, 'cutStatus', status)}</span>;
}

/**
 * The cuts, with their figures (gross, retained share, cut) and who did what; each row offers
 * the steps the signed-in person may take. `showDepartment` false on a department's own page.
 */
export function CutsTable({ cuts, identity, onChanged, caption, showDepartment = true }: { cuts: CutRecord[]; identity: Identity; onChanged: () => void; caption: string; showDepartment?: boolean }) {
  const { t, i18n } = useTranslation();
  const { run, busy, error, setError } = useCommand();
  const capabilities = useCapabilities();
  const [pending, setPending] = useState<{ cutId: string; action: CutAction } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string[] | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const titles = useCaseTitles();
  const names = useDepartmentNames();
  // Someone who may take no step on any cut (a department head, an auditor) gets no "next step" column.
  const anySteps = cuts.some((c) => { const a = cutActionsFor(c, identity); return a.actions.length > 0 || a.fourEyes; });

  const act = async (cut: CutRecord, action: CutAction, withReason?: string) => {
    setDone(null);
    const answer = await run<{ events: string[] }>('POST', `/api/business-cases/${encodeURIComponent(cut.caseId)}/budget-cuts/${encodeURIComponent(cut.cutId)}/${action}`, withReason ? { reason: withReason } : {});
    if (answer) {
      setPending(null);
      setReason('');
      setDone(t(`harvest.done.${action}`, { department: names[cut.departmentId] ?? cut.departmentId, year: cut.year }));
      onChanged();
    }
  };

  const confirm = (event: FormEvent, cut: CutRecord, action: CutAction) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError([t('caseDetail.reasonRequired')]);
      document.getElementById('field-cutReason')?.focus();
      return;
    }
    setReasonError(undefined);
    void act(cut, action, reason);
  };

  return (
    <>
      <ErrorBanner error={error} onDismiss={() => setError(null)} />
      <div role="status" aria-live="polite">
        {done && <p className="success">{done}</p>}
      </div>
      {cuts.length === 0 ? (
        <p className="muted">{t('harvest.noCuts')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="cuts">
            <caption>{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('harvest.case')}</th>
                {showDepartment && <th scope="col">{t('harvest.department')}</th>}
                <th scope="col" className="num">{t('common.year')}</th>
                <th scope="col">{t('harvest.status')}</th>
                <th scope="col" className="num">{t('harvest.gross')}</th>
                <th scope="col" className="num"><abbr title={t('harvest.share')}>{t('harvest.shareShort')}</abbr></th>
                <th scope="col" className="num">{t('harvest.retained')}</th>
                <th scope="col" className="num">{t('harvest.cut')}</th>
                {anySteps && <th scope="col">{t('harvest.next')}</th>}
                <th scope="col">{t('harvest.who')}</th>
              </tr>
            </thead>
            <tbody>
              {cuts.map((cut) => {
                const { actions, fourEyes } = cutActionsFor(cut, identity);
                const offered = actions.filter((a) => capabilities.has('POST', `/api/business-cases/{caseId}/budget-cuts/{cutId}/${a}`));
                return (
                  <tr key={cut.cutId} data-cut={cut.cutId}>
                    <th scope="row">
                      <Link to={`/cases/${cut.caseId}`}>{titles[cut.caseId] ?? cut.caseId.slice(0, 8)}</Link>
                      <div className="muted">{t('harvest.revisionShort', { revision: cut.approvedRevision })}</div>
                      {cut.override && (
                        <div className="status status-red" title={cut.override.justification}>
                          {t('harvest.override')}
                        </div>
                      )}
                    </th>
                    {showDepartment && <td>{names[cut.departmentId] ?? cut.departmentId}</td>}
                    <td className="num">{cut.year}</td>
                    <td>
                      <CutStatus status={cut.status} />
                      {cut.approvedBy && capabilities.has('GET', '/api/audit/budget-cuts/{caseId}/{cutId}/at-approval') && (
                        <div>
                          <Link to={`/budget-cuts/${encodeURIComponent(cut.caseId)}/${encodeURIComponent(cut.cutId)}/at-approval`} className="small-link">
                            {t('harvest.whatFinanceSaw')}
                            <span className="visually-hidden"> {t('harvest.cutLabel', { department: names[cut.departmentId] ?? cut.departmentId, year: cut.year })}</span>
                          </Link>
                        </div>
                      )}
                    </td>
                    <td className="num"><Money ore={cut.gross} /></td>
                    <td className="num">{formatPercent(cut.sharePct / 100, i18n.language, 2)}</td>
                    <td className="num" data-testid="cut-retained"><Money ore={cut.retained} /></td>
                    <td className="num">
                      <Money ore={cut.amount} />
                      {cut.amount !== cut.cut && <div className="muted">{t('harvest.ruleCut')}: <Money ore={cut.cut} /></div>}
                    </td>
                    {anySteps && <td>
                      {fourEyes && <p className="four-eyes">{t('harvest.fourEyesNote')}</p>}
                      {pending?.cutId === cut.cutId ? (
                        <form onSubmit={(e) => confirm(e, cut, pending.action)} className="inline-form">
                          <TextArea name="cutReason" label={t(`harvest.reasonFor.${pending.action}`)} rows={2} value={reason} errors={reasonError ?? error?.fieldErrors['reason']} onChange={(e) => setReason(e.target.value)} autoFocus />
                          <div className="actions">
                            <button type="submit" className={pending.action === 'reject' || pending.action === 'reverse' ? 'button-danger button-small' : 'button-small'} disabled={busy}>
                              {t(`harvest.action.${pending.action}`)}
                            </button>
                            <button type="button" className="button-secondary button-small" onClick={() => setPending(null)}>
                              {t('common.cancel')}
                            </button>
                          </div>
                        </form>
                      ) : (
                        <div className="actions">
                          {offered.map((a) => (
                            <button
                              key={a}
                              type="button"
                              className={`button-small${a === 'reject' || a === 'reverse' ? ' button-secondary' : ''}`}
                              disabled={busy}
                              onClick={() => {
                                if (NEEDS_REASON.includes(a)) {
                                  setReason('');
                                  setReasonError(undefined);
                                  setPending({ cutId: cut.cutId, action: a });
                                } else void act(cut, a);
                              }}
                            >
                              {t(`harvest.action.${a}`)}
                              <span className="visually-hidden"> {t('harvest.cutLabel', { department: names[cut.departmentId] ?? cut.departmentId, year: cut.year })}</span>
                            </button>
                          ))}
                        </div>
                      )}
                    </td>}
                    <td className="who">
                      <div>{t('harvest.proposedBy', { who: cut.proposedBy })} <When at={cut.proposedAt} /></div>
                      {cut.approvedBy && <div>{t('harvest.approvedBy', { who: cut.approvedBy })}</div>}
                      {cut.bookedBy && <div>{t('harvest.bookedBy', { who: cut.bookedBy })}</div>}
                      {cut.rejectedBy && <div>{t('harvest.rejectedBy', { who: cut.rejectedBy })}</div>}
                      {cut.reversedBy && <div>{t('harvest.reversedBy', { who: cut.reversedBy })}</div>}
                      {cut.reason && <div className="muted">{cut.reason}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The header row of a department ledger table, one column per figure of a year. */
export function LedgerYearHead() {
  const { t } = useTranslation();
  return (
    <tr>
      <th scope="col">{t('common.year')}</th>
      <th scope="col" className="num">{t('ledger.baseline')}</th>
      <th scope="col" className="num">{t('ledger.plannedGross')}</th>
      <th scope="col" className="num">{t('ledger.proposed')}</th>
      <th scope="col" className="num">{t('ledger.approved')}</th>
      <th scope="col" className="num">{t('ledger.booked')}</th>
      <th scope="col" className="num">{t('ledger.retained')}</th>
      <th scope="col" className="num">{t('ledger.adjustedBudget')}</th>
    </tr>
  );
}

/** A ledger year's cells under LedgerYearHead (the row header is the year). */
export function LedgerYearCells({ y }: { y: DepartmentLedger['years'][number] }) {
  return (
    <>
      <th scope="row">{y.year}</th>
      <td className="num"><Money ore={y.baseline} /></td>
      <td className="num"><Money ore={y.plannedGross} /></td>
      <td className="num"><Money ore={y.proposed} /></td>
      <td className="num"><Money ore={y.approved} /></td>
      <td className="num"><Money ore={y.booked} /></td>
      <td className="num" data-testid={`retained-${y.year}`}><Money ore={y.retained} /></td>
      <td className="num"><Money ore={y.adjustedBudget} /></td>
    </>
  );
}
